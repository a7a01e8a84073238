"""``AsyncResult``: the records of one query, pulled ``fetch_size`` at a time.

States::

    STREAMING --last batch pulled--> DONE (summary known, buffered records still readable)
        |                              |
        +--consume()------------------>+--> CONSUMED (records gone; consume() again is fine)
        +--transaction ends------------+--> OUT OF SCOPE (every access raises)
        +--pull fails--> FAILED (every access re-raises as ResultFailedError)

A batch is pulled only when the local buffer is empty and the caller asks for more, so
unread records stay in the database (backpressure).
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from graphbolt.bolt import ProtocolError
from graphbolt.driver._async.connector import AsyncConnection
from graphbolt.driver._graph import Graph, hydrate_graph
from graphbolt.driver._protocol import PullResponse, TxParams
from graphbolt.driver._records import Record, make_records
from graphbolt.driver._summary import EagerResult, ResultSummary
from graphbolt.exceptions import ResultConsumedError, ResultFailedError, ResultNotSingleError

_CONSUMED = (
    "The result has been consumed. Fetch all needed records before calling Result.consume()."
)
_OUT_OF_SCOPE = (
    "The result is out of scope. The associated transaction has been closed. "
    "Results can only be used while the transaction is open."
)

DoneHook = Callable[[dict[str, Any]], Awaitable[None]]


class AsyncResult:
    """A stream of ``Record`` objects with ``keys()`` and a summary at the end."""

    def __init__(
        self,
        connection: AsyncConnection,
        fetch_size: int,
        on_done: DoneHook | None = None,
        on_error: Callable[[BaseException], Any] | None = None,
        server: Any = None,
    ) -> None:
        self._connection = connection
        self._fetch_size = fetch_size
        self._on_done = on_done
        self._on_error = on_error
        self._server = server
        self._keys: tuple[str, ...] = ()
        self._qid = -1
        self._t_first: int | None = None
        self._query = ""
        self._parameters: dict[str, Any] = {}
        self._buffer: deque[Record] = deque()
        self._streaming = False
        self._metadata: dict[str, Any] | None = None
        self._summary: ResultSummary | None = None
        self._had_record = False
        self._consumed = False
        self._out_of_scope = False
        self._failure: BaseException | None = None
        self._deferred: BaseException | None = None  # raised once the buffer runs dry

    # -- connector side ---------------------------------------------------------------------
    async def _run(
        self, query: str, parameters: dict[str, Any], autocommit: TxParams | None = None
    ) -> None:
        self._query, self._parameters = query, parameters
        # RUN and the first PULL travel together (one round trip, as Bolt pipelines them).
        response = await self._connection.run(query, parameters, autocommit, self._fetch_size)
        self._keys = tuple(response.keys)
        self._qid = response.qid
        self._t_first = response.t_first
        self._streaming = True
        if response.first is not None:  # else the Bolt connector reads it on demand
            await self._take(response.first)

    async def _pull(self) -> None:
        """One PULL of ``fetch_size`` records into the buffer."""
        if self._deferred is not None:
            error, self._deferred = self._deferred, None
            self._fail(error)
            raise error
        try:
            response = await self._connection.pull(self._qid, self._fetch_size)
        except BaseException as error:
            self._fail(error)
            raise
        await self._take(response)

    async def _take(self, response: PullResponse) -> None:
        self._buffer.extend(make_records(response.records, self._keys))
        if response.records:
            self._had_record = True
        if response.error is not None:
            # Records that came before the FAILURE are still handed out; the error is
            # raised when the caller wants more than those.
            self._deferred = response.error
        elif not response.has_more:
            await self._done(response.summary or {})

    async def _discard(self) -> None:
        try:
            metadata = await self._connection.discard(self._qid)
        except BaseException as error:
            self._fail(error)
            raise
        await self._done(metadata)

    async def _done(self, metadata: dict[str, Any]) -> None:
        self._streaming = False
        self._metadata = metadata
        if self._on_done is not None:
            await self._on_done(metadata)

    def _fail(self, error: BaseException) -> None:
        self._streaming = False
        self._failure = error
        if self._on_error is not None:
            self._on_error(error)

    def _tx_failure(self, error: BaseException) -> None:
        """Another query of the transaction failed: no more records will come. Buffered
        records stay readable; asking for more raises ``ResultFailedError`` locally."""
        if not self._streaming or self._failure is not None or self._deferred is not None:
            return
        parked = self._connection.take_parked(self._qid)  # records read ahead are kept
        if parked is not None:
            self._buffer.extend(make_records(parked.records, self._keys))
            self._had_record = self._had_record or bool(parked.records)
        self._deferred = _failed(self, error)

    async def _buffer_all(self) -> None:
        """Pull everything into the local buffer (before the connection is reused)."""
        while self._streaming:
            await self._pull()

    async def _exhaust(self) -> None:
        """Drop what is left, buffered or not, keeping the summary."""
        self._buffer.clear()
        if self._deferred is not None:
            await self._pull()  # raises the pipelined PULL's failure
        if self._streaming:
            await self._discard()

    async def _tx_end(self) -> None:
        """The transaction is ending: finish the stream, then refuse further use."""
        if self._streaming and self._failure is None:
            await self._exhaust()
        self._out_of_scope = True

    def _check(self) -> None:
        if self._out_of_scope:
            raise ResultConsumedError(self, _OUT_OF_SCOPE)
        if self._consumed:
            raise ResultConsumedError(self, _CONSUMED)
        if self._failure is not None:
            raise _failed(self, self._failure)

    async def _next_record(self) -> Record | None:
        while not self._buffer and self._streaming:
            await self._pull()
        return self._buffer.popleft() if self._buffer else None

    # -- public API -------------------------------------------------------------------------
    async def __aiter__(self) -> AsyncIterator[Record]:
        """Iterate over the records, pulling more as the buffer runs dry."""
        self._check()
        buffer = self._buffer  # never replaced, only emptied and refilled
        popleft = buffer.popleft
        while True:
            while buffer:
                yield popleft()
                # consume(), the end of the transaction or a failure may come between two
                # records: the flags first, the full check only when one is set.
                if self._consumed or self._out_of_scope or self._failure is not None:
                    self._check()
            if not self._streaming:
                return
            await self._pull()

    def keys(self) -> list[str]:
        """The column names."""
        return list(self._keys)

    async def consume(self) -> ResultSummary:
        """Discard the remaining records and return the summary (may be called again)."""
        if self._out_of_scope:
            raise ResultConsumedError(self, _OUT_OF_SCOPE)
        if self._summary is None:
            if self._failure is not None:
                raise _failed(self, self._failure)
            await self._exhaust()
            try:
                self._summary = self._make_summary()
            except ProtocolError as error:  # e.g. an unknown query type: the result is unusable
                self._failure = error
                raise
        self._consumed = True
        self._buffer.clear()
        return self._summary

    def _make_summary(self) -> ResultSummary:
        metadata = dict(self._metadata or {})
        metadata["query"] = {"text": self._query, "parameters": self._parameters}
        metadata.setdefault("t_first", self._t_first)
        metadata.setdefault("_had_key", bool(self._keys))
        metadata.setdefault("_had_record", self._had_record)
        return ResultSummary(self._server or self._connection.server, **metadata)

    async def single(self, strict: bool = False) -> Record | None:
        """The one and only record; the rest of the result is discarded.

        Zero or several records: ``strict`` raises ``ResultNotSingleError``; otherwise zero
        records give None, and several give the first one with a warning (as the official
        driver does).
        """
        self._check()
        first = await self._next_record()
        second = await self._next_record() if first is not None else None
        await self._exhaust()
        if first is None:
            if strict:
                raise ResultNotSingleError(self, "No records found. Exactly one was expected.")
            return None
        if second is not None:
            if strict:
                raise ResultNotSingleError(
                    self, "More than one record found. Exactly one was expected."
                )
            warnings.warn(
                "Expected a result with a single record, but found multiple", stacklevel=2
            )
        return first

    async def fetch(self, n: int) -> list[Record]:
        """Up to ``n`` more records."""
        self._check()
        out: list[Record] = []
        while len(out) < n:
            record = await self._next_record()
            if record is None:
                break
            out.append(record)
        return out

    async def peek(self) -> Record | None:
        """The next record without taking it; None at the end."""
        self._check()
        while not self._buffer and self._streaming:
            await self._pull()
        return self._buffer[0] if self._buffer else None

    async def graph(self) -> Graph:
        """The nodes and relationships of all remaining records (which stay readable)."""
        self._check()
        await self._buffer_all()
        return hydrate_graph(self._buffer)

    async def value(self, key: int | str = 0, default: Any = None) -> list[Any]:
        """One value of every remaining record."""
        return [record.value(key, default) async for record in self]

    async def values(self, *keys: int | str) -> list[list[Any]]:
        """The values (or those of ``keys``) of every remaining record."""
        return [record.values(*keys) async for record in self]

    async def data(self, *keys: int | str) -> list[dict[str, Any]]:
        """``Record.data`` of every remaining record."""
        return [record.data(*keys) async for record in self]

    async def to_eager_result(self) -> EagerResult:
        """All remaining records, the summary and the keys."""
        self._check()
        await self._buffer_all()
        records = list(self._buffer)
        self._buffer.clear()
        summary = await self.consume()
        return EagerResult(records, summary, self.keys())

    async def to_df(self, expand: bool = False, parse_dates: bool = False) -> Any:
        """The remaining records as a ``pandas.DataFrame`` (pandas must be installed)."""
        from graphbolt.driver._dataframe import records_to_df

        self._check()
        keys = self.keys()
        records = [record async for record in self]
        return records_to_df(records, keys, expand=expand, parse_dates=parse_dates)

    def closed(self) -> bool:
        """True once the result was consumed or its transaction ended."""
        return self._out_of_scope or self._consumed


def _failed(result: AsyncResult, cause: BaseException) -> ResultFailedError:
    """``ResultFailedError`` chained to ``cause``, whose class the message names."""
    if isinstance(cause, ResultFailedError) and cause.__cause__ is not None:
        cause = cause.__cause__
    error = ResultFailedError(
        result,
        "The result has failed. Either this result or another result in the same "
        f"transaction has encountered an error. Caused by: {type(cause).__name__}: {cause}",
    )
    error.__cause__ = cause
    return error
