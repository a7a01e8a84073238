"""Scan, expand, var-length and path operators on the fake graph, driven directly."""

from __future__ import annotations

from typing import Any

from _fake_graph import FakeGraph

from graphbolt.runtime._op_expand import ExpandOp, ProjectPathOp, build_path
from graphbolt.runtime._op_scan import AllNodesScanOp, NodeByIdSeekOp, NodeByLabelScanOp
from graphbolt.runtime._op_varlength import ShortestPathOp, VarLengthExpandOp
from graphbolt.tx._access import BOTH, IN, OUT
from graphbolt.values._graph import NodeRef, PathRef, RelRef


def triangle() -> tuple[FakeGraph, list[NodeRef], list[RelRef]]:
    g = FakeGraph()
    nodes = [g.add_node("A"), g.add_node("B"), g.add_node("A", "B")]
    rels = [
        g.add_rel(nodes[0], "T", nodes[1]),
        g.add_rel(nodes[1], "T", nodes[2]),
        g.add_rel(nodes[2], "U", nodes[0]),
    ]
    return g, nodes, rels


def run(op: Any, g: FakeGraph, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    return list(op.execute(g.context(), iter(rows if rows is not None else [{}])))


def test_scans_extend_each_input_row() -> None:
    g, nodes, _ = triangle()
    out = run(AllNodesScanOp("n"), g, [{"x": 1}, {"x": 2}])
    assert len(out) == 6 and all(set(r) == {"x", "n"} for r in out)
    assert [r["n"] for r in run(NodeByLabelScanOp("n", "B"), g)] == [nodes[1], nodes[2]]


def test_id_seek_ignores_missing_and_non_integer_ids() -> None:
    g, nodes, _ = triangle()
    op = NodeByIdSeekOp("n", lambda row, ctx: [2, 2, 7, "x", 0.0], True)
    assert [r["n"] for r in run(op, g)] == [nodes[2], nodes[0]]
    assert run(NodeByIdSeekOp("n", lambda row, ctx: None, False), g) == []


def test_expand_directions_and_types() -> None:
    g, nodes, rels = triangle()
    start = [{"a": nodes[0]}]
    out = run(ExpandOp("a", "r", "b", OUT, None, False, ()), g, start)
    assert [(r["r"], r["b"]) for r in out] == [(rels[0], nodes[1])]
    out = run(ExpandOp("a", "r", "b", IN, ("U",), False, ()), g, start)
    assert [r["b"] for r in out] == [nodes[2]]
    assert run(ExpandOp("a", "r", "b", IN, ("T",), False, ()), g, start) == []
    assert len(run(ExpandOp("a", "r", "b", BOTH, None, False, ()), g, start)) == 2


def test_expand_into_uniqueness_and_null_start() -> None:
    g, nodes, rels = triangle()
    into = ExpandOp("a", "r", "b", BOTH, None, True, ())
    assert [r["r"] for r in run(into, g, [{"a": nodes[0], "b": nodes[2]}])] == [rels[2]]
    unique = ExpandOp("a", "r2", "b", BOTH, None, False, ("r1",))
    out = run(unique, g, [{"a": nodes[0], "r1": rels[0]}])
    assert [r["r2"] for r in out] == [rels[2]]
    out = run(unique, g, [{"a": nodes[0], "r1": [rels[0], rels[2]]}])
    assert out == []
    assert run(ExpandOp("a", "r", "b", OUT, None, False, ()), g, [{"a": None}]) == []


def test_self_loop_expands_once() -> None:
    g = FakeGraph()
    n = g.add_node()
    loop = g.add_rel(n, "L", n)
    out = run(ExpandOp("a", "r", "b", BOTH, None, False, ()), g, [{"a": n}])
    assert [(r["r"], r["b"]) for r in out] == [(loop, n)]


def test_var_length_bounds_uniqueness_and_reverse() -> None:
    g, nodes, rels = triangle()
    op = VarLengthExpandOp("a", "rs", "b", OUT, None, (1, None), False, (), [], False)
    out = run(op, g, [{"a": nodes[0]}])
    assert [r["rs"] for r in out] == [[rels[0]], [rels[0], rels[1]], rels]
    zero = VarLengthExpandOp("a", "rs", "b", OUT, None, (0, 0), False, (), [], False)
    assert [(r["rs"], r["b"]) for r in run(zero, g, [{"a": nodes[0]}])] == [([], nodes[0])]
    rev = VarLengthExpandOp("a", "rs", "b", IN, None, (2, 2), False, (), [], True)
    out = run(rev, g, [{"a": nodes[2]}])
    assert [r["rs"] for r in out] == [[rels[0], rels[1]]]


def test_var_length_relationship_properties() -> None:
    g = FakeGraph()
    a, b, c = g.add_node(), g.add_node(), g.add_node()
    r1 = g.add_rel(a, "T", b, w=1)
    g.add_rel(b, "T", c, w=2)
    props = [("w", lambda row, ctx: 1)]
    op = VarLengthExpandOp("a", "rs", "b", OUT, None, (1, None), False, (), props, False)
    assert [r["rs"] for r in run(op, g, [{"a": a}])] == [[r1]]


def test_shortest_path_single_and_all() -> None:
    g = FakeGraph()
    a, b, c, d = (g.add_node() for _ in range(4))
    g.add_rel(a, "T", b)
    g.add_rel(b, "T", d)
    g.add_rel(a, "T", c)
    g.add_rel(c, "T", d)
    row = [{"a": a, "d": d}]
    one = ShortestPathOp("a", "rs", "d", "p", OUT, None, (1, None), False, [])
    out = run(one, g, row)
    assert len(out) == 1 and len(out[0]["rs"]) == 2 and isinstance(out[0]["p"], PathRef)
    every = ShortestPathOp("a", None, "d", "p", BOTH, None, (1, None), True, [])
    paths = [r["p"] for r in run(every, g, row)]
    assert sorted(p.nodes[1].id for p in paths) == [b.id, c.id]
    bounded = ShortestPathOp("a", None, "d", "p", OUT, None, (1, 1), False, [])
    assert run(bounded, g, row) == []


def test_build_path_follows_relationship_directions() -> None:
    g, nodes, rels = triangle()
    row = {"a": nodes[1], "r": rels[0], "b": nodes[0], "rs": [rels[2], rels[1]], "c": nodes[1]}
    path = build_path(row, ("a", "r", "b", "rs", "c"))
    assert path is not None
    assert path.nodes == (nodes[1], nodes[0], nodes[2], nodes[1])
    assert path.rels == (rels[0], rels[2], rels[1])
    assert build_path({"a": None}, ("a",)) is None
    out = run(ProjectPathOp("p", ("a",)), g, [{"a": nodes[0]}])
    assert out[0]["p"] == PathRef((nodes[0],), ())
