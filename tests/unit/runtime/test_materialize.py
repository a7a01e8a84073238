"""Materialization of runtime references into public Node / Relationship / Path snapshots."""

from __future__ import annotations

from typing import Any

from _fake_graph import FakeGraph
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.runtime._materialize import materialize, materialize_row
from graphbolt.values._graph import Node, NodeRef, Path, PathRef, Relationship


def _graph() -> tuple[FakeGraph, NodeRef, NodeRef, Any]:
    graph = FakeGraph()
    a = graph.add_node("A", "B", name="a")
    b = graph.add_node(x=1)
    r = graph.add_rel(a, "T", b, w=2)
    return graph, a, b, r


def test_node_snapshot() -> None:
    graph, a, _, _ = _graph()
    node = materialize(a, graph)
    assert type(node) is Node
    assert node.id == a.id
    assert node.labels == frozenset({"A", "B"})
    assert dict(node) == {"name": "a"}


def test_relationship_snapshot() -> None:
    graph, a, b, r = _graph()
    rel = materialize(r, graph)
    assert type(rel) is Relationship
    assert (rel.id, rel.type, rel.start_id, rel.end_id) == (r.id, "T", a.id, b.id)
    assert rel.properties == {"w": 2}


def test_path_snapshot_reversed_relationship() -> None:
    graph, a, b, r = _graph()
    path = materialize(PathRef((b, a), (r,)), graph)
    assert type(path) is Path
    assert [n.id for n in path.nodes] == [b.id, a.id]
    assert path.relationships[0].start_id == a.id
    assert len(path) == 1


def test_nested_lists_and_maps() -> None:
    graph, a, _, r = _graph()
    value = materialize({"k": [a, {"r": r}, 1]}, graph)
    assert type(value["k"][0]) is Node
    assert type(value["k"][1]["r"]) is Relationship
    assert value["k"][2] == 1


def test_snapshot_is_independent_of_later_writes() -> None:
    graph, a, _, _ = _graph()
    node = materialize(a, graph)
    graph.set_node_property(a.id, "name", "changed")
    assert node["name"] == "a"


def test_deleted_entities_keep_identity_only() -> None:
    graph, a, _b, r = _graph()
    graph.delete_rel(r.id)
    graph.delete_node(a.id)
    node = materialize(a, graph)
    assert node.id == a.id and node.labels == frozenset() and dict(node) == {}
    rel = materialize(r, graph)
    assert (rel.type, rel.start_id, rel.properties) == ("T", a.id, {})


def test_row_shares_snapshots_between_columns() -> None:
    graph, a, b, r = _graph()
    row = materialize_row([a, PathRef((a, b), (r,)), "x"], graph)
    assert type(row) is tuple
    assert row[0] is row[1].nodes[0]
    assert row[2] == "x"


SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text())
VALUES = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner),
    max_leaves=8,
)


@given(VALUES)
def test_values_without_references_are_unchanged(value: Any) -> None:
    graph = FakeGraph()
    result = materialize(value, graph)
    assert repr(result) == repr(value)
    if type(value) in (type(None), bool, int, float, str):
        assert result is value


@given(st.lists(SCALAR, max_size=5))
def test_scalar_rows_fast_path(values: list[Any]) -> None:
    row = materialize_row(values, FakeGraph())
    assert type(row) is tuple
    assert all(x is y for x, y in zip(row, values))
