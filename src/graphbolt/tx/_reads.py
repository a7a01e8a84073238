"""The read half of ``GraphAccess``: lookups and scans merging the snapshot and the write set.

Scans and expansions are robust to writes made while they are open: the snapshot part reads
an LMDB read transaction that never changes, and the write-set part is bounded when the scan
starts. Entities created after a scan started are NOT yielded by it (so ``MATCH (n) CREATE ()``
cannot feed itself); entities deleted after it started are skipped if not yet yielded; label
changes are seen as of the moment each id is yielded.

Order: ids ascending. This holds across both parts because ids created by a transaction are
allocated after its snapshot was taken, hence larger than every id in the snapshot.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from struct import iter_unpack
from typing import Any

import lmdb

from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_props
from graphbolt.tx._access import BOTH, IN, OUT
from graphbolt.tx._state import _MISS, _NO_LABELS, CACHE_LIMIT, TxState, props_of

RelTuple = tuple[int, str, int, int]
_pack_id = L.ID.pack


class Reads(TxState):
    # -- nodes ------------------------------------------------------------------------------

    def node_exists(self, node_id: int) -> bool:
        return self._node(node_id) is not None

    def node_labels(self, node_id: int) -> frozenset[str]:
        rec = self._node(node_id)
        return _NO_LABELS if rec is None else rec[0]  # type: ignore[no-any-return]

    def node_has_label(self, node_id: int, label: str) -> bool:
        rec = self._node(node_id)
        return rec is not None and label in rec[0]

    def node_property(self, node_id: int, key: str) -> Any:
        # The hottest read of all. A snapshot node seen only through here caches just its
        # decoded properties (``_clean_props``), not a whole record.
        rec = self._dirty_nodes.get(node_id, _MISS)
        if rec is _MISS:
            props = self._clean_props.get(node_id)
            if props is None:
                rec = self._clean_nodes.get(node_id, _MISS)
                if rec is _MISS:
                    props = self._snapshot_props(node_id)
                    if props is None:
                        return None
                elif rec is None:
                    return None
                else:
                    props = props_of(rec, 1)
        elif rec is None:
            return None
        else:
            props = props_of(rec, 1)
        tok = self._key_tokens.ids.get(key)
        return None if tok is None else props.get(tok)

    def _snapshot_props(self, node_id: int) -> dict[int, Any] | None:
        """The decoded properties of a node as this snapshot sees it (None: no such node),
        from the store's shared cache when it holds this version (``_props_cache``), else
        from LMDB, then kept in the shared cache or, for an older snapshot, this one's."""
        shared = self._store.props_cache
        entry = shared.entries.get(node_id)
        if entry is not None and entry[0] <= self._snapshot:
            return entry[1]
        raw = self._rtxn.get(_pack_id(node_id), None, self._nodes_db)
        if raw is None:
            return None
        props: dict[int, Any] = decode_props(raw[10 + 4 * ((raw[8] << 8) | raw[9]) :])
        if not shared.offer(node_id, props, self._snapshot):
            cache = self._clean_props
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            cache[node_id] = props
        return props

    def node_properties(self, node_id: int) -> dict[str, Any]:
        rec = self._node(node_id)
        if rec is None:
            return {}
        return self._named(props_of(rec, 1))

    def all_node_ids(self) -> Iterator[int]:
        return self._all_node_ids(self._cursor(self._dbs.nodes), len(self._created_nodes))

    def _all_node_ids(self, cursor: Any, n_created: int) -> Iterator[int]:
        deleted = self._del_nodes
        unpack = L.ID.unpack
        try:
            for key in cursor.iternext(keys=True, values=False):
                node_id = unpack(key)[0]
                if node_id not in deleted:
                    yield node_id
        except lmdb.Error as exc:  # the transaction ended under the scan
            raise self._scan_failed(exc) from exc
        created = self._created_nodes
        for i in range(n_created):
            node_id = created[i]
            if node_id not in deleted:
                yield node_id

    def node_ids_by_label(self, label: str) -> Iterator[int]:
        tok = self._label_tokens.ids.get(label)
        snapshot: Iterator[int] = iter(())
        if tok is not None:
            snapshot = self._label_scan(self._cursor(self._dbs.labels), tok, label)
        gained = self._label_gain.get(label)
        if gained:
            snapshot = heapq.merge(snapshot, self._gained(sorted(gained), label))
        return self._with_created_labelled(snapshot, label, len(self._created_nodes))

    def _label_scan(self, cursor: Any, tok: int, label: str) -> Iterator[int]:
        prefix = L.TOKEN_PREFIX.pack(tok)
        if not cursor.set_range(prefix):
            return
        dirty = self._dirty_nodes
        unpack = L.LABEL.unpack
        try:
            for key in cursor.iternext(keys=True, values=False):
                if not key.startswith(prefix):
                    return
                node_id = unpack(key)[1]
                if node_id in dirty:
                    rec = dirty[node_id]
                    if rec is None or label not in rec[0]:
                        continue
                yield node_id
        except lmdb.Error as exc:  # the transaction ended under the scan
            raise self._scan_failed(exc) from exc

    def _gained(self, ids: list[int], label: str) -> Iterator[int]:
        for node_id in ids:
            rec = self._dirty_nodes.get(node_id)
            if rec is not None and label in rec[0]:
                yield node_id

    def _with_created_labelled(
        self, snapshot: Iterator[int], label: str, n_created: int
    ) -> Iterator[int]:
        yield from snapshot
        created = self._created_nodes
        dirty = self._dirty_nodes
        for i in range(n_created):
            rec = dirty.get(created[i])
            if rec is not None and label in rec[0]:
                yield created[i]

    # -- relationships ----------------------------------------------------------------------

    def rel(self, rel_id: int) -> tuple[str, int, int] | None:
        rec = self._rel(rel_id)
        return None if rec is None else (rec[0], rec[1], rec[2])

    def rel_exists(self, rel_id: int) -> bool:
        return self._rel(rel_id) is not None

    def rel_property(self, rel_id: int, key: str) -> Any:
        rec = self._rel(rel_id)
        if rec is None:
            return None
        tok = self._key_tokens.ids.get(key)
        if tok is None:
            return None
        return props_of(rec, 3).get(tok)

    def rel_properties(self, rel_id: int) -> dict[str, Any]:
        rec = self._rel(rel_id)
        if rec is None:
            return {}
        return self._named(props_of(rec, 3))

    def _named(self, props: dict[int, Any]) -> dict[str, Any]:
        """A new map of ``props`` by key name, its lists copied: callers may hand it out
        (a record's own lists are cached or pending writes, never to be mutated)."""
        names = self._key_tokens.names
        return {names[t]: list(v) if type(v) is list else v for t, v in props.items()}

    def all_rels(self) -> Iterator[RelTuple]:
        return self._all_rels(self._cursor(self._dbs.rels), len(self._created_rels), None)

    def rels_by_type(self, rel_type: str) -> Iterator[RelTuple]:
        tok = self._type_tokens.ids.get(rel_type)
        n_created = len(self._created_rels)
        if tok is None:
            return self._created_rels_of(n_created, rel_type)
        return self._type_scan(self._cursor(self._dbs.types), tok, rel_type, n_created)

    def _all_rels(self, cursor: Any, n_created: int, rel_type: str | None) -> Iterator[RelTuple]:
        deleted = self._del_rels
        names = self._type_tokens.names
        unpack_id = L.ID.unpack
        unpack_head = L.REL_HEAD.unpack_from
        try:
            for key, value in cursor.iternext(keys=True, values=True):
                rel_id = unpack_id(key)[0]
                if rel_id not in deleted:
                    _, tok, start, end = unpack_head(value)
                    yield rel_id, names[tok], start, end
        except lmdb.Error as exc:  # the transaction ended under the scan
            raise self._scan_failed(exc) from exc
        yield from self._created_rels_of(n_created, rel_type)

    def _type_scan(
        self, cursor: Any, tok: int, rel_type: str, n_created: int
    ) -> Iterator[RelTuple]:
        prefix = L.TOKEN_PREFIX.pack(tok)
        if cursor.set_range(prefix):
            deleted = self._del_rels
            unpack_key = L.TYPE.unpack
            unpack_value = L.TYPE_VALUE.unpack
            try:
                for key, value in cursor.iternext(keys=True, values=True):
                    if not key.startswith(prefix):
                        break
                    rel_id = unpack_key(key)[1]
                    if rel_id not in deleted:
                        start, end = unpack_value(value)
                        yield rel_id, rel_type, start, end
            except lmdb.Error as exc:  # the transaction ended under the scan
                raise self._scan_failed(exc) from exc
        yield from self._created_rels_of(n_created, rel_type)

    def _created_rels_of(self, n_created: int, rel_type: str | None) -> Iterator[RelTuple]:
        created = self._created_rels
        dirty = self._dirty_rels
        for i in range(n_created):
            rel_id = created[i]
            rec = dirty.get(rel_id)
            if rec is not None and (rel_type is None or rec[0] == rel_type):
                yield rel_id, rec[0], rec[1], rec[2]

    # -- expansion --------------------------------------------------------------------------

    def expand(
        self, node_id: int, direction: int, types: tuple[str, ...] | None
    ) -> Iterator[RelTuple]:
        """Snapshot adjacency rows (no record decoding), then this transaction's new ones."""
        keys = [L.ADJ_KEY.pack(node_id, d) for d in _DIRS[direction]]
        cursor = self._cursor(self._dbs.adj)
        snapshot: Iterator[RelTuple]
        if types is None:
            rows = cursor.getmulti(keys, True, L.ADJ_VALUE.size, True)
            snapshot = self._rows(rows, node_id, direction, None)
        elif self._adj_count(cursor, keys) <= _FILTER_LIMIT:
            # few rows: fetch them all in one call and filter; else seek to each type
            ids = self._type_tokens.ids
            toks = {ids[name] for name in types if name in ids}
            rows = cursor.getmulti(keys, True, L.ADJ_VALUE.size, True) if toks else b""
            snapshot = self._rows(rows, node_id, direction, toks)
        else:
            snapshot = self._typed_rows(cursor, keys, types, node_id, direction)
        new = self._new_adj().get(node_id)
        if not new:
            return snapshot
        return itertools.chain(snapshot, self._expand_new(node_id, direction, types, new, len(new)))

    @staticmethod
    def _adj_count(cursor: Any, keys: list[bytes]) -> int:
        count = 0
        for key in keys:
            if cursor.set_key(key):
                count += cursor.count()
        return count

    def _rows(
        self, rows: Any, node_id: int, direction: int, toks: set[int] | None
    ) -> Iterator[RelTuple]:
        """Adjacency rows as tuples; ``toks``: keep only these type tokens."""
        deleted = self._del_rels
        names = self._type_tokens.names
        incoming = direction == IN
        for _, d, tok, rel_id, other in iter_unpack(L.ADJ_ROW_FORMAT, rows):
            if rel_id in deleted or (toks is not None and tok not in toks):
                continue
            # a LOOP row has other == node_id, so only BOTH needs the row's direction
            if incoming or d == L.DIR_IN:
                yield rel_id, names[tok], other, node_id
            else:
                yield rel_id, names[tok], node_id, other

    def _typed_rows(
        self, cursor: Any, keys: list[bytes], types: tuple[str, ...], node_id: int, direction: int
    ) -> Iterator[RelTuple]:
        ids = self._type_tokens.ids
        wanted = [(name, ids[name]) for name in dict.fromkeys(types) if name in ids]
        deleted = self._del_rels
        unpack = L.ADJ_VALUE.unpack
        for key in keys:
            incoming = key[8] == L.DIR_IN
            for name, tok in wanted:
                prefix = L.TOKEN.pack(tok)
                if not cursor.set_range_dup(key, prefix):
                    continue
                try:
                    for value in cursor.iternext_dup(keys=False, values=True):
                        if not value.startswith(prefix):
                            break
                        _, rel_id, other = unpack(value)
                        if rel_id in deleted:
                            continue
                        if incoming:
                            yield rel_id, name, other, node_id
                        else:
                            yield rel_id, name, node_id, other
                except lmdb.Error as exc:  # the transaction ended under the scan
                    raise self._scan_failed(exc) from exc

    def _expand_new(
        self, node_id: int, direction: int, types: tuple[str, ...] | None, new: list[int], n: int
    ) -> Iterator[RelTuple]:
        dirty = self._dirty_rels
        for i in range(n):
            rel_id = new[i]
            rec = dirty.get(rel_id)
            if rec is None or (types is not None and rec[0] not in types):
                continue
            start, end = rec[1], rec[2]
            if (
                direction == BOTH
                or (direction == OUT and start == node_id)
                or (direction == IN and end == node_id)
            ):
                yield rel_id, rec[0], start, end


_FILTER_LIMIT = 256  # typed expansion: up to this many rows, fetch all and filter

_DIRS = {
    OUT: (L.DIR_OUT, L.DIR_LOOP),
    IN: (L.DIR_IN, L.DIR_LOOP),
    BOTH: (L.DIR_OUT, L.DIR_IN, L.DIR_LOOP),
}
