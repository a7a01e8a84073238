"""Helpers for planner tests: the main operator chain of a query's logical plan."""

from __future__ import annotations

from graphbolt.cypher import parse
from graphbolt.planner import _logical as lp
from graphbolt.planner import plan


def chain(text: str) -> list[lp.LogicalOp]:
    """The operators of the main chain, bottom (Argument) first."""
    op = plan(parse(text)).root
    out: list[lp.LogicalOp] = []
    while True:
        out.append(op)
        source = getattr(op, "source", None)
        if source is None:
            break
        op = source
    return out[::-1]


def kinds(ops: list[lp.LogicalOp]) -> list[str]:
    return [type(op).__name__ for op in ops]
