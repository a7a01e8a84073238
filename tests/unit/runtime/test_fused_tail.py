"""Expand fused with the final projection of the far node's keys (``runtime/_fused_tail``):
when it applies, and that it answers exactly like the row-by-row plan."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from graphbolt.engine import Database
from graphbolt.engine._database import compile_query


def _fused(query: str) -> bool:
    plan = compile_query(query).execute.__self__  # type: ignore[attr-defined]
    return plan._fused is not None  # type: ignore[no-any-return]


def test_fusion_applies_only_to_keys_of_the_far_node() -> None:
    assert _fused("MATCH (p:P {i: $i})-[:K]->(f) RETURN f.name")
    assert _fused("MATCH (p)-[:K|L]-(f) RETURN f.name AS n, f.age, f.name")
    assert _fused("MATCH (p {i: 1})-[:K]->()-[:K]->(f) RETURN count(DISTINCT f) AS n")
    for query in (
        "MATCH (p)-[:K]->(f) RETURN p.name",  # the near node
        "MATCH (p)-[:K]->(f) RETURN f",  # a node value must be materialised
        "MATCH (p)-[:K]->(f) RETURN f.name, 1 AS one",
        "MATCH (p)-[r:K]->(f) RETURN f.name, r.w",  # the relationship is bound
        "MATCH (p)-[:K]->(f) RETURN toUpper(f.name)",
        "MATCH (p)-[:K]->(f) RETURN DISTINCT f.name",
        "MATCH (p)-[:K]->(f) RETURN f.name ORDER BY f.name",
        "MATCH (p)-[:K]->(f) WHERE f.age > 1 RETURN f.name",
        "MATCH (a)-[:K]->(p)-[:K]->(f) RETURN f.name",  # relationship uniqueness
        "MATCH (p)-[:K]->(p) RETURN p.name",  # expand into
        "MATCH (p)-[:K]->(f) RETURN count(DISTINCT f), count(*)",
        "MATCH (p)-[:K]->(f) RETURN p, count(DISTINCT f)",  # grouped
        "MATCH (p)-[r:K]->(f) RETURN count(DISTINCT r)",
        "MATCH (p)-[:K]->(f) RETURN count(DISTINCT f) + 1 AS n",
    ):
        assert not _fused(query), query


@pytest.fixture
def db() -> Iterator[Database]:
    rng = random.Random(5)
    database = Database.open(None)
    database.run(
        "UNWIND range(0, 39) AS i CREATE (:P {i: i, name: 'p' + toString(i), "
        "age: CASE WHEN i % 6 = 0 THEN null ELSE i % 9 END})"
    )
    for rel_type in ("K", "L"):
        pairs = [{"a": rng.randrange(40), "b": rng.randrange(40)} for _ in range(120)]
        database.run(
            f"UNWIND $pairs AS r MATCH (a:P {{i: r.a}}), (b:P {{i: r.b}}) "
            f"CREATE (a)-[:{rel_type}]->(b)",
            {"pairs": pairs},
        )
    database.run("MATCH (a:P {i: 0}) UNWIND range(1, 700) AS j CREATE (a)-[:K]->(:P {i: 1000 + j})")
    database.run("MATCH (a:P) WHERE a.i % 7 = 3 CREATE (a)-[:K]->(a)")  # self loops
    yield database
    database.close()


# Each fused query, and the same question asked so that it cannot fuse (a no-op function).
PAIRS = [
    (
        "MATCH (p:P)-[:K]->(f) RETURN f.name",
        "MATCH (p:P)-[:K]->(f) RETURN coalesce(f.name) AS `f.name`",
    ),
    (
        "MATCH (p:P)-[:K|L]-(f) RETURN f.age, f.name, f.i",
        "MATCH (p:P)-[:K|L]-(f) RETURN coalesce(f.age) AS a, f.name, f.i",
    ),
    (
        "MATCH (p:P)<-[:L]-(f) RETURN f.missing",
        "MATCH (p:P)<-[:L]-(f) RETURN coalesce(f.missing) AS m",
    ),
    (
        "MATCH (p:P {i: 0})-[:K]->(f) RETURN f.i",  # past one chunk of neighbours
        "MATCH (p:P {i: 0})-[:K]->(f) RETURN coalesce(f.i) AS i",
    ),
    (
        "OPTIONAL MATCH (p:Nope) WITH p MATCH (p)-[:K]->(f) RETURN f.name",
        "OPTIONAL MATCH (p:Nope) WITH p MATCH (p)-[:K]->(f) RETURN coalesce(f.name) AS n",
    ),
    (
        "MATCH (p:P)-[:K]->()-[:K]->(f) RETURN count(DISTINCT f)",
        "MATCH (p:P)-[:K]->()-[:K]->(f) RETURN count(DISTINCT coalesce(f)) AS n",
    ),
    (
        "MATCH (p:P {i: 3})-[:K|L]-()-[:K|L]-(f) RETURN count(DISTINCT f) AS n",
        "MATCH (p:P {i: 3})-[:K|L]-()-[:K|L]-(f) RETURN count(DISTINCT coalesce(f)) AS n",
    ),
    (
        "MATCH (p:P {i: 10})-[:K]->()-[:K]->()<-[:L]-(f) RETURN count(DISTINCT f) AS n",
        "MATCH (p:P {i: 10})-[:K]->()-[:K]->()<-[:L]-(f) RETURN count(DISTINCT coalesce(f)) AS n",
    ),
    (
        "MATCH (p:Nope)-[:K]->(f) RETURN count(DISTINCT f) AS n",
        "MATCH (p:Nope)-[:K]->(f) RETURN count(DISTINCT coalesce(f)) AS n",
    ),
]


@pytest.mark.parametrize(("fused", "plain"), PAIRS)
def test_answers_like_the_row_plan(db: Database, fused: str, plain: str) -> None:
    assert _fused(fused) and not _fused(plain)
    got = db.run(fused).fetch(-1)
    assert got == db.run(plain).fetch(-1)
    assert all(type(row) is tuple for row in got)


def test_sees_the_transactions_own_writes(db: Database) -> None:
    tx = db.begin("w")
    tx.run("MATCH (p:P {i: 1})-[:K]->(f) SET f.name = 'changed-' + f.name").consume()
    tx.run("MATCH (p:P {i: 1}) CREATE (p)-[:K]->(:P {name: 'new'})").consume()
    query = "MATCH (p:P {i: 1})-[:K]->(f) RETURN f.name"
    got = sorted(r[0] for r in tx.run(query).fetch(-1))
    want = sorted(r[0] for r in tx.run(query.replace("f.name", "coalesce(f.name)")).fetch(-1))
    assert got == want and "new" in got
    assert all(n == "new" or n.startswith("changed-") for n in got)
    tx.rollback()


def test_fetching_a_few_rows_of_a_supernode(db: Database) -> None:
    cursor = db.begin("r").run("MATCH (p:P {i: 0})-[:K]->(f) RETURN f.i")
    first = cursor.fetch(3)
    assert len(first) == 3
    rest = cursor.fetch(-1)
    assert len(first) + len(rest) >= 700


def test_distinct_count_keeps_relationship_uniqueness() -> None:
    database = Database.open(None)
    database.run("CREATE (a:A {i: 1})-[:K]->(b:B), (b)-[:K]->(c:C), (a)-[:K]->(a)")
    query = "MATCH (a:A)-[:K]-()-[:K]-(f) RETURN count(DISTINCT f) AS n"
    assert _fused(query)
    # a-b-a would reuse a's only relationship to b; a-(loop)-a-b and a-b-c are fine.
    assert database.run(query).fetch(-1) == [(2,)]
    assert database.run(query.replace("DISTINCT f", "DISTINCT coalesce(f)")).fetch(-1) == [(2,)]
    database.close()
