"""The redo log: file format, replay rules, recovery after process crashes and power loss."""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbolt.errors import StorageError
from graphbolt.storage import Store, WriteRequest, _redo, _wal, verify
from graphbolt.storage._tokens import TokenTable
from graphbolt.storage._wal import RECORDS_START, Wal
from graphbolt.tx import Transaction

WAL = _wal.WAL_NAME
DATA = "data.mdb"


def _create(store: Store, n: int, label: str = "N") -> list[int]:
    """``n`` acknowledged single-node commits; their commit ids."""
    cids = []
    for i in range(n):
        tx = Transaction(store, True)
        tx.create_node([label], {"i": i})
        cids.append(tx.commit())
    return cids


def _values(store: Store, label: str = "N") -> list[int]:
    rx = Transaction(store, False)
    try:
        return sorted(rx.node_property(n, "i") for n in rx.node_ids_by_label(label))
    finally:
        rx.rollback()


def _snapshot(src: str, dst: Path) -> str:
    """The files as a crash would leave them to the next process (no lock file)."""
    dst.mkdir()
    for name in (DATA, WAL):
        shutil.copyfile(os.path.join(src, name), dst / name)
    return str(dst)


@pytest.fixture
def no_periodic_checkpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoints only when a test asks (DDL, bulk, resize, full log): a 4 MiB log."""
    monkeypatch.setattr(_redo.Journal, "due", lambda self: False)
    monkeypatch.setattr(_wal, "INITIAL_SIZE", 4 << 20)


# -- LMDB facts the design relies on -------------------------------------------------------


def test_lmdb_meta_layout_matches_a_real_file(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "g")) as store:
        _create(store, 3)
        store.env.sync(True)
        psize = store.env.stat()["psize"]
        txnid = store.env.info()["last_txnid"]
        with open(tmp_path / "g" / DATA, "rb") as f:
            pages = f.read(psize), f.read(psize)
    ids = [_wal.meta_txnid(page) for page in pages]
    assert None not in ids and max(ids) == txnid  # type: ignore[type-var]
    assert sorted(ids) == [txnid - 1, txnid]  # type: ignore[type-var]
    assert ids[txnid % 2] == txnid  # LMDB writes meta page txnid % 2
    for page in pages:  # LMDB writes only the page header + MDB_meta of a meta page
        assert page[_wal.META_BYTES :] == bytes(psize - _wal.META_BYTES)
    assert _wal.meta_txnid(b"\0" * 512) is None


# -- file format ---------------------------------------------------------------------------

_blobs = st.lists(st.binary(max_size=40), max_size=5)
_pairs = st.lists(st.tuples(st.binary(max_size=20), st.binary(max_size=40)), max_size=5)


@st.composite
def _requests(draw: st.DrawFn) -> WriteRequest:
    req = WriteRequest(snapshot=0)
    for name in _redo._FIELDS:
        setattr(req, name, draw(_pairs if name in _redo._PAIRS else _blobs))
    return req


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reqs=st.lists(_requests(), max_size=4),
    names=st.lists(st.text(max_size=10), max_size=3),
    counters=st.tuples(*(st.integers(0, 2**63 - 1) for _ in range(3))),
)
def test_record_payload_round_trip(
    reqs: list[WriteRequest], names: list[str], counters: tuple[int, int, int]
) -> None:
    table = TokenTable(b"L")
    tokens = [(table, [(name, i) for i, name in enumerate(names)])]
    done = [(10 + i, req) for i, req in enumerate(reqs)]
    version, next_node, next_rel = counters
    payload = _redo.encode(version, next_node, next_rel, tokens, done)
    assert _redo.decode(payload) == (
        version, next_node, next_rel, [[b"L", i, n] for i, n in enumerate(names)], done,
    )  # fmt: skip


def _fresh_wal(path: Path) -> Wal:
    path.mkdir(exist_ok=True)
    wal = Wal(str(path))
    wal.write_header(4096, 5, 7, (b"m0", b"m1"))
    return wal


@pytest.fixture(params=["direct", "buffered"])
def record_writes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Records written through the O_DIRECT | O_DSYNC descriptor where the file system has
    one, and through ``pwrite`` + ``fdatasync``."""
    if request.param == "buffered":
        monkeypatch.setattr(_wal, "_open_direct", lambda path: -1)
    return str(request.param)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(max_size=9000), min_size=1, max_size=6))
