"""``Store``: one LMDB environment holding one graph, with group commit and bookmarks.

See ``graphbolt.storage._layout`` for the key layout, the invariants and the commit state
diagram. In-memory and durable stores share one code path: an in-memory store is an LMDB
environment in a private temporary directory (``/dev/shm`` when available), deleted on close.
LMDB never syncs by itself: a durable store has a redo log (``_wal``, ``_redo``) and a commit
id returned by ``submit`` is in it, on disk, before the commit becomes visible.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, NamedTuple

import lmdb

from graphbolt.errors import StorageError, WriteConflict
from graphbolt.storage import _layout as L
from graphbolt.storage import _schema
from graphbolt.storage._batch import SCHEMA_CHANGED, PutBuffer, WriteRequest, apply, validate
from graphbolt.storage._pending import _new_gate, _node_writes, _Pending, _wake
from graphbolt.storage._props_cache import PropsCache
from graphbolt.storage._redo import MAX_RECORD_ENTRIES, Journal, encode, entry_count
from graphbolt.storage._schema import Schema
from graphbolt.storage._tokens import TokenTable

DEFAULT_MAP_SIZE = 1 << 36  # address space only: the file grows with the data
RESIZE_WAIT = 30.0  # seconds a map resize waits for open read transactions to end


class Dbs(NamedTuple):
    nodes: Any
    rels: Any
    adj: Any
    labels: Any
    types: Any
    tokens: Any
    meta: Any
    schema: Any
    propidx: Any


_OPEN: weakref.WeakValueDictionary[str, Store] = weakref.WeakValueDictionary()
_OPEN_LOCK = threading.Lock()


def _memory_dir() -> str:
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    return tempfile.mkdtemp(prefix="graphbolt-", dir=base)


class Store:
    """The graph on LMDB. Open with ``Store.open(path)`` (durable) or ``Store.open(None)``."""

    def __init__(self, path: str, *, durable: bool, temporary: bool, map_size: int) -> None:
        self.path = path
        self.durable = durable
        self._temporary = temporary
        self._journal = Journal(path) if durable else None
        self._failed: BaseException | None = None  # a log/checkpoint failure: no more writes
        self.labels = TokenTable(L.KIND_LABEL)
        self.types = TokenTable(L.KIND_TYPE)
        self.keys = TokenTable(L.KIND_KEY)
        self._tables = {t.kind: t for t in (self.labels, self.types, self.keys)}
        # Stored label-token runs -> label names, shared by all transactions: tokens are never
        # removed nor reused, so an entry never goes stale.
        self.labelsets: dict[bytes, frozenset[str]] = {}
        self._queue: list[_Pending] = []
        self._qlock = threading.Lock()
        self._leader_busy = False
        self._commit_cond = threading.Condition()
        # One element per open read transaction. list.append/pop are atomic under the GIL,
        # which makes begin/end cheap; only a map resize reads the length.
        self._active: list[None] = []
        # Read transactions (of the layer above) parked between auto-commit queries for
        # reuse while their snapshot is the newest; each is one of ``_active``. A resize
        # and ``close`` release them (``release_parked``), as does the layer above after
        # each of its commits: a parked snapshot must not pin old pages for long.
        self.parked: list[Any] = []
        self._resizing = False
        self._closed = False
        # (LMDB txn id, commit id, schema version) of the newest group commit: a reader whose
        # snapshot has that txn id knows its state without reading it (``begin_read``).
        self._newest: tuple[int, int, int] = (-1, 0, 0)
        self.commit_batches = 0  # LMDB write transactions used by group commit (statistics)
        self.checkpoints = 0  # (statistics)
        # Decoded node properties shared by transactions; accepts entries once open (below).
        self.props_cache = PropsCache(-1)
        try:
            self._open_lmdb(map_size)
            self._load()
            if self._journal is not None:
                self._checkpoint()
        except BaseException:
            self._close_files()
            raise
        self.props_cache.publish(self._last_cid)
        if temporary:
            self._finalizer = weakref.finalize(self, shutil.rmtree, path, True)

    @classmethod
    def open(cls, path: str | None = None, *, map_size: int = DEFAULT_MAP_SIZE) -> Store:
        """A durable store in directory ``path`` (created if needed), or in memory for None.

        LMDB forbids opening one environment twice in a process: a second ``open`` of a path
        that is still open raises ``StorageError`` (share the ``Store`` instead).
        """
        if path is None:
            return cls(_memory_dir(), durable=False, temporary=True, map_size=map_size)
        os.makedirs(path, exist_ok=True)
        real = os.path.realpath(path)
        with _OPEN_LOCK:
            other = _OPEN.get(real)
            if other is not None and not other._closed:
                raise StorageError(f"the store at {path!r} is already open in this process")
            store = cls(path, durable=True, temporary=False, map_size=map_size)
            _OPEN[real] = store
            return store

    def _lmdb(self, map_size: int, sync: bool = False) -> Any:
        return lmdb.open(
            self.path, map_size=map_size, max_dbs=len(L.DB_NAMES) + 2, max_readers=1024,
            sync=sync, metasync=sync, max_spare_txns=64, readahead=self.durable,
        )  # fmt: skip

    def _open_lmdb(self, map_size: int) -> None:
        """Open LMDB; for a durable store first recover to its last acknowledged commit."""
        journal = self._journal
        while True:
            if journal is not None:
                journal.prepare(lambda sync, size=map_size: self._lmdb(size, sync))
            self.env = self._lmdb(map_size)
            self.dbs = Dbs(
                *(
                    self.env.open_db(name.encode(), dupsort=name == "adj", dupfixed=name == "adj")
                    for name in L.DB_NAMES
                )
            )
            if journal is None:
                return
            try:
                journal.recover(self.env, self.dbs)
                return
            except lmdb.MapFullError:
                # Replay is deterministic from tree C (still intact, W2): start over, bigger.
                journal.unpin()
                self.env.close()
                map_size *= 2

    def _load(self) -> None:
        with self.env.begin(write=True) as txn:
            meta = self.dbs.meta
            fmt = txn.get(L.META_FORMAT, db=meta)
            if fmt is None:
                txn.put(L.META_FORMAT, L.ID.pack(L.FORMAT_VERSION), db=meta)
            elif L.ID.unpack(fmt)[0] != L.FORMAT_VERSION:
                raise StorageError(f"unsupported store format {L.ID.unpack(fmt)[0]}")
            self._last_cid, version = self._commit_state(txn)
            self._schema = _schema.load(txn, self.dbs, version)
            self._schemas = {version: self._schema}
            self._next_node = self._meta_int(txn, L.META_NEXT_NODE)
            self._next_rel = self._meta_int(txn, L.META_NEXT_REL)
            for key, value in txn.cursor(db=self.dbs.tokens):
                self._tables[key[:1]].load(value.decode(), L.TOKEN.unpack_from(key, 1)[0])
        self._node_ids = itertools.count(self._next_node)
        self._rel_ids = itertools.count(self._next_rel)

    def _commit_state(self, txn: Any) -> tuple[int, int]:
        """``(last commit id, schema version)`` as seen by ``txn``."""
        raw = txn.get(L.META_LAST_COMMIT, None, self.dbs.meta)
        return (0, 0) if raw is None else L.COMMIT_STATE.unpack(raw)  # type: ignore[return-value]

    def _meta_int(self, txn: Any, key: bytes) -> int:
        raw = txn.get(key, db=self.dbs.meta)
        return 0 if raw is None else int(L.ID.unpack(raw)[0])

    # -- transactions ---------------------------------------------------------------------

    # Set by ``graphbolt.tx`` when it is imported: storage does not import the layer above.
    transaction_factory: Callable[[Store, bool], Any] | None = None

    def begin(self, write: bool = True) -> Any:
        """A ``graphbolt.tx.Transaction`` on this store (``write=False``: read-only)."""
        factory = Store.transaction_factory
        if factory is None:
            importlib.import_module("graphbolt.tx")  # registers the factory
            factory = Store.transaction_factory
        assert factory is not None
        return factory(self, write)

    # -- ids, snapshots, bookmarks --------------------------------------------------------

    def alloc_node_id(self) -> int:
        """A fresh node id (never reused, I3); thread-safe."""
        return next(self._node_ids)

    def alloc_rel_id(self) -> int:
        return next(self._rel_ids)

    def begin_read(self) -> tuple[Any, int, Schema]:
        """A read transaction (the snapshot), the commit id and the schema it reflects."""
        active = self._active
        active.append(None)  # register first, then look at the flag: see _grow
        if self._resizing or self._closed:
            active.pop()
            self._wait_resize()
            return self.begin_read()
        try:
            txn = self.env.begin()  # buffers=False is the default; a keyword costs 0.1 us
            txn_id, cid, version = self._newest
            if txn.id() != txn_id:
                # Not (yet) the commit recorded last. A get releases the GIL, which costs a
                # handoff under contention; the id check does not.
                raw = txn.get(L.META_LAST_COMMIT, None, self.dbs.meta)
                cid, version = (0, 0) if raw is None else L.COMMIT_STATE.unpack(raw)
            schema = self._schema
            if version != schema.version:
                schema = self._schema_at(txn, version)
        except BaseException:
            active.pop()
            raise
        return txn, cid, schema

    def _schema_at(self, txn: Any, version: int) -> Schema:
        """The schema of an older (or not yet published) version, loaded once."""
        schema = self._schemas.get(version)
        if schema is None:
            schema = self._schemas[version] = _schema.load(txn, self.dbs, version)
        return schema

    def _wait_resize(self) -> None:
        while self._resizing and not self._closed:
            time.sleep(0.001)
        if self._closed:
            raise StorageError("the store is closed")

    def release_parked(self) -> None:
        """End every parked read transaction (each taken by one atomic ``pop``, so a
        transaction being reused concurrently is never touched)."""
        parked = self.parked
        while parked:
            try:
                tx = parked.pop()
            except IndexError:
                return
            tx.rollback()

    def end_read(self, txn: Any) -> None:
        try:
            txn.abort()
        finally:
            self._active.pop()

    @property
    def last_commit_id(self) -> int:
        """The id of the newest commit (0 for an empty store)."""
        return self._last_cid

    def wait_for_commit(self, commit_id: int, timeout: float | None) -> bool:
        """Block until commit ``commit_id`` is visible to new transactions, or time out."""
        with self._commit_cond:
            return self._commit_cond.wait_for(lambda: self._last_cid >= commit_id, timeout)

    # -- group commit ---------------------------------------------------------------------

    def submit(self, request: WriteRequest) -> int:
        """Validate and apply ``request``; its commit id, or raise ``WriteConflict``."""
        pending = _Pending(request)
        with self._qlock:
            if self._closed:
                raise StorageError("the store is closed")
            if self._failed is not None:
                raise StorageError(f"the store cannot write its log ({self._failed}); reopen it")
            self._queue.append(pending)
            leading = not self._leader_busy
            self._leader_busy = True
            if not leading:
                pending.gate = _new_gate()
        if pending.gate is not None:
            pending.sleep()
            if not pending.promoted:
                return pending.result()
        self._lead()
        return pending.result()

    def _lead(self) -> None:
        with self._qlock:
            batch, self._queue = self._queue, []
        woken = False
        try:
            self._run_batch(batch)
            journal = self._journal
            if journal is not None and journal.due() and self._failed is None:
                _wake(batch)  # the batch is durable: report it before the periodic checkpoint
                woken = True
                self._checkpoint_or_fail()
        finally:
            with self._qlock:
                if self._queue:
                    nxt = self._queue[0]
                    nxt.promoted = True  # it sleeps (only the first submitter leads unasked)
                    nxt.wake()
                else:
                    self._leader_busy = False
            if not woken:
                _wake(batch)

    def _run_batch(self, batch: list[_Pending]) -> None:
        tokens = [(t, t.take_pending()) for t in self._tables.values()]
        try:
            while True:
                try:
                    cid = self._write_batch(batch, tokens)
                    break
                except lmdb.MapFullError:
                    self._grow()
        except BaseException as exc:
            for table, items in tokens:
                table.restore(items)
            if self._journal is not None and self._failed is None:
                self._checkpoint_or_fail()  # a new log generation: the batch's record is void
            error = exc if isinstance(exc, StorageError) else StorageError(f"commit failed: {exc}")
            for p in batch:
                p.error = error
            return
        self.commit_batches += 1
        with self._commit_cond:
            self._last_cid = cid
            self._commit_cond.notify_all()

    def _write_batch(self, batch: list[_Pending], tokens: list[Any]) -> int:
        txn = self.env.begin(write=True)
        try:
            cid = self._last_cid
            schema = self._schema
            outcome: list[tuple[_Pending, int | None, str | None]] = []
            cid, schema, loggable = self._apply_all(txn, batch, cid, schema, outcome)
            next_node, next_rel = self._next_node, self._next_rel
            for p, p_cid, _ in outcome:
                if p_cid is not None:
                    if p.request.max_node >= next_node:
                        next_node = p.request.max_node + 1
                    if p.request.max_rel >= next_rel:
                        next_rel = p.request.max_rel + 1
            self._write_meta(txn, (cid, schema), next_node, next_rel, tokens)
            if loggable and self._journal is not None:
                loggable = self._log((cid, schema.version), next_node, next_rel, tokens, outcome)
            self._commit_lmdb(txn, (cid, schema.version), outcome)
        except BaseException:
            txn.abort()
            raise
        if not loggable and self._journal is not None:
            self._checkpoint_or_fail(raise_error=True)  # the durability point of this batch
        self._next_node, self._next_rel = next_node, next_rel
        if schema is not self._schema:
            self._schemas[schema.version] = schema
            self._schema = schema
        for p, p_cid, why in outcome:
            if why is None:
                p.cid = p_cid or 0
            else:
                p.error = WriteConflict(f"Transaction outdated: {why}")
        return cid

    def _apply_all(
        self, txn: Any, batch: list[_Pending], cid: int, schema: Schema,
        outcome: list[tuple[_Pending, int | None, str | None]],
    ) -> tuple[int, Schema, bool]:  # fmt: skip
        """Validate and apply the batch's requests in order, filling ``outcome``; the last
        commit id, the schema, and whether the batch can be logged (no index DDL, W4)."""
        dbs = self.dbs
        loggable = True
        puts = PutBuffer(dbs)
        for p in batch:
            request = p.request
            plain = request.is_plain()
            if not plain:
                puts.flush(txn)  # what follows reads or deletes: earlier puts first
            if request.action is not None:  # index DDL: not loggable (W4)
                schema = request.action(txn, dbs, schema)
                cid += 1
                outcome.append((p, cid, None))
                loggable = False
                continue
            if plain:  # ``validate`` would have nothing to read
                if request.node_put and request.schema_version != schema.version:
                    outcome.append((p, None, SCHEMA_CHANGED))
                    continue
                cid += 1
                puts.add(request, cid)
            else:
                why = validate(txn, dbs, request, schema.version, cid)
                if why is not None:
                    outcome.append((p, None, why))
                    continue
                cid += 1
                apply(txn, dbs, request, cid)
            outcome.append((p, cid, None))
        puts.flush(txn)
        return cid, schema, loggable

    def _commit_lmdb(
        self,
        txn: Any,
        state: tuple[int, int],
        outcome: list[tuple[_Pending, int | None, str | None]],
    ) -> None:
        """Commit the batch's LMDB transaction (``state``: its commit id and schema version),
        keeping ``props_cache`` true (its C1)."""
        cid = state[0]
        cache = self.props_cache
        stale, written = _node_writes(outcome)
        cache.invalidate(stale)
        published = self._last_cid
        # Recorded before the commit, so readers beginning right after it skip the get too:
        # until it succeeds no snapshot has this txn id. A failed commit's id is given to the
        # next write transaction, so the record goes back then.
        previous, self._newest = self._newest, (txn.id(), *state)
        try:
            txn.commit()
            published = cid
        except BaseException:
            self._newest = previous
            raise
        finally:
            cache.publish(published)
        # Write-through: the batch's new property maps are the newest versions (C2 holds:
        # nothing is published between ``publish(cid)`` and this, the leader being alone).
        items = [(node_id, props) for node_id, props in written.items() if props is not None]
        if items:
            cache.offer_many(items, cid)

    def _write_meta(
        self, txn: Any, state: tuple[int, Schema], next_node: int, next_rel: int, tokens: list[Any]
    ) -> None:
        meta = self.dbs.meta
        cid, schema = state
        if cid != self._last_cid:
            txn.put(L.META_LAST_COMMIT, L.COMMIT_STATE.pack(cid, schema.version), db=meta)
        if next_node != self._next_node:
            txn.put(L.META_NEXT_NODE, L.ID.pack(next_node), db=meta)
        if next_rel != self._next_rel:
            txn.put(L.META_NEXT_REL, L.ID.pack(next_rel), db=meta)
        for table, items in tokens:
            for name, tok in items:
                txn.put(table.kind + L.TOKEN.pack(tok), name.encode(), db=self.dbs.tokens)

    def _log(
        self, state: tuple[int, int], next_node: int, next_rel: int, tokens: list[Any],
        outcome: list[tuple[_Pending, int | None, str | None]],
    ) -> bool:  # fmt: skip
        """Write the batch's record durably (W3); False: checkpoint after the commit instead."""
        journal = self._journal
        assert journal is not None
        done = [(p_cid, p.request) for p, p_cid, why in outcome if p_cid is not None]
        if not done and not any(items for _, items in tokens):
            return True  # nothing changed
        if sum(map(entry_count, [req for _, req in done])) > MAX_RECORD_ENTRIES:
            return False  # a bulk load: the checkpoint's LMDB sync is cheaper than logging
        cid, version = state
        payload = encode(version, next_node, next_rel, tokens, done)
        return journal.log(payload, self._last_cid + 1, cid)

    def _checkpoint(self) -> None:
        assert self._journal is not None
        self._journal.checkpoint(self.env, self.dbs.meta)
        self.checkpoints += 1

    def _checkpoint_or_fail(self, raise_error: bool = False) -> None:
        try:
            self._checkpoint()
        except BaseException as exc:
            self._failed = exc
            if raise_error:
                raise

    def _grow(self) -> None:
        """Double the map size; LMDB requires that no transaction of ours is open.

        The flag is set before the reader count is read, and a reader registers before it
        reads the flag: under the GIL one of the two always sees the other.
        """
        self._resizing = True
        try:
            deadline = time.monotonic() + RESIZE_WAIT
            while self._active:
                self.release_parked()  # also those parked after the flag went up
                if time.monotonic() > deadline:
                    raise StorageError("database map is full and readers did not finish")
                time.sleep(0.001)
            if self._journal is not None:
                self._journal.unpin()  # LMDB resizes only without transactions of ours
            self.env.set_mapsize(self.env.info()["map_size"] * 2)
            if self._journal is not None:
                self._checkpoint()  # re-pin before any write (W2); voids a logged record
        finally:
            self._resizing = False

    # -- property indexes ---------------------------------------------------------------

    def create_index(self, label: str, key: str) -> bool:
        """Create and populate the equality index on ``(label, key)``; False if it exists."""
        done: list[bool] = []
        tok = (self.labels.get_or_create(label), self.keys.get_or_create(key))
        self.submit(WriteRequest(snapshot=0, action=_schema.create_action(*tok, done)))
        return done[-1]

    def drop_index(self, label: str, key: str) -> bool:
        """Drop the index on ``(label, key)``; False if there was none."""
        done: list[bool] = []
        tok = (self.labels.get_or_create(label), self.keys.get_or_create(key))
        self.submit(WriteRequest(snapshot=0, action=_schema.drop_action(*tok, done)))
        return done[-1]

    def indexes(self) -> list[tuple[str, str]]:
        """``(label, key)`` of every property index, as of the newest commit."""
        labels, keys = self.labels.names, self.keys.names
        return sorted((labels[lt], keys[kt]) for lt, kt in self._schema.indexes)

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the environment (an in-memory store's files are deleted)."""
        with self._qlock:
            if self._closed:
                return
            self._closed = True
        while self._leader_busy:  # let a running group commit finish
            time.sleep(0.001)
        self.release_parked()
        try:
            if self._journal is not None and self._failed is None:
                self._checkpoint()  # a clean shutdown: nothing to replay at the next open
        finally:
            self._close_files()
        if self._temporary:
            self._finalizer()

    def _close_files(self) -> None:
        if self._journal is not None:
            self._journal.close()
        env = getattr(self, "env", None)
        if env is not None:
            env.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
