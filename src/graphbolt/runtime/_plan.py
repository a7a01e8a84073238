"""``ExecutablePlan``: a built query, immutable and shared by every execution of its text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._fused_tail import Tail, fuse_tail
from graphbolt.runtime._op_projection import ProjectionOp
from graphbolt.runtime._operators import Pipeline

if TYPE_CHECKING:
    from graphbolt.cypher import ast
    from graphbolt.planner._logical import LogicalPlan


class ExecutablePlan:
    """What the engine runs.

    - ``columns``: output column names, in order;
    - ``query_type``: 'r', 'w', 'rw' or 's' (Neo4j's summary query type);
    - ``parameters``: names of every ``$parameter`` the query mentions, plus the implicit
      arguments of a standalone ``CALL proc`` (the engine raises ParameterMissing at compile
      time when one is absent);
    - ``schema``: the index command clause for schema statements (the engine runs those
      itself; ``execute`` yields nothing for them);
    - ``execute(ctx)``: a lazy iterator of rows, each a tuple of runtime values in column
      order. A query without columns runs to completion on the first pull.
    """

    __slots__ = (
        "_fused",
        "_head",
        "_outputs",
        "columns",
        "logical",
        "parameters",
        "pipeline",
        "query_type",
        "schema",
    )

    def __init__(
        self,
        pipeline: Pipeline,
        columns: tuple[str, ...],
        query_type: str,
        logical: LogicalPlan,
        schema: ast.Clause | None,
        parameters: frozenset[str] = frozenset(),
    ) -> None:
        self.pipeline = pipeline
        self.columns = columns
        self.query_type = query_type
        self.logical = logical
        self.schema = schema
        self.parameters = parameters
        # A final projection of exactly the columns is evaluated straight into the output
        # tuples: no row dict and no generator level per row for the commonest tail.
        self._head: Pipeline | None = None
        self._fused: Tail | None = None
        self._outputs: tuple[Compiled, ...] = ()
        last = pipeline.ops[-1] if pipeline.ops else None
        if isinstance(last, ProjectionOp) and not last.keep and columns:
            items = dict(last.items)
            if len(items) == len(last.items) == len(columns) and set(items) == set(columns):
                self._head = Pipeline(pipeline.ops[:-1])
                self._outputs = tuple(items[c] for c in columns)
                exprs = dict(zip((n for n, _ in last.items), last.exprs, strict=False))
                if len(exprs) == len(columns):
                    outputs = [exprs[c] for c in columns]
                    self._fused = fuse_tail(self._head, outputs)

    @property
    def mode(self) -> str | None:
        """``EXPLAIN``, ``PROFILE`` or None."""
        return self.logical.mode

    def public_rows(self, ctx: ExecutionContext) -> bool:
        """``execute(ctx)`` yields public values only: the caller need not materialise."""
        return self._fused is not None and self._fused.applies_to(ctx.tx)

    def execute(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
        # All are generators: nothing runs before the first pull.
        fused = self._fused
        if fused is not None and fused.applies_to(ctx.tx):
            return fused.run(ctx)
        return self._project(ctx) if self._head is not None else self._extract(ctx)

    def _project(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
        assert self._head is not None
        rows = self._head.run(ctx, iter(({},)))
        outputs = self._outputs
        if len(outputs) == 1:
            (fn,) = outputs
            for row in rows:
                yield (fn(row, ctx),)
            return
        for row in rows:
            yield tuple([fn(row, ctx) for fn in outputs])

    def _extract(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
        rows = self.pipeline.run(ctx, iter(({},)))
        columns = self.columns
        if not columns:
            for _ in rows:
                pass
            return
        if len(columns) == 1:
            (column,) = columns
            for row in rows:
                yield (row[column],)
            return
        for row in rows:
            yield tuple([row[c] for c in columns])

    def describe(self) -> str:
        """The operator tree, top first (EXPLAIN)."""
        return "\n".join(self.pipeline.describe())
