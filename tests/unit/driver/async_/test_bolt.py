"""The driver over Bolt against a real ``graphbolt serve`` (bolt:// and neo4j:// URIs)."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphbolt.driver._api import TrustAll, TrustCustomCAs
from graphbolt.driver._async.bolt import AsyncBolt
from graphbolt.driver._async.driver import AsyncDriver, AsyncGraphDatabase
from graphbolt.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    CypherSyntaxError,
    CypherTypeError,
    Neo4jError,
    ResultConsumedError,
    ServiceUnavailable,
    TransactionError,
)
from graphbolt.values._graph import Node, Relationship
from graphbolt.values._graph import Path as GraphPath
from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime

from ..bolt_server import BoltServer, make_certificate, serve

FAST = {"initial_retry_delay": 0.001}


@pytest.fixture(scope="module")
def server() -> Iterator[BoltServer]:
    with serve() as running:
        yield running


def pulls(driver: AsyncDriver) -> int:
    """PULL messages sent so far on the driver's idle connections."""
    connector: Any = driver._connector
    return sum(bolt.pull_count for pool in connector.pools.values() for bolt in pool._idle)


def open_connections(driver: AsyncDriver) -> list[AsyncBolt]:
    connector: Any = driver._connector
    return [bolt for pool in connector.pools.values() for bolt in pool._idle]


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
async def test_execute_query_write_then_read(server: BoltServer, scheme: str) -> None:
    async with AsyncGraphDatabase.driver(server.uri(scheme), auth=server.auth) as driver:
        await driver.execute_query("MATCH (p:Person) DETACH DELETE p")
        _, summary, _ = await driver.execute_query(
            "UNWIND $names AS n CREATE (:Person {name: n})", names=["Ann", "Bob"]
        )
        assert summary.counters.nodes_created == 2
        assert summary.query_type == "w"
        assert summary.database == "neo4j"
        assert summary.server.address == server.address
        records, _, keys = await driver.execute_query(
            "MATCH (p:Person) RETURN p.name AS name ORDER BY name", routing_="r"
        )
        assert keys == ["name"]
        assert [r["name"] for r in records] == ["Ann", "Bob"]


