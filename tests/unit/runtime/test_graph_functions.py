"""Graph functions: id, elementId, labels, type, properties, startNode, endNode, nodes,
relationships, length, exists (evaluated through the expression compiler)."""

from __future__ import annotations

import pytest
from _fake_graph import FakeGraph, ev

from graphbolt.errors import CypherTypeError, EntityNotFound
from graphbolt.values._graph import NodeRef, PathRef, RelRef


@pytest.fixture
def graph() -> FakeGraph:
    return FakeGraph()


@pytest.fixture
def row(graph: FakeGraph) -> dict[str, object]:
    a = graph.add_node("Foo", "Bar", name="a", age=1)
    b = graph.add_node()
    r = graph.add_rel(a, "KNOWS", b, since=2020)
    return {"a": a, "b": b, "r": r, "p": PathRef((a, b), (r,)), "q": PathRef((a,), ())}


def test_id_and_element_id(graph: FakeGraph, row: dict[str, object]) -> None:
    a, r = row["a"], row["r"]
    assert ev("id(a)", row, graph=graph) == a.id  # type: ignore[attr-defined]
    assert ev("id(r)", row, graph=graph) == r.id  # type: ignore[attr-defined]
    assert ev("elementId(a)", row, graph=graph) == str(a.id)  # type: ignore[attr-defined]
    assert ev("id(null)", row, graph=graph) is None


def test_labels_in_creation_order(graph: FakeGraph, row: dict[str, object]) -> None:
    assert ev("labels(a)", row, graph=graph) == ["Foo", "Bar"]
    assert ev("labels(b)", row, graph=graph) == []
    assert ev("labels(null)", row, graph=graph) is None


def test_type_start_end(graph: FakeGraph, row: dict[str, object]) -> None:
    assert ev("type(r)", row, graph=graph) == "KNOWS"
    assert ev("startNode(r)", row, graph=graph) == row["a"]
    assert ev("endNode(r)", row, graph=graph) == row["b"]
    assert ev("type([r, 1][0])", row, graph=graph) == "KNOWS"


def test_properties(graph: FakeGraph, row: dict[str, object]) -> None:
    assert ev("properties(a)", row, graph=graph) == {"name": "a", "age": 1}
    assert ev("properties(r)", row, graph=graph) == {"since": 2020}
    assert ev("properties({name: 'Popeye', level: 9001})") == {"name": "Popeye", "level": 9001}
    assert ev("properties(null)") is None


def test_properties_result_is_a_copy(graph: FakeGraph, row: dict[str, object]) -> None:
    props = ev("properties(a)", row, graph=graph)
    props["name"] = "changed"
    assert ev("a.name", row, graph=graph) == "a"


def test_paths(graph: FakeGraph, row: dict[str, object]) -> None:
    assert ev("nodes(p)", row, graph=graph) == [row["a"], row["b"]]
    assert ev("relationships(p)", row, graph=graph) == [row["r"]]
    assert ev("length(p)", row, graph=graph) == 1
    assert ev("length(q)", row, graph=graph) == 0
    assert ev("nodes(null)", row, graph=graph) is None


def test_exists_on_properties(graph: FakeGraph, row: dict[str, object]) -> None:
    assert ev("exists(a.name)", row, graph=graph) is True
    assert ev("exists(a.missing)", row, graph=graph) is False


@pytest.mark.parametrize(
    ("fn", "bad"),
    [
        ("labels", "1"),
        ("labels", "r"),
        ("type", "0"),
        ("type", "1.0"),
        ("type", "true"),
        ("type", "''"),
        ("type", "[]"),
        ("type", "a"),
        ("id", "'x'"),
        ("startNode", "a"),
        ("endNode", "1"),
        ("nodes", "a"),
        ("relationships", "[]"),
    ],
)
def test_wrong_argument_kind_is_a_runtime_type_error(
    graph: FakeGraph, row: dict[str, object], fn: str, bad: str
) -> None:
    # TCK Graph3 [9] / Graph4 [6]: TypeError at runtime, detail InvalidArgumentValue
    with pytest.raises(CypherTypeError) as info:
        ev(f"[x IN [{bad}] | {fn}(x)]", row, graph=graph)
    assert info.value.detail == "InvalidArgumentValue"


@pytest.mark.parametrize("bad", ["'s'", "[1]", "a", "r"])
def test_length_of_non_path_fails(graph: FakeGraph, row: dict[str, object], bad: str) -> None:
    with pytest.raises(CypherTypeError) as info:
        ev(f"length({bad})", row, graph=graph)
    assert info.value.detail == "InvalidArgumentType"


@pytest.mark.parametrize("bad", ["'Cypher'", "1", "[1]"])
def test_properties_of_non_entity_fails(bad: str) -> None:
    with pytest.raises(CypherTypeError):
        ev(f"properties({bad})")


def test_deleted_node_labels_and_properties_fail_but_id_works(graph: FakeGraph) -> None:
    n = graph.add_node("A", num=0)
    graph.delete_node(n.id)
    for text in ("labels(n)", "properties(n)", "keys(n)", "n {.*}"):
        with pytest.raises(EntityNotFound) as info:
            ev(text, {"n": n}, graph=graph)
        assert info.value.detail == "DeletedEntityAccess"
    assert ev("id(n)", {"n": n}, graph=graph) == n.id


def test_deleted_relationship_keeps_its_identity(graph: FakeGraph) -> None:
    a = graph.add_node()
    r = graph.add_rel(a, "T", a, num=0)
    graph.delete_rel(r.id)
    assert ev("type(r)", {"r": r}, graph=graph) == "T"
    assert ev("startNode(r)", {"r": r}, graph=graph) == NodeRef(a.id)
    with pytest.raises(EntityNotFound):
        ev("properties(r)", {"r": r}, graph=graph)


def test_graph_functions_see_writes_made_by_the_query(graph: FakeGraph) -> None:
    n = graph.add_node("A")
    graph.add_label(n.id, "B")
    graph.set_node_property(n.id, "x", 1)
    assert ev("labels(n)", {"n": n}, graph=graph) == ["A", "B"]
    assert ev("properties(n)", {"n": n}, graph=graph) == {"x": 1}


def test_keys_of_maps_nodes_relationships(graph: FakeGraph) -> None:
    # keys() is registered by the list functions module; checked here for the graph cases
    n = graph.add_node(name="x", surname="y")
    r = graph.add_rel(n, "T", n, status="bad")
    assert sorted(ev("keys(n)", {"n": n}, graph=graph)) == ["name", "surname"]
    assert ev("keys(r)", {"r": r}, graph=graph) == ["status"]
    assert ev("keys({a: 1, b: null})") == ["a", "b"]
    assert isinstance(r, RelRef)
