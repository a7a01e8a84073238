"""Temporal value classes: string forms, equality, hashing, ordering keys, calendar core."""

from __future__ import annotations

import datetime as pydt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError
from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
    temporal_property,
)
from graphbolt.values._temporal_cal import (
    civil,
    day_of_week,
    epoch_day,
    iso_week,
    offset_at_instant,
    offset_for_local,
    plus_months,
    tdiv,
    tmod,
)

NS = 1_000_000_000


def hms(h: int, m: int = 0, s: int = 0, ns: int = 0) -> int:
    return ((h * 60 + m) * 60 + s) * NS + ns


# ------------------------------------------------------------------------ calendar core


@given(st.dates())
def test_epoch_day_matches_python_ordinals(d: pydt.date) -> None:
    days = epoch_day(d.year, d.month, d.day)
    assert days == d.toordinal() - pydt.date(1970, 1, 1).toordinal()
    assert civil(days) == (d.year, d.month, d.day)
    assert day_of_week(days) == d.isoweekday()
    assert iso_week(days) == tuple(d.isocalendar())[:2]


@given(st.integers(-(10**12), 10**12))
def test_civil_round_trips_far_outside_python_range(days: int) -> None:
    assert epoch_day(*civil(days)) == days


@pytest.mark.parametrize(
    ("a", "b", "q", "r"), [(7, 2, 3, 1), (-7, 2, -3, -1), (7, -2, -3, 1), (-7, -2, 3, -1)]
)
def test_java_division(a: int, b: int, q: int, r: int) -> None:
    assert (tdiv(a, b), tmod(a, b)) == (q, r)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ((2020, 1, 31), 1, (2020, 2, 29)),
        ((2021, 1, 31), 1, (2021, 2, 28)),
        ((2020, 3, 31), -1, (2020, 2, 29)),
        ((2019, 11, 15), 14, (2021, 1, 15)),
        ((0, 1, 1), -1, (-1, 12, 1)),
    ],
)
def test_plus_months_clamps_the_day(start: tuple[int, int, int], months: int, end: tuple) -> None:
    assert plus_months(*start, months) == end


# ------------------------------------------------------------------------ string forms


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Date(2001, 2, 3), "2001-02-03"),
        (Date(28, 11, 11), "0028-11-11"),
        (Date(12345, 1, 1), "+12345-01-01"),
        (Date(-1, 1, 1), "-0001-01-01"),
        (Date(-999_999_999, 1, 1), "-999999999-01-01"),
        (LocalTime(hms(9)), "09:00"),
        (LocalTime(hms(9, 5)), "09:05"),
        (LocalTime(hms(9, 5, 7)), "09:05:07"),
        (LocalTime(hms(9, 5, 0, 1)), "09:05:00.000000001"),
        (LocalTime(hms(23, 59, 59, 500_000_000)), "23:59:59.500"),
        (LocalTime(hms(0, 0, 1, 120_000)), "00:00:01.000120"),
        (LocalTime(hms(0, 0, 0, 123_456_780)), "00:00:00.123456780"),
        (Time(hms(7, 30), 0), "07:30Z"),
        (Time(hms(7, 30), -5 * 3600), "07:30-05:00"),
        (Time(hms(7, 30, 1), 5 * 3600 + 45 * 60), "07:30:01+05:45"),
        (Time(hms(7, 30), 3600 + 7), "07:30+01:00:07"),
        (LocalDateTime(1999, 12, 31, hms(23, 59)), "1999-12-31T23:59"),
        (LocalDateTime(2000, 1, 1, 0), "2000-01-01T00:00"),
        (DateTime(2000, 6, 1, hms(8), 0, None), "2000-06-01T08:00Z"),
        (
            DateTime(2000, 6, 1, hms(8), 7200, "Europe/Paris"),
            "2000-06-01T08:00+02:00[Europe/Paris]",
        ),
        (DateTime(2000, 6, 1, hms(8), 0, "UTC"), "2000-06-01T08:00Z[UTC]"),
    ],
)
def test_string_forms(value: object, text: str) -> None:
    assert str(value) == text


