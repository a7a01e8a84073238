"""Result summaries built from Bolt-shaped metadata (what a connector reports at stream end).

The connector hands over a dict like a Bolt ``SUCCESS`` message: ``type``, ``stats`` (Neo4j's
dashed counter names), ``db``, ``t_first``, ``t_last``, ``notifications``, ``statuses``,
``bookmark``, ``plan``, ``profile``. The embedded connector converts the engine's summary into
this form, so one summary class serves the embedded and the Bolt connector.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from graphbolt.bolt import ProtocolError
from graphbolt.driver._notifications import (
    GqlStatusObject,
    NotificationCategory,
    NotificationClassification,
    NotificationDisabledCategory,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    NotificationSeverity,
    SummaryInputPosition,
    SummaryNotification,
    filter_notifications,
    notification_filters,
    notifications_of,
    status_objects,
)
from graphbolt.driver._records import Record

__all__ = [
    "EagerResult",
    "GqlStatusObject",
    "NotificationCategory",
    "NotificationClassification",
    "NotificationDisabledCategory",
    "NotificationDisabledClassification",
    "NotificationMinimumSeverity",
    "NotificationSeverity",
    "ResultSummary",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "filter_notifications",
    "notification_filters",
]

_QUERY_TYPES = frozenset({"r", "w", "rw", "s"})


_COUNTERS = (
    "nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
    "properties_set", "labels_added", "labels_removed", "indexes_added", "indexes_removed",
    "constraints_added", "constraints_removed", "system_updates",
)  # fmt: skip


class SummaryCounters:
    """Update counters of one query; counters the server did not send are 0."""

    def __init__(self, statistics: dict[str, Any]) -> None:
        for name in _COUNTERS:
            setattr(self, name, 0)
        self._contains_updates: bool | None = None
        self._contains_system_updates: bool | None = None
        for key, value in statistics.items():
            attr = key.replace("-", "_")
            if attr == "contains_updates":
                self._contains_updates = bool(value)
            elif attr == "contains_system_updates":
                self._contains_system_updates = bool(value)
            elif attr in _COUNTERS:
                setattr(self, attr, int(value))

    nodes_created: int
    nodes_deleted: int
    relationships_created: int
    relationships_deleted: int
    properties_set: int
    labels_added: int
    labels_removed: int
    indexes_added: int
    indexes_removed: int
    constraints_added: int
    constraints_removed: int
    system_updates: int

    @property
    def contains_updates(self) -> bool:
        if self._contains_updates is not None:
            return self._contains_updates
        return any(getattr(self, n) for n in _COUNTERS if n != "system_updates")

    @property
    def contains_system_updates(self) -> bool:
        if self._contains_system_updates is not None:
            return self._contains_system_updates
        return self.system_updates > 0

    def __repr__(self) -> str:
        return repr({n: getattr(self, n) for n in _COUNTERS if getattr(self, n)})


class ResultSummary:
    """What is known about a query once its result has been consumed.

    Raises ``ProtocolError`` for a query type no server sends (the stream is unusable).
    """

    def __init__(self, server: Any, **metadata: Any) -> None:
        self.metadata = metadata
        self.server = server
        self.database: str | None = metadata.get("db")
        self.query: str | None = metadata.get("query", {}).get("text")
        self.parameters: dict[str, Any] | None = metadata.get("query", {}).get("parameters")
        self.query_type: str | None = metadata.get("type")
        if self.query_type is not None and self.query_type not in _QUERY_TYPES:
            raise ProtocolError(f"Unexpected query type {self.query_type!r} from the server")
        self.plan: Any = metadata.get("plan")
        self.profile: Any = metadata.get("profile")
        self.notifications: list[dict[str, Any]] | None = notifications_of(metadata)
        self.result_available_after: int | None = metadata.get("t_first")
        self.result_consumed_after: int | None = metadata.get("t_last")
        self.counters = SummaryCounters(metadata.get("stats") or {})
        self._had_key: bool = metadata.get("_had_key", True)
        self._had_record: bool = metadata.get("_had_record", True)

    @property
    def summary_notifications(self) -> list[SummaryNotification]:
        return [SummaryNotification(n) for n in self.notifications or ()]

    @property
    def gql_status_objects(self) -> list[GqlStatusObject]:
        """The server's GQL statuses or, from older servers, the outcome (success, no data
        or omitted result) and one status per notification, in GQL precedence order."""
        return status_objects(self.metadata, self.notifications, self._had_key, self._had_record)

    def __repr__(self) -> str:
        return f"<ResultSummary query_type={self.query_type!r} database={self.database!r}>"


class EagerResult(NamedTuple):
    """A fully fetched result: unpacks to ``records, summary, keys``."""

    records: list[Record]
    summary: ResultSummary
    keys: list[str]
