"""Counting by degree: an Expand that only feeds ``count`` aggregates needs no rows.

``MATCH (p:Person)-[:KNOWS]->(f) RETURN p.age, count(*)`` groups one row per relationship,
yet every row of one ``p`` has the same grouping key. When the grouping keys read only
variables bound before the Expand (plain variables and their properties: deterministic, so
one evaluation per ``p`` gives what one per relationship would), and every aggregate is
``count(*)`` or ``count(v)`` of a variable the Expand leaves non-null, each ``p`` adds its
degree (``GraphAccess.degree``) to its group at once. Groups come out in the order the
unfused plan would make them: first seen, among input rows with at least one relationship.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import DIRECTIONS, Operator, Row
from graphbolt.values._compare import group_key
from graphbolt.values._graph import NodeRef


def _plain_key(expr: ast.Expr, hidden: set[str]) -> bool:
    """A variable, or a property of one, not bound by the Expand."""
    if isinstance(expr, ast.Property):
        expr = expr.subject
    return isinstance(expr, ast.Variable) and expr.name not in hidden


def _row_count(expr: ast.Expr, non_null: set[str]) -> bool:
    """``count(*)``, or ``count(v)`` of a variable every expanded row binds to a value."""
    if isinstance(expr, ast.CountStar):
        return True
    return (
        isinstance(expr, ast.FunctionCall)
        and expr.name.lower() == "count"
        and not expr.distinct
        and len(expr.args) == 1
        and isinstance(expr.args[0], ast.Variable)
        and expr.args[0].name in non_null
    )


def fusable(expand: lp.LogicalOp, after: lp.LogicalOp | None) -> bool:
    """Can ``expand`` followed by ``after`` run as one ``ExpandCountOp``?"""
    if not isinstance(expand, lp.Expand) or not isinstance(after, lp.Aggregation):
        return False
    if expand.into or expand.unique_with or after.source is not expand:
        return False
    hidden = {expand.rel_var, expand.to_var}
    non_null = hidden | {expand.from_var}
    return all(_plain_key(expr, hidden) for _, expr in after.keys) and all(
        _row_count(expr, non_null) for _, expr in after.aggregates
    )


def _degree(degree: Callable[..., int], direction: int, types: Any, node_id: int) -> int:
    return degree(node_id, direction, types)


class ExpandCountOp(Operator):
    """Grouped counts of the relationships at ``from_var`` (see the module docstring)."""

    def __init__(
        self,
        expand: lp.Expand,
        keys: list[tuple[str, Compiled]],
        count_names: list[str],
    ) -> None:
        self.from_var = expand.from_var
        self.direction = DIRECTIONS[expand.direction]
        self.types = expand.types or None
        self.keys = keys
        self.count_names = count_names

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        from_var, direction, types = self.from_var, self.direction, self.types
        tx: Any = ctx.tx
        counter = getattr(tx, "degree_counter", None)  # optional, beyond GraphAccess
        if counter is not None:
            degree_of: Callable[[int], int] = counter(direction, types)
        else:
            degree_of = partial(_degree, tx.degree, direction, types)
        key_names = [name for name, _ in self.keys]
        key_fns = [fn for _, fn in self.keys]
        single = len(key_fns) == 1
        groups: dict[Any, list[Any]] = {}
        for row in rows:
            node = row.get(from_var)
            if type(node) is not NodeRef:
                continue  # null from an OPTIONAL MATCH: no relationships
            n = degree_of(node.id)
            if not n:
                continue
            if single:
                values = [key_fns[0](row, ctx)]
                key = group_key(values[0])
            else:
                values = [fn(row, ctx) for fn in key_fns]
                key = tuple(map(group_key, values))
            group = groups.get(key)
            if group is None:
                groups[key] = [values, n]
            else:
                group[1] += n
        if not groups and not key_fns:
            groups[()] = [[], 0]
        for values, n in groups.values():
            out = dict(zip(key_names, values))
            for name in self.count_names:
                out[name] = n
            yield out

    def describe(self) -> str:
        keys = ", ".join(repr(n) for n, _ in self.keys)
        return f"ExpandCount({self.from_var}, keys=[{keys}])"
