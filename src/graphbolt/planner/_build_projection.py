"""Planning WITH / RETURN: aggregation, projection, DISTINCT, ORDER BY, SKIP, LIMIT, WHERE.

The operator order is: Aggregation -> Projection -> Distinct -> Sort -> Skip -> Limit ->
(drop helper variables) -> Filter (WITH ... WHERE). When ORDER BY can see variables that are
not projected (no DISTINCT, no aggregation), the projection keeps the incoming row and a final
projection narrows it to the items after LIMIT.
"""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.planner._exprs import children, is_aggregate, replace_subexpressions, same_expr


def projection_items(proj: ast.Projection, scope: list[str]) -> list[tuple[str, ast.Expr]]:
    """The (name, expression) pairs a projection produces, ``*`` expanded (sorted by name)."""
    items: list[tuple[str, ast.Expr]] = []
    if proj.star:
        for name in sorted(v for v in scope if not v.startswith("\x00")):
            items.append((name, ast.Variable(proj.pos, name)))
    explicit = {item.name for item in proj.items}
    items = [(n, e) for n, e in items if n not in explicit]
    items.extend((item.name, item.expr) for item in proj.items)
    return items


def _outer_aggregates(expr: object, found: list[ast.Expr]) -> None:
    """Collect aggregate calls not nested in another aggregate, without duplicates."""
    if isinstance(expr, ast.Expr) and is_aggregate(expr):
        if not any(same_expr(expr, f) for f in found):
            found.append(expr)
        return
    if isinstance(expr, (ast.ExistsSubquery, ast.PatternComprehension)):
        return  # their aggregates belong to their own query
    for child in children(expr):
        _outer_aggregates(child, found)


def _has_aggregate(expr: ast.Expr) -> bool:
    found: list[ast.Expr] = []
    _outer_aggregates(expr, found)
    return bool(found)


def plan_projection(
    op: lp.LogicalOp,
    proj: ast.Projection,
    scope: list[str],
    where: ast.Expr | None = None,
) -> tuple[lp.LogicalOp, list[str]]:
    """Plan one WITH/RETURN body on top of ``op``; returns the operator and the new scope."""
    items = projection_items(proj, scope)
    names = [name for name, _ in items]
    aggregates: list[ast.Expr] = []
    for _, expr in items:
        _outer_aggregates(expr, aggregates)
    agg_table = [(agg, f"\x00agg{i}") for i, agg in enumerate(aggregates)]
    order = [(s.expr, s.ascending) for s in proj.order_by]
    if aggregates:
        for expr, _ in order:
            before = len(aggregates)
            _outer_aggregates(expr, aggregates)
            for i in range(before, len(aggregates)):
                agg_table.append((aggregates[i], f"\x00agg{i}"))
        op, items = _aggregate(op, items, agg_table)
    narrow = bool(aggregates) or proj.distinct
    # ORDER BY and WITH ... WHERE may read variables the projection drops (unless DISTINCT
    # or grouping removed them): keep the incoming row until they have run.
    keep = bool(order or where is not None) and not proj.distinct
    op = lp.Projection(op, items, keep=keep)
    if proj.distinct:
        op = lp.Distinct(op, tuple(names))
    table = agg_table + [(expr, name) for name, expr in _original(proj, scope)]
    if order:
        if narrow:
            # After grouping or DISTINCT only the items exist: refer to them by name.
            order = [(replace_subexpressions(e, table), asc) for e, asc in order]
        op = lp.Sort(op, order)
    if proj.skip is not None:
        op = lp.Skip(op, proj.skip)
    if proj.limit is not None:
        op = lp.Limit(op, proj.limit)
    if where is not None:
        op = lp.Filter(op, replace_subexpressions(where, table) if narrow else where)
    if keep:
        op = lp.Projection(op, [(n, ast.Variable(proj.pos, n)) for n in names], keep=False)
    return op, names


def _original(proj: ast.Projection, scope: list[str]) -> list[tuple[str, ast.Expr]]:
    # Only non-trivial expressions are worth matching (a variable item matches itself anyway).
    return [(n, e) for n, e in projection_items(proj, scope) if not isinstance(e, ast.Variable)]


def _aggregate(
    op: lp.LogicalOp,
    items: list[tuple[str, ast.Expr]],
    agg_table: list[tuple[ast.Expr, str]],
) -> tuple[lp.LogicalOp, list[tuple[str, ast.Expr]]]:
    keys: list[tuple[str, ast.Expr]] = []
    with_aggs: list[int] = []
    for i, (name, expr) in enumerate(items):
        if _has_aggregate(expr):
            with_aggs.append(i)
        else:
            keys.append((name, expr))
    op = lp.Aggregation(op, keys, [(name, agg) for agg, name in agg_table])
    key_table = [(expr, name) for name, expr in keys if not isinstance(expr, ast.Variable)]
    out: list[tuple[str, ast.Expr]] = []
    for i, (name, expr) in enumerate(items):
        if i in with_aggs:
            rewritten = replace_subexpressions(expr, agg_table)
            rewritten = replace_subexpressions(rewritten, key_table)
            out.append((name, rewritten))
        else:
            out.append((name, ast.Variable(expr.pos, name)))
    return op, out
