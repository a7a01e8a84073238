"""``AsyncBolt``: one Bolt connection to a server (handshake, HELLO/LOGON, requests, replies).

Requests are queued with the handler of their reply and written in one flush; replies are
read in request order. A FAILURE puts the server in its FAILED state (the replies of the
requests behind it are IGNORED): the connection remembers it and sends RESET before its next
use. Any I/O error makes the connection defunct (``ServiceUnavailable``; ``IncompleteCommit``
when a COMMIT was in flight): the pool drops defunct connections.
"""

from __future__ import annotations

from typing import Any

from graphbolt.bolt import MessageWriter, ProtocolError, client_hello, read_server_reply
from graphbolt.bolt._messages import (
    BEGIN,
    COMMIT,
    DISCARD,
    FAILURE,
    GOODBYE,
    HELLO,
    IGNORED,
    LOGOFF,
    LOGON,
    PULL,
    RECORD,
    RESET,
    ROLLBACK,
    ROUTE,
    RUN,
    SUCCESS,
)
from graphbolt.bolt._structs import dehydrators, hydrators
from graphbolt.bolt._versions import Version, has_logon, version_str
from graphbolt.driver._api import Auth, ServerInfo
from graphbolt.driver._bolt_io import AsyncBoltSocket, monotonic
from graphbolt.driver._bolt_wire import (
    CLIENT_VERSIONS,
    Inbox,
    auth_token,
    failure_error,
    hello_extra,
    record_values,
)
from graphbolt.exceptions import (
    ConfigurationError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    UnsupportedServerProduct,
)

#: What a lost (or broken) connection raises: ServiceUnavailable, or SessionExpired when
#: routing (IncompleteCommit, a ServiceUnavailable, during COMMIT).
CONNECTION_LOST = (ServiceUnavailable, SessionExpired)

Reply = tuple[int, dict[str, Any]]  # (SUCCESS/FAILURE/IGNORED, metadata)