def test_records_round_trip(tmp_path: Path, record_writes: str, payloads: list[bytes]) -> None:
    d = tmp_path / f"w{random.getrandbits(40)}"
    wal = _fresh_wal(d)
    if record_writes == "buffered":
        assert wal._direct == -1
    for i, payload in enumerate(payloads):
        wal.append(payload, 6 + i, 6 + i)
    wal.close()
    again = Wal(str(d))
    assert again.header is not None and again.header.cid == 5
    assert again.header.metas[0].rstrip(b"\0") == b"m0"
    assert [r.payload for r in again.records()] == payloads
    again.close()


def test_direct_writes_refused_fall_back_to_fdatasync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wal = _fresh_wal(tmp_path / "w")
    if wal._direct < 0:
        pytest.skip("this file system has no O_DIRECT: only the buffered path runs here")
    real_pwrite, direct = os.pwrite, wal._direct

    def refusing(fd: int, data: object, offset: int) -> int:
        if fd == direct:
            raise OSError(22, "Invalid argument")  # what an unaligned or refused write gets
        return real_pwrite(fd, data, offset)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "pwrite", refusing)
    wal.append(b"a" * 5000, 6, 6)  # refused, then written through the buffered descriptor
    assert wal._direct == -1
    wal.append(b"b", 7, 7)
    wal.close()
    monkeypatch.undo()
    assert _reread(tmp_path / "w") == [(6, 6), (7, 7)]


def test_a_dropped_log_closes_its_descriptors(tmp_path: Path) -> None:
    import gc

    wal = _fresh_wal(tmp_path / "w")
    wal.append(b"a", 6, 6)
    fds = [fd for fd in (wal.fd, wal._direct) if fd >= 0]
    del wal
    gc.collect()
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)  # closed (and not reused: nothing opened since)


def test_a_record_write_never_touches_the_blocks_of_earlier_records(tmp_path: Path) -> None:
    wal = _fresh_wal(tmp_path / "w")
    wal.append(b"x" * 5000, 6, 6)  # two blocks, the second padded
    with open(tmp_path / "w" / WAL, "rb") as f:
        before = f.read()
    wal.append(b"y", 7, 7)
    wal.close()
    with open(tmp_path / "w" / WAL, "rb") as f:
        after = f.read()
    end = RECORDS_START + 2 * _wal.BLOCK
    assert after[:end] == before[:end]
    assert after[end + _wal.BLOCK :] == before[end + _wal.BLOCK :]


def _reread(path: Path) -> list[tuple[int, int]]:
    wal = Wal(str(path))
    try:
        return [(r.first, r.last) for r in wal.records()]
    finally:
        wal.close()


def test_torn_record_bad_checksum_and_gap_stop_replay(tmp_path: Path) -> None:
    wal = _fresh_wal(tmp_path / "w")
    for cid in (6, 7, 8):
        wal.append(b"x" * 100, cid, cid)
    wal.append(b"tokens only", 9, 8)  # a batch that persisted tokens but no commit
    wal.append(b"y", 9, 10)
    wal.close()
    assert _reread(tmp_path / "w") == [(6, 6), (7, 7), (8, 8), (9, 8), (9, 10)]
    fd = os.open(tmp_path / "w" / WAL, os.O_RDWR)
    os.pwrite(fd, b"X", RECORDS_START + 2 * _wal.BLOCK + 60)  # payload byte of record 3
    os.close(fd)
    assert _reread(tmp_path / "w") == [(6, 6), (7, 7)]

    gap = _fresh_wal(tmp_path / "g")
    gap.append(b"a", 6, 6)
    gap.append(b"b", 8, 8)  # commit 7 missing
    gap.close()
    assert _reread(tmp_path / "g") == [(6, 6)]


def test_new_generation_voids_old_records_and_torn_header_falls_back(tmp_path: Path) -> None:
    wal = _fresh_wal(tmp_path / "w")
    wal.append(b"a", 6, 6)
    wal.append(b"b", 7, 7)
    wal.write_header(4096, 6, 8, (b"n0", b"n1"))  # checkpoint at 6: records 6, 7 are stale
    wal.close()
    assert _reread(tmp_path / "w") == []
    fd = os.open(tmp_path / "w" / WAL, os.O_RDWR)
    os.pwrite(fd, b"\xff" * 16, 1 * _wal.BLOCK + 100)  # tear the newest header (slot 1)
    os.close(fd)
    wal = Wal(str(tmp_path / "w"))
    assert wal.header is not None and (wal.header.cid, wal.header.generation) == (5, 1)
    assert [(r.first, r.last) for r in wal.records()] == [(6, 6), (7, 7)]
    wal.close()


# -- the store -----------------------------------------------------------------------------


