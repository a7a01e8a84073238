"""One Bolt connection on asyncio: handshake, de-chunking, and the session off the event loop.

The event loop only moves bytes. Every batch of complete messages is handled by the
connection's ``Session`` on a worker thread (engine work and scrypt never block the loop);
one connection's batches run one after another, so its transaction is never used by two
threads at once (the engine allows it to move between threads). Large results are flushed
from the worker through the loop and wait for the socket to drain: that is the backpressure
between a slow client and the query.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
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
        dechunker = Dechunker()
        dechunker.feed(leftover)
        while not session.closed:
            try:
                batch = list(dechunker.messages())
            except ProtocolError as error:
                await self.loop.run_in_executor(self.executor, session.abort, error)
                await self._send()
                return
            if batch:
                await self.loop.run_in_executor(self.executor, session.handle_all, batch)
                await self._send()
                continue
            data = await self.reader.read(READ_SIZE)
            if not data:
                return
            dechunker.feed(data)

    async def _send(self) -> None:
        data = self.out.take()
        if data:
            self.writer.write(data)
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
        session = self.session
        if session is not None and not session.closed:
            try:
                await self.loop.run_in_executor(self.executor, session.close)
            except Exception:
                log.exception("connection %s: cleanup failed", self.connection_id)
        try:
            self.writer.close()
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass
