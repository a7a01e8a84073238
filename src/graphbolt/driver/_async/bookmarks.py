"""Bookmark managers: who remembers which commits a session must be able to see.

A session with a manager sends ``get_bookmarks()`` (with its own bookmarks) when it begins a
transaction and reports each commit with ``update_bookmarks(sent, new)``, so every session
sharing the manager is causally chained after the commits reported to it.
"""

from __future__ import annotations

import abc
import threading
from collections.abc import Callable, Collection, Iterable
from typing import Any

from graphbolt.driver._api import Bookmarks
from graphbolt.driver._async_compat import AsyncUtil


class AsyncBookmarkManager(abc.ABC):
    """The bookmark manager protocol."""

    @abc.abstractmethod
    async def update_bookmarks(
        self, previous_bookmarks: Collection[str], new_bookmarks: Collection[str]
    ) -> None:
        """Replace ``previous_bookmarks`` (sent with a transaction) by its ``new_bookmarks``."""

    @abc.abstractmethod
    async def get_bookmarks(self) -> Collection[str]:
        """The bookmarks a new transaction must wait for."""


class AsyncNeo4jBookmarkManager(AsyncBookmarkManager):
    """The default manager: a set of bookmark strings, plus optional supplier/consumer."""

    def __init__(
        self,
        initial_bookmarks: Bookmarks | Iterable[str] | None = None,
        bookmarks_supplier: Callable[[], Any] | None = None,
        bookmarks_consumer: Callable[[Bookmarks], Any] | None = None,
    ) -> None:
        if isinstance(initial_bookmarks, Bookmarks):
            initial: set[str] = set(initial_bookmarks.raw_values)
        else:
            initial = set(initial_bookmarks or ())
        self._bookmarks = initial
        self._supplier = bookmarks_supplier
        self._consumer = bookmarks_consumer
        # Held only around set updates (never across an await), so it suits both flavours.
        self._lock = threading.Lock()

    async def update_bookmarks(
        self, previous_bookmarks: Collection[str], new_bookmarks: Collection[str]
    ) -> None:
        if not new_bookmarks:
            return
        with self._lock:
            self._bookmarks.difference_update(previous_bookmarks)
            self._bookmarks.update(new_bookmarks)
            current = Bookmarks.from_raw_values(self._bookmarks)
        if self._consumer is not None:
            await AsyncUtil.callback(self._consumer, current)

    async def get_bookmarks(self) -> Collection[str]:
        with self._lock:
            bookmarks = set(self._bookmarks)
        if self._supplier is not None:
            supplied = await AsyncUtil.callback(self._supplier)
            bookmarks.update(supplied.raw_values if isinstance(supplied, Bookmarks) else supplied)
        return bookmarks
