"""Untyped walks over expressions used by the aggregation rules of semantic analysis.

- ``expr_key``: a structural key (positions ignored) so ``ORDER BY count(n.x)`` can be matched
  against the projected ``count(n.x)``;
- ``contains_aggregate``: whether an expression aggregates (outside nested subqueries);
- ``grouping_refs``: the variable references outside aggregate calls, which the
  ``AmbiguousAggregationExpression`` rule checks against the grouping keys.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from graphbolt.cypher import ast


def expr_key(node: object) -> object:
    """A hashable structural key of an AST value: equal for equal trees, positions ignored."""
    if isinstance(node, list | tuple):
        return tuple(expr_key(x) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        if isinstance(node, ast.FunctionCall):
            # Function names are case-insensitive: count(x) and COUNT(x) are the same call.
            return ("FunctionCall", node.name.lower(), expr_key(node.args), node.distinct)
        fields = [f.name for f in dataclasses.fields(node) if f.name != "pos"]
        return (type(node).__name__, *(expr_key(getattr(node, name)) for name in fields))
    return node


def children(expr: ast.Expr) -> Iterator[ast.Expr]:
    """Direct sub-expressions of an expression (not those of nested full subqueries)."""
    for f in dataclasses.fields(expr):
        if f.name == "pos":
            continue
        yield from _exprs_in(getattr(expr, f.name))


def _exprs_in(value: object) -> Iterator[ast.Expr]:
    if isinstance(value, ast.Expr):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _exprs_in(item)
    elif isinstance(value, ast.PatternPart):
        for np in value.nodes:
            yield from _exprs_in(np.properties)
        for rp in value.relationships:
            yield from _exprs_in(rp.properties)
    elif isinstance(value, ast.MapProjectionItem) and isinstance(value, ast.LiteralEntry):
        yield value.value


def walk(expr: ast.Expr, stop: Callable[[ast.Expr], bool] | None = None) -> Iterator[ast.Expr]:
    """Pre-order walk; ``stop(e)`` true means yield ``e`` but do not descend into it."""
    yield expr
    if stop is not None and stop(expr):
        return
    for child in children(expr):
        yield from walk(child, stop)


def is_aggregate_call(expr: ast.Expr, is_aggregate_name: Callable[[str], bool]) -> bool:
    if isinstance(expr, ast.CountStar):
        return True
    return isinstance(expr, ast.FunctionCall) and is_aggregate_name(expr.name)


def contains_aggregate(expr: ast.Expr, is_aggregate_name: Callable[[str], bool]) -> bool:
    return any(
        is_aggregate_call(e, is_aggregate_name)
        for e in walk(expr, lambda e: isinstance(e, ast.ExistsSubquery))
    )


def grouping_refs(
    expr: ast.Expr, is_aggregate_name: Callable[[str], bool]
) -> list[tuple[ast.Expr, str]]:
    """Variable references outside aggregate calls: ``(reference, variable name)``.

    A property access on a variable (``n.x``) is returned whole, since a grouping key may be
    that property access. Names bound inside comprehensions are local and left out; pattern
    comprehensions and subqueries are skipped (they are not grouping-key candidates).
    """
    out: list[tuple[ast.Expr, str]] = []
    _refs(expr, frozenset(), is_aggregate_name, out)
    return out


def _refs(
    expr: ast.Expr,
    local: frozenset[str],
    is_agg: Callable[[str], bool],
    out: list[tuple[ast.Expr, str]],
) -> None:
    if is_aggregate_call(expr, is_agg):
        return
    if isinstance(expr, ast.Variable):
        if expr.name not in local:
            out.append((expr, expr.name))
        return
    if isinstance(expr, ast.Property) and isinstance(expr.subject, ast.Variable):
        if expr.subject.name not in local:
            out.append((expr, expr.subject.name))
        return
    if isinstance(expr, ast.PatternComprehension | ast.ExistsSubquery | ast.PatternExpression):
        return
    if isinstance(expr, ast.ListComprehension | ast.Quantifier):
        _refs(expr.source, local, is_agg, out)
        inner = local | {expr.variable}
        for sub in (expr.where, getattr(expr, "projection", None)):
            if sub is not None:
                _refs(sub, inner, is_agg, out)
        return
    if isinstance(expr, ast.Reduce):
        _refs(expr.init, local, is_agg, out)
        _refs(expr.source, local, is_agg, out)
        _refs(expr.expression, local | {expr.accumulator, expr.variable}, is_agg, out)
        return
    if isinstance(expr, ast.MapProjection):
        if expr.variable not in local:
            out.append((ast.Variable(expr.pos, expr.variable), expr.variable))
        for item in expr.items:
            if isinstance(item, ast.VariableSelector) and item.name not in local:
                out.append((ast.Variable(item.pos, item.name), item.name))
    for child in children(expr):
        _refs(child, local, is_agg, out)


def reads_variables(expr: ast.Expr) -> bool:
    """Whether an expression depends on any variable (SKIP/LIMIT must be constant)."""
    if grouping_refs(expr, lambda _name: False):
        return True
    patterns = ast.PatternExpression | ast.PatternComprehension | ast.ExistsSubquery
    return any(isinstance(e, patterns) for e in walk(expr))
