"""Graph values: the public snapshots (Node, Relationship, Path) and the runtime's references.

Two forms, on purpose:

- Inside a running query the runtime passes *references* (``NodeRef``, ``RelRef``,
  ``PathRef``): identity only, cheap to create, compared and hashed by id. Labels and
  properties are read through the transaction when an expression needs them, so they always
  reflect the transaction's current state (a SET earlier in the query is visible).
- When a row leaves the engine, references are *materialized* into ``Node``,
  ``Relationship`` and ``Path``: immutable snapshots with labels/type and properties, which is
  what the driver, the Bolt server and the TCK see.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class NodeRef:
    """A node inside a running query: its id only."""

    __slots__ = ("id",)

    def __init__(self, node_id: int) -> None:
        self.id = node_id

    def __eq__(self, other: object) -> bool:
        return type(other) is NodeRef and other.id == self.id

    def __hash__(self) -> int:
        return hash(("node", self.id))

    def __repr__(self) -> str:
        return f"NodeRef({self.id})"


class RelRef:
    """A relationship inside a running query: id, type and endpoints (all immutable)."""

    __slots__ = ("end", "id", "start", "type")

    def __init__(self, rel_id: int, rel_type: str, start: int, end: int) -> None:
        self.id = rel_id
        self.type = rel_type
        self.start = start
        self.end = end

    def __eq__(self, other: object) -> bool:
        return type(other) is RelRef and other.id == self.id

    def __hash__(self) -> int:
        return hash(("rel", self.id))

    def __repr__(self) -> str:
        return f"RelRef({self.id}, {self.type!r}, {self.start}->{self.end})"


class PathRef:
    """A path inside a running query: nodes[i] -rels[i]- nodes[i+1]."""

    __slots__ = ("nodes", "rels")

    def __init__(self, nodes: tuple[NodeRef, ...], rels: tuple[RelRef, ...]) -> None:
        self.nodes = nodes
        self.rels = rels

    def __eq__(self, other: object) -> bool:
        return type(other) is PathRef and other.nodes == self.nodes and other.rels == self.rels

    def __hash__(self) -> int:
        return hash(("path", self.nodes, self.rels))

    def __len__(self) -> int:
        return len(self.rels)

    def __repr__(self) -> str:
        return f"PathRef({self.nodes!r}, {self.rels!r})"


class Node(Mapping[str, Any]):
    """A node as returned by a query: id, element id, labels and properties (a snapshot)."""

    __slots__ = ("element_id", "id", "labels", "properties")

    def __init__(
        self, node_id: int, labels: frozenset[str], properties: dict[str, Any]
    ) -> None:
        self.id = node_id
        self.element_id = str(node_id)
        self.labels = labels
        self.properties = properties

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.properties)

    def __len__(self) -> int:
        return len(self.properties)

    def __eq__(self, other: object) -> bool:
        return type(other) is Node and other.id == self.id

    def __hash__(self) -> int:
        return hash(("node", self.id))

    def __repr__(self) -> str:
        return f"<Node id={self.id} labels={set(self.labels)!r} properties={self.properties!r}>"


class Relationship(Mapping[str, Any]):
    """A relationship as returned by a query: id, type, endpoint ids, properties."""

    __slots__ = ("element_id", "end_id", "id", "properties", "start_id", "type")

    def __init__(
        self, rel_id: int, rel_type: str, start_id: int, end_id: int, properties: dict[str, Any]
    ) -> None:
        self.id = rel_id
        self.element_id = str(rel_id)
        self.type = rel_type
        self.start_id = start_id
        self.end_id = end_id
        self.properties = properties

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.properties)

    def __len__(self) -> int:
        return len(self.properties)

    def __eq__(self, other: object) -> bool:
        return type(other) is Relationship and other.id == self.id

    def __hash__(self) -> int:
        return hash(("rel", self.id))

    def __repr__(self) -> str:
        return (
            f"<Relationship id={self.id} ({self.start_id})-[:{self.type}]->({self.end_id}) "
            f"properties={self.properties!r}>"
        )


class Path:
    """A path as returned by a query: ``nodes[i]`` and ``nodes[i+1]`` joined by
    ``relationships[i]`` (whose own direction may point either way)."""

    __slots__ = ("nodes", "relationships")

    def __init__(self, nodes: tuple[Node, ...], relationships: tuple[Relationship, ...]) -> None:
        self.nodes = nodes
        self.relationships = relationships

    @property
    def start_node(self) -> Node:
        return self.nodes[0]

    @property
    def end_node(self) -> Node:
        return self.nodes[-1]

    def __len__(self) -> int:
        return len(self.relationships)

    def __iter__(self) -> Iterator[Relationship]:
        return iter(self.relationships)

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Path
            and other.nodes == self.nodes
            and other.relationships == self.relationships
        )

    def __hash__(self) -> int:
        return hash(("path", self.nodes, self.relationships))

    def __repr__(self) -> str:
        return f"<Path length={len(self)} nodes={list(self.nodes)!r}>"
