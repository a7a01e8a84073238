"""One Bolt connection on asyncio: handshake, de-chunking, and the session off the event loop.

The event loop only moves bytes. Every batch of complete messages is handled by the
connection's ``Session`` on a worker thread (engine work and scrypt never block the loop);
one connection's batches run one after another, so its transaction is never used by two
threads at once (the engine allows it to move between threads). Large results are flushed
from the worker through the loop and wait for the socket to drain: that is the backpressure
between a slow client and the query.

While a batch runs (past ``WATCH_AFTER``), the loop keeps reading: a RESET that arrives then (or that follows other
messages in the batch) interrupts the session at once, which terminates the running query
(Bolt's out-of-band ``<INTERRUPT>``); a client that disconnects terminates it too. And while
the worker has sent nothing for ``NOOP_INTERVAL`` seconds (a query computing before its first
record), the loop sends NOOP chunks (``00 00``, Bolt 4.1+) so client read timeouts do not
fire. Both only touch the socket between whole messages: the worker's records are written by
the loop too, one flush of whole messages at a time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import itertools
import logging
from concurrent.futures import Executor

from graphbolt.bolt._chunking import Dechunker
from graphbolt.bolt._errors import ProtocolError
from graphbolt.bolt._handshake import HANDSHAKE_SIZE, negotiate, read_manifest_choice
from graphbolt.bolt._messages import MessageWriter
from graphbolt.bolt._versions import SERVER_VERSIONS, Version
from graphbolt.server._session import ServerContext, Session

log = logging.getLogger("graphbolt.server")

HANDSHAKE_TIMEOUT = 30.0
NOOP_INTERVAL = 5.0  # seconds of silence while busy before a NOOP keep-alive
NOOP = b"\x00\x00"
WATCH_AFTER = 0.02  # seconds a batch runs before the socket is watched for RESET / EOF
_RESET_HEAD = bytes([0xB0, 0x0F])  # RESET: a structure with no fields, tag 0x0F
READ_SIZE = 256 * 1024
FLUSH_TIMEOUT = 300.0
_ids = itertools.count(1)


class Connection:
    """Serves one client until it says GOODBYE, disconnects or breaks the protocol."""

    def __init__(
        self,
        ctx: ServerContext,
        executor: Executor,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.ctx = ctx
        self.executor = executor
        self.reader = reader
        self.writer = writer
        self.loop = asyncio.get_running_loop()
        self.connection_id = f"bolt-{next(_ids)}"
        self.out = MessageWriter()
        self.session: Session | None = None
        self.noop_interval = NOOP_INTERVAL
        self._dechunker = Dechunker()
        self._pending: list[bytes] = []  # received, not yet handled
        self._read_task: asyncio.Future[bytes] | None = None
        self._busy: Session | None = None  # the session while a long batch runs
        self._noop_timer: asyncio.TimerHandle | None = None
        self._eof = False  # nothing more will be read (client gone, or a framing error)
        self._framing_error: ProtocolError | None = None
        self._last_write = self.loop.time()

    async def serve(self) -> None:
        """The whole life of the connection; never raises."""
        try:
            negotiated = await asyncio.wait_for(self._handshake(), HANDSHAKE_TIMEOUT)
            if negotiated is not None:
                await self._messages(*negotiated)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError):
            pass
        except ProtocolError as error:
            log.info("connection %s: %s", self.connection_id, error)
        except Exception:
            log.exception("connection %s failed", self.connection_id)
        finally:
            await self._close()

    async def _handshake(self) -> tuple[Version, bool, bytes] | None:
        """Negotiate: ``(version, manifest used, bytes already read past it)`` or None."""
        data = await self.reader.readexactly(HANDSHAKE_SIZE)
        negotiation = negotiate(data, SERVER_VERSIONS)  # bad magic: ProtocolError, no reply
        self.writer.write(negotiation.reply)  # one write: some clients expect one packet
        await self.writer.drain()
        if negotiation.version is not None:
            return negotiation.version, False, b""
        if not negotiation.manifest:
            return None  # no common version: the zeros were sent, close
        buffered = b""
        while True:
            choice = read_manifest_choice(buffered, SERVER_VERSIONS)
            if choice is not None:
                version, _capabilities, used = choice
                return version, True, buffered[used:]
            more = await self.reader.read(64)
            if not more:
                return None
            buffered += more

    async def _messages(self, version: Version, manifest: bool, leftover: bytes) -> None:
        session = Session(
            self.ctx,
            version,
            self.out,
            connection_id=self.connection_id,
            manifest=manifest,
            flush=self._flush_from_worker,
        )
        self.session = session
        self._dechunker.feed(leftover)
        while not session.closed:
            self._collect()
            if self._pending:
                batch = list(self._pending)
                self._pending.clear()
                if any(_is_reset(message) for message in batch[1:]):
                    session.interrupt()  # a RESET behind other messages jumps the queue
                await self._run_batch(session, batch)
                await self._send()
                continue
            if self._framing_error is not None:
                await self.loop.run_in_executor(self.executor, session.abort, self._framing_error)
                await self._send()
                return
            if self._read_task is not None:
                # A read started while the last batch ran: its callback takes the data.
                with contextlib.suppress(Exception):
                    await self._read_task
                continue
            if self._eof:
                return
            data = await self.reader.read(READ_SIZE)
            if not data:
                return
            self._dechunker.feed(data)

    async def _run_batch(self, session: Session, batch: list[bytes]) -> None:
        """Handle ``batch`` on a worker; past ``WATCH_AFTER`` seconds, also watch the socket.

        Short batches (almost all) cost one executor hop, as before; a long one gets reads
        (for RESET and disconnects) and NOOP ticks driven by loop callbacks.
        """
        work = self.loop.run_in_executor(self.executor, session.handle_all, batch)
        watch = self.loop.call_later(WATCH_AFTER, self._watch, session)
        try:
            await work  # a ConnectionError from a flush ends the connection
        finally:
            watch.cancel()
            self._busy = None
            if self._noop_timer is not None:
                self._noop_timer.cancel()
                self._noop_timer = None

    def _watch(self, session: Session) -> None:
        self._busy = session
        self._read_more()
        self._noop_timer = self.loop.call_later(self.noop_interval, self._noop_tick)

    def _read_more(self) -> None:
        if self._read_task is None and not self._eof:
            self._read_task = asyncio.ensure_future(self.reader.read(READ_SIZE))
            self._read_task.add_done_callback(self._on_read)

    def _on_read(self, task: asyncio.Future[bytes]) -> None:
        """Bytes read while a batch ran: queue the messages; a RESET or EOF interrupts."""
        self._read_task = None
        if task.cancelled():
            return
        try:
            data = task.result()
        except (ConnectionError, OSError):
            data = b""
        session = self._busy
        if not data:
            self._eof = True
            if session is not None:
                session.interrupt()  # nobody is left to read the result: stop the query
            return
        self._dechunker.feed(data)
        new = self._collect()
        if session is not None:
            if any(_is_reset(message) for message in new):
                session.interrupt()
            self._read_more()

    def _noop_tick(self) -> None:
        if self._busy is None:
            return
        if self.loop.time() - self._last_write >= self.noop_interval * 0.99:
            self.writer.write(NOOP)
            self._last_write = self.loop.time()
        delay = max(0.0, self._last_write + self.noop_interval - self.loop.time())
        self._noop_timer = self.loop.call_later(delay, self._noop_tick)

    def _collect(self) -> list[bytes]:
        """Move the complete messages received so far to ``_pending``; the new ones.

        A framing error is kept for after the messages before it; reading stops there.
        """
        new: list[bytes] = []
        if self._framing_error is None:
            try:
                for message in self._dechunker.messages():
                    new.append(message)
            except ProtocolError as error:
                self._framing_error = error
                self._eof = True
        self._pending.extend(new)
        return new

    async def _send(self) -> None:
        data = self.out.take()
        if data:
            self.writer.write(data)
            self._last_write = self.loop.time()
            await self.writer.drain()

    def _flush_from_worker(self) -> None:
        """Called by the session on a worker thread: send what is buffered, wait for drain.

        A client that takes no data for ``FLUSH_TIMEOUT`` seconds, or a loop that is gone
        (shutdown), ends the connection instead of blocking the worker forever.
        """
        try:
            future = asyncio.run_coroutine_threadsafe(self._send(), self.loop)
            future.result(FLUSH_TIMEOUT)
        except (RuntimeError, concurrent.futures.TimeoutError) as error:
            raise ConnectionError(f"cannot send to the client: {error!r}") from None

    async def _close(self) -> None:
        if self._read_task is not None:
            self._read_task.cancel()
        session = self.session
        if session is not None and not session.closed:
            session.interrupt()  # a query still running stops instead of being waited for
            try:
                await self.loop.run_in_executor(self.executor, session.close)
            except Exception:
                log.exception("connection %s: cleanup failed", self.connection_id)
        try:
            self.writer.close()
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass


def _is_reset(message: bytes) -> bool:
    return message[:2] == _RESET_HEAD
