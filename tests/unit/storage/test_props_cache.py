"""The store's shared cache of decoded node properties never shows a snapshot a version it
does not see (``storage/_props_cache``: C1-C4)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from graphbolt.storage import Store
from graphbolt.storage._props_cache import PropsCache
from graphbolt.tx import Transaction


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(None) as s:
        yield s


def _node(store: Store, **props: object) -> int:
    tx = Transaction(store, True)
    node_id = tx.create_node(["N"], dict(props))
    tx.commit()
    return node_id


def _set(store: Store, node_id: int, key: str, value: object) -> None:
    tx = Transaction(store, True)
    tx.set_node_property(node_id, key, value)
    tx.commit()


def _read(store: Store, node_id: int, key: str) -> object:
    tx = Transaction(store, False)
    try:
        return tx.node_property(node_id, key)
    finally:
        tx.rollback()


def test_a_read_at_the_newest_state_is_shared(store: Store) -> None:
    n = _node(store, name="a")
    assert _read(store, n, "name") == "a"
    assert n in store.props_cache.entries
    assert _read(store, n, "name") == "a"  # answered from the entry


def test_a_commit_replaces_the_nodes_it_writes(store: Store) -> None:
    n = _node(store, name="a")
    other = _node(store, name="b")
    assert _read(store, n, "name") == "a" and _read(store, other, "name") == "b"
    before = store.props_cache.entries[other]
    _set(store, n, "name", "a2")
    tag, props = store.props_cache.entries[n]  # written through at the new commit
    assert tag == store.last_commit_id and "a2" in props.values()
    assert store.props_cache.entries[other] is before  # untouched nodes stay cached
    assert _read(store, n, "name") == "a2"


def test_write_through_keeps_only_the_final_version_of_a_batch(store: Store) -> None:
    tx = Transaction(store, True)
    kept = tx.create_node(["N"], {"name": "kept"})
    gone = tx.create_node(["N"], {"name": "gone"})
    tx.commit()
    assert store.props_cache.entries[kept][0] == store.last_commit_id
    tx = Transaction(store, True)
    tx.delete_node(gone)
    tx.add_label(kept, "M")
    tx.commit()
    assert gone not in store.props_cache.entries
    assert _read(store, kept, "name") == "kept"


def test_an_older_snapshot_neither_uses_nor_inserts_a_newer_version(store: Store) -> None:
    n = _node(store, name="a")
    old = Transaction(store, False)  # snapshot before the update
    _set(store, n, "name", "new")
    assert _read(store, n, "name") == "new"  # cached at the newest commit
    assert old.node_property(n, "name") == "a"  # tag > old snapshot: not used
    m = _node(store, name="m")
    _set(store, m, "name", "m2")
    old2 = Transaction(store, False)
    _set(store, m, "name", "m3")
    store.props_cache.clear()  # no written-through entry: old2 must read LMDB
    assert old2.node_property(m, "name") == "m2"  # read from LMDB at its snapshot ...
    assert m not in store.props_cache.entries  # ... and not offered to everyone
    assert _read(store, m, "name") == "m3"
    old.rollback()
    old2.rollback()


def test_deleted_nodes_read_as_missing(store: Store) -> None:
    n = _node(store, name="a")
    assert _read(store, n, "name") == "a"
    tx = Transaction(store, True)
    tx.delete_node(n)
    tx.commit()
    tx = Transaction(store, False)
    assert tx.node_property(n, "name") is None and not tx.node_exists(n)
    assert tx.node_property_of_each([n], "name") == [None]
    tx.rollback()


def test_batch_read_agrees_with_single_reads(store: Store) -> None:
    ids = [_node(store, name=f"p{i}", age=i) for i in range(20)]
    old = Transaction(store, False)
    for i in ids[::3]:
        _set(store, i, "name", "changed")
    fresh = Transaction(store, False)
    for tx in (old, fresh):
        assert tx.node_property_of_each(ids, "name") == [tx.node_property(i, "name") for i in ids]
        assert tx.node_property_of_each(ids, "nokey") == [None] * len(ids)
    assert old.node_property_of_each(ids, "name") == [f"p{i}" for i in range(20)]
    old.rollback()
    fresh.rollback()


def test_a_transactions_own_writes_win_over_the_cache(store: Store) -> None:
    n = _node(store, name="a")
    assert _read(store, n, "name") == "a"
    tx = Transaction(store, True)
    tx.set_node_property(n, "name", "mine")
    assert tx.node_property(n, "name") == "mine"
    assert tx.node_property_of_each([n], "name") == ["mine"]
    tx.rollback()
    assert _read(store, n, "name") == "a"


def test_capacity_bounds_the_entries() -> None:
    cache = PropsCache(5, capacity=3)
    for i in range(10):
        assert cache.offer(i, {}, 5)
        assert len(cache.entries) <= 3
    assert not cache.offer(99, {}, 4)  # not the newest state
    cache.invalidate([])
    assert not cache.offer(99, {}, 5)  # a commit is in flight
    cache.publish(6)
    assert cache.offer(99, {}, 6)
    assert not cache.offer_many([(1, {}), (2, {})], 5)
    assert cache.offer_many([(1, {1: "a"}), (2, {})], 6)
    assert cache.entries[1] == (6, {1: "a"}) and len(cache.entries) <= 3


def test_concurrent_readers_see_consistent_snapshots(store: Store) -> None:
    # One writer sets every node's ``v`` to the same i per commit; readers must see one value
    # across all nodes within a transaction, never decreasing between their transactions. A
    # stale cache entry shows up as a mixed read.
    ids = [_node(store, v=0) for _ in range(8)]
    stop = threading.Event()
    failures: list[str] = []

    def write() -> None:
        for i in range(1, 150):
            tx = Transaction(store, True)
            for n in ids:
                tx.set_node_property(n, "v", i)
            tx.commit()
        stop.set()

    def read() -> None:
        last = 0
        while not stop.is_set():
            tx = Transaction(store, False)
            seen = tx.node_property_of_each(ids, "v") + [tx.node_property(n, "v") for n in ids]
            tx.rollback()
            if len(set(seen)) != 1 or seen[0] < last:
                failures.append(f"{seen} after {last}")
                return
            last = seen[0]

    threads = [threading.Thread(target=read) for _ in range(3)]
    threads.append(threading.Thread(target=write))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures
    assert _read(store, ids[0], "v") == 149
