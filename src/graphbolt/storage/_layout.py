"""The on-disk layout: LMDB sub-databases, key formats and the invariants that tie them.

All integers in keys are big-endian so LMDB's bytewise key order is numeric order; a cursor
range scan over a key prefix therefore visits ids ascending.

Sub-databases (one LMDB environment, ``max_dbs`` named databases)::

    nodes   id:Q                          -> cid:Q nlabels:H label_tok:I* props:msgpack
    rels    id:Q                          -> cid:Q type_tok:I start:Q end:Q props:msgpack
    adj     node:Q dir:B -> type_tok:I rel:Q other:Q          (DUPSORT, DUPFIXED 20 bytes)
            dir 0 = OUT (node is start), 1 = IN (node is end), 2 = LOOP (start = end = node)
    labels  label_tok:I node:Q            -> b""
    types   type_tok:I rel:Q              -> start:Q end:Q
    tokens  kind:B tok:I                  -> name:utf8         (kind L label, T type, P key)
    meta    b"last_commit" -> last commit id:Q schema version:Q
            b"next_node" | b"next_rel" | b"next_index" | b"format" -> Q
    schema, propidx: property indexes, see ``_schema`` (invariant I6 there)

Expansion never decodes a record: ``getmulti`` fetches every duplicate of ``(node, dir)`` keys
in one call as fixed-size rows that ``struct.iter_unpack`` turns into tuples; a type filter
filters those rows when there are few, else seeks to each type with ``set_range_dup``; a
degree without type filter is the duplicate ``count()``. Storing a self loop once (LOOP) keeps BOTH expansion and degree free of
double counting.

``cid`` in a record is the commit id of the last transaction that created or modified the
entity: the write-write conflict check reads only those 8 bytes. ``props`` is a msgpack map from
property-key token to value (``graphbolt.storage._codec``), decoded only when a property is read.

Invariants (hold after every committed LMDB write transaction):

I1  Every relationship ``r`` in ``rels`` has exactly the ``adj`` entries
    ``(start, OUT) -> (t, r, end)`` and ``(end, IN) -> (t, r, start)``, or the single entry
    ``(n, LOOP) -> (t, r, n)`` when it is a self loop on ``n``; one ``types`` key ``(t, r)``;
    and both endpoints are in ``nodes``. No other ``adj``/``types`` entries exist.
I2  Every node ``n`` with label token ``l`` has the ``labels`` key ``(l, n)``, and nothing else
    is in ``labels``.
I3  ``meta.next_node`` > every id ever stored in ``nodes`` (same for ``next_rel``); ids are
    never reused, so a snapshot can never confuse two entities.
I4  ``meta.last_commit`` >= the ``cid`` of every record; commit ids only grow.
I5  Every token referenced by a record or key is in ``tokens`` (tokens are never removed).

Life of a commit (``Store.submit``), one state per arrow::

    QUEUED --(becomes leader or is promoted)--> LEADING --batch--> DONE(commit id | error)
    QUEUED --(a leader's batch included it)-----------------------> DONE

A leader takes every queued request, opens ONE LMDB write transaction and, per request in
queue order, validates (conflict checks read the write transaction, so they see the requests
before it in the batch) then applies it under the next commit id; a failed validation skips the
request and records ``WriteConflict``. A plain request (only new entries: nothing to read or
delete) has its puts deferred and written with those of the plain requests next to it, one
``putmulti`` per database, before any request that reads or deletes (``_batch.PutBuffer``): no
check can tell. One LMDB commit covers the batch, and for a durable store
one redo-log record written and flushed before that commit (``_wal``): that is the group commit.
Nothing is reported DONE before the batch is durable. Queued requests sleep on a held lock;
when a batch is done its leader wakes the first sleeper, and each woken request wakes the next
(a chain), so no single thread pays for every wake while holding the GIL.
"""

from __future__ import annotations

import struct

ID = struct.Struct(">Q")
CID = struct.Struct(">Q")
COMMIT_STATE = struct.Struct(">QQ")  # last commit id, schema version
NODE_HEAD = struct.Struct(">QH")  # cid, number of labels
REL_HEAD = struct.Struct(">QIQQ")  # cid, type token, start, end
ADJ_KEY = struct.Struct(">QB")  # node, dir
ADJ_VALUE = struct.Struct(">IQQ")  # type token, rel, other
ADJ_ROW = struct.Struct(">QBIQQ")  # key + value, as getmulti(keyfixed=True) returns them
ADJ_ROW_FORMAT = ">QBIQQ"
LABEL = struct.Struct(">IQ")
TYPE = struct.Struct(">IQ")
TYPE_VALUE = struct.Struct(">QQ")
TOKEN = struct.Struct(">I")
TOKEN_PREFIX = struct.Struct(">I")

DIR_OUT = 0
DIR_IN = 1
DIR_LOOP = 2

KIND_LABEL = b"L"
KIND_TYPE = b"T"
KIND_KEY = b"P"

META_LAST_COMMIT = b"last_commit"
META_NEXT_NODE = b"next_node"
META_NEXT_REL = b"next_rel"
META_NEXT_INDEX = b"next_index"
META_FORMAT = b"format"
# 2: property index keys use the ordered encoding of ``_index_keys`` (was msgpack).
FORMAT_VERSION = 2

DB_NAMES = ("nodes", "rels", "adj", "labels", "types", "tokens", "meta", "schema", "propidx")


def adj_entries(rel_id: int, type_tok: int, start: int, end: int) -> list[tuple[bytes, bytes]]:
    """The adjacency ``(key, value)`` entries of one relationship (I1)."""
    if start == end:
        return [(ADJ_KEY.pack(start, DIR_LOOP), ADJ_VALUE.pack(type_tok, rel_id, start))]
    return [
        (ADJ_KEY.pack(start, DIR_OUT), ADJ_VALUE.pack(type_tok, rel_id, end)),
        (ADJ_KEY.pack(end, DIR_IN), ADJ_VALUE.pack(type_tok, rel_id, start)),
    ]
