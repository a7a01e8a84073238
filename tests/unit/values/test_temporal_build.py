"""Temporal values from maps, conversions between kinds, and truncation."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.values._temporal import Date, DateTime, LocalDateTime, LocalTime, Time
from graphbolt.values._temporal_build import is_clock_only, normalize
from graphbolt.values._temporal_construct import (
    convert_date,
    convert_datetime,
    convert_local_datetime,
    convert_local_time,
    convert_time,
    make_date,
    make_datetime,
    make_local_datetime,
    make_local_time,
    make_time,
)
from graphbolt.values._temporal_parse import (
    parse_date,
    parse_datetime,
    parse_local_datetime,
    parse_local_time,
    parse_time,
)
from graphbolt.values._temporal_truncate import (
    truncate_date,
    truncate_datetime,
    truncate_local_datetime,
    truncate_local_time,
    truncate_time,
)


def date(m: dict[str, Any]) -> str:
    return str(make_date(normalize(m)))


def ldt(m: dict[str, Any]) -> str:
    return str(make_local_datetime(normalize(m)))


def dt(m: dict[str, Any]) -> str:
    return str(make_datetime(normalize(m)))


def tm(m: dict[str, Any]) -> str:
    return str(make_time(normalize(m)))


def lt(m: dict[str, Any]) -> str:
    return str(make_local_time(normalize(m)))


# ------------------------------------------------------------------------ fresh fields


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"year": 2010}, "2010-01-01"),
        ({"year": 2010, "month": 5}, "2010-05-01"),
        ({"year": 2010, "month": 5, "day": 17}, "2010-05-17"),
        ({"year": 2010, "week": 1}, "2010-01-04"),
        ({"year": 2010, "week": 1, "dayOfWeek": 5}, "2010-01-08"),
        ({"year": 2015, "week": 53, "dayOfWeek": 7}, "2016-01-03"),
        ({"year": 2012, "ordinalDay": 366}, "2012-12-31"),
        ({"year": 2010, "quarter": 2}, "2010-04-01"),
        ({"year": 2010, "quarter": 4, "dayOfQuarter": 92}, "2010-12-31"),
        ({"YEAR": 2010, "Month": 2, "DAY": 3}, "2010-02-03"),
        ({"year": 2010, "month": None}, "2010-01-01"),
    ],
)
def test_date_from_fields(fields: dict[str, Any], expected: str) -> None:
    assert date(fields) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"month": 5},
        {"year": 2010, "day": 5},
        {"year": 2010, "month": 2, "day": 30},
        {"year": 2010, "week": 53},
        {"year": 2010, "dayOfWeek": 2},
        {"year": 2010, "month": 1, "week": 2},
        {"year": 2010, "ordinalDay": 366},
        {"year": 2010, "quarter": 5},
        {"year": 2010, "hour": 5},
        {"year": 2010, "colour": 5},
    ],
)
def test_bad_date_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(CypherArgumentError):
        date(fields)


@pytest.mark.parametrize("fields", [{"year": "2010"}, {"year": 20.5}, {"year": True}])
def test_date_fields_must_be_integers(fields: dict[str, Any]) -> None:
    with pytest.raises(CypherTypeError):
        date(fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"hour": 6}, "06:00"),
        ({"hour": 6, "minute": 7}, "06:07"),
        ({"hour": 6, "minute": 7, "second": 8}, "06:07:08"),
        ({"hour": 6, "minute": 7, "second": 8, "millisecond": 9}, "06:07:08.009"),
        ({"hour": 6, "minute": 7, "second": 8, "microsecond": 10}, "06:07:08.000010"),
        ({"hour": 6, "minute": 7, "second": 8, "nanosecond": 11}, "06:07:08.000000011"),
        (
            {
                "hour": 6,
                "minute": 7,
                "second": 8,
                "millisecond": 1,
                "microsecond": 2,
                "nanosecond": 3,
            },
            "06:07:08.001002003",
        ),
    ],
)
def test_local_time_from_fields(fields: dict[str, Any], expected: str) -> None:
    assert lt(fields) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"minute": 5},
        {"hour": 5, "second": 5},
        {"hour": 5, "minute": 1, "nanosecond": 5},
        {"hour": 24},
        {"hour": 1, "minute": 1, "second": 1, "millisecond": 1000},
        {"hour": 1, "minute": 1, "second": 1, "millisecond": 1, "nanosecond": 1000},
        {"hour": 1, "timezone": "+01:00"},
        {"hour": 1, "day": 2},
    ],
)
def test_bad_time_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(CypherArgumentError):
        lt(fields)


def test_times_and_datetimes_with_zones() -> None:
    assert tm({"hour": 6}) == "06:00Z"
    assert tm({"hour": 6, "timezone": "-07:00"}) == "06:00-07:00"
    assert dt({"year": 2010, "month": 7, "day": 1, "hour": 9}) == "2010-07-01T09:00Z"
    assert (
        dt({"year": 2010, "month": 7, "day": 1, "timezone": "+03:00"}) == "2010-07-01T00:00+03:00"
    )
    assert (
        dt({"year": 2010, "month": 7, "day": 1, "hour": 9, "timezone": "America/Chicago"})
        == "2010-07-01T09:00-05:00[America/Chicago]"
    )
    assert (
        dt({"year": 2010, "month": 1, "day": 1, "timezone": "America/Chicago"})
        == "2010-01-01T00:00-06:00[America/Chicago]"
    )
    assert ldt({"year": 2010, "week": 2, "hour": 1}) == "2010-01-11T01:00"


def test_datetime_from_epoch_fields() -> None:
    assert dt({"epochSeconds": 86401, "millisecond": 5}) == "1970-01-02T00:00:01.005Z"
    assert dt({"epochMillis": -1}) == "1969-12-31T23:59:59.999Z"
    assert dt({"epochSeconds": 0, "timezone": "+02:00"}) == "1970-01-01T02:00+02:00"
    for bad in ({"epochSeconds": 0, "year": 2000}, {"epochSeconds": 0, "epochMillis": 0}):
        with pytest.raises(CypherArgumentError):
            dt(bad)
    with pytest.raises(CypherArgumentError):
        ldt({"epochSeconds": 0, "year": 2000})


# ---------------------------------------------------------------- selecting from others


BASE_DATE = parse_date("2010-05-31")  # a Monday, ISO week 22
BASE_LDT = parse_local_datetime("2010-05-31T13:14:15.123456789")
BASE_DT = parse_datetime("2010-05-31T13:14:15.5[Europe/Paris]")
BASE_TIME = parse_time("13:14:15.5+02:00")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"date": BASE_DATE}, "2010-05-31"),
        ({"date": BASE_LDT}, "2010-05-31"),
        ({"date": BASE_DT, "year": 2000}, "2000-05-31"),
        ({"date": BASE_DATE, "month": 2}, "2010-02-28"),  # day clamped
        ({"date": BASE_DATE, "month": 2, "year": 2012}, "2012-02-29"),
        ({"date": BASE_DATE, "day": 1}, "2010-05-01"),
        ({"date": BASE_DATE, "week": 1}, "2010-01-04"),  # keeps Monday
        ({"date": BASE_DATE, "dayOfWeek": 7}, "2010-06-06"),  # keeps the week
        ({"date": BASE_DATE, "year": 2009, "week": 53}, "2009-12-28"),
        ({"date": BASE_DATE, "ordinalDay": 1}, "2010-01-01"),
        ({"date": BASE_DATE, "quarter": 1}, "2010-02-28"),  # month 2 of the quarter, clamped
        ({"date": BASE_DATE, "quarter": 4, "dayOfQuarter": 1}, "2010-10-01"),
        ({"datetime": BASE_DT}, "2010-05-31"),
    ],
)
def test_date_selection(fields: dict[str, Any], expected: str) -> None:
    assert date(fields) == expected


def test_time_selection_keeps_or_converts_zones() -> None:
    assert lt({"time": BASE_DT}) == "13:14:15.500"
    assert lt({"time": BASE_LDT, "minute": 0}) == "13:00:15.123456789"
    assert tm({"time": BASE_TIME}) == "13:14:15.500+02:00"
    assert tm({"time": BASE_TIME, "timezone": "Z"}) == "11:14:15.500Z"
    assert tm({"time": parse_local_time("01:00"), "timezone": "+05:00"}) == "01:00+05:00"
    assert tm({"time": BASE_DT, "hour": 0, "timezone": "-01:00"}) == "21:14:15.500-01:00"


def test_sub_second_fields_replace_their_own_digits_over_a_selection() -> None:
    assert lt({"time": BASE_LDT, "millisecond": 9}) == "13:14:15.009456789"
    assert lt({"time": BASE_LDT, "microsecond": 9}) == "13:14:15.123009789"
    assert lt({"time": BASE_LDT, "nanosecond": 9}) == "13:14:15.123456009"
    assert lt({"time": BASE_LDT, "nanosecond": 5_000_000}) == "13:14:15.005"


def test_datetime_selection() -> None:
    assert dt({"datetime": BASE_LDT}) == "2010-05-31T13:14:15.123456789Z"
    assert dt({"datetime": BASE_DT, "day": 1}) == "2010-05-01T13:14:15.500+02:00[Europe/Paris]"
    # The selected zone is kept, then timezone converts (same instant).
    assert dt({"datetime": BASE_DT, "timezone": "+00:00"}) == "2010-05-31T11:14:15.500Z"
    assert dt({"datetime": BASE_DT, "month": 1}) == "2010-01-31T13:14:15.500+01:00[Europe/Paris]"
    # A date taken from a zoned value does not bring its zone along.
    assert dt({"date": BASE_DT, "hour": 1}) == "2010-05-31T01:00Z"
    assert dt({"date": BASE_DATE, "time": BASE_TIME}) == "2010-05-31T13:14:15.500+02:00"
    assert (
        dt({"date": BASE_DATE, "time": BASE_TIME, "timezone": "Asia/Tokyo"})
        == "2010-05-31T20:14:15.500+09:00[Asia/Tokyo]"
    )
    assert ldt({"date": BASE_DATE, "time": BASE_TIME, "day": 2}) == "2010-05-02T13:14:15.500"


def test_selecting_the_wrong_kind_is_a_type_error() -> None:
    with pytest.raises(CypherTypeError):
        date({"date": BASE_TIME})
    with pytest.raises(CypherTypeError):
        lt({"time": BASE_DATE})
    with pytest.raises(CypherTypeError):
        date({"date": "2010-01-01"})


def test_clock_only_maps() -> None:
    assert is_clock_only(normalize({}))
    assert is_clock_only(normalize({"timezone": "Europe/Paris"}))
    assert not is_clock_only(normalize({"year": 2000}))


# ----------------------------------------------------------------------- conversions


def test_conversions() -> None:
    assert convert_date(BASE_DT) == Date(2010, 5, 31)
    assert str(convert_local_time(BASE_TIME)) == "13:14:15.500"
    assert convert_time(LocalTime(0)) == Time(0, 0)
    assert str(convert_time(BASE_DT)) == "13:14:15.500+02:00"
    assert convert_local_datetime(BASE_DATE) == LocalDateTime(2010, 5, 31, 0)
    assert convert_datetime(BASE_DT) is BASE_DT
    assert str(convert_datetime(BASE_LDT)) == "2010-05-31T13:14:15.123456789Z"
    for bad in (lambda: convert_date(BASE_TIME), lambda: convert_local_time(BASE_DATE)):
        with pytest.raises(CypherTypeError):
            bad()


# ------------------------------------------------------------------------ truncation


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("millennium", "2000-01-01"),
        ("century", "2000-01-01"),
        ("decade", "2010-01-01"),
        ("year", "2010-01-01"),
        ("weekYear", "2010-01-04"),
        ("quarter", "2010-04-01"),
        ("month", "2010-05-01"),
        ("week", "2010-05-31"),
        ("day", "2010-05-31"),
        ("MONTH", "2010-05-01"),
    ],
)
def test_truncate_date(unit: str, expected: str) -> None:
    assert str(truncate_date(unit, BASE_DT, None)) == expected


def test_truncate_negative_years_floors() -> None:
    assert str(truncate_date("century", parse_date("-0150-06-01"), {})) == "-0200-01-01"


def test_truncate_with_overrides() -> None:
    assert str(truncate_date("month", BASE_DATE, {"day": 15})) == "2010-05-15"
    assert str(truncate_date("week", parse_date("2010-06-03"), {"dayOfWeek": 3})) == "2010-06-02"
    assert str(truncate_local_datetime("hour", BASE_LDT, {"minute": 5})) == "2010-05-31T13:05"
    assert (
        str(truncate_local_time("millisecond", BASE_LDT, {"nanosecond": 7})) == "13:14:15.123000007"
    )


def test_truncate_datetime_zones() -> None:
    assert str(truncate_datetime("day", BASE_DT, {})) == "2010-05-31T00:00+02:00[Europe/Paris]"
    assert str(truncate_datetime("year", BASE_DT, {})) == "2010-01-01T00:00+01:00[Europe/Paris]"
    assert str(truncate_datetime("hour", BASE_LDT, None)) == "2010-05-31T13:00Z"
    # A timezone override replaces the zone and keeps the local fields.
    assert (
        str(truncate_datetime("minute", BASE_DT, {"timezone": "+05:00"}))
        == "2010-05-31T13:14+05:00"
    )
    assert str(truncate_datetime("month", BASE_DATE, {"timezone": "Asia/Tokyo"})) == (
        "2010-05-01T00:00+09:00[Asia/Tokyo]"
    )


def test_truncate_time_zones() -> None:
    assert str(truncate_time("second", BASE_TIME, {})) == "13:14:15+02:00"
    assert str(truncate_time("hour", BASE_TIME, {"timezone": "-03:00"})) == "13:00-03:00"
    assert str(truncate_time("minute", BASE_LDT, {})) == "13:14Z"
    assert str(truncate_time("day", BASE_DT, {})) == "00:00+02:00"


@pytest.mark.parametrize(
    "call",
    [
        lambda: truncate_date("hour", BASE_DT, {}),
        lambda: truncate_date("fortnight", BASE_DT, {}),
        lambda: truncate_local_time("year", BASE_LDT, {}),
        lambda: truncate_local_time("hour", BASE_LDT, {"timezone": "Z"}),
        lambda: truncate_date("day", BASE_DT, {"timezone": "Z"}),
    ],
)
def test_bad_truncations(call: Any) -> None:
    with pytest.raises(CypherArgumentError):
        call()


def test_truncating_the_wrong_kind_is_a_type_error() -> None:
    with pytest.raises(CypherTypeError):
        truncate_date("day", BASE_TIME, {})
    with pytest.raises(CypherTypeError):
        truncate_local_time("hour", BASE_DATE, {})


def test_truncated_datetime_is_a_datetime() -> None:
    assert isinstance(truncate_datetime("day", BASE_DATE, {}), DateTime)
