"""One group-commit batch mixing plain requests (deferred puts) with reading/deleting ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphbolt.storage import Store, WriteRequest, verify
from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_node, decode_props, node_body
from graphbolt.storage._store import _Pending


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _create(store: Store, snapshot: int, value: int) -> tuple[int, WriteRequest]:
    node = store.alloc_node_id()
    req = WriteRequest(snapshot=snapshot, max_node=node)
    label = store.labels.get_or_create("L")
    props = {store.keys.get_or_create("v"): value}
    req.node_put.append((L.ID.pack(node), node_body([label], props)))
    req.node_props.append((node, props))
    req.label_put.append(L.LABEL.pack(label, node))
    return node, req


def _update(store: Store, node: int, snapshot: int, value: int) -> WriteRequest:
    req = WriteRequest(snapshot=snapshot)
    key = L.ID.pack(node)
    label = store.labels.get_or_create("L")
    req.node_check.append(key)
    req.node_put.append((key, node_body([label], {store.keys.get_or_create("v"): value})))
    return req


def _value(store: Store, node: int) -> tuple[int, int] | None:
    """(commit id, property v) of the stored node, or None."""
    txn, _, _ = store.begin_read()
    try:
        raw = txn.get(L.ID.pack(node), db=store.dbs.nodes)
    finally:
        store.end_read(txn)
    if raw is None:
        return None
    _, props = decode_node(raw)
    (value,) = decode_props(props).values()
    return L.CID.unpack_from(raw)[0], value


def test_a_reading_request_sees_the_plain_puts_before_it(store: Store) -> None:
    start = store.last_commit_id
    a, create_a = _create(store, start, 1)
    b, create_b = _create(store, start, 2)
    # Validated against A's node as committed in this very batch (its snapshot is A's commit,
    # and B's commit makes it not the newest): passes only if A's put is already written.
    update_a = _update(store, a, start + 1, 10)
    stale = _update(store, a, start, 20)  # its snapshot predates A: a conflict
    c, create_c = _create(store, start, 3)
    batch = [_Pending(r) for r in (create_a, create_b, update_a, stale, create_c)]
    store._run_batch(batch)
    assert [p.error is None for p in batch] == [True, True, True, False, True]
    assert [p.cid for p in batch] == [start + 1, start + 2, start + 3, 0, start + 4]
    assert _value(store, a) == (start + 3, 10)
    assert _value(store, b) == (start + 2, 2)
    assert _value(store, c) == (start + 4, 3)
    assert store.last_commit_id == start + 4
    assert verify(store) == []


def test_plain_requests_alone_are_all_written(store: Store) -> None:
    start = store.last_commit_id
    made = [_create(store, start, i) for i in range(5)]
    batch = [_Pending(r) for _, r in made]
    store._run_batch(batch)
    assert [p.result() for p in batch] == list(range(start + 1, start + 6))
    for i, (node, _) in enumerate(made):
        assert _value(store, node) == (start + 1 + i, i)
    assert verify(store) == []


def test_is_plain() -> None:
    assert WriteRequest(snapshot=0, node_put=[(b"k", b"v")], idx_put=[b"i"]).is_plain()
    assert not WriteRequest(snapshot=0, node_check=[b"k"]).is_plain()
    assert not WriteRequest(snapshot=0, idx_del=[b"i"]).is_plain()
    assert not WriteRequest(snapshot=0, endpoint_check=[b"k"]).is_plain()
    assert not WriteRequest(snapshot=0, detach_check=[1]).is_plain()


def test_a_mixed_batch_keeps_the_property_cache_true(store: Store) -> None:
    start = store.last_commit_id
    a, create_a = _create(store, start, 1)
    store._run_batch([_Pending(create_a)])
    cache = store.props_cache
    v = store.keys.get_or_create("v")
    assert cache.entries[a] == (start + 1, {v: 1})  # written through
    cache.offer_column(v, [(a, 1)], start + 1)
    update_a = _update(store, a, start + 1, 5)  # its map not handed over: no write-through
    b, create_b = _create(store, start + 1, 2)
    batch = [_Pending(create_b), _Pending(update_a)]
    store._run_batch(batch)
    assert [p.result() for p in batch] == [start + 2, start + 3]
    assert a not in cache.entries  # the updated node's old version is gone ...
    assert cache.columns[v][a] is None  # ... from its column slot too
    assert cache.entries[b] == (start + 3, {v: 2})  # the created one is written through
    assert _value(store, a) == (start + 3, 5)


class _FailingTxn:
    def id(self) -> int:
        return 10**9

    def commit(self) -> None:
        raise OSError("disk gone")


def test_a_failed_lmdb_commit_leaves_the_newest_state_record_alone(store: Store) -> None:
    _, create = _create(store, store.last_commit_id, 1)
    store._run_batch([_Pending(create)])
    before = store._newest
    with pytest.raises(OSError):
        store._commit_lmdb(_FailingTxn(), (store.last_commit_id + 1, 0), [])
    assert store._newest == before
    txn, cid, _ = store.begin_read()
    store.end_read(txn)
    assert cid == store.last_commit_id
