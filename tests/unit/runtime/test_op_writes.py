"""Write helpers and updating operators, driven directly."""

from __future__ import annotations

from typing import Any

import pytest
from _fake_graph import FakeGraph

from graphbolt.errors import ConstraintValidationFailed, CypherSemanticError, CypherTypeError
from graphbolt.runtime._op_updates import CreateOp, CreateSpec, DeleteOp
from graphbolt.runtime._op_writes import check_property, set_all, set_property
from graphbolt.values._graph import NodeRef


@pytest.mark.parametrize("value", [1, 1.5, "s", True, [], [1, 2], ["a"], [1, 2.0], [True]])
def test_storable_values(value: Any) -> None:
    check_property("k", value)


@pytest.mark.parametrize("value", [{"a": 1}, [None], [1, "a"], [[1]], NodeRef(1), [{"a": 1}]])
def test_unstorable_values(value: Any) -> None:
    with pytest.raises(CypherTypeError) as err:
        check_property("k", value)
    assert err.value.detail == "InvalidPropertyType"


def test_set_property_counts_only_real_changes() -> None:
    g = FakeGraph()
    n = g.add_node(a=1)
    ctx = g.context()
    set_property(ctx, n, "b", 2)
    set_property(ctx, n, "missing", None)
    set_property(ctx, n, "a", None)
    set_property(ctx, None, "a", 3)
    assert g.node_properties(n.id) == {"b": 2}
    assert ctx.stats.properties_set == 2
    with pytest.raises(CypherTypeError):
        set_property(ctx, 5, "a", 1)


def test_set_all_replace_and_merge() -> None:
    g = FakeGraph()
    n = g.add_node(a=1, b=2)
    other = g.add_node(z=9)
    ctx = g.context()
    set_all(ctx, n, {"b": 3, "c": None}, merge=True)
    assert g.node_properties(n.id) == {"a": 1, "b": 3}
    set_all(ctx, n, other, merge=False)
    assert g.node_properties(n.id) == {"z": 9}
    with pytest.raises(CypherTypeError):
        set_all(ctx, n, 3, merge=False)


def test_create_op_is_eager_and_counts() -> None:
    g = FakeGraph()
    g.add_node()
    spec = CreateSpec([("m", ("L",), lambda row, ctx: {"x": 1, "y": None})], [], None, ("m",))
    ctx = g.context()

    def scan() -> Any:
        for node_id in list(g.all_node_ids()):
            yield {"n": NodeRef(node_id)}

    out = list(CreateOp([spec]).execute(ctx, scan()))
    assert len(out) == 1 and len(g.nodes) == 2
    assert (ctx.stats.nodes_created, ctx.stats.labels_added, ctx.stats.properties_set) == (1, 1, 1)


def test_create_relationship_needs_both_endpoints() -> None:
    g = FakeGraph()
    spec = CreateSpec([], [("r", "R", None, "a", "b")], None, ("a", "r", "b"))
    with pytest.raises(CypherSemanticError):
        list(CreateOp([spec]).execute(g.context(), iter([{"a": g.add_node(), "b": None}])))


def test_delete_defers_nodes_to_the_end_of_the_clause() -> None:
    g = FakeGraph()
    a, b = g.add_node(), g.add_node()
    r = g.add_rel(a, "R", b)
    ctx = g.context()
    rows = [{"x": a}, {"x": r}, {"x": b}]
    list(DeleteOp([lambda row, ctx: row["x"]], False).execute(ctx, iter(rows)))
    assert not g.nodes and not g.rels
    assert (ctx.stats.nodes_deleted, ctx.stats.relationships_deleted) == (2, 1)


def test_delete_connected_node_raises() -> None:
    g = FakeGraph()
    a, b = g.add_node(), g.add_node()
    g.add_rel(a, "R", b)
    with pytest.raises(ConstraintValidationFailed):
        list(DeleteOp([lambda row, ctx: a], False).execute(g.context(), iter([{}])))


def test_delete_rejects_non_entities() -> None:
    g = FakeGraph()
    with pytest.raises(CypherTypeError):
        list(DeleteOp([lambda row, ctx: 1], False).execute(g.context(), iter([{}])))


def test_create_properties_shared_maps_are_never_changed() -> None:
    """A constant or parameter map is read as it is; nulls are dropped from a copy only."""
    from graphbolt.runtime._op_writes import evaluate_properties

    g = FakeGraph()
    const = {"a": 1, "b": "x", "c": 1.5, "d": False, "e": [1, 2]}
    with_null = {"a": 1, "gone": None}
    ctx = g.context()
    props = evaluate_properties(lambda row, ctx: const, {}, ctx)
    assert props == const
    props = evaluate_properties(lambda row, ctx: with_null, {}, ctx)
    assert props == {"a": 1} and with_null == {"a": 1, "gone": None}
    assert evaluate_properties(None, {}, ctx) == {}
    with pytest.raises(CypherSemanticError):
        evaluate_properties(lambda row, ctx: with_null, {}, ctx, merge=True)
    with pytest.raises(CypherTypeError):
        evaluate_properties(lambda row, ctx: {"m": {"x": 1}}, {}, ctx)
    spec = CreateSpec([("n", ("L",), lambda row, ctx: const)], [], None, ("n",))
    rows = [{"i": i} for i in range(3)]
    out = list(CreateOp([spec]).execute(ctx, iter(rows)))
    assert [r["i"] for r in out] == [0, 1, 2] and rows == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert const == {"a": 1, "b": "x", "c": 1.5, "d": False, "e": [1, 2]}
    assert ctx.stats.properties_set == 15


def test_create_unread_entities_are_created_but_not_bound() -> None:
    g = FakeGraph()
    spec = CreateSpec(
        [("a", ("A",), None), (None, ("B",), None)], [(None, "R", None, "a", "b")], None, ()
    )
    b = g.add_node()
    (out,) = CreateOp([spec]).execute(g.context(), iter([{"b": b}]))
    assert set(out) == {"a", "b"} and len(g.nodes) == 3 and len(g.rels) == 1
    (rel,) = g.rels.values()
    assert rel[:3] == ("R", out["a"].id, b.id)
