"""MERGE: match the pattern, or create it, row by row."""

from __future__ import annotations

from collections.abc import Iterator

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._op_updates import CreateSpec
from graphbolt.runtime._op_writes import Action
from graphbolt.runtime._operators import Operator, Pipeline, Row


class MergeOp(Operator):
    """Per input row: every match of ``inner`` (then ON MATCH), or, when there is none, the
    created pattern (then ON CREATE). Rows are handled in order against the current state of
    the transaction, so a row sees what earlier rows created."""

    def __init__(
        self,
        inner: Pipeline,
        create: CreateSpec,
        on_create: list[Action],
        on_match: list[Action],
    ) -> None:
        self.inner = inner
        self.create = create
        self.on_create = on_create
        self.on_match = on_match

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        results: list[Row] = []
        for row in list(rows):
            matches = list(self.inner.run_one(ctx, row))
            if matches:
                for match in matches:
                    for action in self.on_match:
                        action(match, ctx)
                results.extend(matches)
                continue
            out = dict(row)
            self.create.create(out, ctx)
            for action in self.on_create:
                action(out, ctx)
            results.append(out)
        yield from results
