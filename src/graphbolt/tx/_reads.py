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
from collections.abc import Callable, Iterator
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

    def node_property_of_each(self, node_ids: list[int], key: str) -> list[Any]:
        """``node_property(i, key)`` for every id, in one call (the far ends of an expansion),
        as values the caller may hand out: a list is a copy, never the cache's or the write
        set's own (C4 in ``_props_cache``; columns hold no lists).
        Nodes the transaction changed go through ``node_property``; snapshot nodes come
        from the shared cache's column for ``key`` when it holds them all (C6 in
        ``_props_cache``), else from its entries or LMDB, then are offered to the cache
        together, under one lock."""
        tok = self._key_tokens.ids.get(key)
        if tok is None or self._dirty_nodes:
            return _unshared([self.node_property(i, key) for i in node_ids])
        cache, snapshot = self._store.props_cache, self._snapshot
        column = cache.columns.get(tok)
        if column is not None and cache.column_tag <= snapshot:
            try:
                values = [column[i] for i in node_ids]
            except IndexError:  # an id past the column's end
                values = [None]
            if None not in values and cache.column_tag <= snapshot:
                return values
        out = self._property_of_each(node_ids, tok)
        if len(out) > 1 or column is not None:
            # Worth a column: expansions come back to these nodes.
            found = [(i, v) for i, v in zip(node_ids, out, strict=True) if v is not None]
            if found:
                cache.offer_column(tok, found, snapshot)
        return _unshared(out)

    def _property_of_each(self, node_ids: list[int], tok: int) -> list[Any]:
        own, clean = self._clean_props, self._clean_nodes
        shared, snapshot = self._store.props_cache.entries, self._snapshot
        get, db = self._rtxn.get, self._nodes_db
        names = self._key_tokens.names
        read: list[tuple[int, dict[int, Any]]] = []
        out: list[Any] = []
        for node_id in node_ids:
            entry = shared.get(node_id)
            if entry is not None and entry[0] <= snapshot:
                out.append(entry[1].get(tok))
                continue
            props = own.get(node_id)
            if props is None:
                if node_id in clean:
                    out.append(self.node_property(node_id, names[tok]))
                    continue
                raw = get(_pack_id(node_id), None, db)
                if raw is None:
                    out.append(None)
                    continue
                props = decode_props(raw[10 + 4 * ((raw[8] << 8) | raw[9]) :])
                read.append((node_id, props))
            out.append(props.get(tok))
        if read and not self._store.props_cache.offer_many(read, snapshot):
            if len(own) + len(read) > CACHE_LIMIT:
                own.clear()
            own.update(read)
        return out

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

    def neighbour_ids(
        self,
        node_id: int,
        direction: int,
        types: tuple[str, ...] | None,
        exclude: set[int] | None = None,
    ) -> list[int]:
        """The far end of each relationship ``expand`` yields, in its order (a node once per
        relationship), built in one pass: for expansions that bind only the far node.
        ``exclude``: relationship ids to skip (those already bound in the MATCH)."""
        if self._del_rels or (self._created_rels and self._new_adj().get(node_id)):
            return self._neighbours_expanded(node_id, direction, types, exclude)
        keys = [L.ADJ_KEY.pack(node_id, d) for d in _DIRS[direction]]
        cursor = self._count_cursor()  # done before returning: the shared cursor will do
        if types is None:
            rows = cursor.getmulti(keys, True, L.ADJ_VALUE.size, True)
            if exclude:
                return [o for r, o in iter_unpack(_REL_OTHER, rows) if r not in exclude]
            return [o for (o,) in iter_unpack(_OTHER, rows)]
        if self._adj_count(cursor, keys) > _FILTER_LIMIT:
            return self._neighbours_expanded(node_id, direction, types, exclude)
        ids = self._type_tokens.ids
        if len(types) == 1:
            tok = ids.get(types[0])
            if tok is None:
                return []
            rows = cursor.getmulti(keys, True, L.ADJ_VALUE.size, True)
            if exclude:
                return [
                    o
                    for t, r, o in iter_unpack(_TOK_REL_OTHER, rows)
                    if t == tok and r not in exclude
                ]
            return [o for t, o in iter_unpack(_TOK_OTHER, rows) if t == tok]
        toks = {ids[name] for name in types if name in ids}
        if not toks:
            return []
        rows = cursor.getmulti(keys, True, L.ADJ_VALUE.size, True)
        if exclude:
            return [
                o for t, r, o in iter_unpack(_TOK_REL_OTHER, rows) if t in toks and r not in exclude
            ]
        return [o for t, o in iter_unpack(_TOK_OTHER, rows) if t in toks]

    def _neighbours_expanded(
        self, node_id: int, direction: int, types: tuple[str, ...] | None, exclude: Any
    ) -> list[int]:
        rels = self.expand(node_id, direction, types)
        if exclude:
            return [e if s == node_id else s for r, _, s, e in rels if r not in exclude]
        return [e if s == node_id else s for _, _, s, e in rels]

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

    def _packed_type_tokens(self, types: tuple[str, ...] | None) -> set[bytes] | None:
        """The packed tokens of ``types`` (None: any type). A type without a token has no
        relationship in this snapshot (tokens persist at the commit that first uses them);
        this transaction's own relationships are counted apart."""
        if types is None:
            return None
        ids, pack = self._type_tokens.ids, L.TOKEN.pack
        return {pack(ids[name]) for name in types if name in ids}

    def degree(self, node_id: int, direction: int, types: tuple[str, ...] | None) -> int:
        """How many relationships ``expand(node_id, direction, types)`` would yield, counted
        from the adjacency entries (LMDB duplicate counts) without building the rows."""
        if self._del_rels:
            return sum(1 for _ in self.expand(node_id, direction, types))
        toks = self._packed_type_tokens(types)
        count = 0
        if toks is None or toks:
            cursor = self._count_cursor()
            for d in _DIRS[direction]:
                if cursor.set_key(L.ADJ_KEY.pack(node_id, d)):
                    count += cursor.count() if toks is None else _typed_count(cursor, toks)
        new = self._new_adj().get(node_id)
        if new:
            count += sum(1 for _ in self._expand_new(node_id, direction, types, new, len(new)))
        return count

    def property_reader(self, key: str) -> Callable[[int], Any]:
        """``node_property(node, key)`` for scans that read one property of many nodes once
        each: a record not already cached is decoded without entering the record cache, so a
        scan of the whole graph neither churns the cache nor leaves garbage-collected objects
        behind. Snapshot nodes are answered from the shared cache's column for ``key`` (made
        for such scans, C5 and C6 in ``_props_cache``) and fill it. Values are for the
        engine's own use (a list may be a cached one)."""
        dirty, clean, db = self._dirty_nodes, self._clean_nodes, self._nodes_db
        token_ids, pack = self._key_tokens.ids, L.ID.pack
        cache, snapshot = self._store.props_cache, self._snapshot
        column_tok = token_ids.get(key)
        column: list[Any] | None = None
        if column_tok is not None:
            column = cache.columns.get(column_tok)
            if column is None and cache.offer_column(column_tok, [], snapshot):
                column = cache.columns.get(column_tok)
        found: list[tuple[int, Any]] = []  # read from LMDB, for the column

        def read(node_id: int) -> Any:
            tok = token_ids.get(key)  # looked up per call: a write may create the key
            rec = dirty.get(node_id, _MISS)
            if rec is _MISS:
                rec = clean.get(node_id, _MISS)
            if rec is not _MISS:
                return None if rec is None or tok is None else props_of(rec, 1).get(tok)
            if column is not None and node_id < len(column):
                value = column[node_id]
                if value is not None and cache.column_tag <= snapshot:
                    return value
            raw = self._rtxn.get(pack(node_id), None, db)
            if raw is None or tok is None:
                return None
            value = decode_props(raw[10 + 4 * ((raw[8] << 8) | raw[9]) :]).get(tok)
            if column is not None and value is not None:
                found.append((node_id, value))
                if len(found) >= _OFFER_BATCH:
                    cache.offer_column(tok, found, snapshot)
                    found.clear()
            return value

        return read

    def degree_counter(self, direction: int, types: tuple[str, ...] | None) -> Callable[[int], int]:
        """``degree`` for one direction and type list, with the per-call setup done once:
        for counting the relationships of many nodes. Nodes this transaction changed the
        relationships of (created or deleted any) take the general path."""
        toks = self._packed_type_tokens(types)
        dirs, pack = _DIRS[direction], L.ADJ_KEY.pack
        cursor = self._count_cursor()
        set_key, count_all = cursor.set_key, cursor.count

        def count(node_id: int) -> int:
            if self._del_rels or self._created_rels:
                return self.degree(node_id, direction, types)
            if toks is not None and not toks:
                return 0
            n = 0
            for d in dirs:
                if set_key(pack(node_id, d)):
                    n += count_all() if toks is None else _typed_count(cursor, toks)
            return n

        return count


