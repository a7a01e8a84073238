"""Choosing property-index seeks for a pattern node.

A node with a label ``L`` and a predicate ``n.k = e``, ``e = n.k``, ``n.k IN e``, ``n.k < e``
(any of ``< <= > >=``, either side) or ``n.k STARTS WITH e`` (``e`` computable before ``n``
is bound) can be found through the index on ``(L, k)`` instead of scanning ``L``. The planner
only knows the indexes that exist when it plans (``planning_indexes``; the engine keys its
plan cache on the schema version), and the runtime still falls back to the label scan when
the running transaction's snapshot lacks the index. The predicates stay in the plan, so an
index seek only narrows the candidates: results are the same with or without it. The one
exception is ``exact_predicate``: a plain ``n.k = e`` the first seek answers by itself moves
into the seek operator, which applies it only when the index cannot answer for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from contextvars import ContextVar
from typing import Any

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.planner._exprs import free_variables

_INDEXES: ContextVar[frozenset[tuple[str, str]]] = ContextVar(
    "graphbolt_planning_indexes", default=frozenset()
)

_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
_RANK = {"=": 0, "IN": 1, "range": 2, "prefix": 3}


@contextlib.contextmanager
def planning_indexes(indexes: Collection[tuple[str, str]]) -> Iterator[None]:
    """Plan (and build nested plans) inside this block knowing these ``(label, key)`` indexes."""
    token = _INDEXES.set(frozenset(indexes))
    try:
        yield
    finally:
        _INDEXES.reset(token)


def _usable(expr: ast.Expr, var: str, bound: set[str]) -> bool:
    needs = free_variables(expr)
    return var not in needs and needs <= bound


def _comparisons(
    expr: ast.Comparison, var: str, bound: set[str]
) -> Iterator[tuple[str, str, ast.Expr]]:
    """``(key, op, other)`` for each link ``n.key op other`` of a (chained) comparison."""
    for i, op in enumerate(expr.operators):
        left, right = expr.operands[i], expr.operands[i + 1]
        key = ast.property_key_of(left, var)
        if key is not None and _usable(right, var, bound):
            yield key, op, right
            continue
        key = ast.property_key_of(right, var)
        if key is not None and _usable(left, var, bound) and op in ("=", *_FLIP):
            yield key, _FLIP.get(op, op), left


def _seekable(expr: Any, var: str, bound: set[str]) -> Iterator[tuple[str, str, ast.Expr]]:
    """``(key, op, other)`` with op one of = IN < <= > >= STARTS WITH."""
    if isinstance(expr, ast.Comparison):
        for key, op, other in _comparisons(expr, var, bound):
            if op != "<>":
                yield key, op, other
    elif isinstance(expr, ast.BinaryOp) and expr.op in ("IN", "STARTS WITH"):
        name = ast.property_key_of(expr.left, var)
        if name is not None and _usable(expr.right, var, bound):
            yield name, expr.op, expr.right


def index_seeks(
    predicates: list[ast.Expr], var: str, labels: list[str], bound: set[str]
) -> list[lp.IndexSeek]:
    """Index seeks for ``var`` (most selective kind first) over the existing indexes."""
    indexes = _INDEXES.get()
    if not indexes:
        return []
    seeks: list[lp.IndexSeek] = []
    ranges: dict[tuple[str, str], list[Any]] = {}
    for expr in predicates:
        for key, op, other in _seekable(expr, var, bound):
            for label in labels:
                if (label, key) not in indexes:
                    continue
                if op in ("=", "IN"):
                    seeks.append(lp.IndexSeek(label, key, op, (other,)))
                elif op == "STARTS WITH":
                    seeks.append(lp.IndexSeek(label, key, "prefix", (other,)))
                else:
                    bounds = ranges.setdefault((label, key), [None, True, None, True])
                    side = 0 if op in (">", ">=") else 2
                    if bounds[side] is None:  # the first bound of each side is enough
                        bounds[side], bounds[side + 1] = other, op in (">=", "<=")
    for (label, key), (low, low_incl, high, high_incl) in ranges.items():
        seeks.append(lp.IndexSeek(label, key, "range", (low, high), (low_incl, high_incl)))
    seeks.sort(key=lambda s: _RANK[s.kind])
    return seeks


def exact_predicate(predicates: list[ast.Expr], var: str, seek: lp.IndexSeek) -> int | None:
    """The position in ``predicates`` of a plain ``var.key = e`` (either side) that ``seek``
    (kind ``"="``, built from that very ``e``) answers exactly, else None.

    Chained comparisons (``a = n.k = b``) are not taken: the seek answers one link only.
    """
    if seek.kind != "=":
        return None
    other = seek.exprs[0]
    for i, expr in enumerate(predicates):
        if not isinstance(expr, ast.Comparison) or expr.operators != ["="]:
            continue
        left, right = expr.operands
        if (ast.property_key_of(left, var) == seek.key and right is other) or (
            ast.property_key_of(right, var) == seek.key and left is other
        ):
            return i
    return None
