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
from typing import Any, ClassVar


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


class _Entity(Mapping[str, Any]):
    """What Node and Relationship share: read as a mapping of their properties, equal and
    hashed by kind and id (two snapshots of one entity are equal whatever they hold)."""

    __slots__ = ("element_id", "id", "properties")
    _KIND: ClassVar[str]

    id: int
    element_id: str
    properties: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.properties[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.properties)

    def __len__(self) -> int:
        return len(self.properties)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((self._KIND, self.id))


class Node(_Entity):
    """A node as returned by a query: id, element id, labels and properties (a snapshot)."""

    __slots__ = ("labels",)
    _KIND = "node"

    def __init__(self, node_id: int, labels: frozenset[str], properties: dict[str, Any]) -> None:
        self.id = node_id
        self.element_id = str(node_id)
        self.labels = labels
        self.properties = properties

    def __repr__(self) -> str:
        return f"<Node id={self.id} labels={set(self.labels)!r} properties={self.properties!r}>"


class Relationship(_Entity):
    """A relationship as returned by a query: id, type, endpoint ids, properties.

    ``start_element_id`` / ``end_element_id`` are the endpoints' element ids (a Bolt 5.0+
    server sends them; otherwise they are the ids as strings, like graphbolt's own).
    """

    __slots__ = (
        "_end_element_id", "_end_node", "_start_element_id", "_start_node", "end_id",
        "start_id", "type",
    )  # fmt: skip
    _KIND = "rel"

    def __init__(
        self, rel_id: int, rel_type: str, start_id: int, end_id: int, properties: dict[str, Any]
    ) -> None:
        self.id = rel_id
        self.element_id = str(rel_id)
        self.type = rel_type
        self.start_id = start_id
        self.end_id = end_id
        # None: derived from the id when asked (materializing rows stays cheap).
        self._start_element_id: str | None = None
        self._end_element_id: str | None = None
        self.properties = properties
        self._start_node: Node | None = None
        self._end_node: Node | None = None

    @property
    def start_element_id(self) -> str:
        if self._start_element_id is None:
            return str(self.start_id)
        return self._start_element_id

    @start_element_id.setter
    def start_element_id(self, value: str) -> None:
        self._start_element_id = value

    @property
    def end_element_id(self) -> str:
        if self._end_element_id is None:
            return str(self.end_id)
        return self._end_element_id

    @end_element_id.setter
    def end_element_id(self, value: str) -> None:
        self._end_element_id = value

    @property
    def start_node(self) -> Node:
        """The start node: the full node when known (in a path or a result graph), else a
        node with the id only, as the official driver does."""
        if self._start_node is None:
            return _bare_node(self.start_id, self.start_element_id)
        return self._start_node

    @property
    def end_node(self) -> Node:
        if self._end_node is None:
            return _bare_node(self.end_id, self.end_element_id)
        return self._end_node

    @property
    def nodes(self) -> tuple[Node, Node]:
        return self.start_node, self.end_node

    def _bind_nodes(self, start: Node, end: Node) -> None:
        """Attach the endpoint snapshots (driver hydration; ids must match)."""
        if start.id == self.start_id and end.id == self.end_id:
            self._start_node = start
            self._end_node = end

    def __repr__(self) -> str:
        return (
            f"<Relationship id={self.id} ({self.start_id})-[:{self.type}]->({self.end_id}) "
            f"properties={self.properties!r}>"
        )


def _bare_node(node_id: int, element_id: str) -> Node:
    """An endpoint known by its ids only (no labels, no properties)."""
    node = Node(node_id, frozenset(), {})
    node.element_id = element_id
    return node


class Path:
    """A path as returned by a query: ``nodes[i]`` and ``nodes[i+1]`` joined by
    ``relationships[i]`` (whose own direction may point either way)."""

    __slots__ = ("nodes", "relationships")

    def __init__(self, nodes: tuple[Node, ...], relationships: tuple[Relationship, ...]) -> None:
        self.nodes = nodes
        self.relationships = relationships
        by_id = {node.id: node for node in nodes}
        for rel in relationships:
            start, end = by_id.get(rel.start_id), by_id.get(rel.end_id)
            if start is not None and end is not None and rel._start_node is None:
                rel._bind_nodes(start, end)

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
