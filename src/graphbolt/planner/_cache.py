"""``PlanCache``: built plans by query text, least recently used evicted first."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class PlanCache(Generic[T]):
    """A thread-safe LRU map from a key (usually the query text) to a compiled plan.

    Compiling twice on a race is harmless (plans are immutable), so the builder runs outside
    the lock and the first stored plan wins.
    """

    def __init__(self, capacity: int = 1000) -> None:
        self.capacity = capacity
        self._plans: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            plan = self._plans.get(key)
            if plan is not None:
                self._plans.move_to_end(key)
                self.hits += 1
            return plan

    def put(self, key: Hashable, plan: T) -> T:
        with self._lock:
            existing = self._plans.get(key)
            if existing is not None:
                self._plans.move_to_end(key)
                return existing
            self._plans[key] = plan
            while len(self._plans) > self.capacity:
                self._plans.popitem(last=False)
            return plan

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        """The cached plan for ``key``, building (and caching) it on a miss."""
        plan = self.get(key)
        if plan is not None:
            return plan
        with self._lock:
            self.misses += 1
        return self.put(key, build())

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()

    def __len__(self) -> int:
        return len(self._plans)
