"""Proleptic Gregorian calendar arithmetic on plain integers, and time-zone resolution.

Python's ``datetime`` stops at years 1..9999 and at microseconds; Cypher dates run from
-999,999,999 to +999,999,999 with nanosecond times. Everything here works on epoch days
(days since 1970-01-01) and nanosecond counts, so it has neither limit. ``zoneinfo`` (with the
``tzdata`` package) is only consulted for a zone's UTC offset at a given moment; moments
outside its range are mapped onto an equivalent year inside it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from graphbolt.errors import CypherArgumentError

NANOS_PER_SECOND = 1_000_000_000
SECONDS_PER_DAY = 86_400
NANOS_PER_DAY = SECONDS_PER_DAY * NANOS_PER_SECOND
MIN_YEAR = -999_999_999
MAX_YEAR = 999_999_999
MAX_OFFSET = 18 * 3600

_DAYS_PER_400_YEARS = 146_097
_EPOCH_SHIFT = 719_468  # days from 0000-03-01 to 1970-01-01
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def tdiv(a: int, b: int) -> int:
    """Integer division truncating toward zero (Java's ``/``)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def tmod(a: int, b: int) -> int:
    """Remainder with the sign of the dividend (Java's ``%``)."""
    return a - b * tdiv(a, b)


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_length(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def year_length(year: int) -> int:
    return 366 if is_leap(year) else 365


def epoch_day(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a (valid) proleptic Gregorian date."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * _DAYS_PER_400_YEARS + doe - _EPOCH_SHIFT


def civil(days: int) -> tuple[int, int, int]:
    """(year, month, day) of an epoch day; the inverse of ``epoch_day``."""
    z = days + _EPOCH_SHIFT
    era = z // _DAYS_PER_400_YEARS
    doe = z - era * _DAYS_PER_400_YEARS
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (1 if month <= 2 else 0)
    return year, month, day


def day_of_week(days: int) -> int:
    """ISO day of week of an epoch day: Monday 1 .. Sunday 7."""
    return (days + 3) % 7 + 1


def ordinal_day(year: int, month: int, day: int) -> int:
    return epoch_day(year, month, day) - epoch_day(year, 1, 1) + 1


def week_one_monday(week_year: int) -> int:
    """Epoch day of the Monday starting ISO week 1 of ``week_year``."""
    jan4 = epoch_day(week_year, 1, 4)
    return jan4 - day_of_week(jan4) + 1


def weeks_in_year(week_year: int) -> int:
    return (week_one_monday(week_year + 1) - week_one_monday(week_year)) // 7


def iso_week(days: int) -> tuple[int, int]:
    """(week-based year, week of week-based year) of an epoch day."""
    thursday = days - day_of_week(days) + 4
    year = civil(thursday)[0]
    return year, (thursday - epoch_day(year, 1, 1)) // 7 + 1


def plus_months(year: int, month: int, day: int, months: int) -> tuple[int, int, int]:
    """Add months, clamping the day to the new month's length (as java.time does)."""
    total = year * 12 + (month - 1) + months
    y, m = divmod(total, 12)
    m += 1
    return y, m, min(day, month_length(y, m))


# ---------------------------------------------------------------------------- validation


def invalid(message: str) -> CypherArgumentError:
    """The error for an out-of-range or malformed temporal component."""
    return CypherArgumentError("InvalidArgumentValue", message)


def check_date(year: int, month: int, day: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise invalid(f"Invalid value for Year (valid values {MIN_YEAR} - {MAX_YEAR}): {year}")
    if not 1 <= month <= 12:
        raise invalid(f"Invalid value for MonthOfYear (valid values 1 - 12): {month}")
    if not 1 <= day <= month_length(year, month):
        raise invalid(f"Invalid date: day {day} of {year:04d}-{month:02d}")


def check_time(hour: int, minute: int, second: int, nano: int) -> int:
    if not 0 <= hour <= 23:
        raise invalid(f"Invalid value for HourOfDay (valid values 0 - 23): {hour}")
    if not 0 <= minute <= 59:
        raise invalid(f"Invalid value for MinuteOfHour (valid values 0 - 59): {minute}")
    if not 0 <= second <= 59:
        raise invalid(f"Invalid value for SecondOfMinute (valid values 0 - 59): {second}")
    if not 0 <= nano < NANOS_PER_SECOND:
        raise invalid(f"Invalid value for NanoOfSecond (valid values 0 - 999999999): {nano}")
    return ((hour * 60 + minute) * 60 + second) * NANOS_PER_SECOND + nano


def check_offset(offset: int) -> int:
    if not -MAX_OFFSET <= offset <= MAX_OFFSET:
        raise invalid(f"Zone offset not in valid range: -18:00 to +18:00: {offset}s")
    return offset


# ---------------------------------------------------------------------------- time zones

_UTC = timezone.utc
_PY_EPOCH = datetime(1970, 1, 1)
_PY_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=_UTC)
# zoneinfo only covers years 1..9999: later moments are moved back by whole 400-year cycles
# (which repeat the calendar exactly), earlier ones take the zone's earliest offset.
_CYCLE_SECONDS = _DAYS_PER_400_YEARS * SECONDS_PER_DAY
_LATEST = epoch_day(9600, 1, 1) * SECONDS_PER_DAY
_EARLIEST = epoch_day(1, 1, 2) * SECONDS_PER_DAY


_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(?:/[A-Za-z0-9_+\-]+)*")


@lru_cache(maxsize=512)
def zone_info(name: str) -> ZoneInfo | None:
    """The ``ZoneInfo`` for an IANA name, or None when unknown.

    The ``tzdata`` package is read first, the system database only as a fallback: tzdata
    ships the main IANA data, where zones merged since 2022 (Europe/Stockholm is a link to
    Europe/Berlin) share their pre-1970 history, as in the JVM's database that Neo4j and
    the TCK use; Debian's system files are built from the ``backzone`` variant.
    """
    if _ZONE_NAME.fullmatch(name) is None:
        return None
    try:
        resource = resources.files("tzdata.zoneinfo").joinpath(name)
        with resource.open("rb") as handle:
            return ZoneInfo.from_file(handle, key=name)
    except (ModuleNotFoundError, OSError, ValueError):
        pass
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _in_range(seconds: int) -> int:
    if seconds >= _LATEST:
        cycles = (seconds - _LATEST) // _CYCLE_SECONDS + 1
        return seconds - cycles * _CYCLE_SECONDS
    return max(seconds, _EARLIEST)


def _offset(delta: timedelta | None) -> int:
    return 0 if delta is None else delta.days * SECONDS_PER_DAY + delta.seconds


def offset_at_instant(zone: str, epoch_seconds: int) -> int:
    """UTC offset (seconds) of ``zone`` at an instant."""
    info = zone_info(zone)
    if info is None:
        return 0
    moment = _PY_EPOCH_UTC + timedelta(seconds=_in_range(epoch_seconds))
    return _offset(info.utcoffset(moment.astimezone(info)))


def offset_for_local(zone: str, local_seconds: int, preferred: int | None = None) -> int:
    """Offset that a local date-time (seconds since the local epoch) gets in ``zone``.

    Like java.time's ``ZonedDateTime.ofLocal``: in an overlap the earlier offset wins unless
    ``preferred`` is one of the two valid offsets; in a gap the result is the offset valid
    just before the gap, so the caller's instant (local - offset) lands right after the gap,
    and re-deriving the local time from that instant shifts it forward by the gap's length.
    """
    info = zone_info(zone)
    if info is None:
        return 0
    naive = _PY_EPOCH + timedelta(seconds=_in_range(local_seconds))
    first = _offset(info.utcoffset(naive))
    if preferred is not None and preferred != first:
        second = _offset(info.utcoffset(naive.replace(fold=1)))
        if preferred == second:
            return second
    return first
