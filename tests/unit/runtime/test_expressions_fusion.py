"""Predicate fusion (``_expr_codegen``) must behave exactly like the per-node closures:
random predicate trees are compiled both ways and evaluated on random rows."""

from __future__ import annotations

from typing import Any

import pytest
from _fake_graph import FakeGraph, PatternEnv, parse_expr
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.errors import CypherError, EntityNotFound, ParameterMissing
from graphbolt.runtime._expressions import Const, compile_expr

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.5, float("nan"), 2.0]),
    st.sampled_from(["", "a", "ab", "b"]),
    st.lists(st.integers(0, 2), max_size=2),
)
LEAVES = st.sampled_from(
    ["a", "b", "n.x", "n.s", "m.x", "$p", "1", "2.0", "'a'", "null", "true", "false", "[1]"]
)


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.sampled_from(
        ["AND", "OR", "XOR", "=", "<>", "<", ">", "<=", ">=", "STARTS WITH", "ENDS WITH",
         "CONTAINS", "+"]
    )  # fmt: skip
    return st.one_of(
        st.builds(lambda a, op, b: f"({a} {op} {b})", children, binary, children),
        st.builds(lambda a: f"(NOT {a})", children),
        st.builds(lambda a: f"({a} IS NULL)", children),
        st.builds(lambda a: f"({a} IS NOT NULL)", children),
        st.builds(lambda a: f"size([{a}])", children),
    )


EXPRESSIONS = st.recursive(LEAVES, _combine, max_leaves=6)


def _outcome(fn: Any, row: dict[str, Any], ctx: Any) -> Any:
    try:
        return ("value", repr(fn(row, ctx)))
    except CypherError as exc:
        return ("error", type(exc).__name__, exc.detail)


@settings(max_examples=400, deadline=None)
@given(text=EXPRESSIONS, a=VALUES, b=VALUES, x=VALUES, s=VALUES, p=VALUES)
def test_fused_and_closure_forms_agree(text: str, a: Any, b: Any, x: Any, s: Any, p: Any) -> None:
    graph = FakeGraph()
    n = graph.add_node(**{"x": x, "s": s})
    row = {"a": a, "b": b, "n": n, "m": {"x": x}}
    env = PatternEnv(graph, frozenset(row))
    expr = parse_expr(text)
    fused = compile_expr(expr, env)
    plain = compile_expr(expr, env, fuse=False)
    ctx = graph.context({"p": p})
    assert _outcome(fused, row, ctx) == _outcome(plain, row, ctx)


def test_fused_predicate_raises_deleted_entity_access() -> None:
    graph = FakeGraph()
    n = graph.add_node(age=3)
    graph.delete_node(n.id)
    compiled = compile_expr(parse_expr("n.age > 1 AND true"), PatternEnv(graph, frozenset("n")))
    with pytest.raises(EntityNotFound):
        compiled({"n": n}, graph.context())


def test_fused_predicate_reports_missing_parameter() -> None:
    graph = FakeGraph()
    compiled = compile_expr(parse_expr("a > $nope"), PatternEnv(graph, frozenset("a")))
    with pytest.raises(ParameterMissing):
        compiled({"a": 1}, graph.context())


def test_fused_short_circuit_skips_right_side() -> None:
    graph = FakeGraph()
    env = PatternEnv(graph, frozenset("a"))
    compiled = compile_expr(parse_expr("a AND (1 / 0 > 1)"), env)
    assert compiled({"a": False}, graph.context()) is False
    compiled = compile_expr(parse_expr("a OR (1 / 0 > 1)"), env)
    assert compiled({"a": True}, graph.context()) is True


def test_fused_constant_tree_folds() -> None:
    compiled = compile_expr(
        parse_expr("1 < 2 AND NOT ('a' STARTS WITH 'b')"), PatternEnv(FakeGraph(), frozenset())
    )
    assert type(compiled) is Const and compiled.value is True


def test_fused_property_reads_each_variable_once() -> None:
    graph = FakeGraph()
    n = graph.add_node(age=40, name="alice")
    compiled = compile_expr(
        parse_expr("n.age > $x AND n.name STARTS WITH 'a'"), PatternEnv(graph, frozenset("n"))
    )
    graph.reads = 0
    assert compiled({"n": n}, graph.context({"x": 30})) is True
    assert graph.reads == 2
    assert compiled({"n": n}, graph.context({"x": 50})) is False


def test_very_deep_predicate_falls_back_to_closures() -> None:
    from graphbolt.cypher import ast

    expr: ast.Expr = ast.Variable(0, "a")
    for _ in range(150):  # right-nested: each level indents the generated code
        expr = ast.BinaryOp(0, "AND", ast.Variable(0, "a"), expr)
    compiled = compile_expr(expr, PatternEnv(FakeGraph(), frozenset("a")))
    ctx = FakeGraph().context()
    assert compiled({"a": True}, ctx) is True
    assert compiled({"a": None}, ctx) is None
