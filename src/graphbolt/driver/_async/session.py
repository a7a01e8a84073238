"""``AsyncSession``: a causally chained sequence of transactions on one database.

A session holds a connection only while it has work in flight (an auto-commit result being
read or a transaction open). Its bookmarks are replaced by each commit's bookmark and sent
with the next transaction, so a session always reads its own writes. Not safe to share
between tasks or threads: give each task its own session.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from graphbolt.driver._api import READ_ACCESS, Bookmarks, Query
from graphbolt.driver._async.bookmarks import AsyncBookmarkManager
from graphbolt.driver._async.connector import AsyncConnection, AsyncConnector
from graphbolt.driver._async.result import AsyncResult
from graphbolt.driver._async.transaction import (
    AsyncManagedTransaction,
    AsyncTransaction,
    AsyncTransactionBase,
)
from graphbolt.driver._async_compat import AsyncUtil
from graphbolt.driver._config import SessionConfig
from graphbolt.driver._protocol import TxParams
from graphbolt.driver._retry import RetryPolicy, is_retryable
from graphbolt.driver._summary import notification_filters
from graphbolt.driver._values import to_parameters
from graphbolt.exceptions import Neo4jError, SessionError, TransactionError

T = TypeVar("T")

# TELEMETRY api numbers (Bolt 5.4+): which API a unit of work comes from.
_API_TX_FUNCTION = 0
_API_TRANSACTION = 1
_API_AUTO_COMMIT = 2
API_EXECUTE_QUERY = 3


def _raw_bookmarks(bookmarks: Any) -> tuple[str, ...]:
    if bookmarks is None:
        return ()
    if isinstance(bookmarks, Bookmarks):
        return tuple(bookmarks.raw_values)
    if isinstance(bookmarks, str):
        return (bookmarks,)
    return tuple(bookmarks)


class AsyncSession:
    """Run auto-commit queries, explicit transactions and retried transaction functions."""

    def __init__(self, connector: AsyncConnector, config: SessionConfig, server: Any = None):
        self._connector = connector
        self._config = config
        self._server = server
        self._bookmarks: tuple[str, ...] = _raw_bookmarks(config.bookmarks)
        self._sent_bookmarks: tuple[str, ...] = ()
        self._manager: AsyncBookmarkManager | None = config.bookmark_manager
        self._connection: AsyncConnection | None = None
        self._auto_result: AsyncResult | None = None
        self._transaction: AsyncTransactionBase | None = None
        self._closed_flag = False
        self._busy = False
        self._database: str | None = config.database

    # -- context manager and lifecycle ------------------------------------------------------
    async def __aenter__(self) -> AsyncSession:
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.close()

    async def close(self) -> None:
        """Finish the open auto-commit result, roll back an open transaction, release."""
        if self._closed_flag:
            return
        try:
            # A result that already failed (e.g. its task was cancelled mid-read) has
            # nothing left to consume: consuming would mask the original error.
            result = self._auto_result
            if result is not None and not result.closed() and result._failure is None:
                await result.consume()
            if self._transaction is not None:
                await self._transaction._close()
        finally:
            self._auto_result = None
            self._transaction = None
            await self._disconnect()
            self._closed_flag = True

    def closed(self) -> bool:
        return self._closed_flag

    if AsyncUtil.is_async_code:

        def cancel(self) -> None:
            """Stop using the session from any task: open work is rolled back on close."""
            if self._transaction is not None:
                self._transaction._mark_failed(SessionError(self, "Session cancelled"))
            self._closed_flag = True

    def _check_open(self) -> None:
        if self._closed_flag:
            raise SessionError(self, "Attempted to use a closed session.")

    def _enter(self) -> None:
        """Claim the session for one operation; a second concurrent one fails clearly."""
        self._check_open()
        if self._busy:
            raise SessionError(
                self,
                "Session used by two tasks (or threads) at once: sessions are not "
                "concurrency-safe, give each task its own session.",
            )
        self._busy = True

    def _leave(self) -> None:
        self._busy = False

    # -- connection and bookmarks -----------------------------------------------------------
    async def _connect(self, mode: str) -> AsyncConnection:
        if self._connection is None:
            self._connection = await self._connector.acquire(
                self._database,
                mode,
                self._config.auth,
                imp_user=self._config.impersonated_user,
                bookmarks=self._routing_bookmarks,
            )
            if self._database is None:
                # Routing resolved the home database: pin it for the session's lifetime.
                self._database = self._connection.database
        return self._connection

    async def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    async def _routing_bookmarks(self) -> list[str]:
        """The bookmarks a router is told (only asked when a router is)."""
        bookmarks = set(self._bookmarks)
        if self._manager is not None:
            bookmarks.update(await self._manager.get_bookmarks())
        return sorted(bookmarks)

    async def _tx_params(self, mode: str, metadata: Any, timeout: Any) -> TxParams:
        bookmarks = set(self._bookmarks)
        if self._manager is not None:
            bookmarks.update(await self._manager.get_bookmarks())
        self._sent_bookmarks = tuple(bookmarks)
        return TxParams(
            database=self._database,
            mode=mode,
            bookmarks=tuple(sorted(bookmarks)),
            timeout=timeout,
            metadata=metadata,
            impersonated_user=self._config.impersonated_user,
            auth=self._config.auth,
            **notification_filters(self._config),
        )

    async def _update_bookmark(self, bookmark: str | None) -> None:
        if not bookmark:
            return
        previous = self._sent_bookmarks
        self._bookmarks = (bookmark,)
        if self._manager is not None:
            await self._manager.update_bookmarks(previous, (bookmark,))

    async def last_bookmarks(self) -> Bookmarks:
        """The bookmarks of the last commit of this session (or the initial ones)."""
        if self._auto_result is not None and self._auto_result._failure is None:
            await self._auto_result._buffer_all()
        return Bookmarks.from_raw_values(self._bookmarks)

    async def _finish_auto_result(self) -> None:
        """Buffer the previous auto-commit result so its connection can be reused."""
        result, self._auto_result = self._auto_result, None
        if result is not None and result._failure is None:
            await result._buffer_all()
        await self._disconnect()

    def _default_mode(self) -> str:
        return "r" if self._config.default_access_mode == READ_ACCESS else "w"

    # -- auto-commit ------------------------------------------------------------------------
    async def run(
        self, query: str | Query, parameters: dict[str, Any] | None = None, **kwargs: Any
    ) -> AsyncResult:
        """Run ``query`` in its own auto-commit transaction; records stream as read.

        If RUN fails with an error the server marks idempotent (``_idempotent`` in its
        diagnostic record) it is retried once, unless ``disable_auto_commit_retries``.
        """
        self._enter()
        try:
            await self._drop_failed_transaction()
            if self._transaction is not None:
                raise TransactionError(
                    self._transaction, "Explicit transaction must be handled explicitly"
                )
            await self._finish_auto_result()
            text, metadata, timeout = _query_parts(query)
            params = to_parameters(parameters, kwargs)
            try:
                return await self._run_auto_commit(text, params, metadata, timeout)
            except Neo4jError as error:
                if self._config.disable_auto_commit_retries or not _idempotent(error):
                    raise
            return await self._run_auto_commit(text, params, metadata, timeout)
        finally:
            self._leave()

    async def _run_auto_commit(
        self, text: str, parameters: dict[str, Any], metadata: Any, timeout: Any
    ) -> AsyncResult:
        mode = self._default_mode()
        connection = await self._connect(mode)
        connection.telemetry(_API_AUTO_COMMIT)
        params = await self._tx_params(mode, metadata, timeout)
        result = AsyncResult(
            connection, self._config.fetch_size, self._auto_result_done, server=self._server
        )
        try:
            await result._run(text, parameters, params)
        except BaseException:
            await self._disconnect()
            raise
        self._auto_result = result
        return result

    async def _auto_result_done(self, metadata: dict[str, Any]) -> None:
        await self._update_bookmark(metadata.get("bookmark"))
        await self._disconnect()

    # -- explicit transactions --------------------------------------------------------------
    async def begin_transaction(
        self, metadata: dict[str, Any] | None = None, timeout: float | None = None
    ) -> AsyncTransaction:
        """Begin an explicit transaction (only one at a time per session)."""
        self._enter()
        try:
            await self._drop_failed_transaction()
            if self._transaction is not None:
                raise TransactionError(self._transaction, "Explicit transaction already open")
            tx = await self._open_transaction(
                AsyncTransaction, self._default_mode(), metadata, timeout, _API_TRANSACTION
            )
        finally:
            self._leave()
        return tx  # type: ignore[return-value]

    async def _open_transaction(
        self,
        cls: type[AsyncTransactionBase],
        mode: str,
        metadata: Any,
        timeout: Any,
        api: int | None,
        on_telemetry: Callable[[], None] | None = None,
        pipelined: bool = False,
    ) -> AsyncTransactionBase:
        await self._finish_auto_result()
        connection = await self._connect(mode)
        try:
            if api is not None:
                connection.telemetry(api, on_telemetry)
            params = await self._tx_params(mode, metadata, timeout)
            tx = cls(connection, self._config.fetch_size, self._transaction_closed, self._server)
            # BEGIN is awaited (a failing BEGIN never runs the work), except for
            # execute_query, whose one query travels with it (as the official driver).
            await tx._begin(params, pipelined=pipelined)
        except BaseException:
            await self._disconnect()
            raise
        self._transaction = tx
        return tx

    async def _drop_failed_transaction(self) -> None:
        """A failed explicit transaction no longer holds the session (as with the official
        driver, new work may start without rolling it back first): end it now."""
        tx = self._transaction
        if tx is not None and tx._failure is not None:
            await tx._close()

    async def _transaction_closed(self, bookmark: str | None) -> None:
        self._transaction = None
        try:
            await self._update_bookmark(bookmark)
        finally:
            await self._disconnect()

    # -- transaction functions --------------------------------------------------------------
    async def execute_read(
        self, transaction_function: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """Run ``transaction_function(tx, *args, **kwargs)`` in a retried read transaction."""
        return await self._run_transaction("r", transaction_function, args, kwargs)

    async def execute_write(
        self, transaction_function: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """Run ``transaction_function(tx, *args, **kwargs)`` in a retried write transaction.

        The function may run several times (retryable failures), so it must be idempotent
        apart from its database work.
        """
        return await self._run_transaction("w", transaction_function, args, kwargs)

    async def _run_transaction(
        self,
        mode: str,
        work: Callable[..., Awaitable[T]],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        metadata: Any = None,
        timeout: Any = None,
        api: int = _API_TX_FUNCTION,
    ) -> T:
        self._enter()
        try:
            return await self._retry_loop(mode, work, args, kwargs, metadata, timeout, api)
        finally:
            self._leave()

    async def _retry_loop(
        self,
        mode: str,
        work: Callable[..., Awaitable[T]],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        metadata: Any,
        timeout: Any,
        api: int,
    ) -> T:
        await self._drop_failed_transaction()
        if self._transaction is not None:
            raise TransactionError(self._transaction, "Explicit transaction already open")
        metadata = getattr(work, "metadata", metadata)
        timeout = getattr(work, "timeout", timeout)
        config = self._config
        policy = RetryPolicy(
            config.max_transaction_retry_time,
            config.initial_retry_delay,
            config.retry_delay_multiplier,
            config.retry_delay_jitter_factor,
        )
        delays = policy.delays()
        first_failure: float | None = None
        telemetry = _Telemetry(api)
        while True:
            try:
                return await self._attempt(mode, work, args, kwargs, metadata, timeout, telemetry)
            except Exception as error:
                if not is_retryable(error):
                    raise
                now = time.monotonic()
                if first_failure is None:
                    first_failure = now
                if now - first_failure > policy.max_retry_time:
                    raise
            await AsyncUtil.sleep(next(delays))

    async def _attempt(
        self,
        mode: str,
        work: Callable[..., Awaitable[T]],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        metadata: Any,
        timeout: Any,
        telemetry: _Telemetry,
    ) -> T:
        tx = await self._open_transaction(
            AsyncManagedTransaction, mode, metadata, timeout, telemetry.api, telemetry.sent,
            pipelined=telemetry.pipelined,
        )  # fmt: skip
        try:
            value = await work(tx, *args, **kwargs)
        except BaseException:
            await tx._close()
            raise
        await tx._commit()
        return value


class _Telemetry:
    """A retried unit of work's TELEMETRY: sent until the server acknowledged it once."""

    def __init__(self, api: int) -> None:
        self.api: int | None = api
        self.pipelined = api == API_EXECUTE_QUERY  # BEGIN travels with the query

    def sent(self) -> None:
        self.api = None


def _idempotent(error: Neo4jError) -> bool:
    return error.diagnostic_record.get("_idempotent") is True


def _query_parts(query: str | Query) -> tuple[str, Any, Any]:
    if isinstance(query, Query):
        return str(query.text), query.metadata, query.timeout
    if not isinstance(query, str):
        raise TypeError(f"query must be a str or a Query, not {type(query).__name__}")
    return query, None, None
