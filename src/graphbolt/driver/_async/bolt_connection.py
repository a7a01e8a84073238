"""``AsyncBoltConnection``: the connector interface (``AsyncConnection``) over a pooled
``AsyncBolt``, pipelining as Bolt drivers do.

- ``TELEMETRY`` (Bolt 5.4+, when the server asks for it) and a pipelined BEGIN are only
  queued: they travel with the next BEGIN / RUN / COMMIT;
- RUN and its first ``PULL {n: fetch_size}`` go out in one flush, but only RUN's reply is
  awaited: the PULL's reply is read when the result wants records (so a failure of the
  stream surfaces at the first read, not at ``run``). Later PULLs only when the result asks;
- replies come back in request order, so before reading the reply of a new request the
  replies of earlier streams' PULL/DISCARD are read and parked with their stream;
- a result's own PULL reply is handed out as it arrives: the records read so far go to the
  result while the rest is still coming (the stream stays in flight, no new PULL is sent), so
  a ``fetch_size=-1`` result yields its first record early and is not buffered whole;
- a FAILURE leaves the server FAILED: the error is raised, and the next ROLLBACK or the
  release becomes a RESET.

The query id handed to results is local to this connection (a stream number); the server's
``qid`` is sent with PULL/DISCARD only when the stream is not the most recent one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.bolt._messages import TELEMETRY
from graphbolt.driver._async.bolt import (
    BEGIN,
    COMMIT,
    CONNECTION_LOST,
    DISCARD,
    FAILURE,
    IGNORED,
    PULL,
    ROLLBACK,
    RUN,
    SUCCESS,
    AsyncBolt,
)
from graphbolt.driver._async.connector import AsyncConnection
from graphbolt.driver._bolt_wire import failure_error, tx_extra
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams
from graphbolt.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

Release = Callable[[AsyncBolt], Awaitable[None]]


class _Stream:
    """One result stream: the server's qid, and a PULL/DISCARD reply read ahead of its reader."""

    __slots__ = ("parked", "qid")

    def __init__(self) -> None:
        self.qid = -1
        self.parked: PullResponse | None = None


