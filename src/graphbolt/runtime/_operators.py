"""Physical operators: the base class, pipelines, and helpers shared by the operator modules.

An operator transforms a stream of rows: ``execute(ctx, rows)`` is a generator pulling its
input lazily, so a consumer that fetches ten rows pays for ten rows (Sort, Aggregation and the
updating operators consume their whole input first, by nature or for Cypher's semantics).
Operators are built once per plan and shared by every execution: they hold compiled
expressions and constants only, never per-execution state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graphbolt.cypher import ast
from graphbolt.runtime._context import ExecutionContext
from graphbolt.tx._access import BOTH, IN, OUT

Row = dict[str, Any]

# ast directions -> GraphAccess directions.
DIRECTIONS = {ast.OUTGOING: OUT, ast.INCOMING: IN, ast.BOTH: BOTH}


class Operator:
    """Base of every physical operator."""

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        raise NotImplementedError

    def describe(self) -> str:
        """One line for EXPLAIN output."""
        return type(self).__name__


class Pipeline:
    """A chain of operators; ``run`` wires their generators together."""

    __slots__ = ("ops",)

    def __init__(self, ops: Iterable[Operator]) -> None:
        self.ops = tuple(ops)

    def run(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        for op in self.ops:
            rows = op.execute(ctx, rows)
        return rows

    def run_one(self, ctx: ExecutionContext, row: Row) -> Iterator[Row]:
        """Run for a single input row (nested plans)."""
        return self.run(ctx, iter((row,)))

    def describe(self) -> list[str]:
        # Internal names start with NUL; show them readably.
        return [op.describe().replace("\x00", "_") for op in reversed(self.ops)]


class ArgumentOp(Operator):
    """Leaf of a pipeline: passes the rows handed to the plan through."""

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        return rows


def other_end(start: int, end: int, node_id: int) -> int:
    """The node at the far end of a relationship seen from ``node_id``."""
    return end if start == node_id else start
