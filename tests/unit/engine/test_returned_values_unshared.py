"""A list property handed to the caller is the caller's: mutating it changes nothing stored,
cached or pending (the shared property cache, a reused read transaction's record cache and a
write transaction's own records must never be reachable from a result)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graphbolt.engine import Database

ONE_HOP = "MATCH (:P {id: 1})-[:R]->(f) RETURN f.tags"
LOOKUP = "MATCH (p:P {id: 2}) RETURN p.tags"


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(None)
    database.run("CREATE (:P {id: 1})-[:R {w: [1, 2]}]->(:P {id: 2, tags: ['x', 'y']})")
    database.run("CREATE INDEX FOR (p:P) ON (p.id)")
    yield database
    database.close()


def _tags(db: Database) -> Any:
    return db.run(LOOKUP, mode="r").fetch(-1)[0][0]


Mutate = Callable[[Database], None]


def _fused_expansion(db: Database) -> None:
    db.run(ONE_HOP, mode="r").fetch(-1)[0][0].append("mutated")


def _lookup(db: Database) -> None:
    db.run(LOOKUP, mode="r").fetch(-1)[0][0].append("mutated")


def _whole_node(db: Database) -> None:
    node = db.run("MATCH (p:P {id: 2}) RETURN p", mode="r").fetch(-1)[0][0]
    node["tags"].append("mutated")


def _properties_map(db: Database) -> None:
    db.run("MATCH (p:P {id: 2}) RETURN properties(p)", mode="r").fetch(-1)[0][0]["tags"].append(
        "mutated"
    )


def _write_transaction(db: Database) -> None:
    tx = db.begin("w")
    node = tx.run("MATCH (p:P {id: 2}) SET p.seen = true RETURN p").fetch(-1)[0][0]
    node["tags"].append("mutated")
    for row in tx.run(ONE_HOP).fetch(-1):
        row[0].append("mutated")
    tx.commit()


@pytest.mark.parametrize(
    "mutate", [_fused_expansion, _lookup, _whole_node, _properties_map, _write_transaction]
)
def test_mutating_a_returned_list_changes_nothing(db: Database, mutate: Mutate) -> None:
    for _ in range(3):  # warm every cache first: entries, columns, reused transactions
        assert db.run(ONE_HOP, mode="r").fetch(-1) == [(["x", "y"],)]
        assert _tags(db) == ["x", "y"]
    mutate(db)
    mutate(db)
    assert _tags(db) == ["x", "y"]
    assert db.run(ONE_HOP, mode="r").fetch(-1) == [(["x", "y"],)]
    assert db.run(ONE_HOP).fetch(-1) == [(["x", "y"],)]  # a write transaction's view too


def test_relationship_lists_are_unshared(db: Database) -> None:
    query = "MATCH (:P {id: 1})-[r:R]->() RETURN r"
    for _ in range(2):
        db.run(query, mode="r").fetch(-1)[0][0]["w"].append(3)
    assert db.run("MATCH ()-[r:R]->() RETURN r.w", mode="r").fetch(-1) == [([1, 2],)]
