"""Many asyncio tasks, one driver: conflicting writes succeed through retries."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from graphbolt import AsyncGraphDatabase, GraphDatabase

TASKS = 200


async def increment_concurrently(uri: str) -> tuple[int, int]:
    attempts = 0

    async def increment(tx: Any) -> int:
        nonlocal attempts
        attempts += 1
        result = await tx.run("MATCH (c:Counter) SET c.n = c.n + 1 RETURN c.n AS n")
        record = await result.single(strict=True)
        assert record is not None
        return int(record["n"])

    async def task() -> int:
        async with driver.session() as session:
            return await session.execute_write(increment)

    async with AsyncGraphDatabase.driver(
        uri, initial_retry_delay=0.002, max_transaction_retry_time=120.0
    ) as driver:
        await driver.execute_query("CREATE (:Counter {n: 0})")
        seen = await asyncio.gather(*(task() for _ in range(TASKS)))
        records, _, _ = await driver.execute_query("MATCH (c:Counter) RETURN c.n AS n")
    assert sorted(seen) == list(range(1, TASKS + 1))  # every increment saw a distinct value
    return int(records[0]["n"]), attempts - TASKS


@pytest.mark.parametrize("where", ["memory", "file"])
def test_200_tasks_increment_one_counter(where: str, tmp_path: Path) -> None:
    uri = "memory://" if where == "memory" else f"file://{tmp_path / 'db'}"
    count, retries = asyncio.run(increment_concurrently(uri))
    assert count == TASKS
    assert retries > 0  # the tasks really conflicted and were retried


def test_concurrent_readers_and_bookmarked_sessions() -> None:
    async def main() -> list[int]:
        async with AsyncGraphDatabase.driver("memory://") as driver:

            async def write_then_read(i: int) -> int:
                async with driver.session() as writer:
                    await writer.execute_write(lambda tx: tx.run("CREATE (:Mark {i: $i})", i=i))
                    bookmarks = await writer.last_bookmarks()
                async with driver.session(bookmarks=bookmarks) as reader:
                    result = await reader.run("MATCH (m:Mark {i: $i}) RETURN count(m) AS c", i=i)
                    record = await result.single(strict=True)
                    assert record is not None
                    return int(record["c"])

            return list(await asyncio.gather(*(write_then_read(i) for i in range(50))))

    assert asyncio.run(main()) == [1] * 50


def test_sync_driver_from_many_threads() -> None:
    errors: list[BaseException] = []
    with GraphDatabase.driver(
        "memory://", initial_retry_delay=0.002, max_transaction_retry_time=60.0
    ) as driver:
        driver.execute_query("CREATE (:Counter {n: 0})")

        def worker() -> None:
            try:
                with driver.session() as session:
                    for _ in range(10):
                        session.execute_write(
                            lambda tx: tx.run("MATCH (c:Counter) SET c.n = c.n + 1").consume()
                        )
            except BaseException as error:  # collected and re-raised by the test
                errors.append(error)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        records, _, _ = driver.execute_query("MATCH (c:Counter) RETURN c.n AS n")
    assert not errors
    assert records[0]["n"] == 80