def test_clean_close_leaves_nothing_to_replay(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    with Store.open(path) as store:
        _create(store, 20)
        assert store.last_commit_id == 20
    wal = Wal(path)
    assert wal.header is not None and wal.header.cid == 20
    assert list(wal.records()) == []
    wal.close()
    with Store.open(path) as store:
        assert _values(store) == list(range(20))


def test_commits_are_logged_not_checkpointed(tmp_path: Path, no_periodic_checkpoint: None) -> None:
    with Store.open(str(tmp_path / "g")) as store:
        before = store.checkpoints
        _create(store, 10)
        journal = store._journal
        assert journal is not None
        assert store.checkpoints == before and journal.wal.seq == 10


def test_index_ddl_and_bulk_batches_checkpoint(
    tmp_path: Path, no_periodic_checkpoint: None
) -> None:
    path = str(tmp_path / "g")
    n_bulk = _redo.MAX_RECORD_ENTRIES // 2 + 1
    with Store.open(path) as store:
        journal = store._journal
        assert journal is not None
        _create(store, 2)
        before = store.checkpoints
        assert store.create_index("N", "i")
        assert store.checkpoints == before + 1 and journal.wal.seq == 0
        assert journal.header is not None and journal.header.cid == store.last_commit_id
        tx = Transaction(store, True)
        for i in range(n_bulk):  # 2 entries each: node + label key
            tx.create_node(["Bulk"], {"i": i})
        tx.commit()
        assert store.checkpoints == before + 2 and journal.wal.seq == 0
        _create(store, 1)
        assert journal.wal.seq == 1
        crashed = _snapshot(path, tmp_path / "crash")
    with Store.open(crashed) as store:
        assert store.indexes() == [("N", "i")]
        assert len(_values(store, "Bulk")) == n_bulk
        assert verify(store) == []


def test_second_process_cannot_open_the_store(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    with Store.open(path):
        script = f"from graphbolt.storage import Store\nStore.open({path!r})\n"
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert out.returncode != 0 and "open in another process" in out.stderr


_CRASH_SCRIPT = """
import os, sys, threading
from graphbolt.storage import Store
from graphbolt.tx import Transaction
store = Store.open(sys.argv[1], map_size=int(sys.argv[2]))
lock = threading.Lock()
def work(t):
    for i in range(int(sys.argv[3])):
        tx = Transaction(store, True)
        tx.create_node(["N"], {"i": t * 100000 + i, "pad": "x" * 300})
        tx.commit()
        with lock:
            print(t * 100000 + i, flush=True)  # acknowledged
threads = [threading.Thread(target=work, args=(t,)) for t in range(int(sys.argv[4]))]
for t in threads: t.start()
for t in threads: t.join()
tx = Transaction(store, True)
tx.create_node(["Lost"], {})
os._exit(0)  # no close, no checkpoint
"""


@pytest.mark.parametrize(("threads", "per_thread"), [(1, 300), (8, 40)])
def test_acknowledged_commits_survive_process_crash(
    tmp_path: Path, threads: int, per_thread: int
) -> None:
    path = str(tmp_path / "g")
    args = [path, str(1 << 36), str(per_thread), str(threads)]
    out = subprocess.run([sys.executable, "-c", _CRASH_SCRIPT, *args],
                         capture_output=True, text=True, check=True)  # fmt: skip
    acked = sorted(int(line) for line in out.stdout.split())
    assert len(acked) == threads * per_thread
    with Store.open(path) as store:
        assert _values(store) == acked
        assert store.last_commit_id == len(acked)
        assert _values(store, "Lost") == []
        assert verify(store) == []


def test_replay_grows_a_small_map(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    args = [path, str(1 << 21), "400", "1"]
    out = subprocess.run([sys.executable, "-c", _CRASH_SCRIPT, *args],
                         capture_output=True, text=True, check=True)  # fmt: skip
    acked = sorted(int(line) for line in out.stdout.split())
    with Store.open(path, map_size=1 << 20) as store:  # replay does not fit: reopen bigger
        assert _values(store) == acked
        assert verify(store) == []


def test_map_resize_keeps_the_checkpoint_tree_pinned(
    tmp_path: Path, no_periodic_checkpoint: None
) -> None:
    path = str(tmp_path / "g")
    with Store.open(path, map_size=1 << 20) as store:
        before = store.env.info()["map_size"]
        _create(store, 5)
        for _ in range(3):
            tx = Transaction(store, True)
            for _ in range(150):
                tx.create_node(["Big"], {"blob": "x" * 2000})
            tx.commit()
        assert store.env.info()["map_size"] > before
        journal = store._journal
        assert journal is not None and journal.pin is not None
        assert journal.pin.id() == journal.header.txnid  # type: ignore[union-attr]
        _create(store, 5, "After")
        crashed = _snapshot(path, tmp_path / "crash")
    with Store.open(crashed) as store:
        rx = Transaction(store, False)
        assert len(list(rx.node_ids_by_label("Big"))) == 450
        rx.rollback()
        assert _values(store, "After") == list(range(5))
        assert verify(store) == []


# -- power loss ----------------------------------------------------------------------------


def _power_loss_file(old: bytes, new: bytes, psize: int, rng: random.Random, metas: str) -> bytes:
    """data.mdb after a power loss: the checkpoint's file plus an arbitrary subset of the
    pages written later (each page old or new), and meta pages garbage or newer."""
    pages = []
    for i in range(0, max(len(old), len(new)), psize):
        a, b = old[i : i + psize], new[i : i + psize]
        pages.append(b if (not a or rng.random() < 0.5) else a)
    if metas == "garbage":
        pages[0] = bytes(rng.getrandbits(8) for _ in range(psize))
        pages[1] = bytes(psize)
    elif metas == "newer":  # newer metas, but the pages they point to never reached the disk
        pages = [new[:psize], new[psize : 2 * psize]] + [
            old[i : i + psize] or bytes(psize) for i in range(2 * psize, len(new), psize)
        ]
    return b"".join(pages)


@pytest.mark.parametrize("metas", ["garbage", "newer", "mixed"])
def test_power_loss_recovers_exactly_the_acknowledged_commits(
    tmp_path: Path, no_periodic_checkpoint: None, metas: str
) -> None:
    path = str(tmp_path / "g")
    store = Store.open(path)
    try:
        _create(store, 30, "Before")
        assert store.create_index("Before", "i")  # a checkpoint
        psize = store.env.stat()["psize"]
        with open(os.path.join(path, DATA), "rb") as f:
            at_checkpoint = f.read()
        checkpoints = store.checkpoints
        acked = _create(store, 200, "After")  # logged only
        tx = Transaction(store, True)  # and a deletion of checkpointed data
        for n in list(tx.node_ids_by_label("Before"))[:10]:
            tx.delete_node(n)
        acked.append(tx.commit())
        tx = Transaction(store, True)  # relationships, new types and keys, a self loop
        after = list(tx.node_ids_by_label("After"))
        rels = [tx.create_rel("R", a, b, {"w": 1}) for a, b in itertools.pairwise(after)]
        tx.create_rel("LOOP", after[0], after[0], {})
        acked.append(tx.commit())
        tx = Transaction(store, True)
        tx.delete_rel(rels[0])
        acked.append(tx.commit())
        assert store.checkpoints == checkpoints  # the log's header is still at_checkpoint's
        with open(os.path.join(path, DATA), "rb") as f:
            later = f.read()
        with open(os.path.join(path, WAL), "rb") as f:
            log = f.read()
    finally:
        store.close()
    for seed in range(3):
        crashed = tmp_path / f"crash{seed}"
        crashed.mkdir()
        rng = random.Random(seed)
        (crashed / DATA).write_bytes(_power_loss_file(at_checkpoint, later, psize, rng, metas))
        (crashed / WAL).write_bytes(log)
        with Store.open(str(crashed)) as store:
            assert store.last_commit_id == acked[-1]
            assert _values(store, "After") == list(range(200))
            assert _values(store, "Before") == list(range(10, 30))
            assert store.indexes() == [("Before", "i")]
            rx = Transaction(store, False)
            assert sum(1 for _ in rx.all_rels()) == 199
            rx.rollback()
            assert verify(store) == []


def test_concurrent_committers_share_log_records(
    tmp_path: Path, no_periodic_checkpoint: None
) -> None:
    path = str(tmp_path / "g")
    with Store.open(path) as store:
        barrier = threading.Barrier(8)

        def work(t: int) -> None:
            barrier.wait()
            for i in range(25):
                tx = Transaction(store, True)
                tx.create_node(["N"], {"i": t * 1000 + i})
                tx.commit()

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        journal = store._journal
        assert journal is not None and 0 < journal.wal.seq <= 200
        crashed = _snapshot(path, tmp_path / "crash")
    with Store.open(crashed) as store:
        assert store.last_commit_id == 200
        assert len(_values(store)) == 200
        assert verify(store) == []


def test_a_batch_failing_after_its_record_is_never_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_periodic_checkpoint: None
) -> None:
    from graphbolt.storage import _store

    path = str(tmp_path / "g")
    with Store.open(path) as store:
        _create(store, 3)
        logged = _store.Store._log

        def log_then_fail(self: Store, *args: object) -> bool:
            assert logged(self, *args)  # type: ignore[arg-type]
            raise RuntimeError("LMDB commit failed")

        monkeypatch.setattr(_store.Store, "_log", log_then_fail)
        tx = Transaction(store, True)
        tx.create_node(["N"], {"i": 99})
        with pytest.raises(StorageError):
            tx.commit()
        monkeypatch.setattr(_store.Store, "_log", logged)
        assert store.last_commit_id == 3
        _create(store, 1, "Later")
        crashed = _snapshot(path, tmp_path / "crash")
    with Store.open(crashed) as store:
        assert _values(store) == [0, 1, 2] and _values(store, "Later") == [0]
        assert store.last_commit_id == 4
        assert verify(store) == []


def test_a_small_log_grows_at_checkpoints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_redo, "CHECKPOINT_INTERVAL", 1e9)
    with Store.open(str(tmp_path / "g")) as store:
        journal = store._journal
        assert journal is not None and journal.wal.size == 1 << 20
        _create(store, 200)  # 4 KiB records: three quarters of 1 MiB after ~190
        # grown at once to hold a full checkpoint interval at three quarters
        assert journal.wal.size == 6 << 20 and journal.wal.seq < 20
        assert journal.wal.size * 3 // 4 >= RECORDS_START + _redo.CHECKPOINT_BYTES
        checkpoints = store.checkpoints
        _create(store, 1000)  # within the interval: no further checkpoint
        assert store.checkpoints == checkpoints


def test_large_records_fill_the_log_then_it_grows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_periodic_checkpoint: None
) -> None:
    monkeypatch.setattr(_wal, "INITIAL_SIZE", 8 << 20)
    path = str(tmp_path / "g")
    with Store.open(path) as store:
        journal = store._journal
        assert journal is not None and journal.wal.size == 8 << 20
        for t in range(4):  # ~2.4 MB records: the 4th does not fit and is checkpointed
            tx = Transaction(store, True)
            for i in range(1200):
                tx.create_node(["N"], {"i": t * 10_000 + i, "blob": "x" * 2000})
            tx.commit()
        assert store.checkpoints >= 2 and journal.wal.size == 16 << 20
        _create(store, 3, "After")
        crashed = _snapshot(path, tmp_path / "crash")
    with Store.open(crashed) as store:
        assert len(_values(store)) == 4800 and _values(store, "After") == [0, 1, 2]
        assert verify(store) == []