def _typed_count(cursor: Any, toks: set[bytes]) -> int:
    """Entries of the cursor's key whose packed type token (4 bytes) is in ``toks``. The
    entries are sorted by token first, so when the first and last share a token all of them
    do. Compares bytes prefixes: unpacking would allocate a tuple per call."""
    total = cursor.count()
    first = cursor.value()[:4]
    if total == 1:
        return 1 if first in toks else 0
    cursor.last_dup()
    if cursor.value()[:4] == first:
        return total if first in toks else 0
    cursor.first_dup()
    return sum(1 for value in cursor.iternext_dup(keys=False, values=True) if value[:4] in toks)


def _unshared(values: list[Any]) -> list[Any]:
    """``values`` with every list copied (property lists hold only immutable values)."""
    for i, value in enumerate(values):
        if type(value) is list:
            values[i] = list(value)
    return values


_OFFER_BATCH = 256  # values a scan collects before offering them to a column (one lock)
_FILTER_LIMIT = 256  # typed expansion: up to this many rows, fetch all and filter
# Adjacency rows (``L.ADJ_ROW_FORMAT``: node, dir, type, rel, other) read for some fields
# only: pad bytes skip the rest, so no int objects are made for them.
_OTHER = ">21xQ"
_REL_OTHER = ">13xQQ"
_TOK_OTHER = ">9xI8xQ"
_TOK_REL_OTHER = ">9xIQQ"

_DIRS = {
    OUT: (L.DIR_OUT, L.DIR_LOOP),
    IN: (L.DIR_IN, L.DIR_LOOP),
    BOTH: (L.DIR_OUT, L.DIR_IN, L.DIR_LOOP),
}
