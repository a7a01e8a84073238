"""One transaction's write set in storage form, and its validation and application.

A ``WriteRequest`` holds ready-made keys and record bodies (encoding happens in the committing
thread, before the commit queue, so the serialized part stays short). ``validate`` and
``apply`` run inside the group commit's LMDB write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from graphbolt.storage import _layout as L


@dataclass(slots=True)
class WriteRequest:
    """Keys are packed ids (``_layout.ID``) unless said otherwise."""

    snapshot: int
    node_put: list[tuple[bytes, bytes]] = field(default_factory=list)  # key, body (no cid)
    node_del: list[bytes] = field(default_factory=list)
    node_check: list[bytes] = field(default_factory=list)  # existing nodes written
    rel_put: list[tuple[bytes, bytes]] = field(default_factory=list)
    rel_del: list[bytes] = field(default_factory=list)
    rel_check: list[bytes] = field(default_factory=list)  # existing rels written
    label_put: list[bytes] = field(default_factory=list)
    label_del: list[bytes] = field(default_factory=list)
    type_put: list[tuple[bytes, bytes]] = field(default_factory=list)
    type_del: list[bytes] = field(default_factory=list)
    adj_put: list[tuple[bytes, bytes]] = field(default_factory=list)
    adj_del: list[tuple[bytes, bytes]] = field(default_factory=list)
    endpoint_check: list[bytes] = field(default_factory=list)  # nodes that must still exist
    detach_check: list[int] = field(default_factory=list)  # deleted nodes: no rels left
    deleted_rel_ids: set[int] = field(default_factory=set)
    idx_put: list[bytes] = field(default_factory=list)  # property-index keys (``_schema``)
    idx_del: list[bytes] = field(default_factory=list)
    schema_version: int = 0  # the schema the index keys were computed against
    action: Any = None  # a ``_schema.SchemaAction`` (index DDL) instead of graph writes
    max_node: int = -1
    # node id -> its new decoded property map (for the store's write-through property cache)
    node_props: list[tuple[int, dict[int, Any]]] = field(default_factory=list)
    max_rel: int = -1

    def is_plain(self) -> bool:
        """Only puts of new entries: no deletions and nothing for ``validate`` to read, so
        its puts may be deferred past later requests of the batch (``PutBuffer``)."""
        return not (
            self.node_check or self.node_del or self.rel_check or self.rel_del
            or self.label_del or self.type_del or self.adj_del or self.idx_del
            or self.endpoint_check or self.detach_check or self.action
        )  # fmt: skip

    def is_empty(self) -> bool:
        return not (
            self.node_put or self.node_del or self.rel_put or self.rel_del or self.label_put
            or self.label_del or self.action
        )  # fmt: skip


SCHEMA_CHANGED = "the index schema changed while the transaction ran"


def validate(
    txn: Any, dbs: Any, req: WriteRequest, schema_version: int, last_cid: int
) -> str | None:
    """None when ``req`` may commit on top of ``txn``'s state (whose newest commit is
    ``last_cid``), else why it conflicts."""
    if (req.node_put or req.node_del) and req.schema_version != schema_version:
        return SCHEMA_CHANGED
    snap = req.snapshot
    if snap == last_cid:
        # Nothing committed since the snapshot: every check below compares against commits
        # after it, so all hold (the transaction checked its own view before submitting).
        # A single writer's bulk batches skip thousands of reads here.
        return None
    get = txn.get  # positional arguments below: py-lmdb parses keywords slowly
    nodes = dbs.nodes
    for key in req.node_check:
        raw = get(key, None, nodes)
        if raw is None:
            return f"node {L.ID.unpack(key)[0]} was deleted by a concurrent transaction"
        if L.CID.unpack_from(raw)[0] > snap:
            return f"node {L.ID.unpack(key)[0]} was modified by a concurrent transaction"
    for key in req.rel_check:
        raw = get(key, None, dbs.rels)
        if raw is None:
            return f"relationship {L.ID.unpack(key)[0]} was deleted by a concurrent transaction"
        if L.CID.unpack_from(raw)[0] > snap:
            return f"relationship {L.ID.unpack(key)[0]} was modified by a concurrent transaction"
    for key in req.endpoint_check:
        if get(key, None, nodes) is None:
            node = L.ID.unpack(key)[0]
            return f"node {node} was deleted by a concurrent transaction (relationship endpoint)"
    if req.detach_check:
        return _check_detached(txn, dbs, req)
    return None


def _check_detached(txn: Any, dbs: Any, req: WriteRequest) -> str | None:
    cursor = txn.cursor(db=dbs.adj)
    allowed = req.deleted_rel_ids
    for node in req.detach_check:
        keys = [L.ADJ_KEY.pack(node, d) for d in (L.DIR_OUT, L.DIR_IN, L.DIR_LOOP)]
        for _key, value in cursor.getmulti(keys, dupdata=True, values=True):
            rel_id = L.ADJ_VALUE.unpack(value)[1]
            if rel_id not in allowed:
                return f"node {node} got relationship {rel_id} from a concurrent transaction"
    return None


def apply(txn: Any, dbs: Any, req: WriteRequest, cid: int) -> None:
    """Write ``req`` under commit id ``cid``; deletions first, then puts. (py-lmdb calls take
    positional arguments: it parses keywords slowly, and this runs in the serialized leader.)"""
    delete = txn.delete
    for key, value in req.adj_del:
        delete(key, value, dbs.adj)
    for key in req.type_del:
        delete(key, b"", dbs.types)
    for key in req.rel_del:
        delete(key, b"", dbs.rels)
    for key in req.label_del:
        delete(key, b"", dbs.labels)
    for key in req.node_del:
        delete(key, b"", dbs.nodes)
    for key in req.idx_del:
        delete(key, b"", dbs.propidx)
    puts = PutBuffer(dbs)
    puts.add(req, cid)
    puts.flush(txn)


class PutBuffer:
    """The puts of one request (``apply``), or of consecutive plain requests of one batch
    (``WriteRequest.is_plain``): one cursor and one ``putmulti`` per database for all of them.

    Deferring a plain request's puts is invisible: it deletes nothing and its validation
    reads nothing, so only a later request that reads or deletes could observe the order,
    and the leader flushes the buffer before each such request (and before the batch
    commits)."""

    __slots__ = ("_dbs", "_items")

    def __init__(self, dbs: Any) -> None:
        self._dbs = dbs
        # (key, value) pairs for nodes, labels, rels, types, adj, propidx: ``flush`` order
        self._items: list[list[tuple[bytes, bytes]]] = [[] for _ in range(6)]

    def add(self, req: WriteRequest, cid: int) -> None:
        """Take the puts of ``req`` committed as ``cid``."""
        prefix = L.CID.pack(cid)
        nodes, labels, rels, types, adj, idx = self._items
        nodes += [(k, prefix + b) for k, b in req.node_put]
        labels += zip(req.label_put, repeat(b""))
        rels += [(k, prefix + b) for k, b in req.rel_put]
        types += req.type_put
        adj += req.adj_put
        idx += zip(req.idx_put, repeat(b""))

    def flush(self, txn: Any) -> None:
        """Write what was taken (positional py-lmdb calls: keywords parse slowly)."""
        dbs = self._dbs
        targets = (dbs.nodes, dbs.labels, dbs.rels, dbs.types, dbs.adj, dbs.propidx)
        for db, items in zip(targets, self._items):
            if items:
                txn.cursor(db).putmulti(items)
                items.clear()