class AsyncBoltConnection(AsyncConnection):
    """A session's handle on one pooled Bolt connection until ``close()`` gives it back."""

    def __init__(self, bolt: AsyncBolt, release: Release, on_error: Any = None) -> None:
        self._bolt: AsyncBolt | None = bolt
        self._release = release
        self._on_error = on_error  # routing: told about unavailable servers / lost writers
        self._begin_pending = False
        self._telemetry_pending: Callable[[], None] | None = None
        self._begin_db: str | None = None
        self._streams: dict[int, _Stream] = {}
        self._ahead: deque[_Stream] = deque()  # streams with a PULL/DISCARD reply unread
        self._stream_count = 0
        self._last_qid = -1
        self.server = bolt.info

    def _live(self) -> AsyncBolt:
        bolt = self._bolt
        if bolt is None:
            raise SessionExpired("The connection has been released")
        if self._abandoned(bolt):
            raise SessionExpired(
                "An earlier operation on this connection was interrupted (task cancelled); "
                "its transaction or result cannot continue"
            )
        return bolt

    def _abandoned(self, bolt: AsyncBolt) -> bool:
        """True when replies of an interrupted operation are still unread (between
        operations only queued TELEMETRY/BEGIN and in-flight stream requests may be
        pending); RESET clears them."""
        expected = len(self._ahead) + self._begin_pending + (self._telemetry_pending is not None)
        return len(bolt.pending) > expected

    def _error(self, bolt: AsyncBolt, error: BaseException) -> BaseException:
        if self._on_error is not None:
            self._on_error(bolt.address, error)
        return error

    def _forget_streams(self) -> None:
        """After a RESET: no reply of any stream is coming any more."""
        self._ahead.clear()
        self._streams.clear()

    async def _prepare(self, bolt: AsyncBolt) -> None:
        if bolt.failed and not bolt.in_tx:
            await bolt.reset()
            self._forget_streams()

    def telemetry(self, api: int, on_success: Callable[[], None] | None = None) -> None:
        bolt = self._bolt
        if bolt is None or not bolt.telemetry_enabled or self._telemetry_pending is not None:
            return
        bolt.queue(TELEMETRY, api)
        self._telemetry_pending = on_success or _nothing

    async def _early_replies(self, bolt: AsyncBolt) -> Neo4jError | None:
        """The replies of the queued TELEMETRY and pipelined BEGIN sent with this flush;
        the first failure (None: both succeeded or were not sent)."""
        error: Neo4jError | None = None
        acknowledged, self._telemetry_pending = self._telemetry_pending, None
        if acknowledged is not None:
            tag, meta = await bolt.fetch_summary()
            if tag == SUCCESS:
                acknowledged()
            elif tag == FAILURE:
                error = failure_error(meta)
        if self._begin_pending:
            self._begin_pending = False
            tag, meta = await bolt.fetch_summary()
            if tag == FAILURE and error is None:
                error = failure_error(meta)
            db = meta.get("db")  # Bolt 5.8+ names the database the transaction runs in
            self._begin_db = db if isinstance(db, str) else None
        return error

    def _drop_unsent(self, bolt: AsyncBolt) -> None:
        """Forget a queued TELEMETRY / BEGIN that never left (the work ended before it)."""
        unsent = self._begin_pending + (self._telemetry_pending is not None)
        if unsent:
            del bolt.pending[-unsent:]
            bolt.writer.take()
        if self._begin_pending:
            bolt.in_tx = False
        self._begin_pending = False
        self._telemetry_pending = None

    async def begin(self, params: TxParams, pipelined: bool = False) -> str | None:
        bolt = self._live()
        await self._prepare(bolt)
        bolt.queue(BEGIN, tx_extra(params, bolt.version))
        bolt.in_tx = True
        self._begin_pending = True
        if pipelined:
            return None
        try:
            await bolt.flush()
            error = await self._early_replies(bolt)
        except CONNECTION_LOST as lost:
            raise self._error(bolt, lost) from None
        if error is not None:
            bolt.in_tx = False
            raise self._error(bolt, error)
        return self._begin_db or params.database

    async def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        bolt = self._live()
        await self._prepare(bolt)
        extra = {} if autocommit is None else tx_extra(autocommit, bolt.version)
        bolt.queue(RUN, query, parameters, extra)
        stream = _Stream()
        if pull_n:
            bolt.queue(PULL, {"n": pull_n})
        if autocommit is not None:
            bolt.streaming = True
        try:
            await bolt.flush()
            earlier = await self._settle(bolt)
            error: BaseException | None = await self._early_replies(bolt)
            tag, meta = await bolt.fetch_summary()
            if error is None and tag != SUCCESS:
                error = failure_error(meta) if tag == FAILURE else earlier
                error = error or Neo4jError.hydrate(
                    "Neo.DatabaseError.General.UnknownError", "The server ignored RUN"
                )
            if error is not None:
                await bolt.drain()  # the pipelined PULL: IGNORED
                bolt.streaming = False
                raise self._error(bolt, error)
        except CONNECTION_LOST as lost:
            raise self._error(bolt, lost) from None
        qid = meta.get("qid", -1)
        stream.qid = qid if isinstance(qid, int) else -1
        if stream.qid != -1:
            self._last_qid = stream.qid
        if pull_n:
            self._ahead.append(stream)
        self._stream_count += 1
        self._streams[self._stream_count] = stream
        db = meta.get("db")
        return RunResponse(
            list(meta.get("fields") or ()), self._stream_count, db, None, meta.get("t_first")
        )

    async def _settle(self, bolt: AsyncBolt) -> BaseException | None:
        """Read (and park) the replies of earlier streams' requests; their first error."""
        first: BaseException | None = None
        while self._ahead:
            stream = await self._read_ahead(bolt)
            if first is None and stream.parked is not None:
                first = stream.parked.error
        return first

    async def _read_ahead(self, bolt: AsyncBolt, partial: bool = False) -> _Stream:
        """Read the oldest in-flight PULL/DISCARD reply into its stream (``partial``: the
        records that arrived so far, the stream staying in flight, if the reply goes on)."""
        stream = self._ahead.popleft()  # popped first: a cancelled read leaves it abandoned
        records: list[Any] = []
        try:
            reply = await bolt.fetch_some(records, partial)
        except CONNECTION_LOST as lost:  # the records that did arrive are still handed out
            bolt.streaming = False
            _park(stream, PullResponse(records, False, error=self._error(bolt, lost)))
            return stream
        if reply is None:  # more of this reply to come
            self._ahead.appendleft(stream)
            _park(stream, PullResponse(records, True))
            return stream
        tag, meta = reply
        if tag == SUCCESS:
            has_more = bool(meta.get("has_more"))
            if not has_more:
                bolt.streaming = False
            _park(stream, PullResponse(records, has_more, None if has_more else meta))
            return stream
        bolt.streaming = False
        error: BaseException
        if tag == IGNORED:
            error = ServiceUnavailable("The server ignored the request (an earlier one failed)")
        else:
            error = self._error(bolt, failure_error(meta))
        _park(stream, PullResponse(records, False, error=error))
        return stream

    async def _reply(self, bolt: AsyncBolt, qid: int, stream: _Stream) -> PullResponse:
        """The next reply of ``stream`` (its request was sent), read ahead or now; possibly
        only its first records (``has_more``, the stream still in flight)."""
        try:
            while stream.parked is None:
                if not self._ahead:  # pragma: no cover - a request was sent for it
                    raise bolt._protocol("No reply expected for this result")
                await self._read_ahead(bolt, partial=self._ahead[0] is stream)
        except CONNECTION_LOST as lost:
            raise self._error(bolt, lost) from None
        response, stream.parked = stream.parked, None
        if not response.has_more:
            self._streams.pop(qid, None)
        return response

    def take_parked(self, qid: int) -> PullResponse | None:
        stream = self._streams.get(qid)
        if stream is None or stream.parked is None:
            return None
        response, stream.parked = stream.parked, None
        if not response.has_more:
            self._streams.pop(qid, None)
        return response

    def _stream(self, qid: int) -> _Stream:
        stream = self._streams.get(qid)
        if stream is None:
            raise SessionExpired("The result's stream has ended on this connection")
        return stream

    def _request(self, bolt: AsyncBolt, tag: int, stream: _Stream, n: int) -> None:
        extra: dict[str, Any] = {"n": n}
        if stream.qid != -1 and stream.qid != self._last_qid:
            extra["qid"] = stream.qid
        bolt.queue(tag, extra)
        self._ahead.append(stream)

    def _in_flight(self, stream: _Stream) -> bool:
        return stream.parked is not None or stream in self._ahead

    async def pull(self, qid: int, n: int) -> PullResponse:
        bolt = self._live()
        stream = self._stream(qid)
        if not self._in_flight(stream):
            self._request(bolt, PULL, stream, n)
            try:
                await bolt.flush()
            except CONNECTION_LOST as lost:
                raise self._error(bolt, lost) from None
        return await self._reply(bolt, qid, stream)

    async def discard(self, qid: int) -> dict[str, Any]:
        bolt = self._live()
        stream = self._stream(qid)
        had_record = False
        while self._in_flight(stream):  # the PULL sent earlier answers first, to its end
            response = await self._reply(bolt, qid, stream)
            if response.error is not None:
                raise response.error
            had_record = had_record or bool(response.records)  # dropped, but there were some
            if not response.has_more:
                return _noting_records(response.summary or {}, had_record)
        self._request(bolt, DISCARD, stream, -1)
        try:
            await bolt.flush()
        except CONNECTION_LOST as lost:
            raise self._error(bolt, lost) from None
        response = await self._reply(bolt, qid, stream)
        if response.error is not None:
            raise response.error
        return _noting_records(response.summary or {}, had_record)

    async def commit(self) -> str | None:
        bolt = self._live()
        bolt.queue(COMMIT)
        try:
            await bolt.flush()
            await self._settle(bolt)
            failure = await self._early_replies(bolt)
            tag, meta = await bolt.fetch_summary()
        except CONNECTION_LOST as error:
            raise self._error(bolt, error) from None
        if failure is None and tag != SUCCESS:
            failure = failure_error(meta)
        if failure is not None:
            raise self._error(bolt, failure)
        bolt.in_tx = False
        bookmark = meta.get("bookmark")
        return bookmark if isinstance(bookmark, str) else None

    async def rollback(self) -> None:
        bolt = self._bolt
        if bolt is None or bolt.defunct:
            return
        if self._begin_pending:  # the BEGIN never left: forget it
            self._drop_unsent(bolt)
            return
        if not bolt.in_tx:
            return
        if bolt.failed or self._abandoned(bolt):
            await bolt.reset()
            self._forget_streams()
            return
        bolt.queue(ROLLBACK)
        await bolt.flush()
        await self._settle(bolt)
        tag, meta = await bolt.fetch_summary()
        bolt.in_tx = False
        if tag == FAILURE:
            await bolt.reset()
            self._forget_streams()
            raise self._error(bolt, failure_error(meta))

    async def close(self) -> None:
        bolt, self._bolt = self._bolt, None
        if bolt is None:
            return
        self._drop_unsent(bolt)
        if self._ahead:
            bolt.streaming = True  # replies still to read: the release RESETs
        self._forget_streams()
        await self._release(bolt)


def _nothing() -> None:
    return None


def _park(stream: _Stream, response: PullResponse) -> None:
    """Keep ``response`` for the stream's reader, after the records of a partial reply it
    has not taken yet (a reply read in several parts)."""
    earlier = stream.parked
    if earlier is not None:
        response.records[:0] = earlier.records
    stream.parked = response


def _noting_records(summary: dict[str, Any], had_record: bool) -> dict[str, Any]:
    """The summary of a discarded stream, noting that records did arrive (the summary's
    GQL status is then 00000, not 02000 "no data")."""
    return {**summary, "_had_record": True} if had_record else summary
