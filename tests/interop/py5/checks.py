"""Checks run with the official neo4j 5.28 Python driver, in its own venv (.venv-neo4j5).

Usage: python checks.py URI USER PASSWORD CHECK, with CHECK one of the functions in CHECKS.
Started by tests/interop/test_interop_neo4j5.py with that venv's python: this file imports only
the driver (and pytz, its dependency), never graphbolt. Prints "ok CHECK COUNT" on success;
a failed assertion exits non-zero with the traceback on stderr.
"""

from __future__ import annotations

import datetime
import math
import sys
from collections.abc import Callable
from typing import Any

import neo4j
import pytz
from neo4j import exceptions, spatial
from neo4j import time as ntime

SCALARS: list[Any] = [
    None, True, False, 0, 1, -1, 127, 128, -16, -17, -128, -129, 32767, 32768, -32769,
    2**31 - 1, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63), 0.0, -0.5, 1e308, math.inf, -math.inf,
    "", "a", "é漢字🙂", "x" * 15, "x" * 16, "y" * 300, "z" * 70_000,
    b"", b"\x00\xff", bytes(range(256)) * 300,
    [], [1, "two", 3.0, None, [True]], list(range(20)), list(range(70_000)),
    {}, {"a": 1, "b": {"c": [1, {"d": None}]}}, {str(i): i for i in range(300)},
]  # fmt: skip

TEMPORALS: list[Any] = [
    ntime.Date(1, 1, 1),
    ntime.Date(9999, 12, 31),
    ntime.Time(12, 34, 56, 123456789, tzinfo=pytz.FixedOffset(-150)),
    ntime.Time(23, 59, 59, 999999999),
    ntime.DateTime(2020, 3, 29, 2, 30, 0, 1, tzinfo=pytz.FixedOffset(60)),
    pytz.timezone("Europe/Stockholm").localize(ntime.DateTime(2021, 6, 1, 12, 0, 0, 999999999)),
    pytz.timezone("America/New_York").localize(ntime.DateTime(1999, 12, 31, 23, 59, 59, 5)),
    ntime.DateTime(1969, 7, 20, 20, 17, 40, 5),
    ntime.Duration(years=1, months=2, days=-3, hours=4, seconds=5, nanoseconds=6),
    ntime.Duration(seconds=-1, nanoseconds=1),
    spatial.CartesianPoint((1.5, -2.0)),
    spatial.CartesianPoint((1.0, 2.0, 3.0)),
    spatial.WGS84Point((12.5, 55.7)),
    spatial.WGS84Point((12.5, 55.7, 10.0)),
]


def echo(driver: Any, value: Any) -> Any:
    records, _, _ = driver.execute_query("RETURN $v AS v", v=value)
    return records[0]["v"]


def check_values(driver: Any, uri: str) -> int:
    """Every PackStream type, width boundary and size class comes back equal."""
    for value in SCALARS:
        back = echo(driver, value)
        assert back == value and type(back) is type(value), (repr(value)[:80], repr(back)[:80])
    assert math.isnan(echo(driver, math.nan))
    for value in TEMPORALS:
        back = echo(driver, value)
        assert back == value and type(back) is type(value), (value, back)
        zone = getattr(getattr(value, "tzinfo", None), "zone", None)
        if zone is not None:
            assert back.tzinfo.zone == zone, (zone, back.tzinfo)  # the zone name, not the offset
    utc = datetime.datetime(2021, 1, 1, 1, 2, 3, 456789, tzinfo=datetime.timezone.utc)
    assert echo(driver, utc) == utc
    assert echo(driver, datetime.date(2000, 2, 29)) == ntime.Date(2000, 2, 29)
    assert echo(driver, datetime.timedelta(days=1, microseconds=7)) == ntime.Duration(
        days=1, nanoseconds=7000
    )
    return len(SCALARS) + len(TEMPORALS) + 4


