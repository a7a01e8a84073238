"""``Graph``: the nodes and relationships found in a set of records (``Result.graph()``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from graphbolt.values._graph import Node, Path, Relationship


class Graph:
    """Nodes and relationships by element id; relationships know their end nodes."""

    def __init__(self) -> None:
        self._nodes: dict[str, Node] = {}
        self._relationships: dict[str, Relationship] = {}

    @property
    def nodes(self) -> _View[Node]:
        return _View(self._nodes)

    @property
    def relationships(self) -> _View[Relationship]:
        return _View(self._relationships)

    def relationship_type(self, name: str) -> type[Relationship]:
        """Relationship is one class in graphbolt: the type lives in ``Relationship.type``."""
        return Relationship

    def _add(self, value: Any) -> None:
        if isinstance(value, Node):
            self._nodes.setdefault(value.element_id, value)
        elif isinstance(value, Relationship):
            self._relationships.setdefault(value.element_id, value)
        elif isinstance(value, Path):
            for node in value.nodes:
                self._add(node)
            for rel in value.relationships:
                self._add(rel)
        elif isinstance(value, (list, tuple)):
            for item in value:
                self._add(item)
        elif isinstance(value, dict):
            for item in value.values():
                self._add(item)

    def _link(self) -> None:
        """Give relationships the full node objects of this graph as endpoints."""
        for rel in self._relationships.values():
            start = self._nodes.get(rel.start_element_id)
            end = self._nodes.get(rel.end_element_id)
            if start is not None and end is not None:
                rel._bind_nodes(start, end)


E = TypeVar("E")


class _View(Generic[E]):
    """A read-only set-like view with lookup by element id (``graph.nodes.get(id)``)."""

    def __init__(self, entities: dict[str, E]) -> None:
        self._entities = entities

    def __iter__(self) -> Iterator[E]:
        return iter(self._entities.values())

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, item: object) -> bool:
        return any(item == entity for entity in self._entities.values())

    def get(self, element_id: str, default: Any = None) -> Any:
        return self._entities.get(element_id, default)

    def __getitem__(self, element_id: str) -> E:
        return self._entities[element_id]


def hydrate_graph(records: Iterable[Any]) -> Graph:
    """The graph of every node, relationship and path in ``records``."""
    graph = Graph()
    for record in records:
        for value in record:
            graph._add(value)
    graph._link()
    return graph
