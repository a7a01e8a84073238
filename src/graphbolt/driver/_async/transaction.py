"""Explicit (``AsyncTransaction``) and managed (``AsyncManagedTransaction``) transactions.

States::

    OPEN --commit--> CLOSED (bookmark reported to the session)
      |  \\--rollback / close / cancel--> CLOSED
      +--a query fails--> FAILED --rollback/close--> CLOSED   (commit raises TransactionError)

Ending a transaction ends its results: commit first runs every open result to its end, then
all of them refuse further use (ResultConsumedError).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.driver._api import Query
from graphbolt.driver._async.connector import AsyncConnection
from graphbolt.driver._async.result import AsyncResult
from graphbolt.driver._async_compat import AsyncUtil
from graphbolt.driver._protocol import TxParams
from graphbolt.driver._values import to_parameters
from graphbolt.exceptions import TransactionError

ClosedHook = Callable[[Any], Awaitable[None]]


class AsyncTransactionBase:
    """What explicit and managed transactions share: ``run`` and the way they end."""

    def __init__(
        self,
        connection: AsyncConnection,
        fetch_size: int,
        on_closed: ClosedHook,
        server: Any = None,
    ) -> None:
        self._connection = connection
        self._fetch_size = fetch_size
        self._on_closed = on_closed
        self._server = server
        self._results: list[AsyncResult] = []
        self._closed_flag = False
        self._failure: BaseException | None = None
        self._database: str | None = None

    async def _begin(self, params: TxParams, pipelined: bool = False) -> None:
        self._database = await self._connection.begin(params, pipelined)

    def _check_usable(self) -> None:
        if self._failure is not None:
            raise TransactionError(
                self, "Transaction failed: roll it back (or close it) and start a new one"
            ) from self._failure
        if self._closed_flag:
            raise TransactionError(self, "Transaction closed")

    def _mark_failed(self, error: BaseException) -> None:
        if self._failure is None:
            self._failure = error
            # The server dropped the transaction: its other results fail locally.
            for result in self._results:
                result._tx_failure(error)

    async def run(
        self, query: str, parameters: dict[str, Any] | None = None, **kwparameters: Any
    ) -> AsyncResult:
        """Run ``query`` with ``parameters`` (and keyword parameters) in this transaction.

        Records stream as the result is read; ``await result.consume()`` for the summary.
        """
        if isinstance(query, Query):
            raise ValueError("Query object is only supported for session.run")
        self._check_usable()
        params = to_parameters(parameters, kwparameters)
        result = AsyncResult(
            self._connection, self._fetch_size, on_error=self._mark_failed, server=self._server
        )
        try:
            await result._run(query, params)
        except BaseException as error:
            self._mark_failed(error)
            raise
        self._results.append(result)
        return result

    async def _commit(self) -> str | None:
        if self._failure is not None and not self._closed_flag:
            # A failed transaction cannot commit: roll it back so nothing stays open.
            await self._end(None, rollback=True)
        self._check_usable()
        bookmark: str | None = None
        try:
            for result in self._results:
                await result._tx_end()
            bookmark = await self._connection.commit()
        except BaseException:
            await self._end(None, rollback=True)
            raise
        await self._end(bookmark, rollback=False)
        return bookmark

    async def _rollback(self) -> None:
        if self._closed_flag:
            if self._failure is not None:
                return  # a failed transaction the session already ended: nothing to undo
            raise TransactionError(self, "Transaction closed")
        await self._end(None, rollback=True)

    async def _close(self) -> None:
        if not self._closed_flag:
            await self._end(None, rollback=True)

    async def _end(self, bookmark: str | None, *, rollback: bool) -> None:
        self._closed_flag = True
        try:
            if rollback and self._failure is None:
                # Open streams are DISCARDed before ROLLBACK (Bolt wants them finished).
                for result in self._results:
                    await result._tx_end()
            for result in self._results:
                result._out_of_scope = True
            if rollback:
                await self._connection.rollback()
        finally:
            for result in self._results:
                result._out_of_scope = True
            await self._on_closed(bookmark)

    def _closed(self) -> bool:
        return self._closed_flag


class AsyncTransaction(AsyncTransactionBase):
    """An explicit transaction: ``run`` queries, then ``commit`` or ``rollback``.

    As a context manager it commits when the block raises nothing and rolls back otherwise.
    Not safe to share between tasks or threads.
    """

    async def commit(self) -> None:
        """Commit; the session's bookmarks become this commit's bookmark."""
        await self._commit()

    async def rollback(self) -> None:
        """Roll back; raises TransactionError if the transaction is already closed."""
        await self._rollback()

    async def close(self) -> None:
        """Roll back unless already closed."""
        await self._close()

    def closed(self) -> bool:
        return self._closed()

    if AsyncUtil.is_async_code:

        def cancel(self) -> None:
            """Mark the transaction failed from any task; the work is rolled back on close."""
            from graphbolt.exceptions import DriverError

            self._mark_failed(DriverError("Transaction cancelled"))

    async def __aenter__(self) -> AsyncTransaction:
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self._closed_flag:
            return
        if exc_type is None and self._failure is None:
            await self._commit()
        else:
            await self._close()


class AsyncManagedTransaction(AsyncTransactionBase):
    """The transaction handed to ``execute_read``/``execute_write`` work: ``run`` only.

    The session commits it when the work returns and rolls it back when the work raises.
    """
