"""The durable store's journal: log records of group commits, checkpoints, the pin, recovery.

The design, invariants W1-W4 and crash cases are in ``_wal``; this module is the part that
knows LMDB and the write requests. A ``Journal`` belongs to one ``Store``; every method except
``prepare`` runs with the store's commit leadership (or during open/close), so there is never
an LMDB write transaction of another thread between a checkpoint's steps.
"""

from __future__ import annotations

import operator
import os
import time
from typing import Any

import msgpack

from graphbolt.errors import StorageError
from graphbolt.storage import _layout as L
from graphbolt.storage._batch import WriteRequest, apply
from graphbolt.storage._wal import (
    RECORDS_START,
    Header,
    Wal,
    fsync_dir,
    meta_txnid,
    read_metas,
    restore_metas,
)

CHECKPOINT_INTERVAL = 1.0  # seconds of commits between checkpoints (bounds replay and pinning)
# Log bytes between checkpoints. Each record's LMDB commit copies ~10 pages that the pin keeps
# from being reused until the next checkpoint, so this bounds data.mdb's growth (~10 x 4 KiB per
# 4 KiB record): 4 MiB of records ~ 1,000 commits ~ 40 MiB of pages in flight.
CHECKPOINT_BYTES = 4 << 20
MAX_RECORD_ENTRIES = 4_096  # larger batches are checkpointed instead of logged (bulk writes)
DATA_NAME = "data.mdb"

# WriteRequest fields that ``apply`` reads, in record order.
_FIELDS = ("node_put", "node_del", "rel_put", "rel_del", "label_put", "label_del", "type_put",
           "type_del", "adj_put", "adj_del", "idx_put", "idx_del")  # fmt: skip
_PAIRS = frozenset({"node_put", "rel_put", "type_put", "adj_put", "adj_del"})


_fields_of = operator.attrgetter(*_FIELDS)  # one C call for all twelve (the leader's hot path)


def entry_count(req: WriteRequest) -> int:
    """How many keys ``req`` writes (decides log vs checkpoint before encoding)."""
    return sum(map(len, _fields_of(req)))


def encode(
    version: int, next_node: int, next_rel: int, tokens: list[Any],
    done: list[tuple[int, WriteRequest]],
) -> bytes:  # fmt: skip
    """The payload of one batch's record: only requests that passed validation (W4)."""
    toks = [[table.kind, tok, name] for table, items in tokens for name, tok in items]
    reqs = [[cid, *_fields_of(req)] for cid, req in done]
    return msgpack.packb([version, next_node, next_rel, toks, reqs], use_bin_type=True)


def decode(payload: bytes) -> tuple[int, int, int, list[Any], list[tuple[int, WriteRequest]]]:
    version, next_node, next_rel, toks, reqs = msgpack.unpackb(payload, raw=False)
    done: list[tuple[int, WriteRequest]] = []
    for row in reqs:
        req = WriteRequest(snapshot=0)
        for name, value in zip(_FIELDS, row[1:], strict=True):
            setattr(req, name, [tuple(v) for v in value] if name in _PAIRS else value)
        done.append((row[0], req))
    return version, next_node, next_rel, toks, done


def replay_record(txn: Any, dbs: Any, payload: bytes) -> int:
    """Apply one record's batch as it was committed; its last commit id (or -1: none)."""
    version, next_node, next_rel, toks, done = decode(payload)
    for kind, tok, name in toks:
        txn.put(kind + L.TOKEN.pack(tok), name.encode(), db=dbs.tokens)
    for cid, req in done:
        apply(txn, dbs, req, cid)
    txn.put(L.META_NEXT_NODE, L.ID.pack(next_node), db=dbs.meta)
    txn.put(L.META_NEXT_REL, L.ID.pack(next_rel), db=dbs.meta)
    if not done:
        return -1
    last = done[-1][0]
    txn.put(L.META_LAST_COMMIT, L.COMMIT_STATE.pack(last, version), db=dbs.meta)
    return int(last)


