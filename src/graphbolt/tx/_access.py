"""``GraphAccess``: what the runtime may ask of a transaction. The one contract between the
runtime (above) and the transaction layer (below).

A transaction sees one consistent snapshot of the committed graph plus its own writes. Ids are
ints, stable for the life of an entity and never reused while a snapshot might still see them.
Labels, relationship types and property keys are ``str`` at this interface (storage maps them to
compact tokens internally). Property values are Cypher values: None is never stored (setting a
property to None removes it). Reads of a deleted entity (deleted by this transaction) raise
nothing here; ``node_exists`` / ``rel_exists`` tell the runtime, which raises the Cypher error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

# Expansion directions, relative to the node expanded from.
OUT = 0
IN = 1
BOTH = 2


class GraphAccess(Protocol):
    # -- nodes -----------------------------------------------------------------------------
    def all_node_ids(self) -> Iterator[int]:
        """Every visible node id, ascending."""
        ...

    def node_ids_by_label(self, label: str) -> Iterator[int]:
        """Ids of visible nodes carrying ``label``, ascending."""
        ...

    def node_exists(self, node_id: int) -> bool: ...

    def node_labels(self, node_id: int) -> frozenset[str]: ...

    def node_has_label(self, node_id: int, label: str) -> bool: ...

    def node_property(self, node_id: int, key: str) -> Any:
        """The value, or None when absent."""
        ...

    def node_properties(self, node_id: int) -> dict[str, Any]:
        """A fresh dict the caller may keep."""
        ...

    # -- relationships ----------------------------------------------------------------------
    def all_rels(self) -> Iterator[tuple[int, str, int, int]]:
        """Every visible relationship as ``(id, type, start, end)``, ascending id."""
        ...

    def rels_by_type(self, rel_type: str) -> Iterator[tuple[int, str, int, int]]: ...

    def rel(self, rel_id: int) -> tuple[str, int, int] | None:
        """``(type, start, end)`` or None when not visible."""
        ...

    def rel_exists(self, rel_id: int) -> bool: ...

    def rel_property(self, rel_id: int, key: str) -> Any: ...

    def rel_properties(self, rel_id: int) -> dict[str, Any]: ...

    def expand(
        self, node_id: int, direction: int, types: tuple[str, ...] | None
    ) -> Iterator[tuple[int, str, int, int]]:
        """Relationships at ``node_id`` as ``(rel_id, type, start, end)``.

        ``direction`` is OUT (node is start), IN (node is end) or BOTH; a self loop is
        yielded once even for BOTH. ``types`` None means every type.
        """
        ...

    def degree(self, node_id: int, direction: int, types: tuple[str, ...] | None) -> int: ...

    # -- writes (raise TransactionError in a read transaction) ------------------------------
    def create_node(self, labels: Iterable[str], properties: dict[str, Any]) -> int:
        """A new node; ``properties`` (as for ``create_rel``) is only read, never kept: the
        caller may pass a map it shares (a query constant, a parameter)."""
        ...

    def create_rel(
        self, rel_type: str, start: int, end: int, properties: dict[str, Any]
    ) -> int: ...

    def set_node_property(self, node_id: int, key: str, value: Any) -> None:
        """Set (value None: remove) one property."""
        ...

    def set_rel_property(self, rel_id: int, key: str, value: Any) -> None: ...

    def add_label(self, node_id: int, label: str) -> bool:
        """True when the label was not there before."""
        ...

    def remove_label(self, node_id: int, label: str) -> bool:
        """True when the label was there."""
        ...

    def delete_node(self, node_id: int) -> None:
        """Delete a node that has no relationships (the runtime checks and detaches first)."""
        ...

    def delete_rel(self, rel_id: int) -> None: ...
