"""``Session``: the Bolt server state machine of one connection (synchronous, no sockets).

The connection feeds it complete messages (``handle``) from a worker thread, one at a time;
replies go into a ``MessageWriter`` that the connection sends. States (Bolt 5.x names)::

    CONNECTED --HELLO--> AUTHENTICATION --LOGON--> READY        (before 5.1 HELLO -> READY)
    READY --RUN--> STREAMING --PULL/DISCARD (final)--> READY
    READY --BEGIN--> TX_READY --RUN--> TX_STREAMING --last result done--> TX_READY
    TX_READY --COMMIT/ROLLBACK--> READY;  READY --LOGOFF--> AUTHENTICATION
    any FAILURE --> FAILED (everything but RESET/GOODBYE is IGNORED) --RESET--> READY
    RESET seen by the connection --> INTERRUPTED (``interrupt``: the running query is
        terminated, everything before the RESET is IGNORED) --RESET--> READY

A FAILURE in reply to HELLO or LOGON, a malformed message and a message the current state does
not accept close the connection (DEFUNCT) after the FAILURE is sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphbolt.bolt import _messages as M
from graphbolt.bolt._errors import ProtocolError
from graphbolt.bolt._messages import MessageWriter, Request, decode_request
from graphbolt.bolt._structs import dehydrators, hydrators
from graphbolt.bolt._versions import Version, has_logon, reports_db, version_str
from graphbolt.errors import RequestError
from graphbolt.server._auth import Authenticator
from graphbolt.server._metadata import failure_metadata, routing_table
from graphbolt.server._results import Streams

log = logging.getLogger("graphbolt.server")

CONNECTED = "CONNECTED"
AUTHENTICATION = "AUTHENTICATION"
READY = "READY"
STREAMING = "STREAMING"
TX_READY = "TX_READY"
TX_STREAMING = "TX_STREAMING"
FAILED = "FAILED"
DEFUNCT = "DEFUNCT"
IMPERSONATION_REFUSED = "Impersonation is not supported in community edition."

_ALLOWED: dict[str, frozenset[int]] = {
    CONNECTED: frozenset([M.HELLO]),
    AUTHENTICATION: frozenset([M.LOGON]),
    READY: frozenset([M.RUN, M.BEGIN, M.ROUTE, M.TELEMETRY, M.LOGOFF, M.RESET]),
    STREAMING: frozenset([M.PULL, M.DISCARD, M.RESET]),
    TX_READY: frozenset([M.RUN, M.COMMIT, M.ROLLBACK, M.TELEMETRY, M.RESET]),
    TX_STREAMING: frozenset([M.RUN, M.PULL, M.DISCARD, M.COMMIT, M.ROLLBACK, M.RESET]),
    FAILED: frozenset([M.RESET]),
}


@dataclass
class ServerContext:
    """What every session of one server shares."""

    dbms: Any  # engine Dbms: .database(name | None) -> Database
    auth: Authenticator
    agent: str
    address: str  # host:port advertised in routing tables when the client gives none


class Session:
    """The protocol state of one connection speaking ``version``."""

    def __init__(
        self,
        ctx: ServerContext,
        version: Version,
        out: MessageWriter,
        *,
        connection_id: str,
        manifest: bool = False,
        flush: Callable[[], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.version = version
        self.out = out
        self.connection_id = connection_id
        self.manifest = manifest
        self.state = CONNECTED
        # One batch at a time; close() from a shutting-down connection waits for it.
        self._lock = threading.Lock()
        # RESETs announced by the connection (``interrupt``) and not yet handled; while any
        # is pending, every other message is IGNORED. Guarded by its own lock: the event
        # loop changes it while a worker holds ``_lock``.
        self._interrupts = 0
        self._interrupt_lock = threading.Lock()
        self.user: str | None = None
        self.routing: dict[str, Any] | None = None
        self.utc = version >= (5, 0)
        self._hydrators = hydrators(version, graph=False)
        out.set_dehydrators(dehydrators(version, self.utc))
        self.streams = Streams(ctx.dbms, version, out, flush or (lambda: None))
        self._handlers: dict[int, Callable[[Request], None]] = {
            M.HELLO: self._hello, M.LOGON: self._logon, M.LOGOFF: self._logoff,
            M.RESET: self._reset, M.RUN: self._run, M.PULL: self._pull,
            M.DISCARD: self._discard, M.BEGIN: self._begin, M.COMMIT: self._commit,
            M.ROLLBACK: self._rollback, M.ROUTE: self._route, M.TELEMETRY: self._telemetry,
        }  # fmt: skip

    @property
    def closed(self) -> bool:
        return self.state == DEFUNCT

    # -- entry points -------------------------------------------------------------------------
    def handle_all(self, messages: list[bytes]) -> None:
        """Handle a batch of messages in order (stops once the connection must close)."""
        with self._lock:
            for message in messages:
                if self.state == DEFUNCT:
                    return
                self._handle(message)

    def handle(self, message: bytes) -> None:
        """Handle one complete (de-chunked) message."""
        with self._lock:
            self._handle(message)

    def _handle(self, message: bytes) -> None:
        try:
            request = decode_request(message, self._hydrators)
        except ProtocolError as error:
            self._defunct(error)
            return
        tag = request.tag
        if tag == M.GOODBYE:
            self._close()
            return
        if (self.state == FAILED or self._interrupts) and tag != M.RESET:
            self.out.ignored()
            return
        if tag not in _ALLOWED.get(self.state, ()):
            self._defunct(
                ProtocolError(f"Message {request.name} cannot be handled in state {self.state}")
            )
            return
        try:
            self._handlers[tag](request)
        except ConnectionError:
            raise
        except Exception as error:
            if self._interrupts and self.state not in (CONNECTED, AUTHENTICATION):
                # Stopped by a RESET behind it: that RESET reports the outcome.
                self.streams.clear()
                self.out.ignored()
            else:
                self._fail(error)

    def interrupt(self) -> None:
        """A RESET is on its way (called from the event loop while a batch may be running).

        Terminates the running query's transaction, so the worker is freed within a few
        rows; messages queued before that RESET are IGNORED; the RESET itself then rolls
        back and answers SUCCESS (Bolt's ``<INTERRUPT>`` signal). Never blocks.
        """
        with self._interrupt_lock:
            self._interrupts += 1
            self.streams.terminate()

    def close(self) -> None:
        """Roll back whatever is open and mark the connection closed (idempotent).

        Safe from another thread: it waits for a batch still being handled to finish.
        """
        with self._lock:
            self._close()

    def _close(self) -> None:
        self.state = DEFUNCT
        self.streams.clear()

    def abort(self, error: ProtocolError) -> None:
        """Send a FAILURE for a framing error found by the connection, then close."""
        with self._lock:
            self._defunct(error)

    # -- failures -----------------------------------------------------------------------------
    def _fail(self, error: BaseException) -> None:
        if not isinstance(error, (ProtocolError,)) and not hasattr(error, "code"):
            log.exception("unexpected error on connection %s", self.connection_id)
        self.streams.clear()
        self.out.failure(failure_metadata(error, self.version))
        if self.state in (CONNECTED, AUTHENTICATION):
            self.state = DEFUNCT
        else:
            self.state = FAILED

    def _defunct(self, error: ProtocolError) -> None:
        log.info("closing connection %s: %s", self.connection_id, error)
        self.streams.clear()
        self.out.failure(failure_metadata(error, self.version))
        self.state = DEFUNCT

    # -- connection setup ---------------------------------------------------------------------
    def _hello(self, request: Request) -> None:
        extra = request.fields[0]
        self._check_impersonation(extra)
        routing = extra.get("routing")
        self.routing = routing if isinstance(routing, dict) else None
        meta: dict[str, Any] = {
            "server": self.ctx.agent,
            "connection_id": self.connection_id,
            "hints": {},
        }
        if self.version < (5, 0) and "utc" in (extra.get("patch_bolt") or ()):
            self.utc = True
            self.out.set_dehydrators(dehydrators(self.version, True))
            meta["patch_bolt"] = ["utc"]
        if self.manifest:
            meta["protocol_version"] = version_str(self.version)
        if has_logon(self.version):
            self.state = AUTHENTICATION
        else:
            self.user = self.ctx.auth.authenticate(extra)
            self.state = READY
        self.out.success(meta)

    def _logon(self, request: Request) -> None:
        self.user = self.ctx.auth.authenticate(request.fields[0])
        self.state = READY
        self.out.success({})

    def _logoff(self, request: Request) -> None:
        self.user = None
        self.state = AUTHENTICATION
        self.out.success({})

    def _reset(self, request: Request) -> None:
        with self._interrupt_lock:
            self._interrupts = max(0, self._interrupts - 1)
            if not self._interrupts:
                self.streams.interrupted = False
        self.streams.clear()
        self.state = READY
        self.out.success({})

    def _telemetry(self, request: Request) -> None:
        self.out.success({})

    def _route(self, request: Request) -> None:
        extra = request.fields[2]
        if isinstance(extra, dict):
            db_name = extra.get("db")
            self._check_impersonation(extra)
        else:
            db_name = extra
        name = self.ctx.dbms.database(db_name or None).name
        address = (self.routing or {}).get("address") or self.ctx.address
        self.out.success({"rt": routing_table(str(address), name)})

    def _check_impersonation(self, extra: dict[str, Any]) -> None:
        # graphbolt has no roles to switch to, like Neo4j community edition: refuse the same
        # way (Neo4j's own Query API tests pin this code and message for community).
        if extra.get("imp_user"):
            raise RequestError(IMPERSONATION_REFUSED, "ArgumentError")

    # -- queries ------------------------------------------------------------------------------
    def _run(self, request: Request) -> None:
        query, params, extra = request.fields
        params = params or {}
        extra = extra or {}
        if self.state in (TX_READY, TX_STREAMING):
            meta = self.streams.run_in_tx(query, params)
            self.state = TX_STREAMING
        else:
            self._check_impersonation(extra)
            meta = self.streams.run_auto(query, params, extra)
            self.state = STREAMING
        self.out.success(meta)

    def _pull(self, request: Request) -> None:
        self._stream(request.fields[0], discard=False)

    def _discard(self, request: Request) -> None:
        self._stream(request.fields[0], discard=True)

    def _stream(self, extra: dict[str, Any], *, discard: bool) -> None:
        n = extra.get("n", -1)
        qid = extra.get("qid", -1)
        if not isinstance(n, int) or n == 0 or n < -1 or not isinstance(qid, int):
            raise ProtocolError(f"Invalid PULL/DISCARD fields: {extra!r}")
        in_tx = self.state == TX_STREAMING
        meta = self.streams.stream(n, qid if in_tx else -1, discard=discard, in_tx=in_tx)
        if not meta.get("has_more"):
            if in_tx:
                self.state = TX_STREAMING if self.streams.open_results else TX_READY
            else:
                self.state = READY
        self.out.success(meta)

    def _begin(self, request: Request) -> None:
        extra = request.fields[0]
        self._check_impersonation(extra)
        name = self.streams.begin(extra)
        self.state = TX_READY
        self.out.success({"db": name} if reports_db(self.version) else {})

    def _commit(self, request: Request) -> None:
        bookmark = self.streams.commit()
        self.state = READY
        self.out.success({"bookmark": bookmark})

    def _rollback(self, request: Request) -> None:
        self.streams.rollback()
        self.state = READY
        self.out.success({})