class Journal:
    """The WAL of one durable store, its pin (W2) and its checkpoints."""

    def __init__(self, directory: str) -> None:
        self.directory = directory
        self.data_path = os.path.join(directory, DATA_NAME)
        self.wal = Wal(directory)
        self.pin: Any = None
        self.last_checkpoint = time.monotonic()

    @property
    def header(self) -> Header | None:
        return self.wal.header

    def prepare(self, open_env: Any) -> None:
        """Before the store's LMDB open: bootstrap a store without header, else restore W1."""
        header = self.wal.header
        if header is None:
            # No checkpoint yet (new store, or one written before the WAL existed): make sure
            # LMDB's state is durable and formatted with a synced environment, once.
            env = open_env(sync=True)
            try:
                meta = env.open_db(b"meta")
                with env.begin(write=True) as txn:
                    if txn.get(L.META_FORMAT, db=meta) is None:
                        txn.put(L.META_FORMAT, L.ID.pack(L.FORMAT_VERSION), db=meta)
                env.sync(True)
            finally:
                env.close()
            fsync_dir(self.directory)  # LMDB does not: data.mdb's entry must outlive a crash
        elif not os.path.exists(self.data_path):
            raise StorageError(f"{self.wal.path} has a checkpoint but {DATA_NAME} is missing")
        else:
            restore_metas(self.data_path, header)

    def recover(self, env: Any, dbs: Any) -> None:
        """Pin tree C and replay the records after it (W3, W4); MapFullError propagates and
        the caller reopens with a larger map and calls ``prepare`` + ``recover`` again."""
        header = self.wal.header
        self.pin_now(env)
        if header is None:
            return
        raw = self.pin.get(L.META_LAST_COMMIT, None, dbs.meta)
        cid = 0 if raw is None else L.COMMIT_STATE.unpack(raw)[0]
        if cid != header.cid or self.pin.id() != header.txnid:
            raise StorageError(
                f"{DATA_NAME} is at commit {cid}, its log checkpoint at {header.cid}: "
                "the files do not belong together"
            )
        self.wal.rewind()
        for record in self.wal.records():
            with env.begin(write=True) as txn:
                replay_record(txn, dbs, record.payload)

    def pin_now(self, env: Any) -> None:
        old, self.pin = self.pin, env.begin(buffers=False)
        if old is not None:
            old.abort()

    def unpin(self) -> None:
        if self.pin is not None:
            self.pin.abort()
            self.pin = None

    def due(self) -> bool:
        wal = self.wal
        if wal.used >= min(CHECKPOINT_BYTES, wal.size * 3 // 4):
            return True
        return time.monotonic() - self.last_checkpoint >= CHECKPOINT_INTERVAL

    def log(self, payload: bytes, first: int, last: int) -> bool:
        """Write one record durably; False when it does not fit (checkpoint instead)."""
        if not self.wal.fits(len(payload)):
            return False
        self.wal.append(payload, first, last)
        return True

    def checkpoint(self, env: Any, meta_db: Any) -> None:
        """Make LMDB's newest state the header's tree C (W1), then move the pin to it (W2)."""
        env.sync(True)
        psize = env.stat()["psize"]
        txnid = env.info()["last_txnid"]
        metas = read_metas(self.data_path, psize)
        found = max(meta_txnid(metas[0]) or -1, meta_txnid(metas[1]) or -1)
        if found != txnid:
            raise StorageError(f"unexpected LMDB meta pages (txnid {found}, expected {txnid})")
        pin = env.begin(buffers=False)
        try:
            if pin.id() != txnid:
                raise StorageError("a commit ran during a checkpoint")
            raw = pin.get(L.META_LAST_COMMIT, None, meta_db)
            now = time.monotonic()
            if self.wal.used >= self.wal.size * 3 // 4:
                # A store that filled its small log is a busy one: grow it at once to hold
                # CHECKPOINT_BYTES at three quarters, not by doublings that each cost an
                # early checkpoint (three in its first ~1,300 single-row commits, not one).
                self.wal.grow(RECORDS_START + CHECKPOINT_BYTES * 4 // 3)
            cid = 0 if raw is None else L.COMMIT_STATE.unpack(raw)[0]
            self.wal.write_header(psize, cid, txnid, metas)
        except BaseException:
            pin.abort()
            raise
        old, self.pin = self.pin, pin  # the old pin goes only now: the new header is durable
        if old is not None:
            old.abort()
        self.last_checkpoint = now

    def close(self) -> None:
        self.unpin()
        self.wal.close()
