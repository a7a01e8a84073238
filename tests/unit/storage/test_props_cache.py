"""The store's shared cache of decoded node properties never shows a snapshot a version it
does not see (``storage/_props_cache``: C1-C4 for its entries, C5-C6 for its columns)."""

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
            seen += tx.node_property_of_each(ids, "v")  # the column's answer, once made
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


# -- columns (C5, C6) -------------------------------------------------------------------------


def _each(store: Store, ids: list[int], key: str) -> list[object]:
    tx = Transaction(store, False)
    try:
        return tx.node_property_of_each(ids, key)
    finally:
        tx.rollback()


def _column(store: Store, key: str) -> list[object] | None:
    return store.props_cache.columns.get(store.keys.ids[key])


def test_a_batch_read_makes_a_column_from_the_entries(store: Store) -> None:
    ids = [_node(store, name=f"p{i}") for i in range(5)]
    assert _column(store, "name") is None
    assert _each(store, ids, "name") == [f"p{i}" for i in range(5)]
    column = _column(store, "name")
    assert column is not None
    assert [column[i] for i in ids] == [f"p{i}" for i in range(5)]
    assert _each(store, ids, "name") == [f"p{i}" for i in range(5)]  # from the column


def test_a_commit_empties_and_refills_the_slots_it_writes(store: Store) -> None:
    ids = [_node(store, name=f"p{i}") for i in range(4)]
    assert _each(store, ids, "name") == ["p0", "p1", "p2", "p3"]
    old = Transaction(store, False)  # snapshot before the update
    _set(store, ids[1], "name", "new")
    column = _column(store, "name")
    assert column is not None and column[ids[1]] == "new"  # written through
    assert store.props_cache.column_tag == store.last_commit_id
    assert _each(store, ids, "name") == ["p0", "new", "p2", "p3"]
    # The old snapshot must not take the column's newer value (C6): it reads its own version.
    assert old.node_property_of_each(ids, "name") == ["p0", "p1", "p2", "p3"]
    old.rollback()


def test_an_old_snapshot_reading_while_a_column_moves_on_falls_back() -> None:
    # C6's second check: values read while ``column_tag`` passed the reader's snapshot are
    # not trusted even though the first check passed.
    cache = PropsCache(5)
    assert cache.offer_column(1, [(0, "a"), (1, "b")], 5)
    assert cache.column_tag == 5
    cache.invalidate([1])
    cache.publish(6)
    assert cache.offer_column(1, [(1, "b2")], 6)
    assert cache.column_tag == 6  # raised before the value went in
    assert not cache.offer_column(1, [(0, "x")], 5)  # not the newest state


def test_deleting_a_node_empties_its_slots(store: Store) -> None:
    ids = [_node(store, name=f"p{i}") for i in range(3)]
    assert _each(store, ids, "name") == ["p0", "p1", "p2"]
    tx = Transaction(store, True)
    tx.delete_node(ids[2])
    tx.commit()
    column = _column(store, "name")
    assert column is not None and column[ids[2]] is None
    tx = Transaction(store, False)
    assert tx.node_property_of_each(ids, "name") == ["p0", "p1", None]
    tx.rollback()


def test_column_ids_and_keys_are_bounded() -> None:
    from graphbolt.storage import _props_cache as P

    cache = PropsCache(1)
    assert cache.offer_column(1, [(P.COLUMN_IDS + 5, "far"), (3, "near")], 1)
    column = cache.columns[1]
    assert len(column) <= P.COLUMN_IDS and column[3] == "near"
    for tok in range(2, P.COLUMNS + 1):
        assert cache.offer_column(tok, [(0, tok)], 1)
    assert not cache.offer_column(P.COLUMNS + 5, [(0, "x")], 1)  # no room for another key
    assert len(cache.columns) == P.COLUMNS


def test_a_scan_reader_fills_and_uses_the_column(store: Store) -> None:
    ids = [_node(store, age=i) for i in range(300)]  # past one offer batch
    store.props_cache.clear()  # nothing cached: the first scan reads LMDB
    tx = Transaction(store, False)
    read = tx.property_reader("age")
    assert [read(i) for i in ids] == list(range(300))
    tx.rollback()
    column = _column(store, "age")
    assert column is not None and sum(column[i] is not None for i in ids) >= 256
    old = Transaction(store, False)
    _set(store, ids[0], "age", 1000)
    tx = Transaction(store, False)
    assert [tx.property_reader("age")(i) for i in ids[:3]] == [1000, 1, 2]
    assert [old.property_reader("age")(i) for i in ids[:3]] == [0, 1, 2]  # its own version
    tx.rollback()
    old.rollback()


def test_a_scan_reader_sees_its_transactions_writes(store: Store) -> None:
    ids = [_node(store, age=i) for i in range(3)]
    assert _each(store, ids, "age") == [0, 1, 2]  # a column exists
    tx = Transaction(store, True)
    tx.set_node_property(ids[1], "age", 50)
    assert [tx.property_reader("age")(i) for i in ids] == [0, 50, 2]
    tx.rollback()
