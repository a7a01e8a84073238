"""``ResultSummary``: what the engine reports about one query once its result is consumed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphbolt.runtime._context import QueryStatistics


@dataclass(slots=True)
class Notification:
    """A warning or information about a query (Neo4j's notification / GQL status object)."""

    code: str
    title: str
    description: str
    severity: str = "WARNING"
    category: str = "GENERIC"
    gql_status: str = "01N00"
    position: dict[str, int] | None = None


@dataclass(slots=True)
class ResultSummary:
    """Counters, query type and timings of a consumed result.

    ``query_type`` is Neo4j's ``r`` (read only), ``w`` (write only), ``rw`` (read and write)
    or ``s`` (schema). Times are milliseconds: ``available_after`` from the start of ``run``
    to the first row being ready, ``consumed_after`` from then to the end of the stream.
    """

    query: str
    parameters: dict[str, Any]
    query_type: str
    counters: QueryStatistics
    database: str
    available_after: int = 0
    consumed_after: int = 0
    notifications: list[Notification] = field(default_factory=list)
    plan: Any = None
    plan_mode: str | None = None  # "EXPLAIN" or "PROFILE" when ``plan`` is set