def check_graph(driver: Any, uri: str) -> int:
    """Nodes, relationships and paths made by the server decode to the driver's graph types."""
    records, summary, _ = driver.execute_query(
        "CREATE p = (a:Py5:Start {name: 'a'})-[r:LINK {w: 1.5}]->(b:Py5 {name: 'b'})"
        "<-[s:LINK {w: 2}]-(c:Py5 {name: 'c'}) RETURN a, r, p"
    )
    a, r, p = records[0]["a"], records[0]["r"], records[0]["p"]
    assert isinstance(a, neo4j.graph.Node) and a.labels == {"Py5", "Start"} and a["name"] == "a"
    assert isinstance(r, neo4j.graph.Relationship) and r.type == "LINK" and r["w"] == 1.5
    assert r.start_node.element_id == a.element_id
    assert isinstance(p, neo4j.graph.Path) and [n["name"] for n in p.nodes] == ["a", "b", "c"]
    assert p.relationships[1].start_node["name"] == "c"
    assert summary.counters.nodes_created == 3 and summary.counters.relationships_created == 2
    return 6


def check_transactions(driver: Any, uri: str) -> int:
    """Explicit transactions (commit, rollback), managed ones, and bookmark chaining."""
    with driver.session(database="neo4j") as session:
        tx = session.begin_transaction(metadata={"app": "py5"}, timeout=30)
        tx.run("CREATE (:Py5Tx {v: 1})").consume()
        assert tx.run("MATCH (n:Py5Tx) RETURN count(n) AS c").single()["c"] == 1
        tx.commit()
        tx = session.begin_transaction()
        tx.run("CREATE (:Py5Tx {v: 2})").consume()
        tx.rollback()
        count = session.execute_read(
            lambda t: t.run("MATCH (n:Py5Tx) RETURN count(n) AS c").single()["c"]
        )
        assert count == 1
        bookmarks = session.last_bookmarks()
    with driver.session(bookmarks=bookmarks, default_access_mode=neo4j.READ_ACCESS) as reader:
        assert reader.run("MATCH (n:Py5Tx) RETURN count(n) AS c").single()["c"] == 1
    with driver.session(fetch_size=2) as session:
        assert [r["x"] for r in session.run("UNWIND range(1, 1000) AS x RETURN x")] == list(
            range(1, 1001)
        )
    return 5


def check_errors(driver: Any, uri: str) -> int:
    """Server failures surface as the driver's exception classes."""
    try:
        driver.execute_query("RETURN 1 +")
        raise AssertionError("no syntax error")
    except exceptions.CypherSyntaxError as error:
        assert error.code == "Neo.ClientError.Statement.SyntaxError"
    with driver.session() as session:
        try:
            session.run("RETURN 1 + 'a' + true + [1] - 1").consume()
            raise AssertionError("no type error")
        except exceptions.CypherTypeError:
            pass
        assert session.run("RETURN 1 AS one").single()["one"] == 1
    wrong = neo4j.GraphDatabase.driver(uri, auth=("neo4j", "not the password"))
    with wrong:
        try:
            wrong.verify_connectivity()
            raise AssertionError("a wrong password was accepted")
        except exceptions.AuthError:
            pass
    return 4


def check_server(driver: Any, uri: str) -> int:
    """The handshake settles on a Bolt 5 version and the server identifies as Neo4j 5."""
    info = driver.get_server_info()
    assert info.agent.startswith("Neo4j/5") and "graphbolt" in info.agent, info.agent
    assert (5, 0) <= tuple(info.protocol_version) < (6, 0), info.protocol_version
    records, _, _ = driver.execute_query("RETURN 40 + 2 AS answer", routing_="r")
    assert records[0]["answer"] == 42
    return 3


CHECKS: dict[str, Callable[[Any, str], int]] = {
    "server": check_server,
    "values": check_values,
    "graph": check_graph,
    "transactions": check_transactions,
    "errors": check_errors,
}


def main(argv: list[str]) -> int:
    uri, user, password, check = argv
    assert neo4j.__version__.startswith("5."), neo4j.__version__
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        count = CHECKS[check](driver, uri)
    print(f"ok {check} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
