"""Component access (``x.key``) on temporal values."""

from __future__ import annotations

import datetime as pydt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError
from graphbolt.values._temporal import Date, Duration, LocalDateTime
from graphbolt.values._temporal_fields import field_getter, temporal_property
from graphbolt.values._temporal_parse import (
    parse_date,
    parse_datetime,
    parse_duration,
    parse_local_time,
    parse_time,
)

DATE = parse_date("2021-08-29")  # a Sunday in ISO week 34
DATETIME = parse_datetime("2021-01-02T03:04:05.006007008[America/New_York]")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("year", 2021),
        ("quarter", 3),
        ("month", 8),
        ("week", 34),
        ("weekYear", 2021),
        ("day", 29),
        ("ordinalDay", 241),
        ("dayOfWeek", 7),
        ("weekDay", 7),
        ("dayOfQuarter", 60),
        ("quarterDay", 60),
        ("WEEKYEAR", 2021),
    ],
)
def test_date_fields(key: str, expected: int) -> None:
    assert temporal_property(DATE, key) == expected


def test_week_year_at_year_boundaries() -> None:
    assert temporal_property(DATETIME, "weekYear") == 2020
    assert temporal_property(DATETIME, "week") == 53
    assert temporal_property(parse_date("2024-12-30"), "weekYear") == 2025


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("hour", 3),
        ("minute", 4),
        ("second", 5),
        ("millisecond", 6),
        ("microsecond", 6007),
        ("nanosecond", 6007008),
        ("timezone", "America/New_York"),
        ("offset", "-05:00"),
        ("offsetMinutes", -300),
        ("offsetSeconds", -18000),
        ("epochSeconds", 1609574645),
        ("epochMillis", 1609574645006),
    ],
)
def test_datetime_fields(key: str, expected: object) -> None:
    assert temporal_property(DATETIME, key) == expected


def test_time_zone_fields() -> None:
    t = parse_time("10:00+05:30")
    assert temporal_property(t, "timezone") == "+05:30"
    assert temporal_property(t, "offsetMinutes") == 330
    assert temporal_property(parse_time("10:00"), "offset") == "Z"
    assert temporal_property(parse_datetime("2000-01-01T00:00Z"), "timezone") == "Z"
    assert temporal_property(parse_time("10:00-00:30"), "offsetMinutes") == -30


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (DATE, "hour"),
        (parse_local_time("10:00"), "year"),
        (parse_local_time("10:00"), "timezone"),
        (LocalDateTime(2000, 1, 1, 0), "offset"),
        (LocalDateTime(2000, 1, 1, 0), "epochSeconds"),
        (DATE, "years"),
        (parse_duration("P1D"), "day"),
        (DATE, "nonsense"),
    ],
)
def test_missing_fields_raise(value: object, key: str) -> None:
    with pytest.raises(CypherArgumentError):
        temporal_property(value, key)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ("P2Y7M", "years", 2),
        ("P2Y7M", "months", 31),
        ("P2Y7M", "quarters", 10),
        ("P2Y7M", "quartersOfYear", 2),
        ("P2Y7M", "monthsOfQuarter", 1),
        ("P2Y7M", "monthsOfYear", 7),
        ("P-2Y-7M", "monthsOfYear", -7),
        ("P17D", "weeks", 2),
        ("P17D", "daysOfWeek", 3),
        ("P17D", "hours", 0),
        ("PT2H5M7.25S", "hours", 2),
        ("PT2H5M7.25S", "minutes", 125),
        ("PT2H5M7.25S", "minutesOfHour", 5),
        ("PT2H5M7.25S", "seconds", 7507),
        ("PT2H5M7.25S", "secondsOfMinute", 7),
        ("PT2H5M7.25S", "milliseconds", 7507250),
        ("PT2H5M7.25S", "millisecondsOfSecond", 250),
        ("PT2H5M7.25S", "microsecondsOfSecond", 250000),
        ("PT2H5M7.25S", "nanosecondsOfSecond", 250000000),
        ("PT2H5M7.25S", "nanoseconds", 7507250000000),
        ("PT-0.25S", "seconds", -1),
        ("PT-0.25S", "nanosecondsOfSecond", 750000000),
        ("PT-0.25S", "milliseconds", -250),
    ],
)
def test_duration_fields(text: str, key: str, expected: int) -> None:
    assert temporal_property(parse_duration(text), key) == expected


def test_field_getter_lets_a_compiler_look_up_once() -> None:
    getter = field_getter(Duration, "Days")
    assert getter is not None and getter(Duration(0, 4, 0)) == 4
    assert field_getter(Date, "offset") is None
    assert field_getter(int, "year") is None


@given(st.dates())
def test_calendar_fields_match_python(d: pydt.date) -> None:
    date = Date(d.year, d.month, d.day)
    iso = d.isocalendar()
    assert temporal_property(date, "weekYear") == iso[0]
    assert temporal_property(date, "week") == iso[1]
    assert temporal_property(date, "dayOfWeek") == iso[2]
    assert temporal_property(date, "ordinalDay") == d.timetuple().tm_yday
