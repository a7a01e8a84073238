"""``Database.run(..., mode="r")`` runs without an engine ``Transaction`` (``_run_read``): it
must answer exactly as ``begin("r")``, ``tx.run``, ``commit`` do, errors included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphbolt.engine import Database
from graphbolt.errors import COMPILE_TIME, RUNTIME, CypherError, GraphboltError, TransactionError


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(None)
    database.run(
        "CREATE (a:P {id: 1, name: 'a'})-[:R {w: 2}]->(b:P {id: 2, name: 'b'}),"
        " (a)-[:R]->(c:Q {id: 3})"
    )
    database.run("CREATE INDEX p_id FOR (p:P) ON (p.id)")
    yield database
    database.close()


def _explicit(db: Database, query: str, params: dict[str, Any] | None = None) -> Any:
    tx = db.begin("r")
    try:
        cursor = tx.run(query, params)
        rows = cursor.fetch(-1)
        summary = cursor.consume()
        return cursor.keys, rows, summary, tx.commit()
    finally:
        tx.rollback()


def _autocommit(db: Database, query: str, params: dict[str, Any] | None = None) -> Any:
    cursor = db.run(query, params, mode="r")
    rows = cursor.fetch(-1)
    return cursor.keys, rows, cursor.consume(), cursor.bookmark


QUERIES = [
    ("MATCH (p:P {id: $id}) RETURN p.name", {"id": 1}),
    ("MATCH (p:P {id: $id})-[:R]->(f) RETURN f.name, f.id", {"id": 1}),
    ("MATCH (p:P {id: $id})-[r:R]->(f) RETURN p, r, f", {"id": 1}),
    ("MATCH p = (:P {id: 1})-[:R]->() RETURN p", None),
    ("MATCH (n) RETURN count(*) AS c, collect(n.id) AS ids", None),
    ("UNWIND range(1, 3) AS x RETURN x, x * $k", {"k": 2}),
    ("EXPLAIN MATCH (p:P) RETURN p.id", None),
    ("PROFILE MATCH (p:P) RETURN p.id", None),
    ("MATCH (n:Missing) RETURN n.x, n.y", None),
    ("SHOW INDEXES", None),
]


@pytest.mark.parametrize(("query", "params"), QUERIES)
def test_same_answer_as_an_explicit_read_transaction(
    db: Database, query: str, params: dict[str, Any] | None
) -> None:
    keys, rows, summary, bookmark = _autocommit(db, query, params)
    want_keys, want_rows, want, want_bookmark = _explicit(db, query, params)
    assert (keys, rows, bookmark) == (want_keys, want_rows, want_bookmark)
    assert summary.query == want.query and summary.parameters == want.parameters
    assert summary.query_type == want.query_type == "r"
    assert summary.counters.as_dict() == want.counters.as_dict() == {}
    assert (summary.plan, summary.plan_mode) == (want.plan, want.plan_mode)
    assert summary.notifications == want.notifications
    assert summary.database == want.database == db.name


def _error(fn: Any, *args: Any) -> GraphboltError:
    with pytest.raises(GraphboltError) as raised:
        fn(*args)
    return raised.value


@pytest.mark.parametrize(
    ("query", "params", "phase"),
    [
        ("MATCH (n RETURN n", None, COMPILE_TIME),  # syntax
        ("RETURN $missing", None, COMPILE_TIME),  # parameter missing
        ("RETURN 1 / $zero", {"zero": 0}, RUNTIME),
        ("UNWIND [1, 2, 0] AS x RETURN 10 / x", None, RUNTIME),  # after two rows
    ],
)
def test_same_errors(db: Database, query: str, params: Any, phase: str) -> None:
    got = _error(_autocommit, db, query, params)
    want = _error(_explicit, db, query, params)
    assert (type(got), got.code, str(got)) == (type(want), want.code, str(want))
    assert isinstance(got, CypherError) and got.phase == want.phase == phase


def test_writes_are_refused_in_read_mode(db: Database) -> None:
    got = _error(_autocommit, db, "CREATE (:X)")
    assert isinstance(got, TransactionError)
    assert got.code == "Neo.ClientError.Statement.AccessMode"
    assert db.run("MATCH (x:X) RETURN count(x)").fetch(-1) == [(0,)]


def test_metadata_reaches_the_query(db: Database) -> None:
    cursor = db.run("CALL tx.getMetaData()", mode="r", metadata={"app": "x"})
    assert cursor.fetch(-1) == [({"app": "x"},)]


def test_bookmarks_are_checked_and_waited_for(db: Database) -> None:
    bookmark = db.run("CREATE (:Late)").bookmark
    assert db.run("MATCH (l:Late) RETURN count(l)", mode="r", bookmarks=[bookmark]).fetch(-1) == [
        (1,)
    ]
    with pytest.raises(TransactionError) as raised:
        db.run("RETURN 1", mode="r", bookmarks=["not-a-bookmark"])
    assert raised.value.code == "Neo.ClientError.Transaction.InvalidBookmark"


def test_a_closed_database_refuses(db: Database) -> None:
    db.close()
    with pytest.raises(TransactionError):
        db.run("RETURN 1", mode="r")


def test_no_snapshot_is_left_open(db: Database) -> None:
    store: Any = db._store
    for query, params in QUERIES:
        db.run(query, params, mode="r").consume()
    with pytest.raises(GraphboltError):
        db.run("RETURN 1 / 0", mode="r")
    assert store._active == []  # every read transaction ended


def test_a_committed_read_transaction_parks_its_snapshot(db: Database) -> None:
    store: Any = db._store
    tx = db.begin("r")
    graph = tx.graph
    cursor = tx.run("MATCH (p:P) RETURN p.id ORDER BY p.id")
    tx.commit()  # runs the cursor to its end first
    assert cursor.fetch(-1) == [(1,), (2,)]
    assert store.parked == [graph]  # the next read may reuse it ...
    with pytest.raises(TransactionError):
        tx.graph.node_exists(0)  # ... so this transaction no longer reaches it
    again = db.begin("r")
    assert again.graph is graph
    again.rollback()  # a rollback ends the snapshot instead
    assert store.parked == [] and not graph.is_open