@pytest.mark.parametrize(
    ("months", "days", "seconds", "nanos", "text"),
    [
        (0, 0, 0, 0, "PT0S"),
        (14, 0, 0, 0, "P1Y2M"),
        (-14, 0, 0, 0, "P-1Y-2M"),
        (13, -3, 0, 0, "P1Y1M-3D"),
        (0, 2, 3600 * 5 + 7, 0, "P2DT5H7S"),
        (0, 0, 0, 250_000_000, "PT0.25S"),
        (0, 0, -1, 750_000_000, "PT-0.25S"),
        (0, 0, -3, 500_000_000, "PT-2.5S"),
        (0, 0, -121, 0, "PT-2M-1S"),
        (0, 0, -3601, 999_000_000, "PT-1H-0.001S"),
        (0, 1, 0, 1, "P1DT0.000000001S"),
        (0, 0, 90061, 0, "PT25H1M1S"),
    ],
)
def test_duration_string_forms(months: int, days: int, seconds: int, nanos: int, text: str) -> None:
    assert str(Duration(months, days, seconds, nanos)) == text


def test_duration_normalises_nanos_into_seconds() -> None:
    d = Duration(0, 0, 1, -1)
    assert (d.seconds, d.nanos) == (0, 999_999_999)
    assert Duration(0, 0, 0, 2 * NS + 5) == Duration(0, 0, 2, 5)


# ------------------------------------------------------------------ equality & hashing


def test_equality_is_per_class_and_hash_consistent() -> None:
    assert Date(2000, 1, 1) == Date(2000, 1, 1)
    assert hash(Date(2000, 1, 1)) == hash(Date(2000, 1, 1))
    assert Date(2000, 1, 1) != LocalDateTime(2000, 1, 1, 0)
    assert LocalTime(hms(1)) != Time(hms(1), 0)
    assert len({LocalTime(5), LocalTime(5), LocalTime(6)}) == 2


def test_time_equality_needs_the_same_offset() -> None:
    assert Time(hms(12), 3600) != Time(hms(11), 0)
    assert Time(hms(12), 3600) == Time(hms(12), 3600)


def test_datetime_equality_needs_the_same_zone() -> None:
    fixed = DateTime(2018, 1, 1, 0, 3600, None)
    utc = DateTime(2017, 12, 31, hms(23), 0, None)
    assert fixed.epoch_nanos == utc.epoch_nanos
    assert fixed != utc
    named = DateTime.from_local(LocalDateTime(2018, 1, 1, 0), 0, "Europe/Berlin")
    assert named != fixed and named.epoch_nanos == fixed.epoch_nanos
    assert named == DateTime(2018, 1, 1, 0, 3600, "Europe/Berlin")


def test_duration_equality_compares_components_not_lengths() -> None:
    assert Duration(0, 0, 70, 0) == Duration(0, 0, 60, NS * 10)
    assert Duration(0, 1, 0) != Duration(0, 0, 86400)
    assert Duration(1, 0, 0) != Duration(0, 30, 0)


# --------------------------------------------------------------------------- ordering


def test_time_orders_by_utc_instant() -> None:
    early = Time(hms(10, 35), -8 * 3600)  # 18:35Z
    late = Time(hms(12, 31), 3600)  # 11:31Z
    assert early._cmp_key() > late._cmp_key()


def test_datetime_orders_by_instant_then_zone() -> None:
    a = DateTime(2000, 1, 1, hms(12), 3600, None)  # 11:00Z
    b = DateTime(2000, 1, 1, hms(11, 30), 0, None)
    assert a._cmp_key() < b._cmp_key()
    same_instant = DateTime(2000, 1, 1, hms(11), 0, None)
    assert a._cmp_key() != same_instant._cmp_key()


def test_duration_has_no_cmp_key_but_an_order_key() -> None:
    d = Duration(1, 2, 3, 4)
    assert d._cmp_key() is None
    assert Duration(0, 40, 0)._order_key() < Duration(1, 0, 0)._order_key()


@pytest.mark.parametrize(
    "values",
    [
        [Date(1910, 5, 6), Date(1980, 10, 24), Date(1980, 12, 24), Date(1985, 5, 6)],
        [LocalTime(hms(10, 35)), LocalTime(hms(12, 30, 14)), LocalTime(hms(12, 31, 14, 1))],
        [LocalDateTime(1, 1, 1, 1), LocalDateTime(1980, 12, 11, 5), LocalDateTime(9999, 9, 9, 9)],
    ],
)
def test_order_keys_sort_chronologically(values: list) -> None:
    assert sorted(reversed(values), key=lambda v: v._order_key()) == values


