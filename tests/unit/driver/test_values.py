"""Parameters: stdlib values become graphbolt values; public value modules."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from graphbolt.driver._values import to_parameters
from graphbolt.spatial import CartesianPoint, WGS84Point
from graphbolt.time import Date, DateTime, Duration, LocalDateTime, LocalTime, Time


def test_stdlib_temporals_convert() -> None:
    zone = zoneinfo.ZoneInfo("Europe/Paris")
    params = to_parameters(
        {
            "d": datetime.date(2020, 1, 2),
            "t": datetime.time(1, 2, 3, 4),
            "tz": datetime.time(1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
            "ldt": datetime.datetime(2020, 1, 2, 3, 4, 5),
            "zdt": datetime.datetime(2020, 7, 1, 12, tzinfo=zone),
            "dur": datetime.timedelta(days=1, seconds=2, microseconds=3),
            "nested": [(1, datetime.date(2020, 1, 1))],
        },
        {"k": 1},
    )
    assert params["d"] == Date(2020, 1, 2)
    assert isinstance(params["t"], LocalTime) and params["t"].nano_of_day == 3723000004000
    assert isinstance(params["tz"], Time) and params["tz"].offset == 7200
    assert isinstance(params["ldt"], LocalDateTime)
    assert isinstance(params["zdt"], DateTime) and params["zdt"].zone == "Europe/Paris"
    assert params["zdt"].offset == 7200
    assert params["dur"] == Duration(0, 1, 2, 3000)
    assert params["nested"] == [[1, Date(2020, 1, 1)]]
    assert params["k"] == 1
    with pytest.raises(TypeError):
        to_parameters({1: "x"})  # type: ignore[dict-item]


def test_points() -> None:
    assert CartesianPoint((1, 2)).srid == 7203
    assert CartesianPoint((1, 2, 3)).srid == 9157
    assert WGS84Point((1, 2)).srid == 4326
    assert WGS84Point((1, 2, 3)).srid == 4979
