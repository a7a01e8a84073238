"""Engine-level transaction behaviour: isolation, conflicts, durability, bookmarks."""

from __future__ import annotations

import threading

import pytest

from graphbolt.engine import Database
from graphbolt.errors import TransactionError, TransientError


@pytest.fixture
def db():
    database = Database.open(None)
    yield database
    database.close()


def test_autocommit_create_then_read(db):
    db.run("CREATE (:Person {name: 'Ann'}), (:Person {name: 'Bob'})")
    cursor = db.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name")
    assert cursor.keys == ["name"]
    assert cursor.fetch(-1) == [("Ann",), ("Bob",)]


def test_two_concurrent_writes_on_one_node_one_commits_one_conflicts(db):
    db.run("CREATE (:Counter {n: 0})")
    first = db.begin("w")
    second = db.begin("w")
    first.run("MATCH (c:Counter) SET c.n = c.n + 1").consume()
    second.run("MATCH (c:Counter) SET c.n = c.n + 10").consume()
    first.commit()
    with pytest.raises(TransientError) as raised:
        second.commit()
    assert raised.value.code == "Neo.TransientError.Transaction.Outdated"
    assert db.run("MATCH (c:Counter) RETURN c.n").fetch(-1) == [(1,)]


def test_snapshot_isolation_reader_does_not_see_later_commit(db):
    db.run("CREATE (:Item {v: 1})")
    reader = db.begin("r")
    assert reader.run("MATCH (i:Item) RETURN count(*)").fetch(-1) == [(1,)]
    db.run("CREATE (:Item {v: 2})")
    assert reader.run("MATCH (i:Item) RETURN count(*)").fetch(-1) == [(1,)]
    reader.rollback()
    assert db.run("MATCH (i:Item) RETURN count(*)").fetch(-1) == [(2,)]


def test_own_writes_visible_and_rollback_discards(db):
    tx = db.begin("w")
    tx.run("CREATE (:Temp)").consume()
    assert tx.run("MATCH (t:Temp) RETURN count(t)").fetch(-1) == [(1,)]
    tx.rollback()
    assert db.run("MATCH (t:Temp) RETURN count(t)").fetch(-1) == [(0,)]


def test_committed_write_survives_reopen(tmp_path):
    path = str(tmp_path / "graph")
    with Database.open(path) as db:
        db.run("CREATE (:Person {name: 'Durable', born: 1970})")
    with Database.open(path) as db:
        rows = db.run("MATCH (p:Person) RETURN p.name, p.born").fetch(-1)
    assert rows == [("Durable", 1970)]


def test_read_transaction_refuses_writes(db):
    tx = db.begin("r")
    with pytest.raises(TransactionError):
        tx.run("CREATE (:X)").consume()
    tx.rollback()


def test_bookmark_orders_a_later_transaction(db):
    tx = db.begin("w")
    tx.run("CREATE (:Marker)").consume()
    bookmark = tx.commit()
    reader = db.begin("r", bookmarks=[bookmark])
    assert reader.run("MATCH (m:Marker) RETURN count(m)").fetch(-1) == [(1,)]
    reader.rollback()


def test_concurrent_increments_with_retries_are_exact(db):
    db.run("CREATE (:Counter {n: 0})")
    retries = []

    def worker() -> None:
        for _ in range(5):
            while True:
                tx = db.begin("w")
                try:
                    tx.run("MATCH (c:Counter) SET c.n = c.n + 1").consume()
                    tx.commit()
                    break
                except TransientError:
                    retries.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert db.run("MATCH (c:Counter) RETURN c.n").fetch(-1) == [(40,)]


def test_streaming_pulls_only_what_is_asked(db):
    db.run("UNWIND range(1, 1000) AS i CREATE (:N {i: i})")
    tx = db.begin("r")
    cursor = tx.run("MATCH (n:N) RETURN n.i")
    assert len(cursor.fetch(10)) == 10
    assert len(cursor.fetch(-1)) == 990
    assert cursor.consume().query_type == "r"
    tx.rollback()


def test_counters_in_summary(db):
    summary = db.run("CREATE (a:A {x: 1})-[:R]->(b:B)").consume()
    counters = summary.counters
    assert counters.nodes_created == 2
    assert counters.relationships_created == 1
    assert counters.properties_set == 1
    assert counters.labels_added == 2
    assert counters.contains_updates


def test_bookmarks_of_other_databases_do_not_wait(db):
    tx = db.begin("r", bookmarks=["graphbolt:system:999999"], bookmark_timeout=0.01)
    tx.rollback()


def test_malformed_bookmark_is_a_client_error(db):
    with pytest.raises(TransactionError) as raised:
        db.begin("r", bookmarks=["not-a-bookmark"])
    assert raised.value.code == "Neo.ClientError.Transaction.InvalidBookmark"


def test_explain_returns_no_rows_and_a_plan(db):
    db.run("CREATE (:P {id: 1})")
    cursor = db.run("EXPLAIN MATCH (p:P) RETURN p.id")
    assert cursor.fetch(-1) == []
    summary = cursor.consume()
    assert summary.plan and "NodeByLabelScan" in summary.plan


def test_data_write_after_schema_change_in_one_transaction_is_refused(db):
    tx = db.begin("w")
    tx.run("CREATE INDEX p_id FOR (p:P) ON (p.id)").consume()
    with pytest.raises(TransactionError) as raised:
        tx.run("CREATE (:P {id: 1})")
    assert raised.value.code == "Neo.ClientError.Transaction.ForbiddenDueToTransactionType"
    tx.rollback()


def test_finished_transactions_are_not_kept_alive(db):
    """A committed (or rolled back) transaction, its write set and its parameters are freed
    once the caller drops them: a bulk load must not accumulate every batch."""
    import gc
    import weakref

    class Rows(list):  # a list type that can be weakly referenced
        pass

    refs = []
    for finish in ("commit", "rollback"):
        tx = db.begin("w")
        tx.run("UNWIND $rows AS r CREATE (:N {v: r})", {"rows": list(range(100))}).consume()
        getattr(tx, finish)()
        refs.append(weakref.ref(tx))
        del tx
    cursor = db.run("CREATE (:N)")
    refs.append(weakref.ref(cursor._tx))
    del cursor
    gc.collect()
    assert [ref() for ref in refs] == [None, None, None]
    # Without waiting for the cyclic collector: a committed auto-commit query's parameters go
    # as soon as its cursor does (a bulk load's batches must not pile up between collections).
    gc.disable()
    try:
        rows = Rows(range(100))
        cursor = db.run("UNWIND $rows AS r CREATE (:N {v: r})", {"rows": rows})
        held = weakref.ref(rows)
        del rows, cursor
        assert held() is None
    finally:
        gc.enable()
