"""Many concurrent sessions (async driver), and TLS with a self-signed certificate."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

neo4j = pytest.importorskip(
    "neo4j", reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'"
)


def test_fifty_concurrent_sessions(server: Any) -> None:
    async def worker(driver: Any, i: int) -> int:
        async with driver.session() as session:
            await session.execute_write(lambda tx: tx.run("CREATE (:Concurrent {i: $i})", i=i))
            result = await session.run("UNWIND range(1, 200) AS x RETURN sum(x) + $i AS s", i=i)
            record = await result.single()
            return int(record["s"])

    async def main() -> list[int]:
        async with neo4j.AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
            results = await asyncio.gather(*(worker(driver, i) for i in range(50)))
            records, _, _ = await driver.execute_query(
                "MATCH (n:Concurrent) RETURN count(n) AS c, count(DISTINCT n.i) AS d"
            )
            assert (records[0]["c"], records[0]["d"]) == (50, 50)
            return list(results)

    assert asyncio.run(main()) == [20100 + i for i in range(50)]


def test_tls_with_a_self_signed_certificate(tls_server: Any) -> None:
    uri = tls_server.uri("bolt+ssc")
    with neo4j.GraphDatabase.driver(uri, auth=tls_server.auth) as driver:
        records, _, _ = driver.execute_query("RETURN 'secure' AS s")
        assert records[0]["s"] == "secure"
    plain = neo4j.GraphDatabase.driver(tls_server.uri("bolt"), auth=tls_server.auth,
                                       connection_timeout=5)  # fmt: skip
    with plain, pytest.raises(neo4j.exceptions.ServiceUnavailable):
        plain.verify_connectivity()


def test_execute_write_retries_a_real_write_conflict(server: Any) -> None:
    """Another session commits between this transaction's read and its write: the server
    reports a transient conflict and execute_write runs the function again."""
    attempts: list[int] = []
    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        driver.execute_query("MERGE (c:Counter {id: 'conflict'}) SET c.n = 0")

        def increment(tx: Any) -> int:
            attempts.append(1)
            seen = tx.run("MATCH (c:Counter {id: 'conflict'}) RETURN c.n AS n").single()["n"]
            if len(attempts) == 1:  # a concurrent writer commits after our snapshot
                driver.execute_query("MATCH (c:Counter {id: 'conflict'}) SET c.n = c.n + 1")
            tx.run("MATCH (c:Counter {id: 'conflict'}) SET c.n = $n + 1", n=seen).consume()
            return int(seen)

        with driver.session() as session:
            assert session.execute_write(increment) == 1  # the retry saw the other commit
        records, _, _ = driver.execute_query("MATCH (c:Counter {id: 'conflict'}) RETURN c.n AS n")
    assert len(attempts) == 2
    assert records[0]["n"] == 2  # neither increment lost


def test_concurrent_execute_write_increments_end_exact(server: Any) -> None:
    """50 sessions increment one counter twice each, all at once: conflicts are retried and
    no increment is lost or applied twice."""
    sessions, rounds = 50, 2
    attempts: list[int] = []

    async def increment(tx: Any) -> None:
        attempts.append(1)
        result = await tx.run("MATCH (c:Counter {id: 'stress'}) SET c.n = c.n + 1 RETURN c.n")
        await result.consume()

    async def worker(driver: Any) -> None:
        async with driver.session() as session:
            for _ in range(rounds):
                await session.execute_write(increment)

    async def main() -> int:
        async with neo4j.AsyncGraphDatabase.driver(server.uri(), auth=server.auth) as driver:
            await driver.execute_query("MERGE (c:Counter {id: 'stress'}) SET c.n = 0")
            await asyncio.gather(*(worker(driver) for _ in range(sessions)))
            records, _, _ = await driver.execute_query(
                "MATCH (c:Counter {id: 'stress'}) RETURN c.n AS n"
            )
            return int(records[0]["n"])

    assert asyncio.run(main()) == sessions * rounds
    assert len(attempts) >= sessions * rounds
