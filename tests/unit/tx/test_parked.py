"""Parked read transactions (``tx.begin_parked`` / ``tx.park``): reused only while their
snapshot is the newest commit, released by commits, resizes and close."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from graphbolt.engine import Database
from graphbolt.storage import Store
from graphbolt.tx import Transaction
from graphbolt.tx._transaction import PARK_LIMIT, begin_parked, park


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(None) as s:
        yield s


def _commit_node(store: Store) -> int:
    tx = Transaction(store, True)
    node = tx.create_node(["N"], {"v": 1})
    tx.commit()
    return node


def test_a_parked_transaction_is_reused_while_newest(store: Store) -> None:
    _commit_node(store)
    first = begin_parked(store)
    park(first)
    assert store.parked == [first]
    again = begin_parked(store)
    assert again is first and store.parked == []
    assert again.is_open
    park(again)


def test_a_commit_releases_parked_transactions(store: Store) -> None:
    tx = begin_parked(store)
    park(tx)
    active = len(store._active)
    node = _commit_node(store)
    assert store.parked == [] and not tx.is_open
    assert len(store._active) == active - 1  # its snapshot no longer pins pages
    fresh = begin_parked(store)
    assert fresh is not tx and fresh.node_exists(node)
    park(fresh)


def test_a_stale_parked_transaction_is_not_reused(store: Store) -> None:
    tx = begin_parked(store)
    # Parked after a commit it does not see (the race a commit's release can miss).
    _commit_node(store)
    store.parked.append(tx)
    fresh = begin_parked(store)
    assert fresh is not tx and not tx.is_open
    assert fresh.snapshot_id == store.last_commit_id
    park(fresh)


def test_only_newest_read_transactions_park_and_only_a_few(store: Store) -> None:
    old = begin_parked(store)
    _commit_node(store)
    park(old)  # older than the newest commit: ended
    assert not old.is_open and store.parked == []
    writer = Transaction(store, True)
    park(writer)  # a write transaction never parks
    assert not writer.is_open
    readers = [Transaction(store, False) for _ in range(PARK_LIMIT + 2)]
    for r in readers:
        park(r)
    assert len(store.parked) == PARK_LIMIT
    assert sum(r.is_open for r in readers) == PARK_LIMIT


def test_close_releases_parked_transactions() -> None:
    store = Store.open(None)
    tx = begin_parked(store)
    park(tx)
    store.close()
    assert store.parked == [] and not tx.is_open


def test_a_resize_does_not_wait_for_parked_transactions() -> None:
    store = Store.open(None, map_size=1 << 20)  # 1 MiB: the load below must grow it
    try:
        park(begin_parked(store))
        start = time.monotonic()
        tx = Transaction(store, True)
        for i in range(10_000):
            tx.create_node(["N"], {"i": i, "pad": "x" * 200})
        tx.commit()
        assert time.monotonic() - start < 20  # a blocked resize waits 30 s, then fails
        assert store.env.info()["map_size"] > 1 << 20
    finally:
        store.close()


def test_reads_see_every_commit_made_before_them() -> None:
    # Read-your-writes with reuse: the thread that committed reads the new value at once;
    # readers elsewhere never see a value go back.
    db = Database.open(None)
    db.run("CREATE (:C {v: 0})")
    stop = threading.Event()
    failures: list[str] = []

    def write() -> None:
        try:
            for i in range(1, 200):
                db.run("MATCH (c:C) SET c.v = $i", {"i": i})
                seen = db.run("MATCH (c:C) RETURN c.v", mode="r").fetch(-1)[0][0]
                if seen != i:
                    failures.append(f"wrote {i}, read {seen}")
                    return
        finally:
            stop.set()

    def read() -> None:
        last = 0
        while not stop.is_set():
            seen = db.run("MATCH (c:C) RETURN c.v", mode="r").fetch(-1)[0][0]
            if seen < last:
                failures.append(f"read {seen} after {last}")
                return
            last = seen

    threads = [threading.Thread(target=read) for _ in range(3)]
    threads.append(threading.Thread(target=write))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    db.close()
    assert not failures
