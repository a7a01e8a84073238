"""Aggregation fast paths: one group without keys, and count(DISTINCT x)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphbolt.engine import Database
from graphbolt.runtime._op_aggregation import CountDistinct
from graphbolt.values._graph import NodeRef, RelRef


def test_count_distinct_skips_nulls_and_merges_equivalent_values() -> None:
    agg = CountDistinct()
    for value in (NodeRef(1), NodeRef(1), NodeRef(2), None, 1, 1.0, True, "1", [1], [1.0]):
        agg.add(value)
    rel = RelRef(1, "T", 1, 2)
    agg.add(rel)
    agg.add(RelRef(1, "T", 1, 2))
    # nodes 1 and 2; 1 = 1.0; true; "1"; [1] = [1.0]; the relationship (id 1, not node 1)
    assert agg.result() == 7


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(None)
    database.run(
        "CREATE (a:P {v: 1}), (b:P {v: 1.0}), (c:P {v: null}), (d:P {v: 'x'}), "
        "(a)-[:T]->(b), (a)-[:T]->(c), (b)-[:T]->(c), (c)-[:T]->(c)"
    )
    yield database
    database.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MATCH (p:P) RETURN count(DISTINCT p.v)", [(2,)]),
        ("MATCH (p:P) RETURN count(p.v), count(*), count(DISTINCT p)", [(3, 4, 4)]),
        ("MATCH (p:Nothing) RETURN count(DISTINCT p), count(*), collect(p)", [(0, 0, [])]),
        ("MATCH (:P)-[:T]->()-[:T]->(x) RETURN count(DISTINCT x), count(x)", [(1, 3)]),
        ("MATCH (p:P) RETURN p.v = 1 AS one, count(DISTINCT p) ORDER BY one", None),
        ("UNWIND [1, 1.0, null, [2], [2.0], {a: 1}, {a: 1.0}] AS x "
         "RETURN count(DISTINCT x)", [(3,)]),
    ],
)  # fmt: skip
def test_answers(db: Database, query: str, expected: list[tuple[object, ...]] | None) -> None:
    rows = db.run(query).fetch(-1)
    if expected is None:
        assert rows == [(False, 1), (True, 2), (None, 1)]
    else:
        assert rows == expected
