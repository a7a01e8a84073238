"""Expand + count aggregation fused into degree counting: when it applies, and that it
answers exactly like the row-by-row plan."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from graphbolt.engine import Database
from graphbolt.engine._database import compile_query


def _fused(query: str) -> bool:
    return "ExpandCount" in "".join(
        op.describe()
        for op in compile_query(query).execute.__self__.pipeline.ops  # type: ignore[attr-defined]
    )


def test_fusion_applies_only_to_plain_keys_and_row_counts() -> None:
    assert _fused("MATCH (p:P)-[:K]->(f) RETURN p.age, count(*) ORDER BY p.age")
    assert _fused("MATCH (p)-[r]-(f) RETURN p, count(r) AS n, count(f)")
    assert _fused("MATCH (p)-->() RETURN count(*)")
    for query in (
        "MATCH (p)-[:K]->(f) RETURN f.age, count(*)",  # key read from the far node
        "MATCH (p)-[:K]->(f) RETURN p.age, count(DISTINCT f)",
        "MATCH (p)-[:K]->(f) RETURN p.age, sum(f.x)",
        "MATCH (p)-[:K]->(f) RETURN rand() AS r, count(*)",  # one value per row, not per p
        "MATCH (p)-[:K]->(f) WHERE f.x > 1 RETURN p.age, count(*)",
        "MATCH (a)-[:K]->(p)-[:K]->(f) RETURN p.age, count(*)",  # relationship uniqueness
        "MATCH (p)-[:K]->(p) RETURN p, count(*)",
    ):
        assert not _fused(query), query


@pytest.fixture
def db() -> Iterator[Database]:
    rng = random.Random(3)
    database = Database.open(None)
    database.run(
        "UNWIND range(0, 29) AS i CREATE (:P {i: i, age: CASE WHEN i % 7 = 0 THEN null "
        "WHEN i % 5 = 0 THEN toFloat(i % 4) ELSE i % 4 END})"
    )
    database.run("CREATE (:Q {i: 99})")  # a node without relationships
    for rel_type in ("K", "L"):
        pairs = [{"a": rng.randrange(30), "b": rng.randrange(30)} for _ in range(60)]
        database.run(
            f"UNWIND $pairs AS r MATCH (a:P {{i: r.a}}), (b:P {{i: r.b}}) "
            f"CREATE (a)-[:{rel_type}]->(b)",
            {"pairs": pairs},
        )
    yield database
    database.close()


QUERIES = [
    "MATCH (p:P)-[:K]->(f) RETURN p.age, count(*) ORDER BY p.age",
    "MATCH (p)-[:K|L]-(f) RETURN p.i AS i, count(f) AS n ORDER BY i",
    "MATCH (p)<-[r:L]-() RETURN p.age AS a, p.i % 2 = 0 AS even, count(r) AS n",
    "MATCH (p)-->() RETURN count(*)",
    "MATCH (p:Q)-->() RETURN count(*)",
    "MATCH (p:Q)-->() RETURN p, count(*)",
    "MATCH (p:P) OPTIONAL MATCH (p)-[:K]->(f) RETURN p.i AS i, count(f) AS n ORDER BY i",
    # the label scan absorbed: property keys read directly, other keys over a built row
    "MATCH (p:P)-[:K]->(f) RETURN p.age, p.i % 3 AS m, p, count(*)",
    "MATCH (p:P)-[:K]->(f) RETURN p.missing, count(*)",
    "UNWIND [1, 2] AS x MATCH (p:P)-[:L]->() RETURN x, p.age, count(*)",
]


@pytest.mark.parametrize("query", QUERIES)
def test_fused_answers_equal_the_row_by_row_plan(db: Database, query: str) -> None:
    # A WITH between the MATCH and the aggregation defeats the fusion.
    unfused = query.replace("RETURN", "WITH * WHERE true RETURN", 1)
    got, want = db.run(query).fetch(-1), db.run(unfused).fetch(-1)
    assert _fused(query) != _fused(unfused) or not _fused(query)
    assert sorted(got, key=repr) == sorted(want, key=repr)
    assert got or ":Q" in query


def _scan_fused(query: str) -> bool:
    ops = compile_query(query).execute.__self__.pipeline.ops  # type: ignore[attr-defined]
    return any("scan=" in op.describe() for op in ops)


def test_label_scan_is_absorbed_only_when_it_binds_the_counted_node() -> None:
    assert _scan_fused("MATCH (p:P)-[:K]->(f) RETURN p.age, count(*)")
    assert _scan_fused("MATCH (p:Q)-->() RETURN p, count(*)")
    assert not _scan_fused("MATCH (p)-[:K]->(f) RETURN p.age, count(*)")  # all-nodes scan
    assert not _scan_fused("MATCH (p:P) WHERE p.i > 3 MATCH (p)-->() RETURN count(*)")


def test_scan_fused_counts_see_own_writes(db: Database) -> None:
    query = "MATCH (p:P)-[:K]->() RETURN p.tag AS tag, count(*) AS n ORDER BY tag"
    assert _scan_fused(query)
    with db.begin("w") as tx:
        tx.run("MATCH (p:P {i: 3}) SET p.tag = 'x'").consume()
        tx.run("CREATE (a:P {tag: 'y'})-[:K]->(a), (a)-[:K]->(:P)").consume()
        tx.run("MATCH (p:P {i: 4}) DETACH DELETE p").consume()
        got = tx.run(query).fetch(-1)
        want = tx.run(query.replace("RETURN", "WITH * WHERE true RETURN", 1)).fetch(-1)
        assert got == want
        assert ("y", 2) in got
        tx.rollback()


def test_fused_counts_see_own_writes(db: Database) -> None:
    query = "MATCH (p:P {i: 1})-[:K]->(f) RETURN p.i, count(*)"
    with db.begin("w") as tx:
        before = tx.run(query).fetch(-1)
        n = before[0][1] if before else 0
        tx.run("MATCH (a:P {i: 1}), (b:P {i: 2}) CREATE (a)-[:K]->(b), (a)-[:K]->(b)").consume()
        assert tx.run(query).fetch(-1) == [(1, n + 2)]
        tx.run("MATCH (:P {i: 1})-[r:K]->() WITH r LIMIT 1 DELETE r").consume()
        assert tx.run(query).fetch(-1) == [(1, n + 1)]
        tx.rollback()
