"""AsyncResult against the fake connector: batching, accessors and consumed states."""

from __future__ import annotations

import warnings

import pytest

from graphbolt.driver._async.driver import AsyncDriver
from graphbolt.driver._config import driver_config
from graphbolt.exceptions import ResultConsumedError, ResultNotSingleError
from graphbolt.values._graph import Node, Relationship

from .fake import AsyncFakeConnector, Script

ROWS = [(i, f"n{i}") for i in range(10)]


def make_driver(**config: object) -> tuple[AsyncDriver, AsyncFakeConnector]:
    connector = AsyncFakeConnector(
        {
            "Q": Script(["i", "s"], ROWS, {"type": "r", "t_first": 3, "t_last": 4}),
            "ONE": Script(["x"], [(1,)]),
            "NONE": Script(["x"], []),
            "W": Script([], [], {"type": "w", "stats": {"nodes-created": 2}}),
        }
    )
    return AsyncDriver(connector, driver_config(dict(config)), None), connector


async def test_records_are_pulled_fetch_size_at_a_time() -> None:
    driver, connector = make_driver(fetch_size=3)
    async with driver.session() as session:
        result = await session.run("Q")
        assert connector.log.pulls == [3]  # the first PULL is pipelined with the RUN
        first = await result.fetch(3)
        assert [r["i"] for r in first] == [0, 1, 2]
        assert connector.log.pulls == [3]  # no PULL while records are buffered
        await result.peek()
        assert connector.log.pulls == [3, 3]  # the next one only once the buffer is empty
        rest = [record async for record in result]
        assert [r["i"] for r in rest] == list(range(3, 10))
        assert connector.log.pulls == [3, 3, 3, 3]


async def test_fetch_size_minus_one_pulls_everything_at_once() -> None:
    driver, connector = make_driver(fetch_size=-1)
    async with driver.session() as session:
        result = await session.run("Q")
        assert len(await result.values()) == 10
        assert connector.log.pulls == [-1]


async def test_keys_values_data_value() -> None:
    driver, _ = make_driver(fetch_size=4)
    async with driver.session() as session:
        result = await session.run("Q")
        assert result.keys() == ["i", "s"]
        assert await result.value("s") == [f"n{i}" for i in range(10)]
        result = await session.run("Q")
        assert (await result.values("s", "i"))[1] == ["n1", 1]
        result = await session.run("Q")
        assert (await result.data())[2] == {"i": 2, "s": "n2"}
        result = await session.run("Q")
        assert await result.value(0, default=None) == list(range(10))


async def test_peek_does_not_take_the_record() -> None:
    driver, _ = make_driver(fetch_size=2)
    async with driver.session() as session:
        result = await session.run("ONE")
        peeked = await result.peek()
        assert peeked is not None and peeked["x"] == 1
        assert (await result.fetch(5))[0] == peeked
        assert await result.peek() is None


async def test_single_strict_and_lenient() -> None:
    driver, _ = make_driver()
    async with driver.session() as session:
        one = await (await session.run("ONE")).single(strict=True)
        assert one is not None and one["x"] == 1
        with pytest.raises(ResultNotSingleError):
            await (await session.run("NONE")).single(strict=True)
        with pytest.raises(ResultNotSingleError):
            await (await session.run("Q")).single(strict=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # zero records: None, and no warning
            assert await (await session.run("NONE")).single() is None
        with pytest.warns(UserWarning):
            record = await (await session.run("Q")).single()
        assert record is not None and record["i"] == 0


async def test_consume_gives_summary_and_ends_iteration() -> None:
    driver, connector = make_driver(fetch_size=2)
    async with driver.session() as session:
        result = await session.run("Q", {"p": 1})
        await result.fetch(1)
        summary = await result.consume()
        assert ("discard", 0) in connector.log.calls
        assert summary.query == "Q" and summary.parameters == {"p": 1}
        assert summary.query_type == "r"
        assert summary.server is not None and summary.server.agent == "fake/1.0"
        assert summary.result_available_after == 3
        assert summary.result_consumed_after == 4
        assert await result.consume() is summary
        assert result.closed()
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
        with pytest.raises(ResultConsumedError):
            [r async for r in result]
        assert result.keys() == ["i", "s"]


async def test_summary_counters_and_gql_status() -> None:
    driver, _ = make_driver()
    async with driver.session() as session:
        summary = await (await session.run("W")).consume()
        assert summary.counters.nodes_created == 2
        assert summary.counters.contains_updates
        assert summary.gql_status_objects[0].gql_status == "00001"
        summary = await (await session.run("NONE")).consume()
        assert summary.gql_status_objects[0].gql_status == "02000"
        assert not summary.counters.contains_updates
        result = await session.run("ONE")
        await result.fetch(1)
        assert (await result.consume()).gql_status_objects[0].gql_status == "00000"


async def test_to_eager_result_unpacks() -> None:
    driver, _ = make_driver(fetch_size=3)
    async with driver.session() as session:
        records, summary, keys = await (await session.run("Q")).to_eager_result()
        assert len(records) == 10 and keys == ["i", "s"]
        assert summary.database == summary.metadata.get("db")


async def test_graph_collects_nodes_and_relationships() -> None:
    a = Node(1, frozenset({"P"}), {"name": "a"})
    b = Node(2, frozenset({"P"}), {"name": "b"})
    rel = Relationship(7, "KNOWS", 1, 2, {})
    driver, connector = make_driver()
    connector.scripts["G"] = Script(["a", "r", "b"], [(a, rel, b)])
    async with driver.session() as session:
        result = await session.run("G")
        graph = await result.graph()
        assert {n["name"] for n in graph.nodes} == {"a", "b"}
        (r,) = list(graph.relationships)
        assert r.start_node["name"] == "a" and r.end_node["name"] == "b"
        # the records are still there after graph()
        assert len(await result.values()) == 1


async def test_records_of_a_new_run_buffer_the_previous_result() -> None:
    driver, _ = make_driver(fetch_size=2)
    async with driver.session() as session:
        first = await session.run("Q")
        second = await session.run("ONE")
        assert len([r async for r in first]) == 10
        assert len([r async for r in second]) == 1


async def test_session_close_consumes_open_result() -> None:
    driver, _ = make_driver(fetch_size=2)
    session = driver.session()
    result = await session.run("Q")
    await session.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ResultConsumedError):
            await result.fetch(1)
