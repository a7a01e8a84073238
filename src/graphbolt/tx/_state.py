"""The state of one transaction: its snapshot, record caches and private write set.

Records in memory (lists, mutated only when private to this transaction):

- node: ``[labels: frozenset[str], props: dict[int, Any] | bytes]``
- relationship: ``[type: str, start: int, end: int, props: dict[int, Any] | bytes]``; one this
  transaction created is a tuple with a dict ``props`` (changed in place, never replaced):
  the cyclic garbage collector stops tracking such a tuple, so a bulk load's records do not
  make it rescan the whole heap more often.

``props`` stays the undecoded msgpack bytes until a property is read (lazy decoding); the dict
is keyed by property-key token. Snapshot records go to the bounded ``_clean_*`` caches and are
never mutated; the first write to an entity copies its record into ``_dirty_*`` (copy on
write), where None marks an entity deleted by this transaction. Lookups check ``_dirty_*``
first, so caches never need invalidation.
"""

from __future__ import annotations

from typing import Any

from graphbolt.errors import EntityNotFound, StorageError, TransactionError
from graphbolt.storage import Store, _schema
from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_node, decode_props, decode_rel
from graphbolt.storage._schema import Schema

_pack_id = L.ID.pack
_EMPTY_DICT: dict[Any, Any] = {}
_EMPTY_LIST: list[Any] = []
_EMPTY_SET: set[Any] = set()

CACHE_LIMIT = 4_096  # clean records kept per transaction before the cache is dropped
LABELSET_LIMIT = 10_000  # distinct stored label sets remembered per store
_MISS: Any = object()
_NO_LABELS: frozenset[str] = frozenset()

NodeRec = list  # [frozenset[str], dict | bytes]
RelRec = list[Any] | tuple[str, int, int, dict[int, Any]]  # [str, int, int, dict | bytes]


def props_of(rec: Any, index: int) -> dict[int, Any]:
    """The decoded property dict of a record (decoded in place on first use; a record that
    is a tuple always holds a dict)."""
    props = rec[index]
    if type(props) is bytes:
        props = rec[index] = decode_props(props)
    return props  # type: ignore[no-any-return]


class ClosedSnapshot:
    """Stands in for the LMDB read transaction once closed: every read raises."""

    def _closed(self, *args: Any, **kwargs: Any) -> Any:
        raise TransactionError("TransactionClosed", "The transaction has been closed")

    get = cursor = _closed


_CLOSED = ClosedSnapshot()  # stateless: one serves every closed transaction


