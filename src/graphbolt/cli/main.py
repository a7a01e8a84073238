"""The ``graphbolt`` command.

``graphbolt serve [--listen HOST:PORT] [--data DIR] [--auth USER/PASSWORD | --auth none]
[--tls-cert FILE --tls-key FILE]`` runs the Bolt server. The initial user's password comes from
``--auth`` or the ``GRAPHBOLT_AUTH`` environment variable (same syntax). Without either, a data
directory that already holds users keeps them; one without users gets user ``neo4j`` with a
random password, printed once on stderr (there is no well-known default password).
``--data :memory:`` keeps everything (users too) in memory.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import faulthandler
import logging
import os
import signal
import sys
from collections.abc import Sequence

from graphbolt.server._auth import INITIAL_USER, Authenticator, UserStore
from graphbolt.server._server import BoltServer, tls_context

MEMORY = ":memory:"


class UsageError(Exception):
    """A command-line problem reported to the user without a traceback."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="graphbolt", description="graphbolt graph database")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the Bolt server")
    serve.add_argument("--listen", default="127.0.0.1:7687", help="HOST:PORT (port 0: any)")
    serve.add_argument("--data", default="./data", help=f"data directory, or {MEMORY}")
    serve.add_argument("--auth", help="USER/PASSWORD for the initial user, or 'none'")
    serve.add_argument("--tls-cert", help="PEM certificate chain (enables TLS)")
    serve.add_argument("--tls-key", help="PEM private key of the certificate")
    serve.add_argument("--advertised-address", help="HOST:PORT put in routing tables")
    serve.add_argument("--log-level", default="WARNING", help="logging level")
    return parser


def parse_listen(text: str) -> tuple[str, int]:
    """``"HOST:PORT"`` (``[v6]:PORT`` too) into its parts."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise UsageError(f"--listen wants HOST:PORT, got {text!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def make_authenticator(auth: str | None, data_dir: str | None) -> Authenticator:
    """The authenticator for ``--auth`` / ``GRAPHBOLT_AUTH`` (``auth``) and the data dir.

    With ``auth`` None, stored users are kept; an empty store gets the initial user with a
    generated password, printed on stderr.
    """
    if auth is not None and auth.strip().lower() == "none":
        return Authenticator(None)
    users = UserStore.in_directory(data_dir)
    if auth is None:
        password = users.create_initial_user(INITIAL_USER)
        if password is not None:
            # Shown once, now: only its hash is kept, so it cannot be printed again later.
            print(
                f"graphbolt: initial password for user {INITIAL_USER}: {password} "
                f"(set GRAPHBOLT_AUTH={INITIAL_USER}/<password> to choose one)",
                file=sys.stderr, flush=True,
            )  # fmt: skip
        return Authenticator(users)
    name, sep, password = auth.partition("/")
    if not sep or not name or not password:
        raise UsageError("--auth wants USER/PASSWORD (or 'none')")
    users.set_password(name, password)
    return Authenticator(users)


async def _serve(args: argparse.Namespace) -> None:
    from graphbolt.engine._dbms import Dbms

    host, port = parse_listen(args.listen)
    data_dir = None if args.data == MEMORY else args.data
    auth = make_authenticator(args.auth or os.environ.get("GRAPHBOLT_AUTH"), data_dir)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("--tls-cert and --tls-key go together")
    context = tls_context(args.tls_cert, args.tls_key) if args.tls_cert else None
    dbms = Dbms.open(data_dir)
    server = BoltServer(
        dbms, auth, host=host, port=port, ssl_context=context,
        advertised_address=args.advertised_address,
    )  # fmt: skip
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before "listening": a caller may stop us then
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await server.start()
        scheme = "bolt+s" if context else "bolt"
        print(f"graphbolt listening on {scheme}://{host}:{server.port}", flush=True)
        await stop.wait()
    finally:
        await server.close()
        dbms.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``graphbolt`` console script; returns the exit status."""
    args = _parser().parse_args(argv)
    if hasattr(signal, "SIGUSR1"):
        # `kill -USR1 <pid>` prints every thread's stack to stderr: for diagnosing a stuck server.
        faulthandler.register(signal.SIGUSR1, all_threads=True)
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "serve":
            asyncio.run(_serve(args))
    except UsageError as error:
        print(f"graphbolt: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"graphbolt: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
