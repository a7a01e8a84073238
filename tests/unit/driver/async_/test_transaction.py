"""Explicit and managed transactions against the fake connector."""

from __future__ import annotations

import pytest

from graphbolt.driver._async.driver import AsyncDriver
from graphbolt.driver._config import driver_config
from graphbolt.exceptions import ClientError, ResultConsumedError, TransactionError

from .fake import AsyncFakeConnector, Script


def make_driver() -> tuple[AsyncDriver, AsyncFakeConnector]:
    connector = AsyncFakeConnector(
        {
            "Q": Script(["x"], [(1,), (2,), (3,)]),
            "BAD": Script(run_error=ClientError.hydrate(
                "Neo.ClientError.Statement.SyntaxError", "bad")),
        }
    )  # fmt: skip
    return AsyncDriver(connector, driver_config({"fetch_size": 1}), None), connector


async def test_commit_reports_bookmark_and_ends_results() -> None:
    driver, connector = make_driver()
    async with driver.session() as session:
        tx = await session.begin_transaction(metadata={"app": "t"}, timeout=5)
        result = await tx.run("Q", {"a": 1}, b=2)
        assert connector.log.calls[-2:] == [("run", "Q", {"a": 1, "b": 2}), ("pull", 0, 1)]
        await tx.commit()
        assert tx.closed()
        assert connector.log.begins[-1].metadata == {"app": "t"}
        assert connector.log.begins[-1].timeout == 5
        assert (await session.last_bookmarks()).raw_values == {"fake:1"}
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
        with pytest.raises(TransactionError):
            await tx.run("Q")


async def test_context_manager_commits_or_rolls_back() -> None:
    driver, connector = make_driver()
    async with driver.session() as session:
        async with await session.begin_transaction() as tx:
            await tx.run("Q")
        assert ("commit",) in connector.log.calls
        with pytest.raises(RuntimeError):
            async with await session.begin_transaction() as tx:
                await tx.run("Q")
                raise RuntimeError("boom")
        assert connector.log.calls[-1] == ("rollback",)


async def test_failed_query_fails_the_transaction() -> None:
    driver, connector = make_driver()
    async with driver.session() as session:
        tx = await session.begin_transaction()
        with pytest.raises(ClientError):
            await tx.run("BAD")
        with pytest.raises(TransactionError):
            await tx.commit()
        assert tx.closed()
        assert ("commit",) not in connector.log.calls


async def test_rollback_twice_raises_close_does_not() -> None:
    driver, _ = make_driver()
    async with driver.session() as session:
        tx = await session.begin_transaction()
        await tx.rollback()
        with pytest.raises(TransactionError):
            await tx.rollback()
        await tx.close()


async def test_one_explicit_transaction_per_session() -> None:
    driver, _ = make_driver()
    async with driver.session() as session:
        tx = await session.begin_transaction()
        with pytest.raises(TransactionError):
            await session.begin_transaction()
        with pytest.raises(TransactionError):
            await session.run("Q")
        await tx.rollback()
        await (await session.run("Q")).consume()


async def test_session_close_rolls_back_open_transaction() -> None:
    driver, connector = make_driver()
    session = driver.session()
    tx = await session.begin_transaction()
    await session.close()
    assert tx.closed()
    assert connector.log.calls[-1] == ("rollback",)
    assert connector.log.acquired == connector.log.released


async def test_failure_of_an_unread_result_fails_the_commit() -> None:
    driver, connector = make_driver()
    connector.scripts["FAILS"] = Script(["x"], [(1,)], pull_error_after=0)
    async with driver.session() as session:
        tx = await session.begin_transaction()
        result = await tx.run("FAILS")  # RUN succeeded; the pipelined PULL failed
        assert result.keys() == ["x"]
        with pytest.raises(ClientError):
            await tx.commit()
        assert tx.closed()
        assert ("commit",) not in connector.log.calls
        assert connector.log.calls[-1] == ("rollback",)
