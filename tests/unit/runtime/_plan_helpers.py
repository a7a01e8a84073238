"""Helpers for planner/runtime tests: run a query text end to end against ``FakeGraph``."""

from __future__ import annotations

from typing import Any

from _fake_graph import FakeGraph

from graphbolt.cypher import parse
from graphbolt.cypher._semantic import analyze
from graphbolt.planner import plan
from graphbolt.runtime._build import build
from graphbolt.runtime._context import ExecutionContext, QueryStatistics
from graphbolt.runtime._plan import ExecutablePlan
from graphbolt.runtime._procedures import ProcedureRegistry


def compile_query(text: str, procedures: ProcedureRegistry | None = None) -> ExecutablePlan:
    statement = parse(text)
    analyze(statement, procedures.lookup if procedures is not None else None)
    return build(plan(statement), procedures)


def run(
    graph: FakeGraph,
    text: str,
    params: dict[str, Any] | None = None,
    procedures: ProcedureRegistry | None = None,
) -> list[tuple[Any, ...]]:
    """All rows of ``text`` (runtime values)."""
    return run_with_stats(graph, text, params, procedures)[0]


def run_with_stats(
    graph: FakeGraph,
    text: str,
    params: dict[str, Any] | None = None,
    procedures: ProcedureRegistry | None = None,
) -> tuple[list[tuple[Any, ...]], QueryStatistics]:
    executable = compile_query(text, procedures)
    ctx = ExecutionContext(graph, params or {}, procedures=procedures)  # type: ignore[arg-type]
    rows = list(executable.execute(ctx))
    return rows, ctx.stats


def names(graph: FakeGraph, rows: list[tuple[Any, ...]], column: int = 0) -> list[Any]:
    """The ``name`` property of the node in ``column`` of each row."""
    return [graph.node_property(row[column].id, "name") for row in rows]
