"""Async-only behaviour: the event loop stays free while the engine works; cancel()."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

from graphbolt import AsyncGraphDatabase
from graphbolt.driver._async.embedded import AsyncEmbeddedConnector
from graphbolt.exceptions import SessionError, TransactionError


def test_engine_calls_run_off_the_event_loop() -> None:
    async def main() -> tuple[int, set[str]]:
        threads: set[str] = set()
        ticks = 0
        stop = False

        async def ticker() -> None:
            nonlocal ticks
            while not stop:
                ticks += 1
                await asyncio.sleep(0.001)

        async with AsyncGraphDatabase.driver("memory://") as driver:
            connector = driver._connector
            assert isinstance(connector, AsyncEmbeddedConnector)
            original = connector.dbms.database

            def slow_database(name: str | None = None):  # type: ignore[no-untyped-def]
                threads.add(threading.current_thread().name)
                time.sleep(0.2)  # a slow engine call: must not freeze the loop
                return original(name)

            connector.dbms.database = slow_database  # type: ignore[method-assign]
            task = asyncio.create_task(ticker())
            await driver.execute_query("RETURN 1 AS x")
            stop = True
            await task
        return ticks, threads

    ticks, threads = asyncio.run(main())
    assert ticks >= 20  # the loop kept running during the 0.2 s call
    assert threads and all(name.startswith("graphbolt-driver") for name in threads)


def test_cancel_marks_transaction_failed() -> None:
    async def main() -> None:
        driver = AsyncGraphDatabase.driver("memory://")
        async with driver, driver.session() as session:
            tx = await session.begin_transaction()
            await tx.run("CREATE (:C)")
            tx.cancel()
            try:
                await tx.commit()
            except TransactionError:
                pass
            else:
                raise AssertionError("commit after cancel must fail")
            records, _, _ = await driver.execute_query("MATCH (c:C) RETURN count(c) AS n")
            assert records[0]["n"] == 0

    asyncio.run(main())


def test_cancelled_task_leaves_the_database_usable() -> None:
    async def main() -> int:
        async with AsyncGraphDatabase.driver("memory://") as driver:

            async def long_tx() -> None:
                async with driver.session() as session:
                    tx = await session.begin_transaction()
                    await tx.run("CREATE (:D)")
                    await asyncio.sleep(10)

            task = asyncio.create_task(long_tx())
            await asyncio.sleep(0.1)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            records, _, _ = await driver.execute_query("MATCH (d:D) RETURN count(d) AS n")
            return int(records[0]["n"])

    assert asyncio.run(main()) == 0


def test_sharing_a_session_between_tasks_fails_clearly() -> None:
    async def main() -> None:
        async with AsyncGraphDatabase.driver("memory://") as driver:
            session = driver.session()

            async def slow(tx: object) -> None:
                await asyncio.sleep(0.05)

            first = asyncio.create_task(session.execute_read(slow))
            await asyncio.sleep(0.01)
            try:
                await session.run("RETURN 1")
            except SessionError as error:
                assert "give each task its own session" in str(error)
            else:
                raise AssertionError("concurrent use of one session must fail")
            await first
            await (await session.run("RETURN 1")).consume()  # usable again afterwards
            await session.close()

    asyncio.run(main())


def test_only_trivial_commits_run_on_the_event_loop() -> None:
    """A read-only transaction whose results are consumed commits without a worker thread;
    a write commits on a worker (it may fsync)."""

    async def main() -> dict[str, set[str]]:
        seen: dict[str, set[str]] = {}
        async with AsyncGraphDatabase.driver("memory://") as driver:
            connector = driver._connector
            assert isinstance(connector, AsyncEmbeddedConnector)
            await driver.execute_query("UNWIND range(1, 5) AS i CREATE (:N {i: i})")

            def spy(label: str, tx_obj: object) -> None:
                channel_commit = tx_obj._channel.commit  # type: ignore[attr-defined]

                def commit() -> object:
                    seen.setdefault(label, set()).add(threading.current_thread().name)
                    return channel_commit()

                tx_obj._channel.commit = commit  # type: ignore[attr-defined]

            for label, query, consume in (
                ("read", "MATCH (n:N) RETURN n.i", True),
                ("write", "CREATE (:N)", True),
            ):
                async with driver.session(fetch_size=1) as session:
                    tx = await session.begin_transaction()
                    result = await tx.run(query)
                    spy(label, tx._connection)  # type: ignore[attr-defined]
                    if consume:
                        await result.consume()
                    await tx.commit()
        return seen

    seen = asyncio.run(main())
    assert seen["read"] == {threading.main_thread().name}
    assert all(name.startswith("graphbolt-driver") for name in seen["write"])


def test_channel_commit_is_trivial_only_when_nothing_is_left_to_do() -> None:
    from graphbolt.driver._embedded import EmbeddedChannel, close_dbms, open_dbms
    from graphbolt.driver._protocol import TxParams

    dbms = open_dbms(None)
    try:
        channel = EmbeddedChannel(dbms)
        channel.begin(TxParams())
        channel.run("UNWIND range(1, 3) AS i RETURN i", {}, None, 1)
        assert not channel.commit_is_trivial()  # a result is still streaming
        channel.pull(0, -1)
        assert channel.commit_is_trivial()
        channel.run("CREATE ()", {}, None, -1)
        assert not channel.commit_is_trivial()  # a write must reach storage (and fsync)
        channel.rollback()
        channel.begin_later(TxParams())
        assert not channel.commit_is_trivial()  # BEGIN not run yet (may wait for bookmarks)
    finally:
        close_dbms(dbms)


def test_channel_begin_is_quick_only_without_anything_to_wait_for() -> None:
    from graphbolt.driver._embedded import EmbeddedChannel, close_dbms, open_dbms
    from graphbolt.driver._protocol import TxParams

    dbms = open_dbms(None)
    try:
        channel = EmbeddedChannel(dbms)
        assert not channel.begin_is_quick(TxParams(database="system"))  # not opened yet
        channel.begin(TxParams())
        channel.run("CREATE ()", {}, None, -1)
        bookmark = channel.commit()
        assert bookmark is not None
        assert channel.begin_is_quick(TxParams())
        assert channel.begin_is_quick(TxParams(bookmarks=(bookmark,)))
        ahead = bookmark.rsplit(":", 1)[0] + ":999"
        assert not channel.begin_is_quick(TxParams(bookmarks=(ahead,)))  # would wait
        assert not channel.begin_is_quick(TxParams(bookmarks=("nonsense",)))  # begin says why
        other_db = "graphbolt:system:999"  # another database's bookmark orders nothing here
        assert channel.begin_is_quick(TxParams(bookmarks=(other_db,)))
        channel.begin(TxParams())
        assert not channel.begin_is_quick(TxParams())  # a transaction is open
        channel.rollback()
    finally:
        close_dbms(dbms)
