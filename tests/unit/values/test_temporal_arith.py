"""Duration construction and arithmetic, temporal +/- duration, and duration.between."""

from __future__ import annotations

import datetime as pydt
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherArithmeticError, CypherTypeError
from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime
from graphbolt.values._temporal_arith import (
    add_duration,
    add_durations,
    divide_duration,
    duration_between,
    multiply_duration,
    negate_duration,
    subtract_duration,
    subtract_durations,
)
from graphbolt.values._temporal_cal import NANOS_PER_DAY, civil, epoch_day
from graphbolt.values._temporal_duration import duration_from_map, duration_from_parts
from graphbolt.values._temporal_parse import (
    parse_date,
    parse_datetime,
    parse_duration,
    parse_local_datetime,
    parse_local_time,
    parse_time,
)

P = parse_duration


# ------------------------------------------------------------------ building durations


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"days": 3, "hours": 4}, "P3DT4H"),
        ({"years": 1, "quarters": 1, "months": 1}, "P1Y4M"),
        ({"weeks": 1, "days": -1}, "P6D"),
        ({"minutes": 90}, "PT1H30M"),
        ({"seconds": 1, "milliseconds": -1}, "PT0.999S"),
        ({"seconds": -1, "microseconds": -1}, "PT-1.000001S"),
        ({"nanoseconds": 1_500_000_000}, "PT1.5S"),
        ({"days": 0.25}, "PT6H"),
        ({"hours": 0.1}, "PT6M"),
        ({"seconds": 0.3}, "PT0.3S"),
        ({"months": 2.5}, "P2M15DT5H14M33S"),
        ({"years": 0.25}, "P3M"),
        ({"Days": 1, "HOURS": 1}, "P1DT1H"),
        ({"days": None, "hours": 1}, "PT1H"),
        ({}, "PT0S"),
    ],
)
def test_duration_from_map(fields: dict[str, Any], expected: str) -> None:
    assert str(duration_from_map(fields)) == expected


def test_duration_map_errors() -> None:
    with pytest.raises(CypherArgumentError):
        duration_from_map({"fortnights": 1})
    with pytest.raises(CypherTypeError):
        duration_from_map({"days": "1"})
    with pytest.raises(CypherArithmeticError):
        duration_from_map({"seconds": 2**63})


def test_fractions_spill_downwards_exactly() -> None:
    d = duration_from_parts(Fraction(1, 3), 0, 0, 0)
    # A third of an average month: 10.145625 days.
    assert (d.months, d.days, d.seconds, d.nanos) == (0, 10, 12582, 0)


# ----------------------------------------------------------------- duration arithmetic


@pytest.mark.parametrize(
    ("a", "b", "total", "difference"),
    [
        ("P1Y2M3DT4H", "P1M1D", "P1Y3M4DT4H", "P1Y1M2DT4H"),
        ("PT1.5S", "PT0.75S", "PT2.25S", "PT0.75S"),
        ("P1D", "PT25H", "P1DT25H", "P1DT-25H"),
        ("PT0S", "PT-0.1S", "PT-0.1S", "PT0.1S"),
    ],
)
def test_duration_sums(a: str, b: str, total: str, difference: str) -> None:
    assert str(add_durations(P(a), P(b))) == total
    assert str(subtract_durations(P(a), P(b))) == difference


@pytest.mark.parametrize(
    ("d", "factor", "product"),
    [
        ("P1Y1DT1S", 3, "P3Y3DT3S"),
        ("P1M", 0.5, "P15DT5H14M33S"),
        ("P1D", 1.5, "P1DT12H"),
        ("PT1S", 0.001, "PT0.001S"),
        ("P1Y", -1, "P-1Y"),
        ("PT1.1S", 0, "PT0S"),
    ],
)
def test_multiply(d: str, factor: int | float, product: str) -> None:
    assert str(multiply_duration(P(d), factor)) == product


@pytest.mark.parametrize(
    ("d", "divisor", "quotient"),
    [
        ("P2Y", 2, "P1Y"),
        ("P1D", 2, "PT12H"),
        ("P1D", 0.5, "P2D"),
        ("PT1S", 3, "PT0.333333333S"),
        ("P1Y", 24, "P15DT5H14M33S"),
    ],
)
def test_divide(d: str, divisor: int | float, quotient: str) -> None:
    assert str(divide_duration(P(d), divisor)) == quotient


