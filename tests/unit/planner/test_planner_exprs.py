"""Planner expression helpers: free variables, structural equality, rewriting, the cache."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from graphbolt.cypher import ast, parse
from graphbolt.planner import PlanCache
from graphbolt.planner._exprs import (
    free_variables,
    replace_subexpressions,
    same_expr,
    split_conjuncts,
)


def expr(text: str) -> ast.Expr:
    query = parse(f"RETURN {text} AS x").query
    assert isinstance(query, ast.SingleQuery)
    clause = query.clauses[0]
    assert isinstance(clause, ast.Return)
    return clause.projection.items[0].expr


def test_free_variables_respect_local_scopes() -> None:
    assert free_variables(expr("a.x + b")) == {"a", "b"}
    assert free_variables(expr("[x IN list WHERE x > y | x + z]")) == {"list", "y", "z"}
    assert free_variables(expr("reduce(acc = 0, v IN vs | acc + v + w)")) == {"vs", "w"}
    assert free_variables(expr("all(q IN qs WHERE q = r)")) == {"qs", "r"}
    assert free_variables(expr("m {.a, b: c}")) == {"m", "c"}


def test_same_expr_ignores_positions() -> None:
    assert same_expr(expr("a.x + 1"), expr("a.x   +   1"))
    assert not same_expr(expr("a.x + 1"), expr("a.x + 2"))
    assert not same_expr(expr("1"), expr("1.0"))


def test_replace_subexpressions_keeps_the_original_untouched() -> None:
    original = expr("a.x + count(*)")
    rewritten = replace_subexpressions(original, [(expr("count(*)"), "c")])
    assert isinstance(rewritten, ast.BinaryOp) and isinstance(rewritten.right, ast.Variable)
    assert isinstance(original, ast.BinaryOp) and isinstance(original.right, ast.CountStar)
    assert rewritten.left is original.left


def test_split_conjuncts() -> None:
    parts = split_conjuncts(expr("a AND (b OR c) AND d"))
    assert len(parts) == 3


@given(st.integers(1, 5), st.integers(0, 20))
def test_cache_is_lru(capacity: int, n: int) -> None:
    cache: PlanCache[int] = PlanCache(capacity)
    for i in range(n):
        assert cache.get_or_build(f"q{i}", lambda i=i: i) == i
    assert len(cache) == min(n, capacity)
    for i in range(max(0, n - capacity), n):
        assert cache.get(f"q{i}") == i
    if n > capacity:
        assert cache.get(f"q{n - capacity - 1}") is None


def test_cache_keeps_the_first_plan_and_refreshes_on_use() -> None:
    cache: PlanCache[str] = PlanCache(2)
    cache.put("a", "A")
    assert cache.put("a", "other") == "A"
    cache.put("b", "B")
    cache.get("a")
    cache.put("c", "C")
    assert cache.get("b") is None and cache.get("a") == "A"