def test_a_store_dropped_without_close_can_be_reopened(tmp_path: Path) -> None:
    import gc

    path = str(tmp_path / "g")
    store = Store.open(path)
    _create(store, 2)
    del store
    gc.collect()
    with Store.open(path) as again:
        assert _values(again) == [0, 1]


_KILL_SCRIPT = """
import sys, threading
from graphbolt.errors import WriteConflict
from graphbolt.storage import Store, _redo
from graphbolt.tx import Transaction
_redo.CHECKPOINT_BYTES = 64 * 4096  # checkpoints all the time: the kill lands anywhere
store = Store.open(sys.argv[1])
lock = threading.Lock()
def work(t):
    i = 0
    while True:
        tx = Transaction(store, True)
        tx.create_node(["N"], {"i": t * 10**6 + i})
        if i % 50 == 0 and t == 0:
            store.create_index("N", "i") or store.drop_index("N", "i")
        try:
            tx.commit()
        except WriteConflict:  # the index changed under it: not acknowledged, try the next
            i += 1
            continue
        with lock:
            print(t * 10**6 + i, flush=True)
        i += 1
for t in range(3):
    threading.Thread(target=work, args=(t,)).start()
"""


@pytest.mark.parametrize("delay", [0.5, 1.0])
def test_sigkill_at_a_random_moment_keeps_every_acknowledged_commit(
    tmp_path: Path, delay: float
) -> None:
    import time

    path = str(tmp_path / "g")
    with subprocess.Popen([sys.executable, "-c", _KILL_SCRIPT, path],
                          stdout=subprocess.PIPE, text=True) as proc:  # fmt: skip
        time.sleep(delay + random.random() * 0.3)
        proc.kill()
        out, _ = proc.communicate()
    acked = sorted(int(line) for line in out.split() if line.strip())
    with Store.open(path) as store:
        found = _values(store)
        assert set(acked) <= set(found)
        assert len(found) <= len(acked) + 3  # at most the commits in flight at the kill
        assert verify(store) == []
