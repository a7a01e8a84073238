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
    # ``node_props`` hands the store the write set's own decoded maps (no copy): nothing
    # mutates them once the transaction commits, which the shared cache relies on (its C4).
    label_tok = tx._label_tokens.get_or_create
    created = tx._created_node_set
    pack_id, pack_label = L.ID.pack, L.LABEL.pack
    indexed = bool(tx._schema.indexes)
    # The transaction keeps every written node's index prefixes current (``_reindex`` runs
    # after each write, for its own index lookups): a created node's keys reuse them
    # instead of encoding its values a second time.
    index_of = tx._tx_index_of
    req.schema_version = tx._schema.version
    for node_id, rec in tx._dirty_nodes.items():
        key = pack_id(node_id)
        if node_id in created:
            if rec is None:
                continue
            toks = [label_tok(label) for label in rec[0]]
            if len(toks) > 1:
                toks.sort()
            props = rec[1]
            req.node_put.append((key, node_body(toks, props)))
            if type(props) is dict:
                req.node_props.append((node_id, props))
            req.label_put.extend([pack_label(t, node_id) for t in toks])
            if indexed:
                req.idx_put.extend([prefix + key for prefix in index_of.get(node_id, ())])
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
        if type(rec[1]) is dict:
            req.node_props.append((node_id, rec[1]))
        req.label_put.extend([pack_label(t, node_id) for t in new - old])
        req.label_del.extend([pack_label(t, node_id) for t in old - new])
        if indexed:
            new_idx = _schema.entries(tx._schema, node_id, new, props_of(rec, 1))
            req.idx_put.extend(set(new_idx) - set(old_idx))
            req.idx_del.extend(set(old_idx) - set(new_idx))


def _add_rels(tx: Reads, req: WriteRequest) -> None:
    if not tx._dirty_rels:  # every written relationship has a record here, created ones too
        return
    created = tx._created_rel_set
    endpoints = _add_created_rels(tx, req)
    type_tok = tx._type_tokens.get_or_create
    pack_id = L.ID.pack
    for rel_id, rec in tx._dirty_rels.items():
        if rel_id in created:
            continue
        key = pack_id(rel_id)
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
    req.endpoint_check.extend(pack_id(n) for n in sorted(endpoints - tx._created_node_set))


def _add_created_rels(tx: Reads, req: WriteRequest) -> set[int]:
    """The records, adjacency and type entries of the relationships this transaction created
    (in creation order); returns their endpoints.

    The hot loop of a bulk load: struct methods and list appends bound once, type tokens
    looked up once per type, the adjacency entries of ``_layout.adj_entries`` inlined.
    """
    dirty = tx._dirty_rels
    type_tokens: dict[str, int] = {}
    type_tok = tx._type_tokens.get_or_create
    pack_id, pack_type, pack_ends = L.ID.pack, L.TYPE.pack, L.TYPE_VALUE.pack
    pack_adj_key, pack_adj = L.ADJ_KEY.pack, L.ADJ_VALUE.pack
    out_, in_, loop = L.DIR_OUT, L.DIR_IN, L.DIR_LOOP
    rel_put, adj_put, type_put = req.rel_put.append, req.adj_put.append, req.type_put.append
    starts: list[int] = []
    ends: list[int] = []
    max_rel = req.max_rel
    for rel_id in tx._created_rels:
        rec = dirty.get(rel_id)
        if rec is None:  # created and deleted again
            continue
        rel_type, start, end, props = rec
        tok = type_tokens.get(rel_type)
        if tok is None:
            tok = type_tokens[rel_type] = type_tok(rel_type)
        rel_put((pack_id(rel_id), rel_body(tok, start, end, props)))
        if start == end:
            adj_put((pack_adj_key(start, loop), pack_adj(tok, rel_id, start)))
        else:
            adj_put((pack_adj_key(start, out_), pack_adj(tok, rel_id, end)))
            adj_put((pack_adj_key(end, in_), pack_adj(tok, rel_id, start)))
        type_put((pack_type(tok, rel_id), pack_ends(start, end)))
        starts.append(start)
        ends.append(end)
        if rel_id > max_rel:
            max_rel = rel_id
    req.max_rel = max_rel
    endpoints = set(starts)
    endpoints.update(ends)
    return endpoints