# -------------------------------------------------------------------- zone resolution


def test_named_zone_resolution_follows_the_rules() -> None:
    summer = DateTime.from_local(LocalDateTime(2017, 8, 8, hms(12)), 0, "Europe/Stockholm")
    assert summer.offset == 7200
    winter = DateTime.from_local(LocalDateTime(2017, 1, 8, hms(12)), 0, "Europe/Stockholm")
    assert winter.offset == 3600


def test_local_time_in_a_gap_moves_forward() -> None:
    # 2017-03-26 02:30 does not exist in Stockholm (clocks jump from 02:00 to 03:00).
    dt = DateTime.from_local(LocalDateTime(2017, 3, 26, hms(2, 30)), 0, "Europe/Stockholm")
    assert str(dt) == "2017-03-26T03:30+02:00[Europe/Stockholm]"


def test_overlap_takes_the_earlier_offset_unless_told_otherwise() -> None:
    local = LocalDateTime(2017, 10, 29, hms(2, 30))
    assert DateTime.from_local(local, 0, "Europe/Stockholm").offset == 7200
    assert DateTime.from_local(local, 0, "Europe/Stockholm", preferred=3600).offset == 3600


def test_zone_history_uses_the_main_iana_data() -> None:
    # Stockholm links to Berlin in the main data (as in the JVM): LMT +00:53:28 in 1818.
    seconds = epoch_day(1818, 7, 21) * 86400
    assert offset_for_local("Europe/Stockholm", seconds) == 53 * 60 + 28


def test_offsets_far_from_python_range_stay_defined() -> None:
    far = epoch_day(200_000, 7, 1) * 86400
    assert offset_at_instant("Europe/Stockholm", far) == 7200
    assert offset_at_instant("Europe/Stockholm", epoch_day(-5000, 1, 1) * 86400) == 53 * 60 + 28


def test_datetime_from_instant_and_now() -> None:
    dt = DateTime.from_instant(0, 0, "America/New_York")
    assert str(dt) == "1969-12-31T19:00-05:00[America/New_York]"
    assert DateTime.now().zone is None and DateTime.now().offset == 0


# ------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "make",
    [
        lambda: Date.of(2001, 2, 29),
        lambda: Date.of(2000, 13, 1),
        lambda: Date.of(1_000_000_000, 1, 1),
        lambda: LocalTime.of(24),
        lambda: LocalTime.of(1, 60),
        lambda: Time.of(1, offset=19 * 3600),
        lambda: LocalDateTime.of(2000, 2, 30),
        lambda: Date.from_epoch_day(epoch_day(999_999_999, 12, 31) + 1),
    ],
)
def test_validating_constructors_raise_argument_errors(make: object) -> None:
    with pytest.raises(CypherArgumentError) as info:
        make()  # type: ignore[operator]
    assert info.value.detail == "InvalidArgumentValue"


def test_validating_constructors_accept_valid_fields() -> None:
    assert Date.of(2000, 2, 29) == Date(2000, 2, 29)
    assert LocalDateTime.of(2000, 1, 2, 3, 4, 5, 6).nano_of_day == hms(3, 4, 5, 6)
    assert Time.of(1, offset=-3600) == Time(hms(1), -3600)


def test_temporal_property_is_reachable_from_the_class_module() -> None:
    assert temporal_property(Date(2000, 3, 1), "ordinalDay") == 61


@given(
    st.integers(epoch_day(1900, 1, 1) * 86400, epoch_day(2100, 1, 1) * 86400),
    st.sampled_from(["Europe/Stockholm", "America/New_York", "Australia/Lord_Howe", "Asia/Tehran"]),
)
def test_instants_agree_with_zoneinfo(seconds: int, zone: str) -> None:
    from graphbolt.values._temporal_cal import zone_info

    info = zone_info(zone)
    assert info is not None
    expected = pydt.datetime.fromtimestamp(seconds, tz=info)
    dt = DateTime.from_instant(seconds * NS, 0, zone)
    assert (dt.year, dt.month, dt.day) == (expected.year, expected.month, expected.day)
    assert dt.nano_of_day == hms(expected.hour, expected.minute, expected.second)
    # Re-resolving the local fields with the offset as preference finds the same instant.
    assert DateTime.from_local(dt.local, dt.offset, zone, dt.offset).epoch_nanos == seconds * NS
