"""Token tables: label, relationship-type and property-key names <-> small ints.

Tokens live in memory for the life of the store and are shared by every transaction. A new
name gets its token at once (no LMDB write); the token is persisted by the next group commit,
whichever transaction it belongs to (I5 in ``_layout``). Tokens are never removed, so a token
created by a transaction that later rolls back is merely unused.
"""

from __future__ import annotations

import threading


class TokenTable:
    """One kind of token. ``ids`` and ``names`` are read without locking (append-only)."""

    __slots__ = ("_lock", "ids", "kind", "names", "pending")

    def __init__(self, kind: bytes) -> None:
        self.kind = kind
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.pending: list[tuple[str, int]] = []
        self._lock = threading.Lock()

    def load(self, name: str, tok: int) -> None:
        """Register a persisted token (at open)."""
        while len(self.names) <= tok:
            self.names.append("")
        self.names[tok] = name
        self.ids[name] = tok

    def get(self, name: str) -> int | None:
        return self.ids.get(name)

    def get_or_create(self, name: str) -> int:
        tok = self.ids.get(name)
        if tok is not None:
            return tok
        with self._lock:
            tok = self.ids.get(name)
            if tok is None:
                tok = len(self.names)
                # names before ids: a reader that finds the id always finds the name
                self.names.append(name)
                self.ids[name] = tok
                self.pending.append((name, tok))
            return tok

    def take_pending(self) -> list[tuple[str, int]]:
        """The tokens not yet persisted; give them back with ``restore`` if the write fails."""
        with self._lock:
            out, self.pending = self.pending, []
            return out

    def restore(self, items: list[tuple[str, int]]) -> None:
        with self._lock:
            self.pending = items + self.pending
