"""ResultSummary built from Bolt-shaped metadata; notification filters; engine summaries."""

from __future__ import annotations

from typing import Any

from graphbolt.driver._config import driver_config, session_config
from graphbolt.driver._embedded import summary_metadata
from graphbolt.driver._summary import (
    NotificationClassification,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    NotificationSeverity,
    ResultSummary,
    SummaryCounters,
    filter_notifications,
    notification_filters,
)
from graphbolt.engine import Notification
from graphbolt.engine import ResultSummary as EngineSummary
from graphbolt.runtime._context import QueryStatistics

NOTES: list[dict[str, Any]] = [
    {"code": "a", "severity": "WARNING", "category": "DEPRECATION", "title": "t",
     "description": "d", "position": {"line": 1, "column": 2, "offset": 1}},
    {"code": "b", "severity": "INFORMATION", "category": "PERFORMANCE"},
]  # fmt: skip


def test_counters_from_dashed_names() -> None:
    counters = SummaryCounters({"nodes-created": 2, "labels-added": 1, "system-updates": 0})
    assert counters.nodes_created == 2 and counters.labels_added == 1
    assert counters.relationships_deleted == 0
    assert counters.contains_updates and not counters.contains_system_updates
    assert not SummaryCounters({"contains-updates": False, "nodes-created": 1}).contains_updates
    assert SummaryCounters({"system-updates": 3}).contains_system_updates


def test_summary_fields_and_notifications() -> None:
    summary = ResultSummary(
        "server", db="neo4j", type="rw", t_first=1, t_last=2, notifications=NOTES,
        query={"text": "Q", "parameters": {}},
    )  # fmt: skip
    assert (summary.database, summary.query_type, summary.query) == ("neo4j", "rw", "Q")
    assert summary.result_available_after == 1 and summary.result_consumed_after == 2
    first = summary.summary_notifications[0]
    assert first.severity_level is NotificationSeverity.WARNING
    assert first.category is NotificationClassification.DEPRECATION
    assert first.position is not None and first.position.column == 2
    # Polyfilled from the notifications, in GQL order: warning, success, information.
    statuses = summary.gql_status_objects
    assert [s.gql_status for s in statuses] == ["01N42", "00000", "03N42"]
    assert [s.is_notification for s in statuses] == [True, False, True]
    assert statuses[0].classification is NotificationClassification.DEPRECATION
    assert statuses[1].diagnostic_record == {
        "OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/",
    }  # fmt: skip


def test_notification_filters() -> None:
    assert filter_notifications(NOTES, None, None) == NOTES
    assert [n["code"] for n in filter_notifications(NOTES, "WARNING", None)] == ["a"]
    assert filter_notifications(NOTES, "OFF", None) == []
    assert [n["code"] for n in filter_notifications(NOTES, None, ("DEPRECATION",))] == ["b"]
    config = session_config(
        driver_config({}),
        {
            "notifications_min_severity": NotificationMinimumSeverity.WARNING,
            "notifications_disabled_classifications": [NotificationDisabledClassification.HINT],
        },
    )
    assert notification_filters(config) == {
        "notifications_min_severity": "WARNING",
        "notifications_disabled_classifications": ("HINT",),
    }


def test_engine_summary_to_metadata() -> None:
    stats = QueryStatistics(nodes_created=1, properties_set=2)
    engine = EngineSummary(
        "Q", {}, "w", stats, "neo4j", 3, 4,
        [Notification("c", "t", "d", "WARNING", "HINT", "01N00", {"offset": 0})],
    )  # fmt: skip
    metadata = summary_metadata(engine)
    assert metadata["stats"] == {"nodes-created": 1, "properties-set": 2, "contains-updates": True}
    assert (metadata["type"], metadata["db"], metadata["t_first"], metadata["t_last"]) == (
        "w", "neo4j", 3, 4,
    )  # fmt: skip
    assert metadata["notifications"][0]["category"] == "HINT"
    summary = ResultSummary(None, **metadata)
    assert summary.counters.nodes_created == 1 and summary.counters.contains_updates
