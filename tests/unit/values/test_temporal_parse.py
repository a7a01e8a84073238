"""ISO-8601 parsing of temporal strings, and round trips with the string forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError
from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime, Time
from graphbolt.values._temporal_cal import MAX_YEAR, MIN_YEAR, NANOS_PER_DAY, civil, epoch_day
from graphbolt.values._temporal_parse import (
    parse_date,
    parse_datetime,
    parse_duration,
    parse_local_datetime,
    parse_local_time,
    parse_offset,
    parse_time,
    parse_zone,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1999-03-04", "1999-03-04"),
        ("19990304", "1999-03-04"),
        ("1999-03", "1999-03-01"),
        ("199903", "1999-03-01"),
        ("1999", "1999-01-01"),
        ("2009-W01-1", "2008-12-29"),  # ISO week 1 of 2009 starts in 2008
        ("2009W011", "2008-12-29"),
        ("2009-W53-7", "2010-01-03"),
        ("2004-W53", "2004-12-27"),
        ("2000-060", "2000-02-29"),
        ("2001060", "2001-03-01"),
        ("+10000-01-01", "+10000-01-01"),
        ("-0044-03-15", "-0044-03-15"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    assert str(parse_date(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["1999-13-01", "1999-02-30", "2001-W53-1", "2001-366", "99-01-01", "1999-1-1", "", "x"],
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(CypherArgumentError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07", "07:00"),
        ("0705", "07:05"),
        ("07:05", "07:05"),
        ("070509", "07:05:09"),
        ("07:05:09.5", "07:05:09.500"),
        ("07:05:09,25", "07:05:09.250"),
        ("070509.000001", "07:05:09.000001"),
        ("23:59:59.999999999", "23:59:59.999999999"),
    ],
)
def test_local_times(text: str, expected: str) -> None:
    assert str(parse_local_time(text)) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "7:05", "12:00+01:00", "12:00:00.1234567890"])
def test_bad_local_times(text: str) -> None:
    with pytest.raises(CypherArgumentError):
        parse_local_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:15", "08:15Z"),
        ("08:15Z", "08:15Z"),
        ("0815+0530", "08:15+05:30"),
        ("08:15:30-03", "08:15:30-03:00"),
        ("08-00:00", "08:00Z"),
        ("08:15+14:00", "08:15+14:00"),
        ("08:15+01:02:03", "08:15+01:02:03"),
    ],
)
def test_times(text: str, expected: str) -> None:
    assert str(parse_time(text)) == expected


def test_time_offset_out_of_range() -> None:
    with pytest.raises(CypherArgumentError):
        parse_time("08:15+19:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010-06-15T10:20:30.5", "2010-06-15T10:20:30.500"),
        ("20100615T102030", "2010-06-15T10:20:30"),
        ("2010-W24-2T10", "2010-06-15T10:00"),
        ("2010-166T1020", "2010-06-15T10:20"),
        ("2010", "2010-01-01T00:00"),
        ("-999999999-01-01", "-999999999-01-01T00:00"),
    ],
)
def test_local_datetimes(text: str, expected: str) -> None:
    assert str(parse_local_datetime(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010-06-15T10:20", "2010-06-15T10:20Z"),
        ("2010-06-15T10:20+0200", "2010-06-15T10:20+02:00"),
        ("2010-06-15T10:20[Europe/Paris]", "2010-06-15T10:20+02:00[Europe/Paris]"),
        ("2010-01-15T10:20[Europe/Paris]", "2010-01-15T10:20+01:00[Europe/Paris]"),
        ("2010-06-15T10:20-04:00[America/New_York]", "2010-06-15T10:20-04:00[America/New_York]"),
        ("1890-06-15T10:20[Europe/Berlin]", "1890-06-15T10:20+00:53:28[Europe/Berlin]"),
        ("2010-06-15", "2010-06-15T00:00Z"),
    ],
)
def test_datetimes(text: str, expected: str) -> None:
    assert str(parse_datetime(text)) == expected


def test_datetime_in_overlap_keeps_the_given_offset() -> None:
    later = parse_datetime("2017-10-29T02:30+01:00[Europe/Berlin]")
    earlier = parse_datetime("2017-10-29T02:30+02:00[Europe/Berlin]")
    assert (later.offset, earlier.offset) == (3600, 7200)
    assert later.epoch_nanos - earlier.epoch_nanos == 3600 * 10**9


@pytest.mark.parametrize(
    "text", ["2010-06-15T10:20Z[Asia/Tokyo]", "2017-03-26T02:30+01:00[Europe/Berlin]"]
)
def test_offset_must_fit_the_zone(text: str) -> None:
    with pytest.raises(CypherArgumentError):
        parse_datetime(text)


def test_unknown_zone_is_an_argument_error() -> None:
    with pytest.raises(CypherArgumentError):
        parse_datetime("2010-06-15T10:20[Mars/Olympus]")
    with pytest.raises(CypherArgumentError):
        parse_zone("Mars/Olympus")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Z", 0), ("+01", 3600), ("-0130", -5400), ("+05:45", 20700), ("+01:00:30", 3630)],
)
def test_offsets(text: str, expected: int) -> None:
    assert parse_offset(text) == expected
    assert parse_zone(text) == (expected, None)


def test_zone_names() -> None:
    assert parse_zone("Asia/Kolkata") == (0, "Asia/Kolkata")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1Y", "P1Y"),
        ("P18M", "P1Y6M"),
        ("P3W", "P21D"),
        ("PT36H", "PT36H"),
        ("P1DT1.5S", "P1DT1.5S"),
        ("P0.5D", "PT12H"),
        ("P0.5Y", "P6M"),
        ("P1.5M", "P1M15DT5H14M33S"),
        ("PT1.5H", "PT1H30M"),
        ("PT90M", "PT1H30M"),
        ("PT-1.5S", "PT-1.5S"),
        ("P-2D", "P-2D"),
        ("-P1Y2DT3H", "P-1Y-2DT-3H"),
        ("P1Y-2M", "P10M"),
        ("P0003-04-05T06:07:08.9", "P3Y4M5DT6H7M8.9S"),
        ("P00030405T060708", "P3Y4M5DT6H7M8S"),
        ("p1y", "P1Y"),
    ],
)
def test_durations(text: str, expected: str) -> None:
    assert str(parse_duration(text)) == expected


@pytest.mark.parametrize("text", ["P", "PT", "P1YT", "1Y", "P1H", "PT1D", "P1S"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(CypherArgumentError):
        parse_duration(text)


# ------------------------------------------------------------------------ round trips

_days = st.integers(epoch_day(MIN_YEAR, 1, 1), epoch_day(MAX_YEAR, 12, 31))
_nanos = st.integers(0, NANOS_PER_DAY - 1)
_offsets = st.integers(-18 * 3600, 18 * 3600)


@given(_days)
def test_date_round_trip(days: int) -> None:
    date = Date(*civil(days))
    assert parse_date(str(date)) == date


@given(_nanos, _offsets)
def test_time_round_trip(nanos: int, offset: int) -> None:
    assert parse_local_time(str(LocalTime(nanos))) == LocalTime(nanos)
    assert parse_time(str(Time(nanos, offset))) == Time(nanos, offset)


@given(_days, _nanos, _offsets)
def test_datetime_round_trip(days: int, nanos: int, offset: int) -> None:
    local = LocalDateTime(*civil(days), nanos)
    assert parse_local_datetime(str(local)) == local
    fixed = DateTime(local.year, local.month, local.day, nanos, offset, None)
    assert parse_datetime(str(fixed)) == fixed


@given(st.integers(-(10**12), 10**12), st.integers(1800 * 86400, 2200 * 86400 * 2))
def test_named_zone_round_trip(nanos_seed: int, seconds: int) -> None:
    dt = DateTime.from_instant(seconds * 10**9 + nanos_seed % 10**9, 0, "Europe/London")
    assert parse_datetime(str(dt)) == dt


@given(
    st.integers(-(10**6), 10**6),
    st.integers(-(10**6), 10**6),
    st.integers(-(10**10), 10**10),
    st.integers(0, 10**9 - 1),
)
def test_duration_round_trip(months: int, days: int, seconds: int, nanos: int) -> None:
    d = Duration(months, days, seconds, nanos)
    assert parse_duration(str(d)) == d
