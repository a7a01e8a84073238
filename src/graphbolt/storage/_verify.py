"""``verify(store)``: check the invariants of ``_layout`` on the newest committed state.

A full scan, for tests and offline checks; returns the list of violations (empty when sound).
"""

from __future__ import annotations

from typing import Any

from graphbolt.storage import _layout as L
from graphbolt.storage import _schema
from graphbolt.storage._codec import decode_node, decode_props, decode_rel
from graphbolt.storage._store import Store


def verify(store: Store) -> list[str]:
    txn, last, _ = store.begin_read()
    try:
        return _check(store, txn, last)
    finally:
        store.end_read(txn)


def _check(store: Store, txn: Any, last: int) -> list[str]:
    dbs = store.dbs
    errors: list[str] = []
    nodes: dict[int, tuple[int, ...]] = {}
    expected_idx: set[bytes] = set()
    schema = _schema.load(txn, dbs, 0)
    for key, raw in txn.cursor(db=dbs.nodes):
        node_id = L.ID.unpack(key)[0]
        toks, props = decode_node(raw)
        nodes[node_id] = toks
        if schema.indexes:
            expected_idx.update(_schema.entries(schema, node_id, toks, decode_props(props)))
        if L.CID.unpack_from(raw)[0] > last:
            errors.append(f"node {node_id}: cid above last commit {last}")
    expected_adj: set[tuple[bytes, bytes]] = set()
    expected_types: set[tuple[bytes, bytes]] = set()
    max_rel = -1
    for key, raw in txn.cursor(db=dbs.rels):
        rel_id = L.ID.unpack(key)[0]
        max_rel = max(max_rel, rel_id)
        tok, start, end, _ = decode_rel(raw)
        if start not in nodes or end not in nodes:
            errors.append(f"relationship {rel_id}: endpoint missing ({start}, {end})")
        if L.CID.unpack_from(raw)[0] > last:
            errors.append(f"relationship {rel_id}: cid above last commit {last}")
        expected_adj.update(L.adj_entries(rel_id, tok, start, end))
        expected_types.add((L.TYPE.pack(tok, rel_id), L.TYPE_VALUE.pack(start, end)))
    adj = set(txn.cursor(db=dbs.adj).iternext(keys=True, values=True))
    if adj != expected_adj:
        errors.append(f"adjacency mismatch: {len(adj - expected_adj)} extra, "
                      f"{len(expected_adj - adj)} missing")  # fmt: skip
    if set(txn.cursor(db=dbs.types)) != expected_types:
        errors.append("relationship-type index mismatch")
    labels = set(txn.cursor(db=dbs.labels).iternext(keys=True, values=False))
    expected_labels = {L.LABEL.pack(t, n) for n, toks in nodes.items() for t in toks}
    if labels != expected_labels:
        errors.append(f"label index mismatch: {len(labels ^ expected_labels)} keys differ")
    if set(txn.cursor(db=dbs.propidx).iternext(keys=True, values=False)) != expected_idx:
        errors.append("property index entries do not match the nodes")
    errors.extend(_check_meta(store, txn, nodes, max_rel))
    return errors


def _check_meta(
    store: Store, txn: Any, nodes: dict[int, tuple[int, ...]], max_rel: int
) -> list[str]:
    errors: list[str] = []
    meta = store.dbs.meta
    next_node = txn.get(L.META_NEXT_NODE, None, meta)
    next_rel = txn.get(L.META_NEXT_REL, None, meta)
    if nodes and (next_node is None or L.ID.unpack(next_node)[0] <= max(nodes)):
        errors.append("meta.next_node not above every node id")
    if max_rel >= 0 and (next_rel is None or L.ID.unpack(next_rel)[0] <= max_rel):
        errors.append("meta.next_rel not above every relationship id")
    known = {(t.kind, tok) for t in (store.labels, store.types, store.keys)
             for tok in range(len(t.names))}  # fmt: skip
    stored = {(k[:1], L.TOKEN.unpack_from(k, 1)[0]) for k in txn.cursor(db=store.dbs.tokens)
              .iternext(keys=True, values=False)}  # fmt: skip
    used = {(L.KIND_LABEL, t) for toks in nodes.values() for t in toks}
    if not used <= stored or not stored <= known:
        errors.append("token table does not cover the labels in use")
    return errors