def test_divide_by_zero() -> None:
    with pytest.raises(CypherArithmeticError):
        divide_duration(P("P1D"), 0)


def test_negate() -> None:
    assert str(negate_duration(P("P1Y-2DT3.5S"))) == "P-1Y2DT-3.5S"


# ------------------------------------------------------------ temporal +/- duration


@pytest.mark.parametrize(
    ("start", "d", "plus", "minus"),
    [
        ("2011-01-31", "P1M", "2011-02-28", "2010-12-31"),
        ("2012-02-29", "P1Y", "2013-02-28", "2011-02-28"),
        ("2011-03-10", "P1M-10D", "2011-03-31", "2011-02-20"),
        ("2011-03-10", "PT47H", "2011-03-11", "2011-03-09"),  # only whole days of time
        ("2011-03-10", "PT23H", "2011-03-10", "2011-03-10"),
    ],
)
def test_date_plus_minus(start: str, d: str, plus: str, minus: str) -> None:
    assert str(add_duration(parse_date(start), P(d))) == plus
    assert str(subtract_duration(parse_date(start), P(d))) == minus


def test_times_wrap_and_ignore_calendar_units() -> None:
    assert str(add_duration(parse_local_time("23:30"), P("P1Y2DT1H"))) == "00:30"
    assert str(subtract_duration(parse_time("00:10+01:00"), P("PT20M0.5S"))) == (
        "23:49:59.500+01:00"
    )


def test_local_datetime_plus() -> None:
    start = parse_local_datetime("2011-01-31T22:00")
    assert str(add_duration(start, P("P1MT3H"))) == "2011-03-01T01:00"
    assert (
        str(subtract_duration(start, P("P1DT22H0.000000001S"))) == "2011-01-29T23:59:59.999999999"
    )


def test_zoned_datetime_plus_uses_local_days_and_instant_seconds() -> None:
    before = parse_datetime("2017-03-25T12:00[Europe/Berlin]")  # the day before DST starts
    assert str(add_duration(before, P("P1D"))) == "2017-03-26T12:00+02:00[Europe/Berlin]"
    assert str(add_duration(before, P("PT24H"))) == "2017-03-26T13:00+02:00[Europe/Berlin]"
    fixed = parse_datetime("2017-03-25T12:00+01:00")
    assert str(add_duration(fixed, P("PT24H"))) == "2017-03-26T12:00+01:00"


def test_out_of_range_results() -> None:
    with pytest.raises(CypherArgumentError):
        add_duration(parse_date("+999999999-12-31"), P("P1D"))


def test_adding_to_a_non_temporal_is_a_type_error() -> None:
    with pytest.raises(CypherTypeError):
        add_duration(P("P1D"), P("P1D"))  # type: ignore[arg-type]


@given(st.datetimes(), st.integers(-(10**6), 10**6), st.integers(-(10**11), 10**11))
def test_local_datetime_plus_matches_python(start: pydt.datetime, days: int, micros: int) -> None:
    delta = pydt.timedelta(days=days, microseconds=micros)
    try:
        expected = start + delta
    except OverflowError:
        return
    local = LocalDateTime(
        start.year,
        start.month,
        start.day,
        ((start.hour * 60 + start.minute) * 60 + start.second) * 10**9 + start.microsecond * 1000,
    )
    got = add_duration(local, Duration(0, days, 0, micros * 1000))
    assert (got.year, got.month, got.day) == (expected.year, expected.month, expected.day)
    assert got.nano_of_day == (
        ((expected.hour * 60 + expected.minute) * 60 + expected.second) * 10**9
        + expected.microsecond * 1000
    )


# ------------------------------------------------------------------- duration.between


