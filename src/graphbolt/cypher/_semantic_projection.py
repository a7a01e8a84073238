"""Semantic rules of WITH / RETURN projections: columns, aggregation, ORDER BY, SKIP/LIMIT.

Scope after a projection is its columns (plus everything with ``*``). ORDER BY (and the WHERE
of WITH) of a plain projection also sees the variables from before it; after DISTINCT or
aggregation it sees only the columns, and expressions equal to a projected one (``ORDER BY
count(*)`` after ``RETURN count(*)``, ``ORDER BY n.x`` after ``RETURN n.x``).

Aggregation: an item mixing aggregates with other expressions may read only grouping keys
outside its aggregates: variables or property accesses projected as plain items
(``AmbiguousAggregationExpression`` otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphbolt.cypher import ast
from graphbolt.cypher._scope import Scope, SType
from graphbolt.cypher._semantic_expr import ExprChecker
from graphbolt.cypher._semantic_functions import is_aggregate_name
from graphbolt.cypher._semantic_walk import (
    contains_aggregate,
    expr_key,
    grouping_refs,
    reads_variables,
)
from graphbolt.errors import CypherSyntaxError


@dataclass
class ProjectionResult:
    """What a projection leaves behind: the new scope and the context for ORDER BY/WHERE."""

    scope: Scope
    columns: list[str]
    # Scope and known expressions for ORDER BY and the WHERE of WITH.
    sort_scope: Scope
    known: dict[object, SType] = field(default_factory=dict)
    aggregating: bool = False
    grouping_keys: set[object] = field(default_factory=set)
    grouping_vars: set[str] = field(default_factory=set)


def project(
    checker: ExprChecker, proj: ast.Projection, scope: Scope, *, clause: str
) -> ProjectionResult:
    """Check the items of a WITH/RETURN and compute the scope after it."""
    # WITH * on an empty scope is harmless (``CREATE () WITH * ...``); RETURN * is not.
    if clause == "RETURN" and proj.star and not proj.items and not scope.names():
        raise CypherSyntaxError(
            "NoVariablesInScope",
            f"{clause} * is not allowed when there are no variables in scope",
            position=proj.pos,
        )
    types: list[SType] = []
    for item in proj.items:
        if clause == "WITH" and item.alias is None and not isinstance(item.expr, ast.Variable):
            raise CypherSyntaxError(
                "NoExpressionAlias",
                "Expression in WITH must be aliased (use AS)",
                position=item.pos,
            )
        types.append(checker.check(item.expr, scope, aggregates=True, where=clause))
    _check_column_names(proj, scope)
    result = _result_scope(proj, scope, types)
    _check_grouping(proj, scope, result)
    return result


def _check_column_names(proj: ast.Projection, scope: Scope) -> None:
    seen: set[str] = set()
    for item in proj.items:
        if item.name in seen:
            raise CypherSyntaxError(
                "ColumnNameConflict",
                f"Multiple result columns with the same name `{item.name}` are not supported",
                position=item.pos,
            )
        seen.add(item.name)


def _result_scope(proj: ast.Projection, scope: Scope, types: list[SType]) -> ProjectionResult:
    new = Scope(scope.vars) if proj.star else Scope()
    known: dict[object, SType] = {}
    aggregating = False
    keys: set[object] = set()
    for item, t in zip(proj.items, types):
        new.bind(item.name, t)
        known[expr_key(item.expr)] = t
        if contains_aggregate(item.expr, is_aggregate_name):
            aggregating = True
        else:
            keys.add(expr_key(item.expr))
    columns = new.names()
    grouping_vars = set(scope.names()) if proj.star else set()
    for name in grouping_vars:
        keys.add(expr_key(ast.Variable(0, name)))
    if aggregating or proj.distinct:
        sort_scope = new.copy()
    else:
        sort_scope = Scope({**scope.vars, **new.vars})
        known = {}
    return ProjectionResult(new, columns, sort_scope, known, aggregating, keys, grouping_vars)


def _check_grouping(proj: ast.Projection, scope: Scope, result: ProjectionResult) -> None:
    if not result.aggregating:
        return
    for item in proj.items:
        if contains_aggregate(item.expr, is_aggregate_name):
            _check_implicit_grouping(item.expr, result, scope, aliases=None)


def _check_implicit_grouping(
    expr: ast.Expr, result: ProjectionResult, scope: Scope, aliases: Scope | None
) -> None:
    """Non-aggregated parts of an aggregating expression must be grouping keys.

    In ORDER BY (``aliases`` given), a projected column name is fine too, and a variable that
    is neither a column nor used by any grouping key is left for the scope check to report
    as undefined.
    """
    for ref, name in grouping_refs(expr, is_aggregate_name):
        if aliases is not None and name in aliases:
            continue
        key = expr_key(ref)
        if key in result.grouping_keys or expr_key(ast.Variable(0, name)) in result.grouping_keys:
            continue
        if aliases is not None and not _used_by_grouping_key(name, result, scope):
            continue
        raise CypherSyntaxError(
            "AmbiguousAggregationExpression",
            "Aggregation column contains implicit grouping expressions: only variables and "
            "property accesses projected as grouping keys may be used next to aggregates",
            position=ref.pos,
        )


def _used_by_grouping_key(name: str, result: ProjectionResult, scope: Scope) -> bool:
    if name not in scope:
        return False
    return any(_key_mentions(key, name) for key in result.grouping_keys)


def _key_mentions(key: object, name: str) -> bool:
    if key == ("Variable", name):
        return True
    if isinstance(key, tuple):
        return any(_key_mentions(k, name) for k in key)
    return False


def check_order_by(
    checker: ExprChecker, proj: ast.Projection, before: Scope, result: ProjectionResult
) -> None:
    for item in proj.order_by:
        has_agg = contains_aggregate(item.expr, is_aggregate_name)
        if has_agg and not result.aggregating:
            raise CypherSyntaxError(
                "InvalidAggregation",
                "Aggregation in ORDER BY requires an aggregating projection",
                position=item.expr.pos,
            )
        if has_agg:
            _check_implicit_grouping(item.expr, result, before, aliases=result.scope)
        checker.check(
            item.expr,
            result.sort_scope,
            aggregates=result.aggregating,
            where="ORDER BY",
            known=result.known,
        )


def check_skip_limit(checker: ExprChecker, proj: ast.Projection) -> None:
    for name, expr in (("SKIP", proj.skip), ("LIMIT", proj.limit)):
        if expr is None:
            continue
        if reads_variables(expr):
            raise CypherSyntaxError(
                "NonConstantExpression",
                f"It is not allowed to refer to variables in {name}",
                position=expr.pos,
            )
        checker.check(expr, Scope(), where=name)
        _check_count_literal(name, expr)


def _check_count_literal(name: str, expr: ast.Expr) -> None:
    value = _literal_value(expr)
    if value is _NOT_LITERAL or value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise CypherSyntaxError(
            "InvalidArgumentType",
            f"{name} must be a non-negative integer, got {value!r}",
            position=expr.pos,
        )
    if value < 0:
        raise CypherSyntaxError(
            "NegativeIntegerArgument",
            f"{name} must be a non-negative integer, got {value}",
            position=expr.pos,
        )


_NOT_LITERAL = object()


def _literal_value(expr: ast.Expr) -> object:
    if isinstance(expr, ast.Literal):
        return expr.value
    if isinstance(expr, ast.UnaryOp) and expr.op in ("-", "+"):
        inner = _literal_value(expr.operand)
        if isinstance(inner, int | float) and not isinstance(inner, bool):
            return -inner if expr.op == "-" else inner
    return _NOT_LITERAL
