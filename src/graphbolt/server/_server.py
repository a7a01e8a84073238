"""``BoltServer``: accepts Bolt connections on asyncio and serves them from a ``Dbms``.

Usage::

    server = BoltServer(dbms, Authenticator(users), host="127.0.0.1", port=7687)
    await server.start()          # binds; server.port is the real port (0 picks a free one)
    await server.serve_forever()  # or: await server.close()
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graphbolt.server._auth import Authenticator
from graphbolt.server._connection import NOOP_INTERVAL, Connection
from graphbolt.server._session import ServerContext

log = logging.getLogger("graphbolt.server")

PRODUCT = "Neo4j/5.26.0"  # Python 5.x drivers refuse agents not starting with "Neo4j/"


def server_agent() -> str:
    """The HELLO ``server`` string: Neo4j-compatible prefix, then graphbolt and its version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("graphbolt")
    except PackageNotFoundError:
        own = "0.0.0"
    return f"{PRODUCT} compatible graphbolt/{own}"


def tls_context(cert_file: str, key_file: str) -> ssl.SSLContext:
    """A server TLS context from a PEM certificate chain and private key."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_file, key_file)
    return context


class BoltServer:
    """A Bolt server over one ``Dbms``."""

    def __init__(
        self,
        dbms: Any,
        auth: Authenticator,
        *,
        host: str = "127.0.0.1",
        port: int = 7687,
        ssl_context: ssl.SSLContext | None = None,
        workers: int = 64,
        advertised_address: str | None = None,
        noop_interval: float = NOOP_INTERVAL,
    ) -> None:
        self.dbms = dbms
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="graphbolt-bolt")
        self._advertised = advertised_address
        self.noop_interval = noop_interval
        self.ctx = ServerContext(dbms=dbms, auth=auth, agent=server_agent(), address="")
        self._server: asyncio.AbstractServer | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Open the default database, then bind and start accepting connections."""
        await asyncio.get_running_loop().run_in_executor(self._executor, self._warm_up)
        self._server = await asyncio.start_server(
            self._accept, self.host, self.port, ssl=self.ssl_context, reuse_address=True
        )
        sock = self._server.sockets[0]
        self.port = sock.getsockname()[1]
        host = self.host if self.host not in ("0.0.0.0", "::", "") else "localhost"
        self.ctx.address = self._advertised or f"{host}:{self.port}"
        log.info("graphbolt Bolt server listening on %s:%d", self.host, self.port)

    def _warm_up(self) -> None:
        # Open the default database and load the function registry once, before many
        # connections race to do it: the registry's lazy loading is not thread-safe.
        self.dbms.database(None)
        from graphbolt.runtime.functions._registry import lookup_function

        lookup_function("range")

    async def serve_forever(self) -> None:
        if self._server is None:
            await self.start()
        assert self._server is not None
        await self._server.serve_forever()

    async def close(self) -> None:
        """Stop accepting, close every connection (rolling back their work), stop workers."""
        if self._server is not None:
            self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.gather(*self._connections, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
        self._executor.shutdown(wait=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            connection = Connection(self.ctx, self._executor, reader, writer)
            connection.noop_interval = self.noop_interval
            await connection.serve()
        except asyncio.CancelledError:
            # Server shutdown. Ending normally keeps asyncio from logging the cancellation
            # of a connection callback as an error.
            pass
        finally:
            self._connections.discard(task)
