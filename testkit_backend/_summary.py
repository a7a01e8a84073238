"""Result summaries, server info and eager results as testkit response data."""

from __future__ import annotations

from typing import Any

from testkit_backend._values import Json, field, record

_COUNTERS = (
    ("constraintsAdded", "constraints_added"),
    ("constraintsRemoved", "constraints_removed"),
    ("containsSystemUpdates", "contains_system_updates"),
    ("containsUpdates", "contains_updates"),
    ("indexesAdded", "indexes_added"),
    ("indexesRemoved", "indexes_removed"),
    ("labelsAdded", "labels_added"),
    ("labelsRemoved", "labels_removed"),
    ("nodesCreated", "nodes_created"),
    ("nodesDeleted", "nodes_deleted"),
    ("propertiesSet", "properties_set"),
    ("relationshipsCreated", "relationships_created"),
    ("relationshipsDeleted", "relationships_deleted"),
    ("systemUpdates", "system_updates"),
)


def address(value: Any) -> str:
    """``host:port`` (``[host]:port`` for IPv6) from a tuple-like or string address."""
    if isinstance(value, str):
        return value
    host, port = value[0], value[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


def server_info(info: Any) -> Json:
    version = info.protocol_version
    if isinstance(version, tuple):
        version = ".".join(str(part) for part in version)
    return {"address": address(info.address), "agent": info.agent, "protocolVersion": version}


def _position(position: Any) -> Json | None:
    if position is None:
        return None
    return {"line": position.line, "column": position.column, "offset": position.offset}


def _enum_name(value: Any) -> Any:
    return getattr(value, "name", value)


def _notification(note: Any) -> Json:
    data: Json = {
        "title": note.title,
        "code": note.code,
        "description": note.description,
        "severityLevel": _enum_name(note.severity_level),
        "severity": note.raw_severity_level,
        "rawSeverityLevel": note.raw_severity_level,
        "category": _enum_name(note.category),
        "rawCategory": note.raw_category,
    }
    position = _position(note.position)
    if position is not None:
        data["position"] = position
    return data


def _gql_status_object(status: Any) -> Json:
    return {
        "gqlStatus": status.gql_status,
        "statusDescription": status.status_description,
        "position": _position(status.position),
        "classification": _enum_name(status.classification),
        "rawClassification": status.raw_classification,
        "severity": _enum_name(status.severity),
        "rawSeverity": status.raw_severity,
        "diagnosticRecord": {k: field(v) for k, v in status.diagnostic_record.items()},
        "isNotification": status.is_notification,
    }


def _notifications(result_summary: Any) -> list[Json] | None:
    """Notifications in the driver's typed form (severity level and category parsed, raw
    values kept), as testkit's notification tests read them."""
    raw = result_summary.notifications
    if raw is None:
        # GQL-aware protocols (5.5+) have no "absent notifications", only an empty list.
        version = getattr(result_summary.server, "protocol_version", (0, 0))
        return [] if tuple(version) >= (5, 5) else None
    return [_notification(n) for n in result_summary.summary_notifications]


def summary(result_summary: Any) -> Json:
    """testkit's ``Summary`` data for a driver ``ResultSummary``."""
    counters = result_summary.counters
    return {
        "serverInfo": server_info(result_summary.server),
        "counters": {name: getattr(counters, attr) for name, attr in _COUNTERS},
        "database": result_summary.database,
        "notifications": _notifications(result_summary),
        "gqlStatusObjects": [_gql_status_object(s) for s in result_summary.gql_status_objects],
        "plan": result_summary.plan,
        "profile": result_summary.profile,
        "query": {
            "text": result_summary.query,
            "parameters": {k: field(v) for k, v in (result_summary.parameters or {}).items()},
        },
        "queryType": result_summary.query_type,
        "resultAvailableAfter": result_summary.result_available_after,
        "resultConsumedAfter": result_summary.result_consumed_after,
    }


def eager_result(result: Any) -> Json:
    records, result_summary, keys = result
    return {
        "keys": list(keys),
        "records": [record(r) for r in records],
        "summary": summary(result_summary),
    }
