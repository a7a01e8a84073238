"""The driver on the embedded connector, end to end through the real engine."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from graphbolt.driver._async.driver import AsyncGraphDatabase
from graphbolt.exceptions import (
    ClientError,
    ConstraintError,
    CypherSyntaxError,
    CypherTypeError,
    Neo4jError,
    ResultConsumedError,
)
from graphbolt.values._graph import Node, Relationship
from graphbolt.values._graph import Path as GraphPath
from graphbolt.values._temporal import Date, LocalDateTime

FAST = {"initial_retry_delay": 0.001}


async def test_execute_query_write_then_read() -> None:
    async with AsyncGraphDatabase.driver("memory://", **FAST) as driver:
        _, summary, _ = await driver.execute_query(
            "UNWIND $names AS n CREATE (:Person {name: n})", names=["Ann", "Bob"]
        )
        assert summary.counters.nodes_created == 2
        assert summary.counters.labels_added == 2
        assert summary.counters.properties_set == 2
        assert summary.query_type == "w"
        assert summary.database == "neo4j"
        records, summary, keys = await driver.execute_query(
            "MATCH (p:Person) RETURN p.name AS name ORDER BY name", routing_="r"
        )
        assert [r["name"] for r in records] == ["Ann", "Bob"]
        assert keys == ["name"] and summary.query_type == "r"


async def test_bookmarks_make_a_write_visible_to_another_session() -> None:
    async with AsyncGraphDatabase.driver("memory://", **FAST) as driver:
        async with driver.session() as writer:
            await writer.execute_write(lambda tx: tx.run("CREATE (:Item {v: 42})"))
            bookmarks = await writer.last_bookmarks()
        assert bookmarks and all(b.startswith("graphbolt:neo4j:") for b in bookmarks.raw_values)
        async with driver.session(bookmarks=bookmarks, default_access_mode="READ") as reader:
            result = await reader.run("MATCH (i:Item) RETURN i.v AS v")
            assert await result.value() == [42]


async def test_explicit_transactions_are_isolated_until_commit() -> None:
    driver = AsyncGraphDatabase.driver("memory://")
    async with driver, driver.session() as one, driver.session() as two:
        tx = await one.begin_transaction()
        await (await tx.run("CREATE (:T)")).consume()
        count = await (await two.run("MATCH (t:T) RETURN count(t) AS c")).single()
        assert count is not None and count["c"] == 0
        await tx.commit()
        count = await (await two.run("MATCH (t:T) RETURN count(t) AS c")).single()
        assert count is not None and count["c"] == 1


async def test_rollback_discards_writes() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver, driver.session() as session:
        tx = await session.begin_transaction()
        await tx.run("CREATE (:Gone)")
        await tx.rollback()
        result = await session.run("MATCH (g:Gone) RETURN count(g) AS c")
        assert await result.value("c") == [0]


async def test_errors_map_to_driver_exceptions() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        with pytest.raises(CypherSyntaxError) as syntax:
            await driver.execute_query("RETRUN 1")
        assert syntax.value.code == "Neo.ClientError.Statement.SyntaxError"
        assert syntax.value.gql_status == "42001"
        with pytest.raises(Neo4jError) as arithmetic:
            await driver.execute_query("RETURN 1 / 0 AS x")
        assert arithmetic.value.code == "Neo.ClientError.Statement.ArithmeticError"
        with pytest.raises(CypherTypeError):
            await driver.execute_query("RETURN 1 + true AS x")
        with pytest.raises(ClientError) as missing:
            await driver.execute_query("RETURN $nope AS x")
        assert missing.value.code == "Neo.ClientError.Statement.ParameterMissing"


async def test_runtime_error_in_auto_commit_result() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver, driver.session() as session:
        result = await session.run("UNWIND [1, 0] AS x RETURN 10 / x AS y")
        with pytest.raises(ClientError):
            [r async for r in result]
        assert await (await session.run("RETURN 1 AS x")).value() == [1]


async def test_delete_connected_node_is_a_constraint_error() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        await driver.execute_query("CREATE (:A)-[:R]->(:B)")
        with pytest.raises(ConstraintError):
            await driver.execute_query("MATCH (a:A) DELETE a")


async def test_unknown_database_and_system_database() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        with pytest.raises(ClientError) as error:
            await driver.execute_query("RETURN 1", database_="nope")
        assert error.value.code == "Neo.ClientError.Database.DatabaseNotFound"
        with pytest.raises(ClientError):
            await driver.verify_connectivity(database="nope")
        await driver.execute_query("CREATE (:OnlyInNeo4j)")
        records, _, _ = await driver.execute_query(
            "MATCH (n) RETURN count(n) AS c", database_="system"
        )
        assert records[0]["c"] == 0
        async with driver.session(database="nope") as session:
            with pytest.raises(ClientError):
                await session.run("RETURN 1")


async def test_file_uri_is_durable(tmp_path: Path) -> None:
    uri = f"file://{tmp_path / 'db'}"
    async with AsyncGraphDatabase.driver(uri) as driver:
        await driver.execute_query("CREATE (:Kept {n: 1})")
    assert (tmp_path / "db" / "neo4j").is_dir()
    async with AsyncGraphDatabase.driver(uri) as driver:
        records, _, _ = await driver.execute_query("MATCH (k:Kept) RETURN k.n AS n")
        assert [r["n"] for r in records] == [1]


async def test_drivers_of_one_file_location_share_it(tmp_path: Path) -> None:
    uri = f"file://{tmp_path / 'db'}"
    async with AsyncGraphDatabase.driver(uri) as one:
        async with AsyncGraphDatabase.driver(uri) as two:
            await one.execute_query("CREATE (:Shared)")
            records, summary, _ = await two.execute_query("MATCH (s:Shared) RETURN count(s) AS c")
            assert records[0]["c"] == 1
            assert summary.server is not None and summary.server.address == uri
        # closing one driver leaves the location open for the other
        records, _, _ = await one.execute_query("MATCH (s:Shared) RETURN count(s) AS c")
        assert records[0]["c"] == 1


async def test_memory_uris_are_private_per_driver() -> None:
    async with AsyncGraphDatabase.driver("memory://") as one:
        await one.execute_query("CREATE (:Mine)")
        async with AsyncGraphDatabase.driver("memory://") as two:
            records, _, _ = await two.execute_query("MATCH (m:Mine) RETURN count(m) AS c")
            assert records[0]["c"] == 0


async def test_graph_values_and_path_hydration() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        records, _, _ = await driver.execute_query(
            "CREATE p = (a:P {name: 'a'})-[r:KNOWS {since: 1}]->(b:P {name: 'b'}) RETURN a, r, b, p"
        )
        a, r, b, p = records[0].values()
        assert isinstance(a, Node) and a.labels == frozenset({"P"}) and a["name"] == "a"
        assert isinstance(r, Relationship) and r.type == "KNOWS" and r["since"] == 1
        assert isinstance(p, GraphPath) and p.start_node == a and p.end_node == b
        assert p.relationships[0].start_node["name"] == "a"
        assert records[0].data()["r"] == ({"name": "a"}, "KNOWS", {"name": "b"})
        assert records[0].data("a") == {"a": {"name": "a"}}


async def test_stdlib_temporal_parameters() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        records, _, _ = await driver.execute_query(
            "RETURN $d AS d, $dt AS dt",
            d=datetime.date(2024, 2, 29),
            dt=datetime.datetime(2024, 1, 2, 3, 4, 5),
        )
        d, dt = records[0].values()
        assert isinstance(d, Date) and str(d) == "2024-02-29"
        assert isinstance(dt, LocalDateTime) and str(dt).startswith("2024-01-02T03:04:05")


async def test_results_stream_in_batches_from_the_engine() -> None:
    driver = AsyncGraphDatabase.driver("memory://", fetch_size=10)
    async with driver, driver.session() as session:
        tx = await session.begin_transaction()
        result = await tx.run("UNWIND range(1, 95) AS i RETURN i")
        first = await result.fetch(15)
        assert [r["i"] for r in first] == list(range(1, 16))
        rest = await result.value()
        assert rest == list(range(16, 96))
        summary = await result.consume()
        assert summary.counters.contains_updates is False
        await tx.commit()
        with pytest.raises(ResultConsumedError):
            await result.peek()


async def test_server_info_and_connectivity() -> None:
    async with AsyncGraphDatabase.driver("memory://", auth=("neo4j", "pw")) as driver:
        await driver.verify_connectivity()
        info = await driver.get_server_info()
        assert info.agent.startswith("graphbolt/")
        assert await driver.supports_multi_db()
        assert await driver.verify_authentication()


async def read_people(tx: Any) -> list[str]:
    result = await tx.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name")
    return [record["name"] async for record in result]


async def test_execute_read_in_managed_transaction() -> None:
    async with AsyncGraphDatabase.driver("memory://") as driver:
        await driver.execute_query("CREATE (:Person {name: 'Zed'})")
        async with driver.session(database="neo4j") as session:
            assert await session.execute_read(read_people) == ["Zed"]
            with pytest.raises(ClientError):
                await session.execute_read(lambda tx: tx.run("CREATE (:X)"))
