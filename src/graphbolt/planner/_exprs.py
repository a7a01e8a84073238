"""Expression helpers for the planner: free variables, structural equality, rewriting, and
aggregate extraction. They work on the AST generically, through the dataclass fields."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast

# Aggregate function names (lower case). The planner cannot import the runtime registry (layers
# point down), so the standard Cypher aggregates are listed here.
AGGREGATE_NAMES = frozenset(
    {"count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp",
     "percentilecont", "percentiledisc"}
)  # fmt: skip

_NODE_TYPES = (
    ast.Expr, ast.MapProjectionItem, ast.NodePattern, ast.RelationshipPattern, ast.PatternPart,
    ast.Clause, ast.SingleQuery, ast.UnionQuery, ast.ReturnItem, ast.SortItem, ast.Projection,
    ast.SetItem, ast.RemoveItem, ast.YieldItem,
)  # fmt: skip


def is_aggregate(expr: ast.Expr) -> bool:
    """True for ``count(*)`` and calls of aggregate functions."""
    if isinstance(expr, ast.CountStar):
        return True
    return isinstance(expr, ast.FunctionCall) and expr.name.lower() in AGGREGATE_NAMES


def children(node: Any) -> list[Any]:
    """Direct AST children of ``node``."""
    out: list[Any] = []
    for f in dataclasses.fields(node):
        if f.name == "pos":
            continue
        _collect(getattr(node, f.name), out)
    return out


def _collect(value: Any, out: list[Any]) -> None:
    if isinstance(value, _NODE_TYPES):
        out.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, out)


def walk(node: Any) -> list[Any]:
    """Every AST node under ``node`` (itself included), depth first."""
    out: list[Any] = []
    stack = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(children(current)))
    return out


def contains_aggregate(expr: ast.Expr) -> bool:
    return any(isinstance(n, ast.Expr) and is_aggregate(n) for n in walk(expr))


def parameters_in(node: Any) -> set[str]:
    return {n.name for n in walk(node) if isinstance(n, ast.Parameter)}


def free_variables(expr: Any) -> set[str]:
    """Variables an expression reads from its row. Over-approximates inside subqueries and
    pattern comprehensions (every variable named there counts), which is safe for placing
    predicates: a predicate is applied once all of them are bound, or at the end."""
    out: set[str] = set()
    _free(expr, frozenset(), out)
    return out


def _free(node: Any, local: frozenset[str], out: set[str]) -> None:
    if isinstance(node, ast.Variable):
        if node.name not in local:
            out.add(node.name)
        return
    if isinstance(node, (ast.ListComprehension, ast.Quantifier)):
        _free(node.source, local, out)
        inner = local | {node.variable}
        for part in (node.where, getattr(node, "projection", None)):
            if part is not None:
                _free(part, inner, out)
        return
    if isinstance(node, ast.Reduce):
        _free(node.init, local, out)
        _free(node.source, local, out)
        _free(node.expression, local | {node.accumulator, node.variable}, out)
        return
    if isinstance(node, ast.MapProjection):
        if node.variable not in local:
            out.add(node.variable)
    elif isinstance(node, ast.NodePattern | ast.RelationshipPattern):
        if node.variable is not None and node.variable not in local:
            out.add(node.variable)
    elif isinstance(node, ast.PatternPart) and node.variable and node.variable not in local:
        out.add(node.variable)
    for child in children(node):
        _free(child, local, out)


def same_expr(a: Any, b: Any) -> bool:
    """Structural equality of two AST subtrees, ignoring positions."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_expr(x, y) for x, y in zip(a, b))
    if not dataclasses.is_dataclass(a):
        if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
            return True
        return bool(a == b)
    for f in dataclasses.fields(a):
        if f.name == "pos" or f.name == "text":
            continue
        if not same_expr(getattr(a, f.name), getattr(b, f.name)):
            return False
    return True


def transform(node: Any, fn: Callable[[Any], Any]) -> Any:
    """Rebuild ``node`` bottom-up-ish: ``fn(n)`` returns a replacement or None to recurse.
    Untouched subtrees are shared, not copied."""
    replacement = fn(node)
    if replacement is not None:
        return replacement
    if isinstance(node, list):
        return [transform(x, fn) for x in node]
    if isinstance(node, tuple):
        return tuple(transform(x, fn) for x in node)
    if not isinstance(node, _NODE_TYPES):
        return node
    changed: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        old = getattr(node, f.name)
        new = transform(old, fn)
        if new is not old and not _same_container(old, new):
            changed[f.name] = new
    if not changed:
        return node
    clone = copy.copy(node)
    for name, value in changed.items():
        setattr(clone, name, value)
    return clone


def _same_container(old: Any, new: Any) -> bool:
    if isinstance(old, (list, tuple)) and isinstance(new, (list, tuple)):
        return len(old) == len(new) and all(x is y for x, y in zip(old, new))
    return False


def replace_subexpressions(expr: ast.Expr, table: list[tuple[ast.Expr, str]]) -> ast.Expr:
    """Replace every subexpression structurally equal to a table entry by that variable."""
    if not table:
        return expr

    def swap(node: Any) -> Any:
        if isinstance(node, ast.Expr):
            for candidate, name in table:
                if same_expr(node, candidate):
                    return ast.Variable(node.pos, name)
        return None

    result: ast.Expr = transform(expr, swap)
    return result


def split_conjuncts(expr: ast.Expr | None) -> list[ast.Expr]:
    """``a AND b AND c`` -> ``[a, b, c]``."""
    if expr is None:
        return []
    if isinstance(expr, ast.BinaryOp) and expr.op == "AND":
        return split_conjuncts(expr.left) + split_conjuncts(expr.right)
    return [expr]


def conjunction(preds: list[ast.Expr]) -> ast.Expr | None:
    if not preds:
        return None
    result = preds[0]
    for pred in preds[1:]:
        result = ast.BinaryOp(result.pos, "AND", result, pred)
    return result


def property_equalities(var: str, props: ast.Expr | None) -> list[ast.Expr]:
    """``(n {k: v})`` -> ``[n.k = v, ...]`` for a map literal; a parameter map -> one
    predicate comparing each key of the map (built with a list quantifier)."""
    if props is None:
        return []
    if isinstance(props, ast.MapLiteral):
        return [
            ast.Comparison(
                value.pos,
                ["="],
                [ast.Property(value.pos, ast.Variable(value.pos, var), key), value],
            )
            for key, value in props.items
        ]
    # (n $param): every key of the map must match n[key].
    pos = props.pos
    key_var = "\x00key"
    return [
        ast.Quantifier(
            pos,
            "all",
            key_var,
            ast.FunctionCall(pos, "keys", [props]),
            ast.Comparison(
                pos,
                ["="],
                [
                    ast.Subscript(pos, ast.Variable(pos, var), ast.Variable(pos, key_var)),
                    ast.Subscript(pos, props, ast.Variable(pos, key_var)),
                ],
            ),
        )
    ]
