"""Property-index lookups merged with the write set (an extension of ``GraphAccess``).

The transaction uses the indexes of its snapshot's schema. Written nodes are kept out of the
snapshot part (their snapshot entries may be stale) and answered from a private index of the
write set, maintained on every node write (O(indexes on the node's labels) per write), so a
loop of ``MERGE (n:L {k: $v})`` in one transaction stays linear.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import lmdb

from graphbolt.storage import _layout as L
from graphbolt.storage import _schema
from graphbolt.tx._state import TxState


class IndexReads(TxState):
    def has_index(self, label: str, key: str) -> bool:
        """Whether ``find_nodes(label, key, ...)`` can use an index in this transaction."""
        return self._index_id(label, key) is not None

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
        prefix = _schema.INDEX_ID.pack(index_id) + vkey
        snapshot = self._index_scan(self._cursor(self._dbs.propidx), prefix)
        own = self._tx_index.get(prefix)
        if not own:
            return snapshot
        return heapq.merge(snapshot, self._still_indexed(sorted(own), prefix))

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