class AsyncBolt:
    """A handshaken, authenticated Bolt connection (use ``AsyncBolt.open``)."""

    def __init__(self, sock: AsyncBoltSocket, address: str, version: Version) -> None:
        self.sock = sock
        self.address = address
        self.version = version
        self.writer = MessageWriter(dehydrators(version, utc=version >= (5, 0)))
        self.inbox = Inbox(hydrators(version))
        self.pending: list[int] = []  # tags of requests whose replies are still to be read
        self.failed = False  # the server is in FAILED state: RESET before anything else
        self.defunct = False
        self.in_tx = False  # an explicit transaction is open
        self.streaming = False  # an auto-commit result is open
        self.created = monotonic()
        self.idle_since = self.created
        self.auth: Auth | None = None
        self.auth_epoch = 0  # the pool's epoch when opened (see AsyncBoltPool.expire_auth)
        self.info = ServerInfo(address, version, "")
        self.hints: dict[str, Any] = {}
        self.pull_count = 0  # PULL messages sent (observability and tests)
        self.telemetry_disabled = False  # the driver's ``telemetry_disabled``
        self.routing = False  # opened by a routing driver (errors in use: SessionExpired)

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    async def open(
        cls,
        host: str,
        port: int,
        *,
        context: Any,
        timeout: float,
        auth: Auth | None,
        user_agent: str | None,
        routing: dict[str, Any] | None,
        notifications: dict[str, Any] | None = None,
        telemetry_disabled: bool = False,
    ) -> AsyncBolt:
        """Connect, negotiate the version, HELLO (+ LOGON); raise ServiceUnavailable/AuthError."""
        started = monotonic()
        sock = await AsyncBoltSocket.connect(host, port, context, timeout)
        # The rest of ``timeout`` bounds each read of the handshake and HELLO/LOGON replies.
        sock.timeout = max(timeout - (monotonic() - started), 0.001)
        try:
            version = await cls._handshake(sock)
            bolt = cls(sock, f"{host}:{port}", version)
            bolt.telemetry_disabled = telemetry_disabled
            await bolt._hello(auth, user_agent, routing, notifications)
        except BaseException:
            await sock.close()
            raise
        sock.timeout = bolt.recv_timeout()
        bolt.routing = routing is not None
        return bolt

    def recv_timeout(self) -> float | None:
        """The server's ``connection.recv_timeout_seconds`` hint: a read that waits longer
        means the connection is dead (None: reads wait forever)."""
        hint = self.hints.get("connection.recv_timeout_seconds")
        if isinstance(hint, int) and not isinstance(hint, bool) and hint > 0:
            return float(hint)
        return None

    @property
    def telemetry_enabled(self) -> bool:
        """Send TELEMETRY: Bolt 5.4+, the server asked for it, the driver allows it."""
        return (
            self.version >= (5, 4)
            and self.hints.get("telemetry.enabled") is True
            and not self.telemetry_disabled
        )

    @staticmethod
    async def _handshake(sock: AsyncBoltSocket) -> Version:
        received = b""
        try:
            await sock.send(client_hello())
            while True:
                reply = read_server_reply(received, CLIENT_VERSIONS)
                if reply is not None:
                    break
                received += await sock.recv()
        except ProtocolError as error:
            raise ServiceUnavailable(f"Bolt handshake failed: {error}") from error
        except OSError as error:
            raise ServiceUnavailable(f"Connection lost during the handshake: {error}") from error
        version, answer, _used = reply
        if version not in CLIENT_VERSIONS:
            raise ServiceUnavailable(f"The server chose an unsupported Bolt version {version}")
        if answer:
            await sock.send(answer)
        return version

    async def _hello(
        self,
        auth: Auth | None,
        user_agent: str | None,
        routing: dict[str, Any] | None,
        notifications: dict[str, Any] | None = None,
    ) -> None:
        self.queue(HELLO, hello_extra(self.version, user_agent, routing, auth, notifications))
        if has_logon(self.version):
            self.queue(LOGON, auth_token(auth))
        await self.flush()
        hello = await self.fetch_summary()
        login: Reply = (SUCCESS, {})
        if has_logon(self.version):
            login = await self.fetch_summary()
        for tag, meta in (hello, login):
            if tag == FAILURE:
                raise failure_error(meta)
            if tag != SUCCESS:
                raise ServiceUnavailable("The server refused the connection")
        meta = hello[1]
        agent = str(meta.get("server", ""))
        if not agent.startswith("Neo4j/"):
            raise UnsupportedServerProduct(f"Unsupported server product: {agent!r}")
        self.auth = auth
        self.hints = dict(meta.get("hints") or {})
        self.info = ServerInfo(self.address, self.version, agent)
        self.info.connection_id = meta.get("connection_id")
        if self.version < (5, 0) and "utc" in (meta.get("patch_bolt") or ()):
            self.writer.set_dehydrators(dehydrators(self.version, utc=True))

    # -- requests ---------------------------------------------------------------------------
    def queue(self, tag: int, *fields: Any) -> None:
        """Encode a request; its reply is read later, in order."""
        self.writer.message(tag, *fields)
        self.pending.append(tag)
        if tag == PULL:
            self.pull_count += 1

    async def flush(self) -> None:
        data = self.writer.take()
        if not data:
            return
        try:
            await self.sock.send(data)
        except OSError as error:
            raise self._broken(error) from None

    def _broken(self, error: BaseException) -> DriverError:
        self.defunct = True
        self.sock.abort()
        # As the official driver: with routing, a connection lost in use expires the
        # session's work (another server may take it); a direct driver has no other.
        cls: type[DriverError] = ServiceUnavailable
        if COMMIT in self.pending:
            cls = IncompleteCommit
        elif self.routing:
            cls = SessionExpired
        out = cls(f"Connection to {self.address} lost: {error}")
        out.__cause__ = error
        return out

    async def _receive(self) -> None:
        try:
            data = await self.sock.recv()
        except OSError as error:  # TimeoutError too: the recv_timeout_seconds hint
            raise self._broken(error) from None
        self.inbox.feed(data)

    async def fetch_summary(self) -> Reply:
        """The reply to the oldest pending request, which must not stream records."""
        records: list[Any] = []
        reply = await self.fetch(records)
        if records:
            raise self._protocol("RECORD in reply to a request without records")
        return reply

    async def fetch(self, records: list[Any]) -> Reply:
        """The reply to the oldest pending request; RECORD values go to ``records``."""
        reply = await self.fetch_some(records, partial=False)
        if reply is None:  # pragma: no cover - only a partial fetch stops early
            raise self._protocol("Reply missing")
        return reply

    async def fetch_some(self, records: list[Any], partial: bool = True) -> Reply | None:
        """``fetch``, but with ``partial`` None instead of waiting for more bytes once
        records arrived: the reply is not over and a later call goes on with it, so a large
        batch is handed out as it comes, not after its last record."""
        inbox = self.inbox
        while True:
            inbox.take_records(records)
            try:
                message = inbox.next_response()
            except ProtocolError as error:
                raise self._protocol(str(error)) from None
            if message is None:
                if partial and records:
                    return None
                await self._receive()
                continue
            tag, fields = message
            if tag == RECORD:
                records.append(record_values(fields))
                continue
            self.pending.pop(0)
            meta = fields[0] if fields and isinstance(fields[0], dict) else {}
            if tag == FAILURE:
                self.failed = True
            return tag, meta

    def _protocol(self, message: str) -> DriverError:
        self.defunct = True
        self.sock.abort()
        cls = SessionExpired if self.routing else ServiceUnavailable
        return cls(f"Protocol error from {self.address}: {message}")

    async def drain(self) -> Neo4jError | None:
        """Read every pending reply; the first FAILURE's error (None if all succeeded)."""
        error: Neo4jError | None = None
        while self.pending:
            try:
                tag, meta = await self.fetch_summary()
            except CONNECTION_LOST:  # SessionExpired too: a routing driver's lost connection
                if not self.failed:
                    raise
                self.pending.clear()  # the server hung up after its FAILURE: that is the news
                break
            if tag == FAILURE and error is None:
                error = failure_error(meta)
        return error

    # -- state ------------------------------------------------------------------------------
    async def reset(self) -> None:
        """RESET: back to READY (rolls back); reads whatever replies were still pending.

        A server that hung up after a FAILURE (e.g. an expired token) leaves the connection
        defunct without an error here: the FAILURE is what its caller reports.
        """
        after_failure = self.failed
        try:
            await self._reset()
        except CONNECTION_LOST:
            if not after_failure:
                raise
            self.pending.clear()
            self.in_tx = self.streaming = False

    async def _reset(self) -> None:
        self.queue(RESET)
        await self.flush()
        self.failed = False  # IGNORED replies behind an earlier FAILURE are expected
        while self.pending:
            # Records of a PULL whose reader went away (a cancelled task) are dropped here.
            tag, meta = await self.fetch([])
            if tag == FAILURE and not self.pending:
                raise failure_error(meta)
        self.failed = False
        self.in_tx = False
        self.streaming = False

    async def reauth(self, auth: Auth | None) -> None:
        """Switch the connection's user (LOGOFF + LOGON, Bolt 5.1+)."""
        self.queue(LOGOFF)
        self.queue(LOGON, auth_token(auth))
        await self.flush()
        error = await self.drain()
        if error is not None:
            self.defunct = True
            raise error
        self.auth = auth

    def needs_reset(self) -> bool:
        return self.failed or self.in_tx or self.streaming or bool(self.pending)

    async def route(
        self,
        context: dict[str, Any],
        bookmarks: list[str],
        database: str | None,
        imp_user: str | None = None,
    ) -> dict[str, Any]:
        """The routing table (``rt``) for ``database`` (None: the user's home database)."""
        # Bolt 4.4+: an extra map naming the database and the impersonated user only when
        # given (the home database is the absence of the key, not null); 4.3: the database
        # name itself, and no impersonation.
        if self.version >= (4, 4):
            extra: dict[str, Any] = {} if database is None else {"db": database}
            if imp_user is not None:
                extra["imp_user"] = imp_user
            self.queue(ROUTE, context, bookmarks, extra)
        elif imp_user is not None:
            raise ConfigurationError(
                f"Impersonation is not supported in Bolt Protocol {version_str(self.version)}."
                f" Trying to impersonate {imp_user!r}."
            )
        else:
            self.queue(ROUTE, context, bookmarks, database)
        await self.flush()
        tag, meta = await self.fetch_summary()
        if tag == FAILURE:
            error = failure_error(meta)
            try:
                await self.reset()
            except (DriverError, Neo4jError):  # the router's error is the one to report
                self.defunct = True
            raise error
        return dict(meta.get("rt") or {})

    async def close(self) -> None:
        """GOODBYE and close the socket (never raises)."""
        if self.sock.closed:
            return
        if not self.defunct:
            try:
                self.writer.message(GOODBYE)
                await self.sock.send(self.writer.take())
            except Exception:
                pass
        await self.sock.close()


__all__ = [
    "BEGIN",
    "COMMIT",
    "CONNECTION_LOST",
    "DISCARD",
    "FAILURE",
    "IGNORED",
    "PULL",
    "ROLLBACK",
    "RUN",
    "SUCCESS",
    "AsyncBolt",
]  # fmt: skip
