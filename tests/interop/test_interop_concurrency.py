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
