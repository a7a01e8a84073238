"""Notifications and GQL status objects of a result summary, and the notification filters.

Servers before Bolt 5.5 report ``notifications`` (Neo4j's own form); 5.5+ servers report GQL
``statuses`` instead. Either way the summary offers both views, as the official driver does:
notifications are derived from the statuses that carry a ``neo4j_code``, and status objects
are derived from notifications (plus the outcome: success, no data or omitted result).
Whatever the server left out of a status's diagnostic record gets the GQL defaults.
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

from graphbolt.exceptions import ConfigurationError


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

#: The diagnostic record keys every GQL status has, with their defaults.
DEFAULT_DIAGNOSTIC_RECORD: tuple[tuple[str, str], ...] = (
    ("OPERATION", ""),
    ("OPERATION_CODE", "0"),
    ("CURRENT_SCHEMA", "/"),
)

_SUCCESS = ("00000", "note: successful completion")
_NO_DATA = ("02000", "note: no data")
_OMITTED = ("00001", "note: successful completion - omitted result")


class SummaryInputPosition(NamedTuple):
    line: int
    column: int
    offset: int


def _position(raw: Any) -> SummaryInputPosition | None:
    """The position in ``raw``, or None unless line, column and offset are all integers."""
    if not isinstance(raw, dict):
        return None
    line, column, offset = raw.get("line"), raw.get("column"), raw.get("offset")
    for part in (line, column, offset):
        if not isinstance(part, int) or isinstance(part, bool):
            return None
    return SummaryInputPosition(line, column, offset)  # type: ignore[arg-type]


def _text(value: Any, default: Any = "") -> Any:
    return value if isinstance(value, str) else default


def _enum(cls: Any, raw: Any) -> Any:
    try:
        return cls(raw)
    except ValueError:
        return cls.UNKNOWN


class SummaryNotification:
    """A notification (deprecated Neo4j form) with typed severity and classification."""

    def __init__(self, raw: Any) -> None:
        raw = raw if isinstance(raw, dict) else {}
        self.title: str = _text(raw.get("title"))
        self.code: str = _text(raw.get("code"))
        self.description: str = _text(raw.get("description"))
        self.raw_severity_level: str = _text(raw.get("severity"))
        self.severity_level = _enum(NotificationSeverity, self.raw_severity_level)
        self.raw_category: str = _text(raw.get("category"))
        self.category = _enum(NotificationClassification, self.raw_category)
        self.position = _position(raw.get("position"))

    def __repr__(self) -> str:
        return f"<SummaryNotification {self.code} {self.title!r}>"


class GqlStatusObject:
    """One GQL status of a query: the outcome (``00000`` ...) or a notification."""

    def __init__(self, status: Any) -> None:
        status = status if isinstance(status, dict) else {}
        diag = status.get("diagnostic_record", {})
        diag = dict(diag) if isinstance(diag, dict) else {}
        for key, value in DEFAULT_DIAGNOSTIC_RECORD:
            diag.setdefault(key, value)
        self.gql_status: str = _text(status.get("gql_status"))
        self.status_description: str = _text(status.get("status_description"))
        self.diagnostic_record: dict[str, Any] = diag
        self.position: SummaryInputPosition | None = _position(diag.get("_position"))
        self.raw_classification: str | None = _text(diag.get("_classification"), None)
        self.raw_severity: str | None = _text(diag.get("_severity"), None)
        self.classification = _enum(NotificationClassification, self.raw_classification)
        self.severity = _enum(NotificationSeverity, self.raw_severity)
        self.is_notification: bool = bool(_text(status.get("neo4j_code")))

    def __repr__(self) -> str:
        return f"<GqlStatusObject gql_status={self.gql_status!r} {self.status_description!r}>"


def notification_from_status(status: dict[str, Any]) -> dict[str, Any]:
    """The Neo4j-form notification of a GQL status that has a ``neo4j_code``."""
    note = {key: status[src] for key, src in _NOTE_FIELDS if src in status}
    diag = status.get("diagnostic_record")
    if isinstance(diag, dict):
        note.update({key: diag[src] for key, src in _NOTE_DIAG_FIELDS if src in diag})
    return note


_NOTE_FIELDS = (("title", "title"), ("code", "neo4j_code"), ("description", "description"))
_NOTE_DIAG_FIELDS = (
    ("severity", "_severity"),
    ("category", "_classification"),
    ("position", "_position"),
)


def notifications_of(metadata: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The summary's notifications: as sent, or derived from the GQL statuses (None when
    there are none, or the server's value is not a list)."""
    if "notifications" in metadata:
        notes = metadata["notifications"]
        return notes if isinstance(notes, list) else None
    statuses = metadata.get("statuses")
    if not isinstance(statuses, list):
        return None
    derived = [
        notification_from_status(s) for s in statuses if isinstance(s, dict) and "neo4j_code" in s
    ]
    return derived or None


