"""Summaries of GQL-aware servers (Bolt 5.5+ ``statuses``) and their polyfills both ways."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.bolt import ProtocolError
from graphbolt.driver._summary import (
    NotificationClassification,
    NotificationSeverity,
    ResultSummary,
)

WARNING_STATUS: dict[str, Any] = {
    "gql_status": "01N01",
    "status_description": "warn: don't",
    "description": "Please, don't.",
    "neo4j_code": "Neo.ClientNotification.Foo.Bar",
    "title": "Legacy title",
    "diagnostic_record": {
        "OPERATION_CODE": "42",
        "_severity": "WARNING",
        "_classification": "GENERIC",
        "_position": {"column": 9, "offset": 8, "line": 1},
    },
}
SUCCESS_STATUS: dict[str, Any] = {"gql_status": "00000", "status_description": "note: ok"}


def test_notifications_derived_from_statuses() -> None:
    summary = ResultSummary(None, statuses=[WARNING_STATUS, SUCCESS_STATUS])
    assert summary.notifications == [{
        "title": "Legacy title", "code": "Neo.ClientNotification.Foo.Bar",
        "description": "Please, don't.", "severity": "WARNING", "category": "GENERIC",
        "position": {"column": 9, "offset": 8, "line": 1},
    }]  # fmt: skip
    note = summary.summary_notifications[0]
    assert note.severity_level is NotificationSeverity.WARNING
    assert note.position is not None and note.position.offset == 8


def test_no_notification_statuses_mean_no_notifications() -> None:
    assert ResultSummary(None, statuses=[SUCCESS_STATUS]).notifications is None
    assert ResultSummary(None, statuses="rubbish").notifications is None


def test_statuses_get_default_diagnostic_values() -> None:
    warning, success = ResultSummary(
        None, statuses=[WARNING_STATUS, SUCCESS_STATUS]
    ).gql_status_objects
    assert warning.diagnostic_record["OPERATION_CODE"] == "42"  # sent values win
    assert warning.diagnostic_record["CURRENT_SCHEMA"] == "/"
    assert warning.is_notification and not success.is_notification
    assert warning.classification is NotificationClassification.GENERIC
    assert success.diagnostic_record == {
        "OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/",
    }  # fmt: skip
    assert success.position is None and success.raw_severity is None
    # The server's metadata is left as it was.
    assert "CURRENT_SCHEMA" not in WARNING_STATUS["diagnostic_record"]


@pytest.mark.parametrize(
    ("had_key", "had_record", "status"),
    [(True, True, "00000"), (True, False, "02000"), (False, False, "00001")],
)
def test_outcome_polyfill(had_key: bool, had_record: bool, status: str) -> None:
    summary = ResultSummary(None, _had_key=had_key, _had_record=had_record)
    assert [s.gql_status for s in summary.gql_status_objects] == [status]


def test_polyfilled_notification_without_description_or_position() -> None:
    notes = [{"severity": "ANY", "code": "c", "position": {"line": True, "column": 1}}]
    _, status = ResultSummary(None, notifications=notes).gql_status_objects  # success first
    assert status.gql_status == "03N42"
    assert status.status_description == "info: unknown notification"
    assert status.position is None and status.raw_severity == "ANY"
    assert status.severity is NotificationSeverity.UNKNOWN


def test_invalid_query_type_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        ResultSummary(None, type="wr")
    assert ResultSummary(None, type="s").query_type == "s"
