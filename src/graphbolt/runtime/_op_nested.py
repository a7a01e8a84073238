"""Operators running a nested pipeline per input row: Optional, Apply; and Union."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._operators import Operator, Pipeline, Row
from graphbolt.values._compare import row_key


class OptionalOp(Operator):
    """OPTIONAL MATCH: the inner rows, or the input row with the new variables null."""

    def __init__(self, inner: Pipeline, new_vars: tuple[str, ...]) -> None:
        self.inner = inner
        self.nulls = dict.fromkeys(new_vars)

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        inner, nulls = self.inner, self.nulls
        for row in rows:
            found = False
            for out in inner.run_one(ctx, row):
                found = True
                yield out
            if not found:
                yield {**row, **nulls}


class ApplyOp(Operator):
    """CALL { subquery }: per input row, the row extended by each inner row; a unit subquery
    (no RETURN) runs for its effects and passes the row through once. A subquery that writes
    is ``eager``: it reads all its input first, so the reads feeding it never see its writes."""

    def __init__(self, inner: Pipeline, columns: tuple[str, ...], eager: bool = False) -> None:
        self.inner = inner
        self.columns = columns
        self.eager = eager

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        if self.eager:
            rows = iter(list(rows))
        for row in rows:
            if not self.columns:
                for _ in self.inner.run_one(ctx, row):
                    pass
                yield row
                continue
            for out in self.inner.run_one(ctx, row):
                yield {**row, **{c: out[c] for c in self.columns}}


class UnionOp(Operator):
    """UNION [ALL]: the rows of every branch, for each input row (one at top level)."""

    def __init__(self, branches: list[Pipeline], distinct: bool, columns: tuple[str, ...]) -> None:
        self.branches = branches
        self.distinct = distinct
        self.columns = columns

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        columns = self.columns
        seen: set[tuple[Any, ...]] = set()
        for row in list(rows):
            for branch in self.branches:
                for out in branch.run_one(ctx, row):
                    result = {c: out[c] for c in columns}
                    if self.distinct:
                        key = row_key([result[c] for c in columns])
                        if key in seen:
                            continue
                        seen.add(key)
                    yield result
