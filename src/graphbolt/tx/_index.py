"""Property-index lookups merged with the write set (an extension of ``GraphAccess``).

The transaction uses the indexes of its snapshot's schema. Written nodes are kept out of the
snapshot part (their snapshot entries may be stale) and answered from a private index of the
write set, maintained on every node write (O(indexes on the node's labels) per write), so a
loop of ``MERGE (n:L {k: $v})`` in one transaction stays linear.

Index keys are ordered (``storage._index_keys``): an equality lookup is one key prefix and
yields ids ascending; a range lookup is one key range and yields ids in (value, id) order.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import lmdb

from graphbolt.storage import _layout as L
from graphbolt.storage import _schema
from graphbolt.storage._index_keys import EMPTY, KeyRange
from graphbolt.tx._state import _MISS, TxState

_ID_SIZE = L.ID.size


class IndexReads(TxState):
    _seekers: dict[tuple[str, str], Any] | None = None  # made on first use

    def has_index(self, label: str, key: str) -> bool:
        """Whether ``find_nodes(label, key, ...)`` can use an index in this transaction."""
        return self._index_id(label, key) is not None

    @property
    def schema_version(self) -> int:
        """The index schema version of this transaction's snapshot."""
        return self._schema.version

    def _index_id(self, label: str, key: str) -> int | None:
        label_tok = self._label_tokens.ids.get(label)
        key_tok = self._key_tokens.ids.get(key)
        if label_tok is None or key_tok is None:
            return None
        return self._schema.indexes.get((label_tok, key_tok))

    def find_nodes(self, label: str, key: str, value: Any) -> Iterator[int] | None:
        """Ids (ascending) of visible nodes with ``label`` whose ``key`` equals ``value``
        (Cypher ``=``: ``1`` and ``1.0`` match), or None when no index covers (label, key):
        the caller then scans and filters."""
        index_id = self._index_id(label, key)
        if index_id is None:
            return None
        vkey = _schema.value_key(value)
        if vkey is None:  # null or NaN: equal to nothing
            return iter(())
        return self._equal_ids(_schema.INDEX_ID.pack(index_id) + vkey)

    def equality_seeker(self, label: str, key: str) -> Callable[[Any], Iterable[int]] | None:
        """``find_nodes(label, key, value)`` for many values (an operator's whole input):
        the index is resolved once and one cursor serves every lookup; None without an index.

        A value held by at most one node (the usual case for an id-like key) is answered
        at once, as a tuple, without a generator or a new cursor; several nodes come lazily
        from a cursor of their own, so results never share the seeker's cursor, and one
        seeker per (label, key) serves every query of the transaction (a parked one's too).
        """
        seekers = self._seekers
        if seekers is None:
            seekers = self._seekers = {}
        else:
            found = seekers.get((label, key), _MISS)
            if found is not _MISS:
                return found  # type: ignore[no-any-return]
        seeker = seekers[(label, key)] = self._new_seeker(label, key)
        return seeker

    def _new_seeker(self, label: str, key: str) -> Callable[[Any], Iterable[int]] | None:
        index_id = self._index_id(label, key)
        if index_id is None:
            return None
        head = _schema.INDEX_ID.pack(index_id)
        cursor = self._cursor(self._dbs.propidx)
        own, dirty = self._tx_index, self._dirty_nodes
        value_key, unpack = _schema.value_key, L.ID.unpack_from

        def seek(value: Any) -> Iterable[int]:
            vkey = value_key(value)
            if vkey is None:  # null or NaN: equal to nothing
                return ()
            prefix = head + vkey
            if own and own.get(prefix):  # written nodes have this value: merge the two
                return self._equal_ids(prefix)
            try:
                if not cursor.set_range(prefix):
                    return ()
                found = cursor.key()
                if not found.startswith(prefix):
                    return ()
                if cursor.next() and cursor.key().startswith(prefix):
                    return self._equal_ids(prefix)
            except lmdb.Error as exc:  # the transaction ended
                raise self._scan_failed(exc) from exc
            node_id: int = unpack(found, len(prefix))[0]
            return () if node_id in dirty else (node_id,)

        return seek

    def _equal_ids(self, prefix: bytes) -> Iterator[int]:
        """Visible ids under one equality ``prefix``: snapshot entries merged with the private
        index of the write set."""
        snapshot = self._index_scan(self._cursor(self._dbs.propidx), prefix)
        own = self._tx_index.get(prefix)
        if not own:
            return snapshot
        return heapq.merge(snapshot, self._still_indexed(sorted(own), prefix))

    def find_range(
        self,
        label: str,
        key: str,
        lower: Any = None,
        lower_inclusive: bool = True,
        upper: Any = None,
        upper_inclusive: bool = True,
    ) -> Iterator[int] | None:
        """Ids of visible nodes with ``label`` whose ``key`` lies between the bounds (Cypher
        ``<``/``<=``; a None bound is open), in (value, id) order. Bounds must be numbers or
        strings (numbers match numbers, strings strings); otherwise, or without an index on
        (label, key), None: the caller scans and filters."""
        index_id = self._index_id(label, key)
        if index_id is None or (lower is None and upper is None):
            return None
        keys = _schema.range_of(lower, lower_inclusive, upper, upper_inclusive)
        return None if keys is None else self._range_lookup(index_id, keys)

    def find_prefix(self, label: str, key: str, prefix: Any) -> Iterator[int] | None:
        """Ids of visible nodes with ``label`` whose ``key`` is a string starting with
        ``prefix`` (a string), in (value, id) order; None as for ``find_range``."""
        index_id = self._index_id(label, key)
        if index_id is None:
            return None
        keys = _schema.prefix_range(prefix)
        return None if keys is None else self._range_lookup(index_id, keys)

    def _range_lookup(self, index_id: int, keys: KeyRange) -> Iterator[int]:
        if keys is EMPTY:
            return iter(())
        head = _schema.INDEX_ID.pack(index_id)
        snapshot = self._range_scan(self._cursor(self._dbs.propidx), head, keys)
        own = sorted(
            (prefix[len(head) :], node_id)
            for prefix, ids in self._tx_index.items()
            if ids and prefix.startswith(head) and keys.contains(prefix[len(head) :])
            for node_id in ids
        )
        if not own:
            return (node_id for _, node_id in snapshot)
        merged = heapq.merge(snapshot, self._still_in_range(own, head))
        return (node_id for _, node_id in merged)

    def _range_scan(self, cursor: Any, head: bytes, keys: KeyRange) -> Iterator[tuple[bytes, int]]:
        if not cursor.set_range(head + keys.low):
            return
        dirty = self._dirty_nodes
        unpack = L.ID.unpack_from
        n = len(head)
        low, low_incl = keys.low, keys.low_inclusive
        high, high_incl = keys.high, keys.high_inclusive
        try:
            for key in cursor.iternext(keys=True, values=False):
                if not key.startswith(head):
                    return
                vkey = key[n:-_ID_SIZE]
                if vkey > high or (vkey == high and not high_incl):
                    return
                if vkey == low and not low_incl:
                    continue
                node_id = unpack(key, len(key) - _ID_SIZE)[0]
                if node_id not in dirty:  # written nodes come from the private index
                    yield vkey, node_id
        except lmdb.Error as exc:  # the transaction ended under the scan
            raise self._scan_failed(exc) from exc

    def _still_in_range(
        self, own: list[tuple[bytes, int]], head: bytes
    ) -> Iterator[tuple[bytes, int]]:
        index = self._tx_index
        for vkey, node_id in own:
            current = index.get(head + vkey)
            if current is not None and node_id in current:  # not rewritten since the lookup
                yield vkey, node_id

    def _index_scan(self, cursor: Any, prefix: bytes) -> Iterator[int]:
        if not cursor.set_range(prefix):
            return
        dirty = self._dirty_nodes
        unpack = L.ID.unpack_from
        n = len(prefix)
        try:
            for key in cursor.iternext(keys=True, values=False):
                if not key.startswith(prefix):  # value keys are prefix-free: exactly this value
                    return
                node_id = unpack(key, n)[0]
                if node_id not in dirty:  # written nodes come from the private index
                    yield node_id
        except lmdb.Error as exc:  # the transaction ended under the scan
            raise self._scan_failed(exc) from exc

    def _still_indexed(self, ids: list[int], prefix: bytes) -> Iterator[int]:
        own = self._tx_index
        for node_id in ids:
            current = own.get(prefix)
            if current is not None and node_id in current:
                yield node_id
