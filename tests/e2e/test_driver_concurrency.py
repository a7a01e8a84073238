"""Many asyncio tasks, one driver: conflicting writes succeed through retries."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from graphbolt import AsyncGraphDatabase, GraphDatabase

TASKS = 200


async def increment_concurrently(
    uri: str, auth: tuple[str, str] | None = None, tasks: int = TASKS
) -> tuple[int, int]:
    """``tasks`` concurrent ``execute_write`` increments of one counter: (final, retries).

    Shared with the Bolt end-to-end tests, which run the same scenario over the network.
    """
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
        uri, auth=auth, initial_retry_delay=0.002, max_transaction_retry_time=120.0
    ) as driver:
        await driver.execute_query("MATCH (c:Counter) DETACH DELETE c")
        await driver.execute_query("CREATE (:Counter {n: 0})")
        seen = await asyncio.gather(*(task() for _ in range(tasks)))
        records, _, _ = await driver.execute_query("MATCH (c:Counter) RETURN c.n AS n")
    assert sorted(seen) == list(range(1, tasks + 1))  # every increment saw a distinct value
    return int(records[0]["n"]), attempts - tasks


def increment_from_threads(
    uri: str, auth: tuple[str, str] | None = None
) -> tuple[int, list[BaseException]]:
    """8 threads sharing one sync driver, 10 retried increments each: (final, errors)."""
    errors: list[BaseException] = []
    with GraphDatabase.driver(
        uri, auth=auth, initial_retry_delay=0.002, max_transaction_retry_time=60.0
    ) as driver:
        driver.execute_query("MATCH (c:Counter) DETACH DELETE c")
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
    return int(records[0]["n"]), errors


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
    count, errors = increment_from_threads("memory://")
    assert not errors
    assert count == 80
