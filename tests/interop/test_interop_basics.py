"""The official neo4j Python driver against ``graphbolt serve``: seeds, transactions, errors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from interop_support import SCHEMES, SEED_PROGRAMS

neo4j = pytest.importorskip(
    "neo4j", reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'"
)
exceptions = pytest.importorskip("neo4j.exceptions")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("program", sorted(SEED_PROGRAMS))
def test_seed_programs(
    server: Any, people: None, seed_program: Callable[..., Path], scheme: str, program: str
) -> None:
    script = seed_program(program, server.uri(scheme), server.auth)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == SEED_PROGRAMS[program]


def test_server_identity(server: Any) -> None:
    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        info = driver.get_server_info()
        assert info.agent.startswith("Neo4j/5") and "graphbolt" in info.agent
        assert tuple(info.protocol_version) >= (5, 8)


def test_routing_driver(server: Any) -> None:
    with neo4j.GraphDatabase.driver(server.uri("neo4j"), auth=server.auth) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("RETURN 40 + 2 AS answer", routing_="r")
        assert records[0]["answer"] == 42


def test_explicit_transactions(driver: Any) -> None:
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction(metadata={"app": "interop"}, timeout=30)
        tx.run("CREATE (:TxKept {v: 1})").consume()
        first = tx.run("UNWIND [1, 2, 3] AS x RETURN x")
        second = tx.run("MATCH (n:TxKept) RETURN count(n) AS c")
        assert second.single()["c"] == 1
        assert [r["x"] for r in first] == [1, 2, 3]
        tx.commit()
        tx = session.begin_transaction()
        tx.run("CREATE (:TxKept {v: 2})").consume()
        tx.rollback()
        count = session.execute_read(
            lambda t: t.run("MATCH (n:TxKept) RETURN count(n) AS c").single()["c"]
        )
        assert count == 1
        created = session.execute_write(
            lambda t: t.run("CREATE (n:TxKept {v: 3}) RETURN n.v AS v").single()["v"]
        )
        assert created == 3


def test_errors_map_to_driver_exceptions(server: Any) -> None:
    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        with pytest.raises(exceptions.CypherSyntaxError) as syntax:
            driver.execute_query("RETURN 1 +")
        assert syntax.value.code == "Neo.ClientError.Statement.SyntaxError"
        assert syntax.value.gql_status == "42001"
        with pytest.raises(exceptions.ClientError) as missing:
            driver.execute_query("RETURN $nope")
        assert missing.value.code == "Neo.ClientError.Statement.ParameterMissing"
        with pytest.raises(exceptions.ClientError) as no_db:
            driver.execute_query("RETURN 1", database_="nosuchdb")
        assert no_db.value.code == "Neo.ClientError.Database.DatabaseNotFound"
        with driver.session() as session:
            with pytest.raises(exceptions.CypherTypeError):
                session.run("RETURN 1 + 'a' + true + [1] + {a: 1} - 1").consume()
            # The session is usable again after a failure (RESET).
            assert session.run("RETURN 1 AS one").single()["one"] == 1
    wrong = neo4j.GraphDatabase.driver(server.uri(), auth=("neo4j", "wrong password"))
    with wrong, pytest.raises(exceptions.AuthError):
        wrong.verify_connectivity()


def test_bookmarks_chain_sessions(server: Any) -> None:
    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        with driver.session() as writer:
            writer.run("CREATE (:Chained {n: 1})").consume()
            bookmarks = writer.last_bookmarks()
        assert bookmarks and all(b.startswith("graphbolt:") for b in bookmarks.raw_values)
        with driver.session(bookmarks=bookmarks, default_access_mode=neo4j.READ_ACCESS) as reader:
            assert reader.run("MATCH (n:Chained) RETURN count(n) AS c").single()["c"] >= 1
        _, summary, _ = driver.execute_query("CREATE (:Chained {n: 2})")
        assert summary.counters.nodes_created == 1
        records, _, _ = driver.execute_query("MATCH (n:Chained) RETURN count(n) AS c")
        assert records[0]["c"] >= 2


def test_fetch_size_two_over_ten_thousand_rows(driver: Any) -> None:
    with driver.session(fetch_size=2) as session:
        result = session.run("UNWIND range(1, 10000) AS x RETURN x")
        seen = [record["x"] for record in result]
        assert seen == list(range(1, 10001))
        summary = result.consume()
        assert summary.query_type == "r"
