"""Property indexes: ordered lookup of nodes by (label, property key, value or value range).

Layout (see ``_layout``)::

    schema   index_id:I                       -> msgpack [label_tok, key_tok, name | None]
    propidx  index_id:I value_key node_id:Q   -> b""
    meta     b"last_commit" -> (commit id, schema version); b"next_index" -> Q

``value_key`` is an order-preserving, prefix-free encoding (see ``_index_keys``), so one value is
an exact prefix scan and a range of numbers or strings (``<``, ``>=``, ``STARTS WITH`` ...) is
one contiguous key range. null and NaN are never indexed (they equal nothing).

I6  For every index (l, k) and every node with label l and property k = v (v indexable) there
    is exactly the entry (index, value_key(v), node), and no other ``propidx`` entries exist.

A transaction reads the schema of its own snapshot (the version stored beside the last commit
id, schemas cached per version), so its index set always matches the index entries it can see.
A write request records the schema version it was encoded against; if the schema changed
before it commits, it fails with a (retryable) conflict instead of missing entries of a new
index. Index names are stored in the schema row; a row without a name (created through
``Store.create_index``) shows the default name ``default_name(label, [key])``.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_node, decode_props, pack_value, unpack_value
from graphbolt.storage._index_keys import (
    KeyRange,
    prefix_range,
    range_of,
    value_key,
)

__all__ = [
    "INDEX_ID", "IndexDef", "IndexInfo", "KeyRange", "Schema", "create_action",
    "create_named", "default_name", "drop_action", "drop_named", "entries", "index_infos",
    "load", "prefix_range", "prefixes", "range_of", "value_key",
]  # fmt: skip

INDEX_ID = struct.Struct(">I")

# Outcomes of ``create_named`` (the engine maps them to Neo4j's errors).
CREATED = "created"
SAME_SCHEMA_SAME_NAME = "equivalent"  # an equivalent index (same schema, same/no name) exists
SAME_SCHEMA = "schema-exists"  # the schema is indexed under another name
SAME_NAME = "name-exists"  # the name is taken by an index on another schema


@dataclass(frozen=True, slots=True)
class IndexDef:
    """One stored index: its id, (label token, key token) and explicit name (None: default)."""

    id: int
    label_tok: int
    key_tok: int
    name: str | None


@dataclass(frozen=True)
class Schema:
    """The indexes of one schema version (immutable; shared by transactions)."""

    version: int = 0
    indexes: dict[tuple[int, int], int] = field(default_factory=dict)  # (label, key) -> id
    by_label: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # -> (key, id)
    defs: dict[int, IndexDef] = field(default_factory=dict)  # id -> definition

    @classmethod
    def of(
        cls,
        version: int,
        indexes: dict[tuple[int, int], int],
        names: dict[int, str | None] | None = None,
    ) -> Schema:
        names = names or {}
        by_label: dict[int, list[tuple[int, int]]] = {}
        defs: dict[int, IndexDef] = {}
        for (label_tok, key_tok), index_id in sorted(indexes.items()):
            by_label.setdefault(label_tok, []).append((key_tok, index_id))
            defs[index_id] = IndexDef(index_id, label_tok, key_tok, names.get(index_id))
        return cls(version, dict(indexes), by_label, defs)

    def names(self) -> dict[int, str | None]:
        return {i: d.name for i, d in self.defs.items()}


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
    names: dict[int, str | None] = {}
    for key, value in txn.cursor(db=dbs.schema):
        row = unpack_value(value)
        index_id = INDEX_ID.unpack(key)[0]
        indexes[(row[0], row[1])] = index_id
        names[index_id] = row[2] if len(row) > 2 else None
    return Schema.of(version, indexes, names)


SchemaAction = Callable[[Any, Any, Schema], Schema]


def default_name(label: str, keys: list[str] | tuple[str, ...]) -> str:
    """Neo4j-style generated index name: ``index_`` + 8 hex digits of a schema hash."""
    descriptor = "\x00".join(["node", label, *keys]).encode("utf-8", "surrogatepass")
    return f"index_{zlib.crc32(descriptor):08x}"


def _create(label_tok: int, key_tok: int, name: str | None, outcome: list[str]) -> SchemaAction:
    """A group-commit action creating and populating index (label, key) named ``name``.

    Never raises (an exception would fail the whole commit batch): ``outcome`` gets one of
    CREATED / SAME_SCHEMA_SAME_NAME / SAME_SCHEMA / SAME_NAME."""

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        existing = schema.indexes.get((label_tok, key_tok))
        if existing is not None:
            old = schema.defs[existing].name
            same = name is None or old is None or old == name
            outcome.append(SAME_SCHEMA_SAME_NAME if same else SAME_SCHEMA)
            return schema
        if name is not None and any(d.name == name for d in schema.defs.values()):
            outcome.append(SAME_NAME)
            return schema
        raw = txn.get(L.META_NEXT_INDEX, None, dbs.meta)
        index_id = 0 if raw is None else L.ID.unpack(raw)[0]
        txn.put(L.META_NEXT_INDEX, L.ID.pack(index_id + 1), db=dbs.meta)
        txn.put(INDEX_ID.pack(index_id), pack_value([label_tok, key_tok, name]), db=dbs.schema)
        new = Schema.of(
            schema.version + 1,
            {**schema.indexes, (label_tok, key_tok): index_id},
            {**schema.names(), index_id: name},
        )
        _populate(txn, dbs, new, label_tok, key_tok, index_id)
        outcome.append(CREATED)
        return new

    return run


def create_action(label_tok: int, key_tok: int, created: list[bool]) -> SchemaAction:
    """A group-commit action creating index (label, key) with the default name; ``created``
    gets False when the schema was already indexed."""
    outcome: list[str] = []
    inner = _create(label_tok, key_tok, None, outcome)

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        new = inner(txn, dbs, schema)
        created.append(outcome[-1] == CREATED)
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
        puts.sort()
        txn.cursor(db=dbs.propidx).putmulti([(k, b"") for k in puts])


def _drop_id(index_id: int, dropped: list[bool]) -> SchemaAction:
    """A group-commit action removing index ``index_id`` and its entries."""

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        found = schema.defs.get(index_id)
        if found is None:
            dropped.append(False)
            return schema
        prefix = INDEX_ID.pack(index_id)
        txn.delete(prefix, db=dbs.schema)
        cursor = txn.cursor(db=dbs.propidx)
        if cursor.set_range(prefix):
            while cursor.key().startswith(prefix):
                if not cursor.delete():
                    break
        rest = {k: v for k, v in schema.indexes.items() if v != index_id}
        names = {i: n for i, n in schema.names().items() if i != index_id}
        dropped.append(True)
        return Schema.of(schema.version + 1, rest, names)

    return run


def drop_action(label_tok: int, key_tok: int, dropped: list[bool]) -> SchemaAction:
    """A group-commit action removing index (label, key) and its entries."""

    def run(txn: Any, dbs: Any, schema: Schema) -> Schema:
        index_id = schema.indexes.get((label_tok, key_tok))
        if index_id is None:
            dropped.append(False)
            return schema
        return _drop_id(index_id, dropped)(txn, dbs, schema)

    return run


# -- named indexes on a store (the engine's CREATE / DROP / SHOW INDEX) -------------------------


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """An index as SHOW INDEXES describes it (names resolved)."""

    id: int
    name: str
    label: str
    properties: tuple[str, ...]


def index_infos(store: Any) -> list[IndexInfo]:
    """Every index of the store's newest schema, by id."""
    labels, keys = store.labels.names, store.keys.names
    out = []
    for index_id, d in sorted(store._schema.defs.items()):
        label, key = labels[d.label_tok], keys[d.key_tok]
        out.append(IndexInfo(index_id, d.name or default_name(label, [key]), label, (key,)))
    return out


def schema_version(store: Any) -> int:
    """The newest committed schema version (changes on every index create/drop)."""
    return int(store._schema.version)


def create_named(store: Any, label: str, key: str, name: str) -> str:
    """Create the index ``name`` on (label, key) in one group commit; returns an outcome code
    (CREATED, SAME_SCHEMA_SAME_NAME, SAME_SCHEMA or SAME_NAME)."""
    from graphbolt.storage._batch import WriteRequest

    outcome: list[str] = []
    action = _create(
        store.labels.get_or_create(label), store.keys.get_or_create(key), name, outcome
    )
    store.submit(WriteRequest(snapshot=0, action=action))
    return outcome[-1]


def drop_named(store: Any, name: str) -> bool:
    """Drop the index called ``name``; False when there is none."""
    from graphbolt.storage._batch import WriteRequest

    for info in index_infos(store):
        if info.name == name:
            dropped: list[bool] = []
            store.submit(WriteRequest(snapshot=0, action=_drop_id(info.id, dropped)))
            return dropped[-1]
    return False