class TxState:
    """Snapshot, caches and write set; the read and write mixins build on it."""

    _closed: bool
    _rtxn: Any
    _schema: Schema
    _writable: bool
    _write: bool
    _snapshot: int
    # A class default, not set in __init__: beginning a transaction stays cheap (CPython keeps
    # instance attributes compact up to a limit this class is close to).
    _adj_built = 0
    _adj_count_cursor: Any = None  # made on first use (``_count_cursor``)

    def __init__(self, store: Store, write: bool = True) -> None:
        self._store = store
        self._write = write
        self._writable = write
        self._closed = False
        rtxn, snapshot, schema = store.begin_read()
        self._rtxn = rtxn
        self._snapshot = snapshot
        self._schema = schema
        self._dbs = store.dbs
        self._nodes_db = store.dbs.nodes
        self._rels_db = store.dbs.rels
        self._label_tokens = store.labels
        self._type_tokens = store.types
        self._key_tokens = store.keys
        self._clean_nodes: dict[int, NodeRec | None] = {}
        # Decoded property maps of snapshot nodes read only through ``node_property``: a
        # cheaper entry than a record (no label set, no list for the GC to track).
        self._clean_props: dict[int, dict[int, Any]] = {}
        self._clean_rels: dict[int, RelRec | None] = {}
        self._labelsets = store.labelsets  # shared: decoded once per store, not per transaction
        if write:
            self._init_write_set()

    # The write set. A read-only (or closed) transaction uses these class-level empty
    # containers, which it never mutates (every write method refuses before touching them):
    # a read transaction begins without creating or assigning any of them.
    _dirty_nodes: dict[int, NodeRec | None] = _EMPTY_DICT
    _dirty_rels: dict[int, RelRec | None] = _EMPTY_DICT
    _created_nodes: list[int] = _EMPTY_LIST
    _created_node_set: set[int] = _EMPTY_SET
    _created_rels: list[int] = _EMPTY_LIST
    _created_rel_set: set[int] = _EMPTY_SET
    _del_nodes: set[int] = _EMPTY_SET
    _del_rels: set[int] = _EMPTY_SET
    # node -> relationships created at it; indexed lazily (``_new_adj``): the first
    # ``_adj_built`` of ``_created_rels`` are in it
    _adj_new: dict[int, list[int]] = _EMPTY_DICT
    # label -> snapshot nodes that gained it
    _label_gain: dict[str, set[int]] = _EMPTY_DICT
    # private property index of written nodes: index prefix -> ids, id -> its prefixes
    _tx_index: dict[bytes, set[int]] = _EMPTY_DICT
    _tx_index_of: dict[int, list[bytes]] = _EMPTY_DICT

    def _init_write_set(self) -> None:
        self._dirty_nodes = {}
        self._dirty_rels = {}
        self._created_nodes = []
        self._created_node_set = set()
        self._created_rels = []
        self._created_rel_set = set()
        self._del_nodes = set()
        self._del_rels = set()
        self._adj_new = {}
        self._label_gain = {}
        self._tx_index = {}
        self._tx_index_of = {}

    def _release_write_set(self) -> None:
        """Drop the write set (at close): a closed transaction someone still holds must not
        keep a bulk load's records, adjacency and index entries alive."""
        self._dirty_nodes = self._dirty_rels = self._adj_new = _EMPTY_DICT
        self._label_gain = self._tx_index = self._tx_index_of = _EMPTY_DICT
        self._created_nodes = self._created_rels = _EMPTY_LIST
        self._created_node_set = self._created_rel_set = _EMPTY_SET
        self._del_nodes = self._del_rels = _EMPTY_SET

    def _new_adj(self) -> dict[int, list[int]]:
        """node -> relationships this transaction created at it (ascending), indexed on
        demand: creating a relationship does no adjacency work, and a bulk load that never
        expands its own new relationships never builds this. Relationships created and
        deleted again before indexing are left out (expansion skips deleted ones anyway)."""
        created = self._created_rels
        done = self._adj_built
        if done < len(created):
            adj, dirty = self._adj_new, self._dirty_rels
            for i in range(done, len(created)):
                rel_id = created[i]
                rec = dirty.get(rel_id)
                if rec is None:
                    continue
                start, end = rec[1], rec[2]
                adj.setdefault(start, []).append(rel_id)
                if end != start:
                    adj.setdefault(end, []).append(rel_id)
            self._adj_built = len(created)
        return self._adj_new

    # -- record access ----------------------------------------------------------------------

    def _node(self, node_id: int) -> NodeRec | None:
        rec = self._dirty_nodes.get(node_id, _MISS)
        if rec is _MISS:
            rec = self._clean_nodes.get(node_id, _MISS)
            if rec is _MISS:
                rec = self._load_node(node_id)
        return rec  # type: ignore[no-any-return]

    def _node_visible(self, node_id: int) -> bool:
        """Whether the node exists in this transaction's view (``_node(id) is not None``
        without decoding or caching its record: endpoints of created relationships)."""
        rec = self._dirty_nodes.get(node_id, _MISS)
        if rec is _MISS:
            rec = self._clean_nodes.get(node_id, _MISS)
            if rec is _MISS:
                return self._rtxn.get(_pack_id(node_id), None, self._nodes_db) is not None
        return rec is not None

    def _load_node(self, node_id: int) -> NodeRec | None:
        raw = self._rtxn.get(_pack_id(node_id), None, self._nodes_db)
        rec: NodeRec | None = None
        if raw is not None:
            end = 10 + 4 * ((raw[8] << 8) | raw[9])
            label_key = raw[8:end]  # the label count and tokens, as stored
            labels = self._labelsets.get(label_key)
            if labels is None:
                labels = self._labelset(raw)
            rec = [labels, raw[end:]]
        clean = self._clean_nodes
        if len(clean) >= CACHE_LIMIT:
            clean.clear()
        clean[node_id] = rec
        return rec

    def _labelset(self, raw: bytes) -> frozenset[str]:
        toks, props = decode_node(raw)
        names = self._label_tokens.names
        labels = frozenset([names[t] for t in toks])
        labelsets = self._labelsets
        if len(labelsets) >= LABELSET_LIMIT:
            labelsets.clear()
        labelsets[raw[8 : len(raw) - len(props)]] = labels
        return labels

    def _rel(self, rel_id: int) -> RelRec | None:
        rec = self._dirty_rels.get(rel_id, _MISS)
        if rec is _MISS:
            rec = self._clean_rels.get(rel_id, _MISS)
            if rec is _MISS:
                rec = self._load_rel(rel_id)
        return rec  # type: ignore[no-any-return]

    def _load_rel(self, rel_id: int) -> RelRec | None:
        raw = self._rtxn.get(_pack_id(rel_id), None, self._rels_db)
        rec: RelRec | None = None
        if raw is not None:
            tok, start, end, props = decode_rel(raw)
            rec = [self._type_tokens.names[tok], start, end, props]
        clean = self._clean_rels
        if len(clean) >= CACHE_LIMIT:
            clean.clear()
        clean[rel_id] = rec
        return rec

    def _scan_failed(self, exc: Exception) -> Exception:
        """The error for an LMDB failure inside an open scan."""
        if self._closed:
            return TransactionError("TransactionClosed", "The transaction has been closed")
        return StorageError(f"storage read failed: {exc}")

    def _snapshot_get(self, key: bytes, db: Any) -> bytes | None:
        return self._rtxn.get(key, None, db)  # type: ignore[no-any-return]

    def _cursor(self, db: Any) -> Any:
        return self._rtxn.cursor(db)  # positional: py-lmdb parses keywords slowly

    def _count_cursor(self) -> Any:
        """An adjacency cursor for counting only (``degree``): each use completes before it
        returns, so one cursor per transaction serves them all; lazy scans get their own."""
        cursor = self._adj_count_cursor
        if cursor is None:
            cursor = self._adj_count_cursor = self._rtxn.cursor(self._dbs.adj)
        return cursor

    def _release_snapshot(self) -> None:
        rtxn = self._rtxn
        self._adj_count_cursor = None
        self._rtxn = _CLOSED
        self._store.end_read(rtxn)

    # -- write preconditions ----------------------------------------------------------------

    def _refuse(self) -> None:
        if self._closed:
            raise TransactionError("TransactionClosed", "The transaction has been closed")
        raise TransactionError(
            "ForbiddenDueToTransactionType", "Writing in read access mode not allowed"
        )

    def _node_for_write(self, node_id: int) -> NodeRec:
        if not self._writable:
            self._refuse()
        rec = self._dirty_nodes.get(node_id, _MISS)
        if rec is _MISS:
            base = self._clean_nodes.get(node_id, _MISS)
            if base is _MISS:
                base = self._load_node(node_id)
            if base is None:
                raise EntityNotFound("EntityNotFound", f"Node with id {node_id} not found")
            props = base[1]
            rec = [base[0], dict(props) if type(props) is dict else props]
            self._dirty_nodes[node_id] = rec
            if self._schema.indexes:  # written nodes leave the snapshot's index entries
                self._reindex(node_id)
        elif rec is None:
            raise EntityNotFound(
                "DeletedEntityAccess",
                f"Node with id {node_id} has been deleted in this transaction",
            )
        return rec  # type: ignore[no-any-return]

    def _reindex(self, node_id: int) -> None:
        """Refresh the private index entries of a written node (call after each write)."""
        own = self._tx_index
        for prefix in self._tx_index_of.pop(node_id, ()):
            ids = own.get(prefix)
            if ids is not None:
                ids.discard(node_id)
        rec = self._dirty_nodes.get(node_id)
        if rec is None:
            return
        label_ids = self._label_tokens.ids
        toks = [label_ids[name] for name in rec[0]]
        prefixes = _schema.prefixes(self._schema, toks, props_of(rec, 1))
        if prefixes:
            self._tx_index_of[node_id] = prefixes
            for prefix in prefixes:
                own.setdefault(prefix, set()).add(node_id)

    def _rel_for_write(self, rel_id: int) -> RelRec:
        if not self._writable:
            self._refuse()
        rec = self._dirty_rels.get(rel_id, _MISS)
        if rec is _MISS:
            base = self._clean_rels.get(rel_id, _MISS)
            if base is _MISS:
                base = self._load_rel(rel_id)
            if base is None:
                raise EntityNotFound("EntityNotFound", f"Relationship with id {rel_id} not found")
            props = base[3]
            rec = [base[0], base[1], base[2], dict(props) if type(props) is dict else props]
            self._dirty_rels[rel_id] = rec
        elif rec is None:
            raise EntityNotFound(
                "DeletedEntityAccess",
                f"Relationship with id {rel_id} has been deleted in this transaction",
            )
        return rec  # type: ignore[no-any-return]

    def _snapshot_labels(self, node_id: int) -> tuple[int, ...]:
        """Label tokens of the node in the snapshot (empty when not there)."""
        raw = self._snapshot_get(L.ID.pack(node_id), self._dbs.nodes)
        return () if raw is None else decode_node(raw)[0]
