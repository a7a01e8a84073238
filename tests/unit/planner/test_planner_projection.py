"""Logical plans of WITH/RETURN: aggregation rewriting, DISTINCT, ORDER BY, SKIP/LIMIT."""

from __future__ import annotations

from _plan_chain import chain, kinds

from graphbolt.cypher import ast, parse
from graphbolt.planner import _logical as lp
from graphbolt.planner import plan


def test_aggregates_are_replaced_by_internal_variables() -> None:
    ops = chain("MATCH (n) RETURN n.k AS k, count(*) + 1 AS c")
    agg = next(op for op in ops if isinstance(op, lp.Aggregation))
    assert [name for name, _ in agg.keys] == ["k"]
    assert [name for name, _ in agg.aggregates] == ["\x00agg0"]
    assert isinstance(agg.aggregates[0][1], ast.CountStar)
    proj = next(op for op in ops if isinstance(op, lp.Projection))
    (_, k_expr), (_, c_expr) = proj.items
    assert isinstance(k_expr, ast.Variable) and k_expr.name == "k"
    assert isinstance(c_expr, ast.BinaryOp) and isinstance(c_expr.left, ast.Variable)
    assert c_expr.left.name == "\x00agg0"


def test_same_aggregate_twice_is_computed_once() -> None:
    ops = chain("MATCH (n) RETURN count(n) AS a, count(n) * 2 AS b ORDER BY count(n)")
    agg = next(op for op in ops if isinstance(op, lp.Aggregation))
    assert len(agg.aggregates) == 1
    sort = next(op for op in ops if isinstance(op, lp.Sort))
    expr = sort.items[0][0]
    assert isinstance(expr, ast.Variable) and expr.name == "\x00agg0"


def test_grouping_key_inside_an_aggregating_item_refers_to_the_key() -> None:
    ops = chain("MATCH (n) RETURN n.x, n.x + count(*) AS s")
    proj = next(op for op in ops if isinstance(op, lp.Projection))
    s_expr = proj.items[1][1]
    assert isinstance(s_expr, ast.BinaryOp)
    assert isinstance(s_expr.left, ast.Variable) and s_expr.left.name == "n.x"


def test_distinct_order_by_uses_projected_columns() -> None:
    ops = chain("MATCH (n) RETURN DISTINCT n.name ORDER BY n.name DESC")
    assert kinds(ops)[-4:] == ["Projection", "Distinct", "Sort", "ProduceResults"]
    sort = ops[-2]
    assert isinstance(sort, lp.Sort)
    expr, ascending = sort.items[0]
    assert isinstance(expr, ast.Variable) and expr.name == "n.name" and not ascending


def test_order_by_unprojected_variable_keeps_the_row_until_after_limit() -> None:
    ops = chain("MATCH (n) RETURN n.name AS name ORDER BY n.age SKIP 1 LIMIT 2")
    assert kinds(ops)[-6:] == [
        "Projection",
        "Sort",
        "Skip",
        "Limit",
        "Projection",
        "ProduceResults",
    ]
    first, last = ops[-6], ops[-2]
    assert isinstance(first, lp.Projection) and first.keep
    assert isinstance(last, lp.Projection) and not last.keep


def test_with_where_runs_after_limit() -> None:
    ops = chain("MATCH (n) WITH n LIMIT 3 WHERE n.x > 1 RETURN n")
    names = kinds(ops)
    assert names.index("Filter") > names.index("Limit")


def test_return_star_is_sorted_by_name() -> None:
    logical = plan(parse("MATCH p = (b)-->(a) RETURN *"))
    assert logical.columns == ("a", "b", "p")


def test_union_plans_both_sides() -> None:
    logical = plan(parse("RETURN 1 AS x UNION ALL RETURN 2 AS x"))
    root = logical.root
    assert isinstance(root, lp.ProduceResults)
    union = root.source
    assert isinstance(union, lp.Union) and union.all and union.columns == ("x",)


def test_standalone_call_has_its_columns_decided_at_build() -> None:
    logical = plan(parse("CALL db.labels()"))
    assert logical.columns == ()
    call = logical.root.source  # type: ignore[attr-defined]
    assert isinstance(call, lp.ProcedureCall) and call.standalone and call.yields is None
