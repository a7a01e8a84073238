"""Snapshot isolation, write-write conflicts, concurrent commits, durability."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphbolt.errors import WriteConflict
from graphbolt.storage import Store, verify
from graphbolt.tx import BOTH, Transaction


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _seed(store: Store) -> tuple[int, int, int]:
    tx = Transaction(store, True)
    a, b = tx.create_node(["A"], {"v": 0}), tx.create_node(["A"], {"v": 0})
    r = tx.create_rel("T", a, b, {"w": 0})
    tx.commit()
    return a, b, r


def test_reader_does_not_see_later_commit(store: Store) -> None:
    a, b, r = _seed(store)
    reader = Transaction(store, False)
    assert reader.node_property(b, "v") == 0
    tx = Transaction(store, True)
    tx.set_node_property(a, "v", 1)
    c = tx.create_node(["A"], {})
    tx.create_rel("T", b, c, {})
    tx.delete_rel(r)
    tx.commit()
    assert reader.node_property(a, "v") == 0
    assert list(reader.all_node_ids()) == [a, b]
    assert list(reader.node_ids_by_label("A")) == [a, b]
    assert [x[0] for x in reader.expand(b, BOTH, None)] == [r]
    assert reader.rel_exists(r)
    later = Transaction(store, False)
    assert later.node_property(a, "v") == 1
    assert not later.rel_exists(r)
    assert later.snapshot_id == reader.snapshot_id + 1


def test_two_writers_on_same_node_one_conflicts(store: Store) -> None:
    a, _, _ = _seed(store)
    t1, t2 = Transaction(store, True), Transaction(store, True)
    t1.set_node_property(a, "v", 1)
    t2.set_node_property(a, "v", 2)
    t2.create_node([], {})
    t1.commit()
    with pytest.raises(WriteConflict) as info:
        t2.commit()
    assert info.value.code == "Neo.TransientError.Transaction.Outdated"
    rx = Transaction(store, False)
    assert rx.node_property(a, "v") == 1
    assert len(list(rx.all_node_ids())) == 2  # nothing of t2 applied


@pytest.mark.parametrize("what", ["label", "delete", "rel_prop", "rel_delete"])
def test_conflict_kinds(store: Store, what: str) -> None:
    a, _b, r = _seed(store)
    t1, t2 = Transaction(store, True), Transaction(store, True)
    if what == "label":
        t1.add_label(a, "X")
        t2.remove_label(a, "A")
    elif what == "delete":
        t1.delete_rel(r)
        t1.delete_node(a)
        t2.set_node_property(a, "v", 5)
    elif what == "rel_prop":
        t1.set_rel_property(r, "w", 1)
        t2.set_rel_property(r, "w", 2)
    else:
        t1.delete_rel(r)
        t2.set_rel_property(r, "w", 2)
    t1.commit()
    with pytest.raises(WriteConflict):
        t2.commit()


def test_rel_to_concurrently_deleted_node_conflicts(store: Store) -> None:
    a, b, r = _seed(store)
    t1, t2 = Transaction(store, True), Transaction(store, True)
    t1.delete_rel(r)
    t1.delete_node(b)
    t2.create_rel("NEW", a, b, {})
    t1.commit()
    with pytest.raises(WriteConflict):
        t2.commit()


def test_delete_node_that_concurrently_got_a_rel_conflicts(store: Store) -> None:
    a, b, r = _seed(store)
    t1, t2 = Transaction(store, True), Transaction(store, True)
    t1.create_rel("NEW", a, b, {})
    t2.delete_rel(r)
    t2.delete_node(b)
    t1.commit()
    with pytest.raises(WriteConflict):
        t2.commit()
    rx = Transaction(store, False)
    assert rx.node_exists(b) and rx.degree(b, BOTH, None) == 2


def test_disjoint_writers_both_commit(store: Store) -> None:
    a, b, _ = _seed(store)
    t1, t2 = Transaction(store, True), Transaction(store, True)
    t1.set_node_property(a, "v", 1)
    t2.set_node_property(b, "v", 2)
    t2.create_rel("T", a, b, {})  # creating a rel at a node t1 modified is not a conflict
    c1, c2 = t1.commit(), t2.commit()
    assert c2 == c1 + 1
    rx = Transaction(store, False)
    assert (rx.node_property(a, "v"), rx.node_property(b, "v")) == (1, 2)


def test_wait_for_commit(store: Store) -> None:
    assert store.wait_for_commit(0, 0)
    assert not store.wait_for_commit(1, 0.01)
    done = threading.Event()

    def commit_later() -> None:
        tx = Transaction(store, True)
        tx.create_node([], {})
        tx.commit()
        done.set()

    thread = threading.Thread(target=commit_later)
    thread.start()
    assert store.wait_for_commit(1, 5)
    thread.join()
    assert done.is_set()


def test_concurrent_counter_increments_stay_consistent(store: Store) -> None:
    tx = Transaction(store, True)
    counter = tx.create_node(["Counter"], {"n": 0})
    tx.commit()
    workers, per_worker = 4, 40
    stats = {"conflicts": 0}
    lock = threading.Lock()

    def work() -> None:
        done = 0
        while done < per_worker:
            tx = Transaction(store, True)
            tx.set_node_property(counter, "n", tx.node_property(counter, "n") + 1)
            tx.create_node(["Log"], {})
            try:
                tx.commit()
                done += 1
            except WriteConflict:
                with lock:
                    stats["conflicts"] += 1

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rx = Transaction(store, False)
    assert rx.node_property(counter, "n") == workers * per_worker
    assert len(list(rx.node_ids_by_label("Log"))) == workers * per_worker
    assert store.last_commit_id == 1 + workers * per_worker


def test_concurrent_disjoint_commits_all_land(store: Store) -> None:
    results: list[int] = []
    lock = threading.Lock()

    def work(worker: int) -> None:
        for i in range(50):
            tx = Transaction(store, True)
            a = tx.create_node(["W"], {"worker": worker, "i": i})
            b = tx.create_node(["W"], {})
            tx.create_rel("R", a, b, {})
            cid = tx.commit()
            with lock:
                results.append(cid)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == list(range(1, 301))
    rx = Transaction(store, False)
    assert len(list(rx.node_ids_by_label("W"))) == 600
    rels = list(rx.all_rels())
    assert len(rels) == 300
    assert all(rx.degree(s, BOTH, None) == 1 for _, _, s, _ in rels)


def test_committed_write_survives_reopen(tmp_path: Path) -> None:
    path = str(tmp_path / "db")
    store = Store.open(path)
    tx = Transaction(store, True)
    a = tx.create_node(["Person"], {"name": "Ann", "tags": ["x", "y"]})
    b = tx.create_node([], {})
    r = tx.create_rel("KNOWS", a, b, {"w": 2})
    cid = tx.commit()
    tx = Transaction(store, True)
    tx.create_node(["Lost"], {})
    tx.rollback()
    store.close()
    store = Store.open(path)
    assert store.last_commit_id == cid
    rx = Transaction(store, False)
    assert list(rx.all_node_ids()) == [a, b]
    assert rx.node_labels(a) == {"Person"}
    assert rx.node_properties(a) == {"name": "Ann", "tags": ["x", "y"]}
    assert list(rx.expand(a, BOTH, ("KNOWS",))) == [(r, "KNOWS", a, b)]
    assert rx.rel_property(r, "w") == 2
    assert list(rx.node_ids_by_label("Lost")) == []
    rx.rollback()
    tx = Transaction(store, True)
    assert tx.create_node([], {}) > b
    tx.commit()
    store.close()


def test_random_concurrent_writers_keep_invariants(store: Store) -> None:
    tx = Transaction(store, True)
    for i in range(30):
        tx.create_node(["N"], {"i": i})
    tx.commit()
    outcomes = {"ok": 0, "conflict": 0}
    lock = threading.Lock()

    def one_tx(rng: random.Random) -> None:
        tx = Transaction(store, True)
        ids = list(tx.all_node_ids())
        for _ in range(rng.randint(1, 4)):
            op = rng.random()
            if op < 0.3 or len(ids) < 2:
                ids.append(tx.create_node(["N"], {"r": rng.random()}))
            elif op < 0.6:
                tx.create_rel("R", rng.choice(ids), rng.choice(ids), {})
            elif op < 0.75:
                tx.set_node_property(rng.choice(ids), "x", rng.randint(0, 9))
            elif op < 0.9:
                rels = list(tx.all_rels())
                if rels:
                    tx.delete_rel(rng.choice(rels)[0])
            else:
                victim = rng.choice(ids)
                for rel_id, _, _, _ in list(tx.expand(victim, BOTH, None)):
                    tx.delete_rel(rel_id)
                tx.delete_node(victim)
                ids.remove(victim)
        try:
            tx.commit()
            key = "ok"
        except WriteConflict:
            key = "conflict"
        with lock:
            outcomes[key] += 1

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(60):
            one_tx(rng)

    errors: list[BaseException] = []

    def guarded(seed: int) -> None:
        try:
            worker(seed)
        except BaseException as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(s,)) for s in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert outcomes["ok"] > 0
    assert verify(store) == []
    rx = Transaction(store, False)
    rels = list(rx.all_rels())
    assert sum(rx.degree(n, BOTH, None) for n in rx.all_node_ids()) == sum(
        1 if s == e else 2 for _, _, s, e in rels
    )
    assert store.last_commit_id <= 1 + outcomes["ok"]  # read-only outcomes take no commit id


def test_commit_survives_process_crash(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = str(tmp_path / "db")
    script = (
        "import os\n"
        "from graphbolt.storage import Store\n"
        "from graphbolt.tx import Transaction\n"
        f"store = Store.open({path!r})\n"
        "tx = Transaction(store, True)\n"
        "tx.create_node(['Kept'], {'n': 1})\n"
        "print(tx.commit(), flush=True)\n"
        "tx = Transaction(store, True)\n"
        "tx.create_node(['Lost'], {})\n"
        "os._exit(0)  # no close, no rollback: a crash right after the first commit\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    cid = int(out.stdout.strip())
    with Store.open(path) as store:
        assert store.last_commit_id == cid
        rx = Transaction(store, False)
        assert len(list(rx.node_ids_by_label("Kept"))) == 1
        assert list(rx.node_ids_by_label("Lost")) == []
        rx.rollback()
