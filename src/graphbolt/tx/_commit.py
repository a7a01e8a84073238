"""Turning a transaction's write set into a storage ``WriteRequest``.

Runs in the committing thread, before the commit queue: all encoding happens here so the
serialized group commit only validates and copies bytes. Index keys to delete are derived
from the snapshot record; if the entity changed since the snapshot, the conflict check fails
and the request is dropped whole, so stale keys are never applied.
"""

from __future__ import annotations

from graphbolt.errors import ConstraintValidationFailed
from graphbolt.storage import WriteRequest, _schema
from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_node, decode_props, decode_rel, node_body, rel_body
from graphbolt.tx._access import BOTH
from graphbolt.tx._reads import Reads
from graphbolt.tx._state import props_of


def check_detached(tx: Reads) -> None:
    """Refuse a write set that deletes a node but leaves it relationships."""
    for node_id in tx._del_nodes:
        for _ in tx.expand(node_id, BOTH, None):
            raise ConstraintValidationFailed(
                "DeleteConnectedNode",
                f"Cannot delete node<{node_id}>, because it still has relationships. "
                "To delete this node, you must first delete its relationships.",
            )


def build_request(tx: Reads) -> WriteRequest:
    req = WriteRequest(snapshot=tx._snapshot)
    _add_nodes(tx, req)
    _add_rels(tx, req)
    return req


def _add_nodes(tx: Reads, req: WriteRequest) -> None:
    label_tok = tx._label_tokens.get_or_create
    created = tx._created_node_set
    pack_id, pack_label = L.ID.pack, L.LABEL.pack
    indexed = bool(tx._schema.indexes)
    req.schema_version = tx._schema.version
    for node_id, rec in tx._dirty_nodes.items():
        key = pack_id(node_id)
        if node_id in created:
            if rec is None:
                continue
            toks = sorted(label_tok(label) for label in rec[0])
            req.node_put.append((key, node_body(toks, rec[1])))
            req.label_put.extend([pack_label(t, node_id) for t in toks])
            if indexed:
                req.idx_put.extend(_schema.entries(tx._schema, node_id, toks, props_of(rec, 1)))
            if node_id > req.max_node:
                req.max_node = node_id
            continue
        req.node_check.append(key)
        raw = tx._snapshot_get(key, tx._dbs.nodes)
        if raw is None:  # cannot happen: written nodes were visible in the snapshot
            continue
        old_toks, old_props = decode_node(raw)
        old = set(old_toks)
        old_idx = (
            _schema.entries(tx._schema, node_id, old, decode_props(old_props)) if indexed else []
        )
        if rec is None:
            req.node_del.append(key)
            req.label_del.extend([pack_label(t, node_id) for t in old])
            req.idx_del.extend(old_idx)
            req.detach_check.append(node_id)
            continue
        new = {label_tok(label) for label in rec[0]}
        req.node_put.append((key, node_body(sorted(new), rec[1])))
        req.label_put.extend([pack_label(t, node_id) for t in new - old])
        req.label_del.extend([pack_label(t, node_id) for t in old - new])
        if indexed:
            new_idx = _schema.entries(tx._schema, node_id, new, props_of(rec, 1))
            req.idx_put.extend(set(new_idx) - set(old_idx))
            req.idx_del.extend(set(old_idx) - set(new_idx))


def _add_rels(tx: Reads, req: WriteRequest) -> None:
    type_tok = tx._type_tokens.get_or_create
    created = tx._created_rel_set
    created_nodes = tx._created_node_set
    endpoints: set[int] = set()
    pack_id = L.ID.pack
    for rel_id, rec in tx._dirty_rels.items():
        key = pack_id(rel_id)
        if rel_id in created:
            if rec is None:
                continue
            rel_type, start, end, props = rec
            tok = type_tok(rel_type)
            req.rel_put.append((key, rel_body(tok, start, end, props)))
            req.adj_put.extend(L.adj_entries(rel_id, tok, start, end))
            req.type_put.append((L.TYPE.pack(tok, rel_id), L.TYPE_VALUE.pack(start, end)))
            endpoints.add(start)
            endpoints.add(end)
            if rel_id > req.max_rel:
                req.max_rel = rel_id
            continue
        req.rel_check.append(key)
        if rec is None:
            raw = tx._snapshot_get(key, tx._dbs.rels)
            if raw is None:  # cannot happen: deleted rels were visible
                continue
            tok, start, end, _ = decode_rel(raw)
            req.rel_del.append(key)
            req.adj_del.extend(L.adj_entries(rel_id, tok, start, end))
            req.type_del.append(L.TYPE.pack(tok, rel_id))
            req.deleted_rel_ids.add(rel_id)
            continue
        rel_type, start, end, props = rec
        req.rel_put.append((key, rel_body(type_tok(rel_type), start, end, props)))
    req.endpoint_check.extend(pack_id(n) for n in sorted(endpoints - created_nodes))
