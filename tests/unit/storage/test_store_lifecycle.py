"""Store: in-memory and durable opening, tokens, map growth, group commit."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from graphbolt.errors import StorageError
from graphbolt.storage import Store, WriteRequest
from graphbolt.storage import _layout as L
from graphbolt.tx import Transaction


def test_memory_store_directory_removed_on_close() -> None:
    store = Store.open(None)
    assert not store.durable and os.path.isdir(store.path)
    store.close()
    assert not os.path.exists(store.path)
    store.close()  # idempotent


def test_closed_store_refuses_transactions() -> None:
    store = Store.open(None)
    store.close()
    with pytest.raises(StorageError):
        Transaction(store, False)


def test_tokens_and_id_counters_persist(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    with Store.open(path) as store:
        assert store.durable
        tx = Transaction(store, True)
        a = tx.create_node(["L1", "L2"], {"k1": 1})
        tx.create_rel("T1", a, a, {"k2": 2})
        tx.commit()
        labels = dict(store.labels.ids)
    with Store.open(path) as store:
        assert store.labels.ids == labels
        assert store.types.get("T1") is not None and store.keys.get("k2") is not None
        tx = Transaction(store, True)
        assert tx.create_node([], {}) == a + 1
        assert tx.create_rel("T1", a, a, {}) == 1


def test_map_grows_when_full() -> None:
    store = Store.open(None, map_size=1 << 20)
    try:
        before = store.env.info()["map_size"]
        for _ in range(4):
            tx = Transaction(store, True)
            for _ in range(200):
                tx.create_node(["Big"], {"blob": "x" * 2000})
            tx.commit()
        assert store.env.info()["map_size"] > before
        assert len(list(Transaction(store, False).node_ids_by_label("Big"))) == 800
    finally:
        store.close()


def test_submit_validates_against_write_state() -> None:
    with Store.open(None) as store:
        tx = Transaction(store, True)
        tx.create_node([], {})
        tx.commit()  # a commit after the request's snapshot: its checks must run
        req = WriteRequest(snapshot=0, endpoint_check=[L.ID.pack(5)])
        req.node_put.append((L.ID.pack(9), b"\x00\x00\x80"))
        with pytest.raises(Exception) as info:
            store.submit(req)
        assert "deleted by a concurrent transaction" in str(info.value)
        assert store.last_commit_id == 1


def test_group_commit_under_contention(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "g")) as store:
        n_threads, per_thread = 8, 10

        def work() -> None:
            for _ in range(per_thread):
                tx = Transaction(store, True)
                tx.create_node([], {})
                tx.commit()

        threads = [threading.Thread(target=work) for _ in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert store.last_commit_id == n_threads * per_thread
        assert store.commit_batches <= n_threads * per_thread
        assert len(list(Transaction(store, False).all_node_ids())) == n_threads * per_thread


def test_long_names_and_unicode_tokens_persist(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    label, key = "L" * 2000, "ключ-🔑"
    with Store.open(path) as store:
        tx = Transaction(store, True)
        a = tx.create_node([label], {key: "v"})
        tx.commit()
    with Store.open(path) as store:
        rx = Transaction(store, False)
        assert rx.node_labels(a) == {label}
        assert rx.node_properties(a) == {key: "v"}
        assert list(rx.node_ids_by_label(label)) == [a]
        rx.rollback()


def test_same_path_cannot_be_opened_twice(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    store = Store.open(path)
    with pytest.raises(StorageError):
        Store.open(path)
    store.close()
    Store.open(path).close()


def test_every_committer_gets_its_own_commit_id(tmp_path: Path) -> None:
    # 32 threads queue behind one leader: followers sleep and are woken in a chain; each
    # must come back with its own commit id, and batches must actually group commits.
    with Store.open(str(tmp_path / "g")) as store:
        n_threads, per_thread = 32, 20
        barrier = threading.Barrier(n_threads)
        cids: list[int] = []

        def work() -> None:
            barrier.wait()
            for _ in range(per_thread):
                tx = Transaction(store, True)
                tx.create_node([], {})
                cids.append(tx.commit())

        threads = [threading.Thread(target=work) for _ in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads)
        first = store.last_commit_id - n_threads * per_thread + 1
        assert sorted(cids) == list(range(first, store.last_commit_id + 1))


def test_woken_chain_reaches_every_sleeper() -> None:
    from graphbolt.storage._store import _new_gate, _Pending, _wake

    batch = [_Pending(None) for _ in range(6)]  # type: ignore[arg-type]
    for p in batch[1:]:
        p.gate = _new_gate()
    batch[3].promoted = True  # a promoted request leads: the batch's wake must skip it
    woken: list[int] = []

    def sleeper(i: int) -> None:
        batch[i].sleep()
        woken.append(i)

    threads = [threading.Thread(target=sleeper, args=(i,)) for i in (1, 2, 4, 5)]
    for t in threads:
        t.start()
    _wake(batch)
    for t in threads:
        t.join(timeout=10)
    assert sorted(woken) == [1, 2, 4, 5]
    assert batch[3].gate.locked()  # never released by the batch


def _stored_state(store: Store, txn: object) -> tuple[int, int]:
    raw = txn.get(L.META_LAST_COMMIT, None, store.dbs.meta)  # type: ignore[attr-defined]
    return (0, 0) if raw is None else L.COMMIT_STATE.unpack(raw)  # type: ignore[return-value]


def test_begin_read_reports_the_snapshots_stored_state(tmp_path: Path) -> None:
    path = str(tmp_path / "g")

    def check(store: Store) -> None:
        txn, cid, schema = store.begin_read()
        try:
            assert (cid, schema.version) == _stored_state(store, txn)
        finally:
            store.end_read(txn)

    with Store.open(path) as store:
        check(store)  # nothing committed by this process yet
        for i in range(3):
            tx = Transaction(store, True)
            tx.create_node(["N"], {"i": i})
            tx.commit()
            check(store)
        store.create_index("N", "i")
        check(store)
        old = store.begin_read()  # an older snapshot keeps its own state
        tx = Transaction(store, True)
        tx.create_node(["N"], {"i": 9})
        tx.commit()
        assert old[1] == store.last_commit_id - 1
        assert (old[1], old[2].version) == _stored_state(store, old[0])
        store.end_read(old[0])
        stale = Transaction(store, True)
        stale.set_node_property(0, "i", 5)
        fresh = Transaction(store, True)
        fresh.set_node_property(0, "i", 6)
        fresh.commit()
        with pytest.raises(Exception, match="outdated"):
            stale.commit()  # a batch applying nothing: the state stays
        check(store)
        last = store.last_commit_id
    with Store.open(path) as store:  # reopened: no commit of this process is known
        check(store)
        assert store.last_commit_id == last
