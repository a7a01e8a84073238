"""Sessions: transaction functions, retries, bookmarks, access modes, closed states."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.driver._api import Bookmarks, unit_of_work
from graphbolt.driver._async.driver import AsyncDriver, AsyncGraphDatabase
from graphbolt.driver._config import driver_config
from graphbolt.exceptions import ClientError, Neo4jError, SessionError, TransientError

from .fake import AsyncFakeConnector, Script

FAST = {"initial_retry_delay": 0.0001, "max_transaction_retry_time": 5.0}


def make_driver(**config: Any) -> tuple[AsyncDriver, AsyncFakeConnector]:
    connector = AsyncFakeConnector({"Q": Script(["x"], [(1,)])})
    return AsyncDriver(connector, driver_config({**FAST, **config}), None), connector


async def read_x(tx: Any, offset: int = 0) -> int:
    result = await tx.run("Q")
    record = await result.single()
    return int(record["x"]) + offset


async def test_execute_read_and_write_modes_and_args() -> None:
    driver, connector = make_driver()
    async with driver.session() as session:
        assert await session.execute_read(read_x, 10) == 11
        assert await session.execute_write(read_x, offset=5) == 6
    assert [p.mode for p in connector.log.begins] == ["r", "w"]
    assert connector.log.acquired == connector.log.released


async def test_transient_errors_are_retried() -> None:
    driver, connector = make_driver()
    connector.commit_failures = 3
    calls = 0

    async def work(tx: Any) -> int:
        nonlocal calls
        calls += 1
        return await read_x(tx)

    async with driver.session() as session:
        assert await session.execute_write(work) == 1
    assert calls == 4


async def test_retries_stop_after_max_retry_time() -> None:
    driver, connector = make_driver(max_transaction_retry_time=0.05, initial_retry_delay=0.01)
    connector.commit_failures = 10_000
    async with driver.session() as session:
        with pytest.raises(TransientError):
            await session.execute_write(read_x)
    assert 2 <= connector.log.calls.count(("commit",)) < 100


async def test_client_errors_and_user_errors_are_not_retried() -> None:
    driver, connector = make_driver()
    calls = 0

    async def bad(tx: Any) -> None:
        nonlocal calls
        calls += 1
        raise ClientError.hydrate("Neo.ClientError.Statement.SyntaxError", "no")

    async def user(tx: Any) -> None:
        raise KeyError("mine")

    async with driver.session() as session:
        with pytest.raises(ClientError):
            await session.execute_write(bad)
        with pytest.raises(KeyError):
            await session.execute_write(user)
    assert calls == 1
    assert connector.log.calls.count(("rollback",)) == 2


async def test_unit_of_work_sets_metadata_and_timeout() -> None:
    driver, connector = make_driver()

    @unit_of_work(metadata={"k": "v"}, timeout=2.5)
    async def work(tx: Any) -> int:
        return await read_x(tx)

    async with driver.session() as session:
        await session.execute_read(work)
    assert connector.log.begins[-1].metadata == {"k": "v"}
    assert connector.log.begins[-1].timeout == 2.5


async def test_bookmarks_chain_within_a_session_and_from_initial() -> None:
    driver, connector = make_driver()
    initial = Bookmarks.from_raw_values(["fake:0"])
    async with driver.session(bookmarks=initial) as session:
        await session.execute_write(read_x)
        assert connector.log.begins[-1].bookmarks == ("fake:0",)
        await session.execute_write(read_x)
        assert connector.log.begins[-1].bookmarks == ("fake:1",)
        assert (await session.last_bookmarks()).raw_values == {"fake:2"}
        await (await session.run("Q")).consume()
        assert connector.log.begins[-1].bookmarks == ("fake:2",)
        assert (await session.last_bookmarks()).raw_values == {"fake:3"}


async def test_bookmark_manager_shared_between_sessions() -> None:
    driver, connector = make_driver()
    seen: list[Bookmarks] = []
    manager = AsyncGraphDatabase.bookmark_manager(
        initial_bookmarks=["start"], bookmarks_consumer=seen.append
    )
    async with driver.session(bookmark_manager=manager) as one:
        await one.execute_write(read_x)
    assert connector.log.begins[-1].bookmarks == ("start",)
    async with driver.session(bookmark_manager=manager) as two:
        await two.execute_read(read_x)
    assert connector.log.begins[-1].bookmarks == ("fake:1",)
    assert seen[0].raw_values == {"fake:1"}
    assert set(await manager.get_bookmarks()) == {"fake:2"}


async def test_default_access_mode_read() -> None:
    driver, connector = make_driver()
    async with driver.session(default_access_mode="READ", database="neo4j") as session:
        await (await session.run("Q")).consume()
        await (await session.begin_transaction()).rollback()
    assert [p.mode for p in connector.log.begins] == ["r", "r"]
    assert {p.database for p in connector.log.begins} == {"neo4j"}


async def test_closed_session_refuses_work() -> None:
    driver, _ = make_driver()
    session = driver.session()
    await session.close()
    assert session.closed()
    with pytest.raises(SessionError):
        await session.run("Q")
    with pytest.raises(SessionError):
        await session.execute_read(read_x)
    await session.close()  # closing twice is fine


def idempotent_failure() -> Neo4jError:
    return Neo4jError.hydrate(
        "Neo.TransientError.General.TemporaryFailure",
        "try again",
        diagnostic_record={"_idempotent": True},
    )


async def run_value(driver: AsyncDriver, query: str, **config: Any) -> list[Any]:
    async with driver.session(**config) as session:
        return await (await session.run(query)).value()


async def test_auto_commit_run_retried_once_when_idempotent() -> None:
    driver, connector = make_driver()
    scripts = connector.scripts
    scripts["R"] = Script(["x"], [(1,)], run_error=idempotent_failure(), run_error_times=1)
    assert await run_value(driver, "R") == [1]
    scripts["R2"] = Script(["x"], [(1,)], run_error=idempotent_failure(), run_error_times=2)
    with pytest.raises(TransientError):
        await run_value(driver, "R2")
    scripts["R3"] = Script(["x"], [(1,)], run_error=idempotent_failure(), run_error_times=1)
    with pytest.raises(TransientError):
        await run_value(driver, "R3", disable_auto_commit_retries=True)
    plain = Neo4jError.hydrate("Neo.TransientError.General.TemporaryFailure", "no diag")
    scripts["R4"] = Script(["x"], [(1,)], run_error=plain, run_error_times=1)
    with pytest.raises(TransientError):
        await run_value(driver, "R4")
    assert connector.log.acquired == connector.log.released
