"""Driver: execute_query, bookmark chaining, server info, closed driver."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.driver._api import Query, RoutingControl
from graphbolt.driver._async.driver import AsyncDriver
from graphbolt.driver._async.result import AsyncResult
from graphbolt.driver._config import driver_config
from graphbolt.exceptions import ClientError, DriverError

from .fake import AsyncFakeConnector, Script

FAST = {"initial_retry_delay": 0.0001}


def make_driver() -> tuple[AsyncDriver, AsyncFakeConnector]:
    connector = AsyncFakeConnector({"Q": Script(["x"], [(1,), (2,)])})
    return AsyncDriver(connector, driver_config(dict(FAST)), None), connector


async def test_execute_query_returns_eager_result() -> None:
    driver, connector = make_driver()
    records, summary, keys = await driver.execute_query("Q", {"a": 1}, b=2)
    assert [r["x"] for r in records] == [1, 2] and keys == ["x"]
    assert summary.parameters == {"a": 1, "b": 2}
    assert connector.log.begins[-1].mode == "w"
    assert ("commit",) in connector.log.calls


async def test_execute_query_routing_database_and_query_object() -> None:
    driver, connector = make_driver()
    query = Query("Q", metadata={"m": 1}, timeout=3)
    await driver.execute_query(query, routing_=RoutingControl.READ, database_="neo4j")
    begin = connector.log.begins[-1]
    assert (begin.mode, begin.database, begin.metadata, begin.timeout) == (
        "r", "neo4j", {"m": 1}, 3,
    )  # fmt: skip


async def test_execute_query_chains_causally_by_default() -> None:
    driver, connector = make_driver()
    await driver.execute_query("Q")
    await driver.execute_query("Q")
    assert connector.log.begins[-1].bookmarks == ("fake:1",)
    assert set(await driver.execute_query_bookmark_manager.get_bookmarks()) == {"fake:2"}
    await driver.execute_query("Q", bookmark_manager_=None)
    assert connector.log.begins[-1].bookmarks == ()


async def test_execute_query_result_transformer_and_reserved_kwargs() -> None:
    driver, _ = make_driver()

    async def first_x(result: AsyncResult) -> Any:
        return (await result.single(strict=False))["x"]  # type: ignore[index]

    with pytest.warns(UserWarning):
        assert await driver.execute_query("Q", result_transformer_=first_x) == 1
    assert await driver.execute_query("Q", result_transformer_=AsyncResult.value) == [1, 2]
    with pytest.raises(ValueError):
        await driver.execute_query("Q", database="x", bad_=1)


async def test_server_info_connectivity_and_close() -> None:
    driver, connector = make_driver()
    info = await driver.get_server_info()
    assert info.agent == "fake/1.0" and info.protocol_version == (5, 8)
    await driver.verify_connectivity()
    assert await driver.supports_multi_db()
    connector.database_error = ClientError.hydrate(
        "Neo.ClientError.Database.DatabaseNotFound", "no such database"
    )
    with pytest.raises(ClientError):
        await driver.verify_connectivity(database="nope")
    async with driver:
        pass
    assert connector.closed
    with pytest.raises(DriverError):
        driver.session()
    with pytest.raises(DriverError):
        await driver.execute_query("Q")