@pytest.mark.parametrize(
    ("a", "b", "between", "months", "days", "seconds"),
    [
        ("2000-01-31", "2000-03-01", "P1M1D", "P1M", "P30D", "PT720H"),
        ("2000-03-01", "2000-01-31", "P-1M-1D", "P-1M", "P-30D", "PT-720H"),
        ("2001-01-01", "2000-01-01", "P-1Y", "P-1Y", "P-366D", "PT-8784H"),
        ("2000-01-01", "2000-01-01", "PT0S", "PT0S", "PT0S", "PT0S"),
    ],
)
def test_between_dates(a: str, b: str, between: str, months: str, days: str, seconds: str) -> None:
    x, y = parse_date(a), parse_date(b)
    assert str(duration_between(x, y)) == between
    assert str(duration_between(x, y, "months")) == months
    assert str(duration_between(x, y, "days")) == days
    assert str(duration_between(x, y, "seconds")) == seconds


def test_between_local_datetimes_counts_whole_units() -> None:
    a = parse_local_datetime("2020-01-15T18:00")
    b = parse_local_datetime("2020-03-15T06:00:00.5")
    # Jan 15 18:00 + 1 month = Feb 15 18:00; + 28 days (2020 is a leap year) = Mar 14 18:00.
    assert str(duration_between(a, b)) == "P1M28DT12H0.5S"
    # Backwards the whole units are counted from the other end, as java.time does.
    assert str(duration_between(b, a)) == "P-1M-30DT-12H-0.5S"
    assert str(duration_between(a, b, "days")) == "P59D"


def test_between_times_only_counts_the_clock() -> None:
    assert str(duration_between(parse_local_time("10:00"), parse_local_time("08:30"))) == (
        "PT-1H-30M"
    )
    # Both with offsets: UTC-normalised.
    assert str(duration_between(parse_time("10:00+02:00"), parse_time("10:00Z"))) == "PT2H"
    # A local time takes the other's offset.
    assert str(duration_between(parse_time("10:00+02:00"), parse_local_time("11:00"))) == "PT1H"
    assert str(duration_between(parse_local_time("10:00"), parse_local_time("11:00"), "days")) == (
        "PT0S"
    )


def test_between_mixed_kinds() -> None:
    day = parse_date("2020-06-01")
    assert str(duration_between(day, parse_local_time("06:15"))) == "PT6H15M"
    assert str(duration_between(parse_local_time("06:15"), day)) == "PT-6H-15M"
    zoned = parse_datetime("2020-06-02T03:00+03:00")
    # The date is read as midnight in the other value's zone.
    assert str(duration_between(day, zoned)) == "P1DT3H"
    other = parse_datetime("2020-06-02T03:00Z")
    # Both zoned: the second is seen from the first one's zone (06:00+03:00).
    assert str(duration_between(zoned, other)) == "PT3H"


def test_between_across_a_dst_change_counts_real_seconds() -> None:
    a = parse_datetime("2017-03-26T00:00[Europe/Berlin]")
    b = LocalDateTime(2017, 3, 26, 4 * 3600 * 10**9)
    assert str(duration_between(a, b, "seconds")) == "PT3H"
    assert str(duration_between(a, LocalTime(4 * 3600 * 10**9), "seconds")) == "PT3H"


def test_between_extreme_dates() -> None:
    lo, hi = Date(-999_999_999, 1, 1), Date(999_999_999, 12, 31)
    assert str(duration_between(lo, hi)) == "P1999999998Y11M30D"
    assert duration_between(lo, hi, "days").days == epoch_day(999_999_999, 12, 31) - epoch_day(
        -999_999_999, 1, 1
    )


def test_between_rejects_durations() -> None:
    with pytest.raises(CypherTypeError):
        duration_between(P("P1D"), parse_date("2000-01-01"))


_ldt = st.builds(
    lambda days, nano: LocalDateTime(*civil(days), nano),
    st.integers(epoch_day(1, 1, 1), epoch_day(9999, 12, 31)),
    st.integers(0, NANOS_PER_DAY - 1),
)


@given(_ldt, _ldt)
def test_adding_the_difference_gets_back(a: LocalDateTime, b: LocalDateTime) -> None:
    assert add_duration(a, duration_between(a, b)) == b
    assert add_duration(a, duration_between(a, b, "seconds")) == b


@given(_ldt, _ldt)
def test_zoned_round_trip(a: LocalDateTime, b: LocalDateTime) -> None:
    x = DateTime.from_local(a, 0, "America/Sao_Paulo")
    y = DateTime.from_local(b, 0, "America/Sao_Paulo")
    assert add_duration(x, duration_between(x, y, "seconds")).epoch_nanos == y.epoch_nanos
