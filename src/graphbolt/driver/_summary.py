"""Result summaries built from Bolt-shaped metadata (what a connector reports at stream end).

The connector hands over a dict like a Bolt ``SUCCESS`` message: ``type``, ``stats`` (Neo4j's
dashed counter names), ``db``, ``t_first``, ``t_last``, ``notifications``, ``statuses``,
``bookmark``, ``plan``, ``profile``. The embedded connector converts the engine's summary into
this form, so one summary class serves the embedded and the Bolt connector.
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

from graphbolt.driver._records import Record


class NotificationSeverity(str, enum.Enum):
    WARNING = "WARNING"
    INFORMATION = "INFORMATION"
    UNKNOWN = "UNKNOWN"


class NotificationMinimumSeverity(str, enum.Enum):
    OFF = "OFF"
    WARNING = "WARNING"
    INFORMATION = "INFORMATION"


class NotificationClassification(str, enum.Enum):
    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    TOPOLOGY = "TOPOLOGY"
    SCHEMA = "SCHEMA"
    UNKNOWN = "UNKNOWN"


NotificationCategory = NotificationClassification


class NotificationDisabledClassification(str, enum.Enum):
    HINT = "HINT"
    UNRECOGNIZED = "UNRECOGNIZED"
    UNSUPPORTED = "UNSUPPORTED"
    PERFORMANCE = "PERFORMANCE"
    DEPRECATION = "DEPRECATION"
    GENERIC = "GENERIC"
    SECURITY = "SECURITY"
    TOPOLOGY = "TOPOLOGY"
    SCHEMA = "SCHEMA"


NotificationDisabledCategory = NotificationDisabledClassification

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


_SUCCESS = ("00000", "note: successful completion")
_NO_DATA = ("02000", "note: no data")
_OMITTED = ("00001", "note: successful completion - omitted result")


class GqlStatusObject:
    """One GQL status of a query: the outcome (``00000`` ...) or a notification."""

    def __init__(self, status: dict[str, Any]) -> None:
        self._status = status
        diag = dict(status.get("diagnostic_record") or {})
        self.gql_status: str = status.get("gql_status", "")
        self.status_description: str = status.get("status_description", "")
        self.diagnostic_record: dict[str, Any] = diag
        self.position: SummaryInputPosition | None = _position(diag.get("_position"))
        self.raw_classification: str | None = diag.get("_classification")
        self.raw_severity: str | None = diag.get("_severity")
        self.classification = _enum(NotificationClassification, self.raw_classification)
        self.severity = _enum(NotificationSeverity, self.raw_severity)
        self.is_notification: bool = bool(status.get("neo4j_code"))

    def __repr__(self) -> str:
        return f"<GqlStatusObject gql_status={self.gql_status!r} {self.status_description!r}>"


class SummaryInputPosition(NamedTuple):
    line: int
    column: int
    offset: int


class SummaryNotification:
    """A notification (deprecated Neo4j form) with typed severity and classification."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.title: str = raw.get("title", "")
        self.code: str = raw.get("code", "")
        self.description: str = raw.get("description", "")
        self.raw_severity_level: str = raw.get("severity", "")
        self.severity_level = _enum(NotificationSeverity, self.raw_severity_level)
        self.raw_category: str = raw.get("category", "")
        self.category = _enum(NotificationClassification, self.raw_category)
        self.position = _position(raw.get("position"))

    def __repr__(self) -> str:
        return f"<SummaryNotification {self.code} {self.title!r}>"


def _enum(cls: Any, raw: Any) -> Any:
    try:
        return cls(raw)
    except ValueError:
        return cls.UNKNOWN


def _position(raw: Any) -> SummaryInputPosition | None:
    if not isinstance(raw, dict):
        return None
    return SummaryInputPosition(raw.get("line", 0), raw.get("column", 0), raw.get("offset", 0))


class ResultSummary:
    """What is known about a query once its result has been consumed."""

    def __init__(self, server: Any, **metadata: Any) -> None:
        self.metadata = metadata
        self.server = server
        self.database: str | None = metadata.get("db")
        self.query: str | None = metadata.get("query", {}).get("text")
        self.parameters: dict[str, Any] | None = metadata.get("query", {}).get("parameters")
        self.query_type: str | None = metadata.get("type")
        self.plan: Any = metadata.get("plan")
        self.profile: Any = metadata.get("profile")
        self.notifications: list[dict[str, Any]] | None = metadata.get("notifications")
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
        """The outcome status first, then one object per notification."""
        statuses = self.metadata.get("statuses")
        if statuses is not None:
            return [GqlStatusObject(s) for s in statuses]
        if not self._had_key:
            status, description = _OMITTED
        elif self._had_record:
            status, description = _SUCCESS
        else:
            status, description = _NO_DATA
        out = [GqlStatusObject({"gql_status": status, "status_description": description})]
        for note in self.notifications or ():
            out.append(GqlStatusObject(_notification_status(note)))
        return out

    def __repr__(self) -> str:
        return f"<ResultSummary query_type={self.query_type!r} database={self.database!r}>"


def _notification_status(note: dict[str, Any]) -> dict[str, Any]:
    return {
        "gql_status": note.get("gql_status", "01N00" if note.get("severity") == "WARNING"
                               else "03N00"),
        "status_description": note.get("description", ""),
        "neo4j_code": note.get("code", ""),
        "title": note.get("title", ""),
        "diagnostic_record": {
            "OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/",
            "_severity": note.get("severity"), "_classification": note.get("category"),
            "_position": note.get("position"),
        },
    }  # fmt: skip


class EagerResult(NamedTuple):
    """A fully fetched result: unpacks to ``records, summary, keys``."""

    records: list[Record]
    summary: ResultSummary
    keys: list[str]


_SEVERITY_RANK = {"INFORMATION": 0, "WARNING": 1, "OFF": 2}


def _plain(value: Any) -> str:
    return str(value.value if isinstance(value, enum.Enum) else value).upper()


def notification_filters(config: Any) -> dict[str, Any]:
    """The notification filter settings of a session config, as TxParams fields."""
    severity = config.notifications_min_severity
    disabled = config.notifications_disabled_classifications
    if disabled is None:
        disabled = config.notifications_disabled_categories
    return {
        "notifications_min_severity": None if severity is None else _plain(severity),
        "notifications_disabled_classifications": (
            None if disabled is None else tuple(_plain(c) for c in disabled)
        ),
    }


def filter_notifications(
    notifications: list[dict[str, Any]],
    min_severity: str | None,
    disabled: tuple[str, ...] | None,
) -> list[dict[str, Any]]:
    """What a server keeps of ``notifications`` under the Bolt 5.2 filters."""
    if min_severity is None and not disabled:
        return notifications
    floor = _SEVERITY_RANK.get(min_severity or "INFORMATION", 0)
    out = []
    for note in notifications:
        rank = _SEVERITY_RANK.get(str(note.get("severity", "")).upper(), 0)
        if rank < floor or floor == _SEVERITY_RANK["OFF"]:
            continue
        if disabled and str(note.get("category", "")).upper() in disabled:
            continue
        out.append(note)
    return out
