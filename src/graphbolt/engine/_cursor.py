"""``Cursor``: the streaming result of one query inside a transaction.

States::

    STREAMING --fetch/iterate to the end--> EXHAUSTED --consume--> CONSUMED
        |                                       ^
        +-- transaction commits: the rest is ----+   (rows buffered, still readable)
        +-- error while pulling: FAILED (the transaction is marked failed too)

Rows are pulled from the plan's generator only when the caller asks (``fetch(n)`` does the work
of n rows), and materialized (references -> Node/Relationship/Path snapshots) one row at a time.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn

from graphbolt.engine._summary import ResultSummary
from graphbolt.errors import RUNTIME, CypherError, GraphboltError, RequestError
from graphbolt.runtime._materialize import materialize_row

if TYPE_CHECKING:
    from graphbolt.engine._database import CompiledQuery
    from graphbolt.engine._transaction import Transaction
    from graphbolt.runtime._context import ExecutionContext


class Cursor:
    """Rows of one query: ``keys``, ``fetch(n)``, iteration, then ``consume()`` for the summary."""

    # Class defaults: a cursor is made per query, so its constructor assigns only what
    # varies.
    _available_after: int | None = None
    _summary: ResultSummary | None = None

    def __init__(
        self,
        tx: Transaction | None,
        keys: list[str],
        rows: Iterator[tuple[Any, ...]] | None,
        ctx: ExecutionContext,
        query: str,
        parameters: dict[str, Any],
        compiled: CompiledQuery,
        database: str,
        public: bool = False,
    ) -> None:
        self.keys = keys
        self._public = public  # rows hold public values already: no materialisation
        self._tx = tx  # None only for a cursor made finished (``finished``)
        self._rows = rows
        self._ctx = ctx
        self._query = query
        self._parameters = parameters
        self._compiled = compiled
        self._database = database
        self._buffer: deque[tuple[Any, ...]] = deque()
        self._started = time.perf_counter()

    @classmethod
    def finished(
        cls,
        rows: list[tuple[Any, ...]],
        ctx: ExecutionContext,
        query: str,
        parameters: dict[str, Any],
        compiled: CompiledQuery,
        database: str,
        started: float,
    ) -> Cursor:
        """A cursor over rows computed already (an auto-commit query, run to its end before
        its transaction ended): every row buffered, the timings measured from ``started``."""
        cursor = cls(None, list(compiled.columns), None, ctx, query, parameters, compiled, database)
        cursor._buffer.extend(rows)
        cursor._started = started
        cursor._available_after = int((time.perf_counter() - started) * 1000)
        return cursor

    # -- pulling ------------------------------------------------------------------------------
    def fetch(self, n: int = -1) -> list[tuple[Any, ...]]:
        """Up to ``n`` more rows (all remaining when n < 0)."""
        buffer = self._buffer
        if n < 0:
            out = list(buffer)  # everything buffered at once: no pop per row
            buffer.clear()
        else:
            out = []
            while buffer and len(out) < n:
                out.append(buffer.popleft())
        if self._rows is not None and (n < 0 or len(out) < n):
            want = -1 if n < 0 else n - len(out)
            out.extend(self._pull(want))
        return out

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while True:
            rows = self.fetch(100)
            if not rows:
                return
            yield from rows

    @property
    def has_more(self) -> bool:
        """True while rows may remain (pulls one row ahead to know)."""
        if self._buffer:
            return True
        if self._rows is None:
            return False
        self._buffer.extend(self._pull(1))
        return bool(self._buffer)

    def consume(self) -> ResultSummary:
        """Discard the remaining rows (running the query to its end) and return the summary."""
        if self._summary is None:
            self._buffer.clear()
            while self._rows is not None:
                self._pull(1000)
            self._summary = self._make_summary()
        return self._summary

    @property
    def summary(self) -> ResultSummary | None:
        return self._summary

    # -- engine side --------------------------------------------------------------------------
    def _finish_into_buffer(self) -> None:
        """Run the query to its end keeping the rows (before the transaction commits)."""
        while self._rows is not None:
            self._buffer.extend(self._pull(1000))

    def _pull(self, n: int) -> list[tuple[Any, ...]]:
        rows = self._rows
        if rows is None:
            return []
        tx = self._tx
        assert tx is not None  # only a finished cursor has none, and it has no rows
        tx._check_usable()
        graph = tx._store_tx
        out: list[tuple[Any, ...]] = []
        try:
            if self._public:
                out.extend(rows if n < 0 else itertools.islice(rows, n))
                if n < 0 or len(out) < n:
                    self._rows = None
            else:
                for row in rows:
                    out.append(materialize_row(row, graph))
                    if len(out) == n:
                        break
                else:
                    self._rows = None
        except Exception as error:
            if not out:
                self._raise_failure(error)
            # The rows before the failing one are delivered first (as Neo4j streams them);
            # the error comes with the next pull.
            self._rows = _raise_later(error)
        if self._available_after is None:
            self._available_after = int((time.perf_counter() - self._started) * 1000)
        return out

    def _raise_failure(self, error: Exception) -> NoReturn:
        """Fail the cursor (and its transaction) with ``error``, translated for the caller."""
        if is_query_failure(error):
            self._fail(error)
        raise_query_failure(error)

    def _fail(self, error: BaseException) -> None:
        self._rows = None
        self._buffer.clear()
        if self._tx is not None:
            self._tx._mark_failed(error)

    def _make_summary(self) -> ResultSummary:
        consumed = int((time.perf_counter() - self._started) * 1000)
        available = self._available_after if self._available_after is not None else consumed
        compiled = self._compiled
        mode = compiled.mode
        return ResultSummary(  # positional: one per query, keywords cost more than the rest
            self._query,
            self._parameters,
            compiled.query_type,
            self._ctx.stats,
            self._database,
            available,
            max(0, consumed - available),
            list(compiled.notifications),
            compiled.describe() if mode else None,
            mode,
        )


def is_query_failure(error: Exception) -> bool:
    """Whether ``error``, raised while a query ran, fails the query and its transaction
    (anything else is a bug or an interrupt, passed on as it is)."""
    return isinstance(error, GraphboltError | RecursionError)


def raise_query_failure(error: Exception) -> NoReturn:
    """Raise ``error`` (raised while a query ran) as the caller should see it: a Cypher
    error of unknown phase happened at run time; running out of stack is the query's
    fault, reported as a request error."""
    if isinstance(error, CypherError) and error.phase is None:
        error.phase = RUNTIME
    if isinstance(error, RecursionError):
        raise RequestError("Query too deeply nested: recursion limit reached") from error
    raise error


def _raise_later(error: BaseException) -> Iterator[Any]:
    """A row source that fails with ``error`` when next pulled."""
    raise error
    yield  # a generator: the raise happens on the first pull, not here
