"""Notification filters: the driver's go in HELLO, a session's in BEGIN / RUN (Bolt 5.2+)."""

from __future__ import annotations

import pytest

from graphbolt.driver._bolt_wire import hello_extra, tx_extra
from graphbolt.driver._config import driver_config, session_config
from graphbolt.driver._notifications import (
    NotificationDisabledCategory,
    NotificationMinimumSeverity,
    effective_filters,
    notification_filters,
)
from graphbolt.driver._protocol import TxParams
from graphbolt.driver._sync.driver import GraphDatabase
from graphbolt.exceptions import ConfigurationError

DRIVER = {
    "notifications_min_severity": NotificationMinimumSeverity.WARNING,
    "notifications_disabled_categories": [NotificationDisabledCategory.HINT],
}


def test_driver_filters_go_in_hello() -> None:
    filters = notification_filters(driver_config(DRIVER))
    v52 = hello_extra((5, 2), None, None, None, filters)
    assert v52["notifications_minimum_severity"] == "WARNING"
    assert v52["notifications_disabled_categories"] == ["HINT"]
    v58 = hello_extra((5, 8), None, None, None, filters)
    assert v58["notifications_disabled_classifications"] == ["HINT"]
    assert "notifications_disabled_categories" not in v58
    plain = hello_extra((5, 2), None, None, None, notification_filters(driver_config({})))
    assert not any(key.startswith("notifications") for key in plain)


def test_empty_disabled_list_is_sent() -> None:
    filters = notification_filters(driver_config({"notifications_disabled_categories": []}))
    extra = hello_extra((5, 2), None, None, None, filters)
    assert extra["notifications_disabled_categories"] == []
    assert "notifications_minimum_severity" not in extra


def test_filters_need_bolt_5_2() -> None:
    filters = notification_filters(driver_config(DRIVER))
    with pytest.raises(ConfigurationError):
        hello_extra((5, 1), None, None, None, filters)
    params = TxParams(notifications_min_severity="OFF")
    with pytest.raises(ConfigurationError):
        tx_extra(params, (4, 4))
    assert "notifications_minimum_severity" not in tx_extra(TxParams(), (4, 4))


def test_sessions_send_only_their_own_filters() -> None:
    driver = driver_config(DRIVER)
    inherited = session_config(driver, {})
    assert notification_filters(inherited) == {
        "notifications_min_severity": None,
        "notifications_disabled_classifications": None,
    }
    own = session_config(driver, {"notifications_min_severity": "INFORMATION"})
    params = TxParams(**notification_filters(own))
    extra = tx_extra(params, (5, 2))
    assert extra["notifications_minimum_severity"] == "INFORMATION"
    assert "notifications_disabled_categories" not in extra


def test_embedded_filters_fall_back_to_the_driver() -> None:
    driver = {"notifications_min_severity": "WARNING",
              "notifications_disabled_classifications": ("HINT",)}  # fmt: skip
    session = {"notifications_min_severity": "OFF", "notifications_disabled_classifications": None}
    assert effective_filters(session, driver) == ("OFF", ("HINT",))
    assert effective_filters({}, {}) == (None, None)
    with GraphDatabase.driver("memory://", **DRIVER) as embedded:
        connector = embedded._connector
        assert connector.notifications["notifications_min_severity"] == "WARNING"
