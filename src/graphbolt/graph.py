"""Graph value types returned by queries (``neo4j.graph`` counterpart)."""

from graphbolt.driver._graph import Graph
from graphbolt.values._graph import Node, Path, Relationship

Entity = (Node, Relationship)

__all__ = ["Entity", "Graph", "Node", "Path", "Relationship"]
