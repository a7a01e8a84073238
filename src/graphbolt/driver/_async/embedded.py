"""The embedded connector: ``memory://`` and ``file:///path`` databases in this process.

Every engine call runs through ``AsyncUtil.run_blocking``: in the async driver that is a
worker thread of a ``ThreadPoolExecutor`` owned by the connector, so a long query never
blocks the event loop; in the generated sync driver it is a plain call.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from graphbolt.driver._api import ServerInfo
from graphbolt.driver._async.connector import AsyncConnection, AsyncConnector
from graphbolt.driver._async_compat import AsyncUtil
from graphbolt.driver._embedded import (
    AGENT,
    PROTOCOL_VERSION,
    EmbeddedChannel,
    check_database,
    close_dbms,
    open_dbms,
    warm_up,
)
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams
from graphbolt.exceptions import ServiceUnavailable


class AsyncEmbeddedConnection(AsyncConnection):
    """A session's handle on an ``EmbeddedChannel``."""

    def __init__(self, connector: AsyncEmbeddedConnector) -> None:
        self._connector = connector
        self._channel = EmbeddedChannel(connector.dbms, connector.notifications)
        self.server = connector.info

    async def _call(self, fn: Any, *args: Any) -> Any:
        self._connector._check_open()
        return await AsyncUtil.run_blocking(self._connector.executor, fn, *args)

    async def begin(self, params: TxParams, pipelined: bool = False) -> str | None:
        if pipelined:  # no worker round trip: BEGIN runs with the first RUN or the COMMIT
            self._connector._check_open()
            self._channel.begin_later(params)
            return None
        if self._channel.begin_is_quick(params):
            # Taking a snapshot of an open database with nothing to wait for: cheaper here
            # than a worker-thread round trip (errors still raise at once, as BEGIN's would).
            self._connector._check_open()
            return self._channel.begin(params)
        return await self._call(self._channel.begin, params)  # type: ignore[no-any-return]

    async def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        return await self._call(  # type: ignore[no-any-return]
            self._channel.run, query, parameters, autocommit, pull_n
        )

    async def pull(self, qid: int, n: int) -> PullResponse:
        return await self._call(self._channel.pull, qid, n)  # type: ignore[no-any-return]

    async def discard(self, qid: int) -> dict[str, Any]:
        return await self._call(self._channel.discard, qid)  # type: ignore[no-any-return]

    async def commit(self) -> str | None:
        if self._channel.commit_is_trivial():
            # Read-only work, fully consumed: the commit only ends a snapshot. Running it
            # here saves two thread handoffs per read transaction.
            self._connector._check_open()
            return self._channel.commit()
        return await self._call(self._channel.commit)  # type: ignore[no-any-return]

    async def rollback(self) -> None:
        self._channel.drop_pending()
        if self._channel.busy:
            await self._call(self._channel.rollback)

    async def close(self) -> None:
        # Nothing to roll back after a commit: skip the worker-thread round trip. A closed
        # DBMS has rolled everything back already.
        self._channel.drop_pending()
        if self._channel.busy and not self._connector._closed:
            await self._call(self._channel.rollback)


class AsyncEmbeddedConnector(AsyncConnector):
    """Connections to the ``Dbms`` at ``path`` (None: a private in-memory one)."""

    def __init__(
        self,
        path: str | None,
        *,
        max_worker_threads: int = 8,
        notifications: dict[str, Any] | None = None,
    ) -> None:
        self.path = path
        self.notifications = notifications or {}  # the driver's filters (sessions override)
        warm_up()
        self.dbms = open_dbms(path)
        self.executor: ThreadPoolExecutor | None = None
        if AsyncUtil.is_async_code:
            self.executor = ThreadPoolExecutor(
                max_workers=max_worker_threads, thread_name_prefix="graphbolt-driver"
            )
        self._closed = False
        address = "memory" if path is None else f"file://{path}"
        self.info = ServerInfo(address, PROTOCOL_VERSION, AGENT)

    def _check_open(self) -> None:
        if self._closed:
            raise ServiceUnavailable("The embedded database has been closed")

    async def acquire(
        self, database: str | None, mode: str, auth: Any = None, **_routing: Any
    ) -> AsyncConnection:
        self._check_open()
        return AsyncEmbeddedConnection(self)

    async def server_info(self) -> ServerInfo:
        self._check_open()
        return self.info

    async def verify_connectivity(self, database: str | None = None) -> None:
        self._check_open()
        await AsyncUtil.run_blocking(self.executor, check_database, self.dbms, database)

    def supports_multi_db(self) -> bool:
        return True

    async def close(self) -> None:
        """Refuse new calls, let running engine calls finish, then close the databases."""
        if self._closed:
            return
        self._closed = True
        # Not on our own executor: shutting it down waits for the calls still running there.
        await AsyncUtil.run_blocking(None, self._shutdown)

    def _shutdown(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True)
        close_dbms(self.dbms)
