"""Batch reads for the operators that read many nodes at once (``BatchReads``).

An expansion that binds only its far node wants the far ends' ids as one list
(``neighbour_ids``) and one property of all of them (``node_property_of_each``); a count
grouped by a property of the counted node wants degrees (``degree``, ``degree_counter``) and
one property of every scanned node (``property_reader``). Each answers exactly as the
row-by-row reads of ``Reads`` would, with the per-call setup done once and, for snapshot
nodes, the shared cache's property columns (``storage/_props_cache``, C5 and C6) read and
filled.
"""

from __future__ import annotations

from collections.abc import Callable
from struct import iter_unpack
from typing import Any

from graphbolt.storage import _layout as L
from graphbolt.storage._codec import decode_props
from graphbolt.tx._reads import _DIRS, _FILTER_LIMIT, Reads, _pack_id
from graphbolt.tx._state import _MISS, CACHE_LIMIT, props_of


class BatchReads(Reads):
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
# Adjacency rows (``L.ADJ_ROW_FORMAT``: node, dir, type, rel, other) read for some fields
# only: pad bytes skip the rest, so no int objects are made for them.
_OTHER = ">21xQ"
_REL_OTHER = ">13xQQ"
_TOK_OTHER = ">9xI8xQ"
_TOK_REL_OTHER = ">9xIQQ"
