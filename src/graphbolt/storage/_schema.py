"""Property indexes: equality lookup of nodes by (label, property key, value).

Layout (see ``_layout``)::

    schema   index_id:I                       -> msgpack [label_tok, key_tok]
    propidx  index_id:I value_key node_id:Q   -> b""
    meta     b"last_commit" -> (commit id, schema version); b"next_index" -> Q

``value_key`` is the msgpack encoding of the value normalised for Cypher equality (an integral
float becomes the int, so ``1.0`` finds ``1``; lists element-wise). msgpack encodings are
prefix-free, so ``index_id + value_key`` is an exact prefix for one value. NaN is not indexed
(it equals nothing).

I6  For every index (l, k) and every node with label l and property k = v there is exactly the
    entry (index, value_key(v), node), and no other ``propidx`` entries exist.

A transaction reads the schema of its own snapshot (the version stored beside the last
commit id, schemas cached per version), so its index set always matches the index entries it can see. A write request
records the schema version it was encoded against; if the schema changed before it commits,
it fails with a (retryable) conflict instead of missing entries of a new index.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_node, decode_props, pack_value, unpack_value

INDEX_ID = struct.Struct(">I")
_MIN_INT, _MAX_INT = -(2**63), 2**63


@dataclass(frozen=True)
class Schema:
    """The indexes of one schema version (immutable; shared by transactions)."""

    version: int = 0
    indexes: dict[tuple[int, int], int] = field(default_factory=dict)  # (label, key) -> id
    by_label: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # -> (key, id)

    @classmethod
    def of(cls, version: int, indexes: dict[tuple[int, int], int]) -> Schema:
        by_label: dict[int, list[tuple[int, int]]] = {}
        for (label_tok, key_tok), index_id in sorted(indexes.items()):
            by_label.setdefault(label_tok, []).append((key_tok, index_id))
        return cls(version, dict(indexes), by_label)


def _normalise(value: Any) -> Any:
    t = type(value)
    if t is float:
        if math.isnan(value):
            raise ValueError("NaN is not indexable")
        if value.is_integer() and _MIN_INT <= value < _MAX_INT:
            return int(value)
        return value
    if t is list or t is tuple:
        return [_normalise(v) for v in value]
    return value


def value_key(value: Any) -> bytes | None:
    """The index encoding of a property value, or None when it cannot equal anything."""
    if value is None:
        return None
    try:
        return pack_value(_normalise(value))  # type: ignore[no-any-return]
    except (ValueError, TypeError):
        return None


def prefixes(schema: Schema, label_toks: Any, props: dict[int, Any]) -> list[bytes]:
    """``index_id + value_key`` of every index entry a node with these labels and properties
    must have (I6); append the packed node id for the full ``propidx`` key."""
    out: list[bytes] = []
    by_label = schema.by_label
    for label_tok in label_toks:
        for key_tok, index_id in by_label.get(label_tok, ()):
            vkey = value_key(props.get(key_tok))
            if vkey is not None:
                out.append(INDEX_ID.pack(index_id) + vkey)
    return out


def entries(schema: Schema, node_id: int, label_toks: Any, props: dict[int, Any]) -> list[bytes]:
    """The full ``propidx`` keys of one node (I6)."""
    tail = L.ID.pack(node_id)
    return [prefix + tail for prefix in prefixes(schema, label_toks, props)]


def load(txn: Any, dbs: Any, version: int) -> Schema:
    indexes: dict[tuple[int, int], int] = {}
    for key, value in txn.cursor(db=dbs.schema):
        label_tok, key_tok = unpack_value(value)
        indexes[(label_tok, key_tok)] = INDEX_ID.unpack(key)[0]
    return Schema.of(version, indexes)


SchemaAction = Callable[[Any, Any, Schema], Schema]


def create_action(label_tok: int, key_tok: int, created: list[bool]) -> SchemaAction:
    """A group-commit action creating and populating index (label, key)."""

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        if (label_tok, key_tok) in schema.indexes:
            created.append(False)
            return schema
        raw = txn.get(L.META_NEXT_INDEX, None, dbs.meta)
        index_id = 0 if raw is None else L.ID.unpack(raw)[0]
        txn.put(L.META_NEXT_INDEX, L.ID.pack(index_id + 1), db=dbs.meta)
        txn.put(INDEX_ID.pack(index_id), pack_value([label_tok, key_tok]), db=dbs.schema)
        new = Schema.of(schema.version + 1, {**schema.indexes, (label_tok, key_tok): index_id})
        _populate(txn, dbs, new, label_tok, key_tok, index_id)
        created.append(True)
        return new

    return run


def _populate(txn: Any, dbs: Any, schema: Schema, label_tok: int, key_tok: int, iid: int) -> None:
    only = Schema.of(schema.version, {(label_tok, key_tok): iid})
    prefix = L.TOKEN_PREFIX.pack(label_tok)
    cursor = txn.cursor(db=dbs.labels)
    node_keys = []
    if cursor.set_range(prefix):
        for key in cursor.iternext(keys=True, values=False):
            if not key.startswith(prefix):
                break
            node_keys.append(key[4:])
    puts = []
    for node_key in node_keys:
        _, props = decode_node(txn.get(node_key, None, dbs.nodes))
        puts.extend(entries(only, L.ID.unpack(node_key)[0], (label_tok,), decode_props(props)))
    if puts:
        txn.cursor(db=dbs.propidx).putmulti([(k, b"") for k in puts])


def drop_action(label_tok: int, key_tok: int, dropped: list[bool]) -> SchemaAction:
    """A group-commit action removing index (label, key) and its entries."""

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        index_id = schema.indexes.get((label_tok, key_tok))
        if index_id is None:
            dropped.append(False)
            return schema
        prefix = INDEX_ID.pack(index_id)
        txn.delete(prefix, db=dbs.schema)
        cursor = txn.cursor(db=dbs.propidx)
        if cursor.set_range(prefix):
            while cursor.key().startswith(prefix):
                if not cursor.delete():
                    break
        rest = {k: v for k, v in schema.indexes.items() if k != (label_tok, key_tok)}
        new = Schema.of(schema.version + 1, rest)
        dropped.append(True)
        return new

    return run
