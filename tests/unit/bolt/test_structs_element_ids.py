"""Bolt 5.0+ relationships carry their end nodes' element ids (fields 6 and 7)."""

from __future__ import annotations

from graphbolt.bolt import Structure, hydrators, pack, unpack
from graphbolt.driver._graph import hydrate_graph
from graphbolt.values._graph import Node, Path, Relationship


def test_relationship_end_node_element_ids_are_read() -> None:
    data = pack(Structure(0x52, [123, 1, 2, "f", {}, "r1-123", "n1-1", "n1-2"]))
    rel = unpack(data, hydrators((5, 0)))
    assert isinstance(rel, Relationship)
    assert (rel.element_id, rel.start_element_id, rel.end_element_id) == (
        "r1-123", "n1-1", "n1-2",
    )  # fmt: skip
    assert rel.start_node.element_id == "n1-1" and rel.start_node.id == 1
    assert rel.end_node.element_id == "n1-2" and rel.end_node.id == 2


def test_relationship_without_element_ids_uses_the_ids() -> None:
    rel = unpack(pack(Structure(0x52, [3, 1, 2, "T", {}])), hydrators((4, 4)))
    assert isinstance(rel, Relationship)
    assert (rel.start_element_id, rel.end_element_id) == ("1", "2")


def test_path_relationships_take_their_nodes_element_ids() -> None:
    nodes = [Structure(0x4E, [1, [], {}, "n-a"]), Structure(0x4E, [2, [], {}, "n-b"])]
    rels = [Structure(0x72, [9, "T", {}, "r-9"])]
    path = unpack(pack(Structure(0x50, [nodes, rels, [-1, 1]])), hydrators((5, 0)))
    assert isinstance(path, Path)
    (rel,) = path.relationships
    # Index -1: the relationship points from the second node back to the first.
    assert (rel.start_element_id, rel.end_element_id) == ("n-b", "n-a")


def test_graph_links_relationships_by_element_id() -> None:
    start, end = Node(1, frozenset(["A"]), {}), Node(2, frozenset(), {})
    start.element_id, end.element_id = "n-1", "n-2"
    rel = Relationship(5, "T", 1, 2, {})
    rel.start_element_id, rel.end_element_id = "n-1", "n-2"
    graph = hydrate_graph([(start, end, rel)])
    linked = graph.relationships.get("5")
    assert linked.start_node is start and linked.end_node is end
