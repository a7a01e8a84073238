"""``PropsCache``: decoded node property maps shared by every transaction of one store.

A point query reads a handful of nodes, each a B-tree lookup plus a msgpack decode (about a
microsecond together); a warm database answers the same nodes again and again. The cache keeps
the decoded map of recently read nodes across transactions, tagged with the commit it was read
at, without ever giving a transaction a version its snapshot does not see.

Invariants (``cid`` = commit id; S = a transaction's snapshot; ``last`` = the store's newest
published commit):

C1  An entry ``id -> (tag, props)`` holds the node's properties as of commit ``tag``, and no
    commit after ``tag`` has written the node: the group commit drops the entries of the
    nodes it writes (``invalidate``) *before* its LMDB commit makes them visible, and accepts
    no entries (``offer``) until it has published its commit id (``publish``).
C2  Only a transaction reading the newest published state inserts (``offer`` checks
    ``S == last`` under the lock), so no entry holds a version older than the newest; the
    group commit also writes through, right after publishing, the property maps its batch
    wrote (the newest versions by definition).
C3  A transaction uses an entry only when ``tag <= S``: by C1 nothing changed the node between
    ``tag`` and S. Older snapshots (S < tag) miss and read LMDB as before.
C4  ``props`` dicts are never mutated once cached (writers build new records; readers only
    ``get`` from them).

Bounded: past ``capacity`` entries the cache is emptied (cheaper than any eviction order, and
a working set larger than the cache gains little from one).

Columns. An expansion reads one property of every neighbour (``RETURN f.name``); through the
entries that is a dict lookup, a tuple, a tag and a property dict per neighbour, each a cache
miss once the graph outgrows the CPU caches. A column holds one property key's values in a
list indexed by node id (ids are dense), so a neighbour costs one list slot. Columns have no
per-slot tag; one ``column_tag`` covers them all:

C5  A column slot holds None (nothing cached) or the node's value, not None, for the column's
    key as of some commit ``t <= column_tag`` after which no commit has written the node:
    ``invalidate`` empties the node's slots with its entry, values go in only under the
    same rule as entries (C2), and ``column_tag`` is raised to their commit *before* they
    go in.
C6  A transaction uses column values only when ``column_tag <= S`` both before and after
    reading them (``column_tag`` never decreases): every value it read went in at a commit
    ``<= S``, and by C5 the node did not change between that commit and S. Otherwise it
    reads through the entries.

Columns are made for the first ``COLUMNS`` keys read this way, with slots for node ids below
``COLUMN_IDS`` (8 bytes each). They hold no lists: a column's values go straight to users, and
a list would have to be copied first (C4).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

DEFAULT_CAPACITY = 131_072  # entries: about 50 MiB for small property maps
COLUMNS = 8  # property keys with a column
COLUMN_IDS = 1 << 21  # node ids with a column slot: at most 16 MiB per column


class PropsCache:
    __slots__ = ("_last", "_lock", "capacity", "column_tag", "columns", "entries")

    def __init__(self, last_cid: int, capacity: int = DEFAULT_CAPACITY) -> None:
        self.entries: dict[int, tuple[int, dict[int, Any]]] = {}
        self.capacity = capacity
        self._last = last_cid
        self._lock = threading.Lock()
        # key token -> values by node id (None: not cached); C5, C6
        self.columns: dict[int, list[Any]] = {}
        self.column_tag = -1

    def offer(self, node_id: int, props: dict[int, Any], snapshot: int) -> bool:
        """Keep ``props`` read at ``snapshot`` if that is the newest published state (C2);
        whether it was kept."""
        return self.offer_many([(node_id, props)], snapshot)

    def offer_many(self, items: list[tuple[int, dict[int, Any]]], snapshot: int) -> bool:
        """``offer`` for several nodes read at one snapshot, under one lock (their values
        for every column go in too)."""
        with self._lock:
            if snapshot != self._last or not self.capacity:
                return False
            entries = self.entries
            if len(entries) + len(items) > self.capacity:
                entries.clear()
                items = items[-self.capacity :]
            tagged = [(node_id, (snapshot, props)) for node_id, props in items]
            entries.update(tagged)
            if self.columns:
                self._fill_columns(items, snapshot)
            return True

    def offer_column(self, tok: int, values: list[tuple[int, Any]], snapshot: int) -> bool:
        """Keep the values of key ``tok`` of some nodes (``(id, value)``, value not None)
        read at ``snapshot`` in the key's column, made if there is room (C5); whether they
        were kept."""
        with self._lock:
            if snapshot != self._last or not self.capacity:
                return False
            column = self.columns.get(tok)
            if column is None:
                if len(self.columns) >= COLUMNS:
                    return False
                column = self.columns[tok] = self._column_from_entries(tok)
            if snapshot > self.column_tag:
                self.column_tag = snapshot  # before the values go in (C6)
            for node_id, value in values:
                _put(column, node_id, value)
            return True

    def _column_from_entries(self, tok: int) -> list[Any]:
        """A new column for ``tok`` holding what the entries know already (each entry is
        its node's state as of its tag, unchanged since: C1, so C5 holds)."""
        column: list[Any] = []
        tag = self.column_tag
        for node_id, (entry_tag, props) in self.entries.items():
            _put(column, node_id, props.get(tok))
            if entry_tag > tag:
                tag = entry_tag
        self.column_tag = tag  # no value went in at a later commit (C6)
        return column

    def _fill_columns(self, items: list[tuple[int, dict[int, Any]]], snapshot: int) -> None:
        if snapshot > self.column_tag:
            self.column_tag = snapshot  # before the values go in (C6)
        for tok, column in self.columns.items():
            for node_id, props in items:
                _put(column, node_id, props.get(tok))

    def invalidate(self, written: Iterable[int]) -> None:
        """A commit writing the nodes ``written`` is about to become visible: drop them and
        accept nothing until ``publish`` (C1, C5). Call before the LMDB commit."""
        with self._lock:
            pop = self.entries.pop
            written = list(written)
            for node_id in written:
                pop(node_id, None)
            for column in self.columns.values():
                size = len(column)
                for node_id in written:
                    if node_id < size:
                        column[node_id] = None
            self._last = -1

    def publish(self, cid: int) -> None:
        """``cid`` is now the newest state (after the commit, or the unchanged id when the
        commit failed): offers read at ``cid`` are accepted again."""
        with self._lock:
            self._last = cid

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
            self.columns.clear()


def _put(column: list[Any], node_id: int, value: Any) -> None:
    """Set ``node_id``'s slot to ``value`` (None empties it), growing the column to fit an id
    below ``COLUMN_IDS``. A list empties the slot: columns hold none (a reader would have to
    copy it, C4)."""
    if type(value) is list:
        value = None
    if node_id < len(column):
        column[node_id] = value
    elif value is not None and node_id < COLUMN_IDS:
        column.extend([None] * (node_id + 1024 - len(column)))
        column[node_id] = value
