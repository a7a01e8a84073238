"""Async-only behaviour of the Bolt connector: cancelled tasks, many tasks on one pool."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from graphbolt import AsyncGraphDatabase

from .bolt_server import BoltServer, serve


@pytest.fixture(scope="module")
def server() -> Iterator[BoltServer]:
    with serve() as running:
        yield running


async def test_cancelled_task_leaves_connections_usable(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, fetch_size=-1, max_connection_pool_size=1
    ) as driver:

        async def long_read() -> Any:
            async with driver.session() as session:
                result = await session.run("UNWIND range(1, 400000) AS i RETURN i")
                return await result.value()

        for delay in (0.0, 0.01, 0.05):
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(long_read(), delay)
            records, _, _ = await driver.execute_query("UNWIND range(1, 3) AS i RETURN i")
            assert [r["i"] for r in records] == [1, 2, 3]  # no stray replies on the wire
        connector: Any = driver._connector
        assert sum(pool.in_use for pool in connector.pools.values()) == 0


async def test_many_tasks_share_a_small_pool(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, max_connection_pool_size=3
    ) as driver:

        async def one(i: int) -> int:
            records, _, _ = await driver.execute_query("RETURN $i AS i", i=i)
            return int(records[0]["i"])

        assert await asyncio.gather(*(one(i) for i in range(60))) == list(range(60))
        connector: Any = driver._connector
        assert sum(pool.size for pool in connector.pools.values()) <= 3
