"""``ExecutablePlan``: a built query, immutable and shared by every execution of its text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from graphbolt.runtime._context import ExecutionContext
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

    __slots__ = ("columns", "logical", "parameters", "pipeline", "query_type", "schema")

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

    @property
    def mode(self) -> str | None:
        """``EXPLAIN``, ``PROFILE`` or None."""
        return self.logical.mode

    def execute(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
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
