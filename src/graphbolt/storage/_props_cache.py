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
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

DEFAULT_CAPACITY = 131_072  # entries: about 50 MiB for small property maps


class PropsCache:
    __slots__ = ("_last", "_lock", "capacity", "entries")

    def __init__(self, last_cid: int, capacity: int = DEFAULT_CAPACITY) -> None:
        self.entries: dict[int, tuple[int, dict[int, Any]]] = {}
        self.capacity = capacity
        self._last = last_cid
        self._lock = threading.Lock()

    def offer(self, node_id: int, props: dict[int, Any], snapshot: int) -> bool:
        """Keep ``props`` read at ``snapshot`` if that is the newest published state (C2);
        whether it was kept."""
        return self.offer_many([(node_id, props)], snapshot)

    def offer_many(self, items: list[tuple[int, dict[int, Any]]], snapshot: int) -> bool:
        """``offer`` for several nodes read at one snapshot, under one lock."""
        with self._lock:
            if snapshot != self._last or not self.capacity:
                return False
            entries = self.entries
            if len(entries) + len(items) > self.capacity:
                entries.clear()
                items = items[-self.capacity :]
            tagged = [(node_id, (snapshot, props)) for node_id, props in items]
            entries.update(tagged)
            return True

    def invalidate(self, written: Iterable[int]) -> None:
        """A commit writing the nodes ``written`` is about to become visible: drop them and
        accept nothing until ``publish`` (C1). Call before the LMDB commit."""
        with self._lock:
            pop = self.entries.pop
            for node_id in written:
                pop(node_id, None)
            self._last = -1

    def publish(self, cid: int) -> None:
        """``cid`` is now the newest state (after the commit, or the unchanged id when the
        commit failed): offers read at ``cid`` are accepted again."""
        with self._lock:
            self._last = cid

    def clear(self) -> None:
        with self._lock:
            self.entries.clear()