async def test_values_round_trip(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        records, _, _ = await driver.execute_query(
            "CREATE p = (a:V {name: 'a'})-[r:KNOWS {since: 1}]->(b:V {name: 'b'}) "
            "RETURN a, r, b, p, $d AS d, $dt AS dt, $z AS z, $dur AS dur, $raw AS raw, $m AS m",
            d=datetime.date(2024, 2, 29),
            dt=datetime.datetime(2024, 1, 2, 3, 4, 5),
            z=datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
            dur=datetime.timedelta(days=2, seconds=3),
            raw=b"\x00\x01",
            m={"k": [1, 2.5, None, True, "s" * 300]},
        )
        a, r, b, p, d, dt, z, dur, raw, m = records[0].values()
        assert isinstance(a, Node) and a.labels == frozenset({"V"}) and a["name"] == "a"
        assert isinstance(r, Relationship) and r.type == "KNOWS" and r["since"] == 1
        assert isinstance(p, GraphPath) and p.start_node == a and p.end_node == b
        assert isinstance(d, Date) and str(d) == "2024-02-29"
        assert isinstance(dt, LocalDateTime) and str(dt).startswith("2024-01-02T03:04:05")
        assert isinstance(z, DateTime) and str(z).startswith("2024-01-02T03:04:05")
        assert isinstance(dur, Duration)
        assert raw == b"\x00\x01"
        assert m == {"k": [1, 2.5, None, True, "s" * 300]}
        await driver.execute_query("MATCH (v:V) DETACH DELETE v")


async def test_large_record_spanning_chunks(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        records, _, _ = await driver.execute_query("RETURN $s AS s, 1 AS x", s="x" * 200_000)
        assert len(records[0]["s"]) == 200_000 and records[0]["x"] == 1


async def test_fetch_size_pulls_in_batches(server: BoltServer) -> None:
    query = "UNWIND range(1, 10000) AS i RETURN i"
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth, fetch_size=2) as d:
        async with d.session() as session:
            result = await session.run(query)
            values = [record["i"] async for record in result]
        assert values == list(range(1, 10001))
        # RUN + PULL{n: 2} together, then one PULL per 2 records (maybe one more to learn
        # that the stream ended).
        assert 5000 <= pulls(d) <= 5001
        before = pulls(d)
        async with d.session() as session:
            result = await session.run(query)
            first = await result.fetch(3)  # 2 from the pipelined PULL, 1 more PULL
            assert [r["i"] for r in first] == [1, 2, 3]
            summary = await result.consume()  # DISCARD, no PULL
            assert summary.query_type == "r"
        assert pulls(d) - before == 2


async def test_fetch_size_minus_one_pulls_everything_at_once(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth, fetch_size=-1) as d:
        async with d.session() as session:
            result = await session.run("UNWIND range(1, 5000) AS i RETURN i")
            assert len(await result.value()) == 5000
        assert pulls(d) == 1


async def test_explicit_transaction_streams_and_commits(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth, fetch_size=10) as d:
        async with d.session() as session:
            tx = await session.begin_transaction()
            one = await tx.run("UNWIND range(1, 95) AS i RETURN i")
            two = await tx.run("UNWIND range(1, 25) AS j RETURN j")  # two open streams
            assert [r["i"] for r in await one.fetch(15)] == list(range(1, 16))
            assert await two.value() == list(range(1, 26))
            assert await one.value() == list(range(16, 96))
            await tx.run("CREATE (:TxMark)")
            await tx.commit()
            with pytest.raises(ResultConsumedError):
                await one.peek()
            bookmarks = await session.last_bookmarks()
        async with d.session(bookmarks=bookmarks) as reader:
            result = await reader.run("MATCH (m:TxMark) RETURN count(m) AS c")
            assert await result.value() == [1]


async def test_rollback_and_isolation(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        async with driver.session() as session:
            tx = await session.begin_transaction()
            await tx.run("CREATE (:RolledBack)")
            records, _, _ = await driver.execute_query("MATCH (n:RolledBack) RETURN count(n) AS c")
            assert records[0]["c"] == 0
            await tx.rollback()
        records, _, _ = await driver.execute_query("MATCH (n:RolledBack) RETURN count(n) AS c")
        assert records[0]["c"] == 0


async def test_errors_map_to_driver_exceptions(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
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
        await driver.execute_query("CREATE (:CA)-[:R]->(:CB)")
        with pytest.raises(ConstraintError):
            await driver.execute_query("MATCH (a:CA) DELETE a")
        with pytest.raises(ClientError) as database:
            await driver.execute_query("RETURN 1", database_="nope")
        assert database.value.code == "Neo.ClientError.Database.DatabaseNotFound"
        records, _, _ = await driver.execute_query("RETURN 1 AS x")  # connections recovered
        assert records[0]["x"] == 1


async def test_failure_in_stream_and_in_transaction(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth, fetch_size=1) as d:
        async with d.session() as session:
            result = await session.run("UNWIND [1, 2, 0] AS x RETURN 10 / x AS y")
            with pytest.raises(ClientError):
                [r async for r in result]
            assert await (await session.run("RETURN 1 AS x")).value() == [1]
            tx = await session.begin_transaction()
            with pytest.raises(CypherSyntaxError):
                await tx.run("RETRUN 1")
            with pytest.raises(TransactionError):
                await tx.run("RETURN 1")
            await tx.close()
            assert await (await session.run("RETURN 2 AS x")).value() == [2]
        assert len(open_connections(d)) == 1  # one connection, reused after each failure


async def test_managed_transaction_pipelines_begin(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:

        async def work(tx: Any) -> list[int]:
            result = await tx.run("UNWIND range(1, 3) AS i RETURN i")
            return await result.value()  # type: ignore[no-any-return]

        async with driver.session() as session:
            assert await session.execute_read(work) == [1, 2, 3]
        with pytest.raises(ClientError):
            async with driver.session(database="nope") as session:
                await session.execute_write(work)


async def test_bookmarks_chain_between_sessions(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        for i in range(5):
            async with driver.session() as writer:
                await writer.execute_write(lambda tx, i=i: tx.run("CREATE (:BM {i: $i})", i=i))
                bookmarks = await writer.last_bookmarks()
            assert len(bookmarks.raw_values) == 1
            async with driver.session(bookmarks=bookmarks, default_access_mode="READ") as r:
                result = await r.run("MATCH (m:BM {i: $i}) RETURN count(m) AS c", i=i)
                assert await result.value() == [1]


async def test_authentication(server: BoltServer) -> None:
    bad = AsyncGraphDatabase.driver(server.uri(), auth=("neo4j", "wrong"))
    async with bad:
        with pytest.raises(AuthError):
            await bad.verify_connectivity()
        assert not await bad.verify_authentication()
        assert await bad.verify_authentication(server.auth)
    async with AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        info = await driver.get_server_info()
        assert info.agent.startswith("Neo4j/") and info.protocol_version >= (5, 0)
        assert await driver.supports_multi_db()
        assert not driver.encrypted
        async with driver.session(auth=("neo4j", "wrong")) as session:
            with pytest.raises(AuthError):
                await session.run("RETURN 1")


async def test_unreachable_server_is_service_unavailable() -> None:
    async with AsyncGraphDatabase.driver(
        "bolt://127.0.0.1:1",
        auth=("a", "b"),
        connection_acquisition_timeout=5,
        max_transaction_retry_time=0.2,
        initial_retry_delay=0.01,
    ) as driver:
        with pytest.raises(ServiceUnavailable):
            await driver.verify_connectivity()
        with pytest.raises(ServiceUnavailable):
            await driver.execute_query("RETURN 1")  # retried, then raised


async def test_pool_limit_and_acquisition_timeout(server: BoltServer) -> None:
    from graphbolt.exceptions import ConnectionAcquisitionTimeoutError

    driver = AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, max_connection_pool_size=2,
        connection_acquisition_timeout=0.3,
    )  # fmt: skip
    async with driver:
        one, two, three = driver.session(), driver.session(), driver.session()
        tx1 = await one.begin_transaction()
        tx2 = await two.begin_transaction()
        started = time.monotonic()
        with pytest.raises(ConnectionAcquisitionTimeoutError):
            await three.begin_transaction()
        assert 0.25 <= time.monotonic() - started < 3
        await tx1.rollback()
        tx3 = await three.begin_transaction()  # the released connection is reused
        await tx3.commit()
        await tx2.commit()
        for session in (one, two, three):
            await session.close()
        assert len(open_connections(driver)) == 2


async def test_connection_lifetime_and_liveness(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, max_connection_lifetime=0
    ) as driver:
        await driver.execute_query("RETURN 1")
        first = open_connections(driver)
        await driver.execute_query("RETURN 1")
        assert open_connections(driver)[0] is not first[0]  # too old: replaced
        assert first[0].sock.closed
    async with AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, liveness_check_timeout=0
    ) as driver:
        await driver.execute_query("RETURN 1")
        first = open_connections(driver)
        await driver.execute_query("RETURN 1")
        assert open_connections(driver) == first  # pinged with RESET and reused
        first[0].defunct = True
        await driver.execute_query("RETURN 1")
        assert open_connections(driver)[0] is not first[0]  # defunct: dropped


async def test_routing_table_is_fetched_and_refreshed(server: BoltServer) -> None:
    async with AsyncGraphDatabase.driver(server.uri("neo4j"), auth=server.auth) as driver:
        connector: Any = driver._connector
        await driver.execute_query("RETURN 1")  # the home database is resolved by ROUTE
        assert connector.router.refreshes == 1
        table = connector.router.tables[None]
        assert table.routers == table.readers == table.writers == [server.address]
        assert table.ttl > 0 and connector.router.tables["neo4j"] is table
        for _ in range(3):  # a named database's fresh table is reused
            await driver.execute_query("RETURN 1", routing_="r", database_="neo4j")
            await driver.execute_query("RETURN 1", database_="neo4j")
        assert connector.router.refreshes == 1
        await driver.execute_query("RETURN 1")  # each session resolves its home database
        assert connector.router.refreshes == 2
        connector.router.tables["neo4j"].ttl = 0  # expired
        await driver.execute_query("RETURN 1", database_="neo4j")
        assert connector.router.refreshes == 3
        connector.router.on_error(None, server.address, ServiceUnavailable("gone"))
        assert connector.router.tables["neo4j"].writers == []
        await driver.execute_query("RETURN 1", database_="neo4j")  # no writer: refreshed
        assert connector.router.refreshes == 4
        with pytest.raises(ClientError) as missing:
            await driver.execute_query("RETURN 1", database_="nope")
        assert missing.value.code == "Neo.ClientError.Database.DatabaseNotFound"


async def test_routing_context_goes_to_the_server(server: BoltServer) -> None:
    uri = server.uri("neo4j") + "?region=eu"
    async with AsyncGraphDatabase.driver(uri, auth=server.auth) as driver:
        await driver.verify_connectivity()
        connector: Any = driver._connector
        assert connector.router.context == {"address": server.address, "region": "eu"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BoltServer, Path]]:
    made = make_certificate(tmp_path_factory.mktemp("bolt-tls"))
    if made is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = made
    with serve("--tls-cert", str(cert), "--tls-key", str(key)) as running:
        yield running, cert


async def test_tls_schemes_and_settings(tls: tuple[BoltServer, Path]) -> None:
    server, cert = tls
    async with AsyncGraphDatabase.driver(server.uri("bolt+ssc"), auth=server.auth) as driver:
        assert driver.encrypted
        records, _, _ = await driver.execute_query("RETURN 1 AS x")
        assert records[0]["x"] == 1
    async with AsyncGraphDatabase.driver(server.uri("neo4j+ssc"), auth=server.auth) as driver:
        await driver.verify_connectivity()
    async with AsyncGraphDatabase.driver(
        server.uri("bolt+s"), auth=server.auth, max_transaction_retry_time=0
    ) as driver:
        with pytest.raises(ServiceUnavailable):  # self-signed: not trusted by system CAs
            await driver.verify_connectivity()
    for trust in (TrustAll(), TrustCustomCAs(str(cert))):
        async with AsyncGraphDatabase.driver(
            server.uri(), auth=server.auth, encrypted=True, trusted_certificates=trust
        ) as driver:
            await driver.verify_connectivity()
    async with AsyncGraphDatabase.driver(
        server.uri(), auth=server.auth, connection_timeout=2
    ) as driver:
        with pytest.raises(ServiceUnavailable):  # plain Bolt to a TLS port
            await driver.verify_connectivity()
    with pytest.raises(ConfigurationError):
        AsyncGraphDatabase.driver(server.uri("bolt+s"), encrypted=True)