def status_from_notification(note: Any) -> dict[str, Any]:
    """The GQL status a notification stands for (from a server without GQL statuses)."""
    note = note if isinstance(note, dict) else {}
    severity = note.get("severity")
    description = note.get("description")
    if not isinstance(description, str) or not description:
        description = "warn: unknown warning" if severity == "WARNING" else (
            "info: unknown notification"
        )  # fmt: skip
    # graphbolt's embedded connector knows the real status; a server's notification doesn't.
    status = note.get("gql_status")
    if not isinstance(status, str):
        status = "01N42" if severity == "WARNING" else "03N42"
    diag: dict[str, Any] = dict(DEFAULT_DIAGNOSTIC_RECORD)
    for key, dest in (("category", "_classification"), ("severity", "_severity"),
                      ("position", "_position")):  # fmt: skip
        if key in note:
            diag[dest] = note[key]
    return {
        "gql_status": status,
        "status_description": description,
        "neo4j_code": _text(note.get("code")),
        "title": _text(note.get("title")),
        "diagnostic_record": diag,
    }


def _precedence(status: GqlStatusObject) -> int:
    """No data before warnings before success before information (the GQL order)."""
    return {"02": 3, "01": 2, "00": 1, "03": 0}.get(status.gql_status[:2], -1)


def status_objects(
    metadata: dict[str, Any], notes: list[Any] | None, had_key: bool, had_record: bool
) -> list[GqlStatusObject]:
    """The GQL status objects: the server's, or the outcome and one per notification."""
    statuses = metadata.get("statuses")
    if isinstance(statuses, list):
        return [GqlStatusObject(s) for s in statuses]
    if had_record:
        code, description = _SUCCESS
    elif had_key:
        code, description = _NO_DATA
    else:
        code, description = _OMITTED
    outcome = {"gql_status": code, "status_description": description}
    out = [GqlStatusObject(status_from_notification(n)) for n in notes or ()]
    out.append(GqlStatusObject(outcome))
    return sorted(out, key=_precedence, reverse=True)  # stable: equal ranks keep order


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


def effective_filters(
    session: dict[str, Any], driver: dict[str, Any]
) -> tuple[str | None, tuple[str, ...] | None]:
    """``(min severity, disabled classifications)``: each the session's, else the driver's."""
    out = []
    for key in ("notifications_min_severity", "notifications_disabled_classifications"):
        value = session.get(key)
        out.append(driver.get(key) if value is None else value)
    return out[0], out[1]


def notification_extra(version: tuple[int, int], filters: dict[str, Any]) -> dict[str, Any]:
    """The HELLO / BEGIN / RUN entries for notification ``filters`` (as from
    ``notification_filters``) on Bolt ``version``; only what is set is sent."""
    severity = filters.get("notifications_min_severity")
    disabled = filters.get("notifications_disabled_classifications")
    if severity is None and disabled is None:
        return {}
    if version < (5, 2):
        raise ConfigurationError(
            f"Notification filtering is not supported by Bolt {version[0]}.{version[1]}"
        )
    extra: dict[str, Any] = {}
    if severity is not None:
        extra["notifications_minimum_severity"] = severity
    if disabled is not None:
        # Bolt 5.5 renamed categories to classifications (graphbolt never speaks 5.5).
        key = "classifications" if version >= (5, 5) else "categories"
        extra[f"notifications_disabled_{key}"] = list(disabled)
    return extra


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
