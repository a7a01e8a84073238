"""CREATE / DROP / SHOW INDEX through the engine, and index seeks giving exactly the answers of
label scans (random data, own writes, fallback when a transaction's snapshot lacks the index)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphbolt.engine import Database
from graphbolt.errors import RequestError, SchemaError, TransactionError, TransientError


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(None)
    yield database
    database.close()


def _show(db: Database) -> list[dict[str, Any]]:
    cursor = db.run("SHOW INDEXES")
    return [dict(zip(cursor.keys, row)) for row in cursor.fetch(-1)]


def _error(db: Database, query: str) -> SchemaError:
    with pytest.raises(SchemaError) as raised:
        db.run(query)
    return raised.value


def test_create_show_drop_with_counters_and_query_type(db: Database) -> None:
    cursor = db.run("CREATE INDEX person_id FOR (p:Person) ON (p.id)")
    summary = cursor.consume()
    assert summary.query_type == "s"
    assert summary.counters.indexes_added == 1
    rows = _show(db)
    assert [r["name"] for r in rows] == ["person_id"]
    row = rows[0]
    assert row["state"] == "ONLINE" and row["populationPercent"] == 100.0
    assert row["type"] == "RANGE" and row["entityType"] == "NODE"
    assert row["labelsOrTypes"] == ["Person"] and row["properties"] == ["id"]
    assert isinstance(row["id"], int) and row["owningConstraint"] is None
    summary = db.run("DROP INDEX person_id").consume()
    assert summary.counters.indexes_removed == 1 and summary.query_type == "s"
    assert _show(db) == []


def test_default_name_is_neo4j_style_and_stable(db: Database) -> None:
    db.run("CREATE INDEX FOR (p:Person) ON (p.name)")
    (name,) = [r["name"] for r in _show(db)]
    assert name.startswith("index_") and len(name) == len("index_") + 8
    db.run(f"DROP INDEX {name}")
    db.run("CREATE INDEX FOR (q:Person) ON (q.name)")  # variable names do not matter
    assert [r["name"] for r in _show(db)] == [name]


def test_if_not_exists_and_duplicate_errors(db: Database) -> None:
    db.run("CREATE INDEX a FOR (p:Person) ON (p.id)")
    summary = db.run("CREATE INDEX a IF NOT EXISTS FOR (p:Person) ON (p.id)").consume()
    assert summary.counters.indexes_added == 0
    assert db.run("CREATE INDEX IF NOT EXISTS FOR (p:Person) ON (p.id)").consume().counters \
        .indexes_added == 0  # fmt: skip
    err = _error(db, "CREATE INDEX a FOR (p:Person) ON (p.id)")
    assert err.code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
    assert "name='a'" in str(err)
    err = _error(db, "CREATE INDEX FOR (p:Person) ON (p.id)")
    assert err.code == "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists"
    err = _error(db, "CREATE INDEX b FOR (p:Person) ON (p.id)")
    assert err.code == "Neo.ClientError.Schema.IndexAlreadyExists"
    err = _error(db, "CREATE INDEX a FOR (p:Person) ON (p.other)")
    assert err.code == "Neo.ClientError.Schema.IndexWithNameAlreadyExists" and "'a'" in str(err)
    db.run("CREATE INDEX a IF NOT EXISTS FOR (p:Person) ON (p.other)")  # name taken: no-op
    assert [(r["name"], r["properties"]) for r in _show(db)] == [("a", ["id"])]


def test_drop_missing_index(db: Database) -> None:
    err = _error(db, "DROP INDEX nope")
    assert err.code == "Neo.ClientError.Schema.IndexDropFailed"
    assert db.run("DROP INDEX nope IF EXISTS").consume().counters.indexes_removed == 0


def test_composite_and_relationship_indexes_are_refused_clearly(db: Database) -> None:
    with pytest.raises(RequestError, match="Composite"):
        db.run("CREATE INDEX FOR (p:Person) ON (p.a, p.b)")
    with pytest.raises(RequestError, match="Relationship"):
        db.run("CREATE INDEX FOR ()-[r:KNOWS]-() ON (r.since)")


def test_show_indexes_where_and_order(db: Database) -> None:
    for name, key in (("zeta", "z"), ("alpha", "a"), ("mid", "m")):
        db.run(f"CREATE INDEX {name} FOR (n:L) ON (n.{key})")
    assert [r["name"] for r in _show(db)] == ["alpha", "mid", "zeta"]
    rows = db.run("SHOW INDEXES WHERE name STARTS WITH 'm' OR 'z' IN properties").fetch(-1)
    assert [r[1] for r in rows] == ["mid", "zeta"]


def test_schema_change_refused_after_a_write_in_the_same_transaction(db: Database) -> None:
    tx = db.begin("w")
    tx.run("CREATE (:Person {id: 1})").consume()
    with pytest.raises(TransactionError) as raised:
        tx.run("CREATE INDEX FOR (p:Person) ON (p.id)").consume()
    assert raised.value.code == "Neo.ClientError.Transaction.ForbiddenDueToTransactionType"
    tx.rollback()
    assert _show(db) == []
    with db.begin("r") as reader, pytest.raises(TransactionError):
        reader.run("CREATE INDEX FOR (p:Person) ON (p.id)")


def test_explain_plans_but_does_not_create(db: Database) -> None:
    assert db.run("EXPLAIN CREATE INDEX FOR (p:Person) ON (p.id)").fetch(-1) == []
    assert _show(db) == []


def test_names_survive_reopen(tmp_path: Path) -> None:
    path = str(tmp_path / "graph")
    with Database.open(path) as first:
        first.run("UNWIND range(1, 50) AS i CREATE (:Person {id: i})")
        first.run("CREATE INDEX person_id FOR (p:Person) ON (p.id)")
        first.run("CREATE INDEX FOR (p:Person) ON (p.name)")
        before = _show(first)
    with Database.open(path) as second:
        assert _show(second) == before
        query = "MATCH (p:Person) WHERE p.id > 45 RETURN p.id ORDER BY p.id"
        assert "NodeIndexSeek" in second._compile(query).describe()
        assert second.run(query).fetch(-1) == [(i,) for i in range(46, 51)]
        second.run("DROP INDEX person_id")
    with Database.open(path) as third:
        assert [r["properties"] for r in _show(third)] == [["name"]]


# -- seeks == scans ---------------------------------------------------------------------------

_POOL: list[Any] = [0, 1, 1.0, 2, 2.5, -3, -0.0, 10**18, 10**18 + 1, 1e18, float("inf"),
                    "", "a", "ab", "abc", "b", "ba", "\x00", "é", True, False, [1, 2], [1.0, 2]]  # fmt: skip

_QUERIES = [
    ("MATCH (n:N) WHERE n.v = $x RETURN id(n)", "eq"),
    ("MATCH (n:N {v: $x}) RETURN id(n)", "eq"),
    ("MATCH (n:N) WHERE $x = n.v RETURN id(n)", "eq"),
    ("MATCH (n:N) WHERE n.v IN $xs RETURN id(n)", "list"),
    ("MATCH (n:N) WHERE n.v > $x RETURN id(n)", "bound"),
    ("MATCH (n:N) WHERE n.v <= $x RETURN id(n)", "bound"),
    ("MATCH (n:N) WHERE $x < n.v AND n.v < $y RETURN id(n)", "bounds"),
    ("MATCH (n:N) WHERE $x <= n.v <= $y RETURN id(n)", "bounds"),
    ("MATCH (n:N) WHERE n.v STARTS WITH $x RETURN id(n)", "prefix"),
    ("MATCH (n:N:M) WHERE n.v >= $x RETURN id(n)", "bound"),
    ("MATCH (m:N) MATCH (n:N) WHERE n.v = m.v RETURN id(m), id(n)", "none"),
]


def _params(kind: str, rng: random.Random) -> dict[str, Any]:
    if kind == "list":
        return {"xs": [*rng.sample(_POOL, 3), None]}
    if kind == "prefix":
        return {"x": rng.choice(["", "a", "ab", "b", "\x00", "z"])}
    bounds = [v for v in _POOL if type(v) in (int, float, str)] + [None]
    return {"x": rng.choice(bounds), "y": rng.choice(bounds)}


def _answers(db: Database, rng_seed: int) -> list[list[Any]]:
    rng = random.Random(rng_seed)
    out = []
    for query, kind in _QUERIES:
        for _ in range(15):
            params = {} if kind == "none" else _params(kind, rng)
            out.append(sorted(db.run(query, params).fetch(-1)))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_seeks_answer_exactly_like_scans(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(120):
        labels = ":N:M" if rng.random() < 0.3 else ":N"
        db.run(f"CREATE (n{labels}) SET n.v = $v", {"v": rng.choice([*_POOL, None])})
    db.run("CREATE (:Other {v: 1})")
    scans = _answers(db, seed)
    db.run("CREATE INDEX FOR (n:N) ON (n.v)")
    db.run("CREATE INDEX FOR (n:M) ON (n.v)")
    assert "NodeIndexSeek" in db._compile(_QUERIES[0][0]).describe()
    assert _answers(db, seed) == scans
    assert sum(len(a) for a in scans) > 0


def test_index_sees_own_writes_in_a_transaction(db: Database) -> None:
    db.run("CREATE INDEX FOR (p:Person) ON (p.id)")
    db.run("UNWIND range(1, 20) AS i CREATE (:Person {id: i})")
    with db.begin("w") as tx:
        tx.run("CREATE (:Person {id: 100}), (:Person {id: 5.0})").consume()
        tx.run("MATCH (p:Person {id: 3}) SET p.id = 300").consume()
        tx.run("MATCH (p:Person {id: 4}) DETACH DELETE p").consume()
        got = tx.run("MATCH (p:Person) WHERE p.id >= 3 AND p.id < 1000 RETURN p.id").fetch(-1)
        assert sorted(v for (v,) in got) == [5, 5.0, *range(6, 21), 100, 300]
        assert tx.run("MATCH (p:Person {id: 5}) RETURN count(*)").fetch(-1) == [(2,)]
        assert tx.run("MATCH (p:Person {id: 3}) RETURN count(*)").fetch(-1) == [(0,)]
        tx.rollback()
    assert db.run("MATCH (p:Person {id: 3}) RETURN count(*)").fetch(-1) == [(1,)]


def test_merge_uses_the_index_and_stays_correct(db: Database) -> None:
    db.run("CREATE INDEX FOR (p:Person) ON (p.id)")
    query = "UNWIND $ids AS i MERGE (p:Person {id: i}) RETURN count(*)"
    db.run(query, {"ids": [1, 2, 2, 1.0, 3]})
    assert db.run("MATCH (p:Person) RETURN count(*)").fetch(-1) == [(3,)]


def test_plan_reflects_index_creation_and_drop(db: Database) -> None:
    query = "MATCH (p:Person {id: $id}) RETURN p.name"
    db.run("CREATE (:Person {id: 1, name: 'Ann'})")
    assert "NodeIndexSeek" not in db._compile(query).describe()
    db.run("CREATE INDEX pid FOR (p:Person) ON (p.id)")
    assert "NodeIndexSeek" in db._compile(query).describe()
    assert db.run(query, {"id": 1}).fetch(-1) == [("Ann",)]
    db.run("DROP INDEX pid")
    assert "NodeIndexSeek" not in db._compile(query).describe()
    assert db.run(query, {"id": 1}).fetch(-1) == [("Ann",)]


def test_transaction_older_than_the_index_falls_back_to_a_scan(db: Database) -> None:
    db.run("UNWIND range(1, 10) AS i CREATE (:Person {id: i})")
    old = db.begin("r")  # snapshot without the index
    db.run("CREATE INDEX pid FOR (p:Person) ON (p.id)")
    query = "MATCH (p:Person) WHERE p.id > 7 RETURN p.id ORDER BY p.id"
    assert "NodeIndexSeek" in db._compile(query).describe()
    assert old.run(query).fetch(-1) == [(8,), (9,), (10,)]
    old.rollback()


def test_write_transaction_spanning_an_index_creation_conflicts(db: Database) -> None:
    tx = db.begin("w")
    tx.run("CREATE (:Person {id: 1})").consume()
    db.run("CREATE INDEX pid FOR (p:Person) ON (p.id)")
    with pytest.raises(TransientError):
        tx.commit()


def test_seek_through_another_labels_index_checks_the_scan_label(db: Database) -> None:
    db.run("CREATE (:Person {id: 1}), (:Thing:Person {id: 1}), (:Thing {id: 1})")
    db.run("CREATE INDEX FOR (p:Person) ON (p.id)")
    query = "MATCH (x:Thing:Person {id: 1}) RETURN labels(x)"
    assert "NodeIndexSeek" in db._compile(query).describe()
    rows = db.run(query).fetch(-1)
    assert [sorted(labels) for (labels,) in rows] == [["Person", "Thing"]]


# -- exact equality seeks (the seek answers n.k = e without a Filter) -------------------------

_STORED: list[Any] = [*_POOL, float("nan"), 2**62]
_EQ_VALUES: list[Any] = [*_STORED, None, [1, None], ["a", [True]], {"a": 1}]
_EQ_QUERY = "MATCH (n:N {v: $x}) RETURN id(n)"


def _eq_answers(run: Any) -> list[list[Any]]:
    return [sorted(run(_EQ_QUERY, {"x": value}).fetch(-1)) for value in _EQ_VALUES]


def test_exact_equality_seek_answers_like_a_scan_for_every_kind_of_value(db: Database) -> None:
    for value in _STORED:
        db.run("CREATE (:N {v: $v}), (:N:M {v: $v})", {"v": value})
    db.run("CREATE (:Other {v: 1}), (:N {w: 1})")
    scans = _eq_answers(db.run)
    old = db.begin("r")  # its snapshot lacks the index: the operator checks candidates itself
    db.run("CREATE INDEX FOR (n:N) ON (n.v)")
    assert "exact" in db._compile(_EQ_QUERY).describe()
    assert " = " not in db._compile(_EQ_QUERY).describe().split("NodeIndexSeek")[0]
    assert _eq_answers(db.run) == scans
    assert _eq_answers(old.run) == scans
    old.rollback()
    by_value = dict(zip(map(repr, _EQ_VALUES), scans))
    assert len(by_value["1"]) == 4  # 1 = 1.0: both kinds of node, twice
    assert by_value["nan"] == [] and by_value["None"] == [] and by_value["[1, None]"] == []
    assert len(by_value["True"]) == 2 and len(by_value["[1, 2]"]) == 4


def test_exact_seek_through_another_label_and_with_own_writes(db: Database) -> None:
    db.run("CREATE INDEX FOR (p:Person) ON (p.id)")
    db.run("CREATE (:Person {id: 1}), (:Thing:Person {id: 1}), (:Thing {id: 1})")
    query = "MATCH (x:Thing:Person {id: $id}) RETURN count(*)"
    assert db.run(query, {"id": 1.0}).fetch(-1) == [(1,)]
    with db.begin("w") as tx:
        tx.run("MATCH (p:Person {id: 1}) SET p.id = 2").consume()
        assert tx.run(query, {"id": 1}).fetch(-1) == [(0,)]
        assert tx.run(query, {"id": 2}).fetch(-1) == [(1,)]
        tx.rollback()
