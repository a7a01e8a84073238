"""ISO-8601 parsing of Cypher's temporal strings (what ``date('...')`` & co. accept).

Dates: calendar ``2015-07-21`` / ``20150721``, year-month ``2015-07`` / ``201507``, week dates
``2015-W30-2`` / ``2015W302`` / ``2015-W30``, ordinal dates ``2015-202`` / ``2015202``, bare
years ``2015``, and signed years of up to nine digits (``+999999999-12-31``). Times: ``21``,
``21:40`` / ``2140``, ``21:40:32`` / ``214032``, fractions of up to nine digits after ``.`` or
``,``. Offsets: ``Z``, ``+01``, ``+0100``, ``+01:00``, ``-02:05:07``. Zone names in brackets:
``[Europe/Stockholm]``. Durations: ``P1Y2M3W4DT5H6M7.5S`` with a sign or a fraction on any
component, a leading ``-`` negating all of it, and the alternative ``P2012-02-02T14:37:21.545``.
A time without offset, or a date-time without offset or zone, is in the default zone (UTC);
an offset next to a zone id must be one the zone uses at that time.
Malformed text raises ``CypherArgumentError("InvalidArgumentValue")``.
"""

from __future__ import annotations

import re
from fractions import Fraction

from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
    invalid,
)
from graphbolt.values._temporal_cal import (
    MAX_OFFSET,
    MAX_YEAR,
    MIN_YEAR,
    check_date,
    check_time,
    civil,
    epoch_day,
    week_one_monday,
    weeks_in_year,
    year_length,
    zone_info,
)
from graphbolt.values._temporal_duration import duration_from_parts

_DATE = (
    r"(?P<year>[+-]\d{4,9}|\d{4})"
    r"(?:-?(?:W(?P<week>\d{2})(?:-?(?P<dow>\d))?"
    r"|(?P<month>\d{2})(?:-?(?P<day>\d{2}))?"
    r"|(?P<ordinal>\d{3})))?"
)
_TIME = (
    r"(?P<hour>\d{2})(?::?(?P<minute>\d{2})"
    r"(?::?(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?)?"
)
_OFFSET = r"(?P<offset>Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)"
_ZONE_ID = r"(?:\[(?P<zone>[^\]]+)\])"

_DATE_RE = re.compile(_DATE, re.IGNORECASE)
_LOCAL_TIME_RE = re.compile(_TIME)
_TIME_RE = re.compile(_TIME + _OFFSET + "?", re.IGNORECASE)
_LOCAL_DATETIME_RE = re.compile(f"{_DATE}(?:T{_TIME})?", re.IGNORECASE)
_DATETIME_RE = re.compile(f"{_DATE}(?:T{_TIME}{_OFFSET}?)?{_ZONE_ID}?", re.IGNORECASE)
_OFFSET_RE = re.compile(r"([+-])(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?")

_NUM = r"[-+]?\d+(?:[.,]\d+)?"
_DURATION_RE = re.compile(
    rf"(?P<sign>[-+]?)P(?:(?P<years>{_NUM})Y)?(?:(?P<months>{_NUM})M)?(?:(?P<weeks>{_NUM})W)?"
    rf"(?:(?P<days>{_NUM})D)?(?P<t>T(?:(?P<hours>{_NUM})H)?(?:(?P<minutes>{_NUM})M)?"
    rf"(?:(?P<seconds>{_NUM})S)?)?",
    re.IGNORECASE,
)
_DURATION_ALT_RE = re.compile(
    r"(?P<sign>[-+]?)P(?P<years>\d{4})-?(?P<months>\d{2})-?(?P<days>\d{2})"
    r"(?:T(?P<hours>\d{2}):?(?P<minutes>\d{2}):?(?P<seconds>\d{2}(?:[.,]\d{1,9})?))?",
    re.IGNORECASE,
)


def _cannot_parse(kind: str, text: str) -> Exception:
    return invalid(f"Text cannot be parsed to a {kind}: '{text}'")


# ------------------------------------------------------------------- calendar builders


def date_from_week(week_year: int, week: int, dow: int) -> Date:
    """The date of ISO week ``week`` (1..52/53), day ``dow`` (1 Monday .. 7) of a week-year."""
    if not MIN_YEAR <= week_year <= MAX_YEAR:
        raise invalid(f"Invalid value for Year: {week_year}")
    if not 1 <= week <= weeks_in_year(week_year):
        raise invalid(f"Invalid value for WeekOfWeekBasedYear: {week} (year {week_year})")
    if not 1 <= dow <= 7:
        raise invalid(f"Invalid value for DayOfWeek (valid values 1 - 7): {dow}")
    return Date.from_epoch_day(week_one_monday(week_year) + (week - 1) * 7 + dow - 1)


def date_from_ordinal(year: int, ordinal: int) -> Date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise invalid(f"Invalid value for Year: {year}")
    if not 1 <= ordinal <= year_length(year):
        raise invalid(f"Invalid value for DayOfYear: {ordinal} (year {year})")
    return Date(*civil(epoch_day(year, 1, 1) + ordinal - 1))


def date_from_quarter(year: int, quarter: int, day_of_quarter: int) -> Date:
    if not 1 <= quarter <= 4:
        raise invalid(f"Invalid value for QuarterOfYear (valid values 1 - 4): {quarter}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise invalid(f"Invalid value for Year: {year}")
    start = epoch_day(year, quarter * 3 - 2, 1)
    end = epoch_day(year + 1, 1, 1) if quarter == 4 else epoch_day(year, quarter * 3 + 1, 1)
    if not 1 <= day_of_quarter <= end - start:
        raise invalid(f"Invalid value for DayOfQuarter: {day_of_quarter}")
    return Date(*civil(start + day_of_quarter - 1))


# ------------------------------------------------------------------------------ parts


def _date_of(m: re.Match[str]) -> Date:
    year = int(m["year"])
    if m["week"] is not None:
        return date_from_week(year, int(m["week"]), int(m["dow"] or 1))
    if m["ordinal"] is not None:
        return date_from_ordinal(year, int(m["ordinal"]))
    month = int(m["month"] or 1)
    day = int(m["day"] or 1)
    check_date(year, month, day)
    return Date(year, month, day)


def _nano_of_day(m: re.Match[str]) -> int:
    if m["hour"] is None:
        return 0
    fraction = m["fraction"]
    nano = int(fraction.ljust(9, "0")) if fraction else 0
    return check_time(int(m["hour"]), int(m["minute"] or 0), int(m["second"] or 0), nano)


def parse_offset(text: str) -> int | None:
    """Offset seconds of ``Z`` / ``+01`` / ``+0100`` / ``+01:00`` / ``+01:00:30``, else None."""
    if text in ("Z", "z"):
        return 0
    m = _OFFSET_RE.fullmatch(text)
    if m is None:
        return None
    hours, minutes, seconds = int(m[2]), int(m[3] or 0), int(m[4] or 0)
    if minutes > 59 or seconds > 59:
        return None
    total = hours * 3600 + minutes * 60 + seconds
    if total > MAX_OFFSET:
        raise invalid(f"Zone offset not in valid range: -18:00 to +18:00: '{text}'")
    return -total if m[1] == "-" else total


def parse_zone(text: str) -> tuple[int, str | None]:
    """A time-zone argument: an offset (``(seconds, None)``) or a zone id (``(0, name)``)."""
    offset = parse_offset(text)
    if offset is not None:
        return offset, None
    if zone_info(text) is None:
        raise invalid(f"Invalid value for time zone: '{text}'")
    return 0, text


# ---------------------------------------------------------------------------- parsers


def parse_date(text: str) -> Date:
    m = _DATE_RE.fullmatch(text)
    if m is None:
        raise _cannot_parse("Date", text)
    return _date_of(m)


def parse_local_time(text: str) -> LocalTime:
    m = _LOCAL_TIME_RE.fullmatch(text)
    if m is None:
        raise _cannot_parse("LocalTime", text)
    return LocalTime(_nano_of_day(m))


def parse_time(text: str, default_offset: int = 0) -> Time:
    m = _TIME_RE.fullmatch(text)
    if m is None:
        raise _cannot_parse("Time", text)
    offset = default_offset if m["offset"] is None else parse_offset(m["offset"])
    if offset is None:
        raise _cannot_parse("Time", text)
    return Time(_nano_of_day(m), offset)


def parse_local_datetime(text: str) -> LocalDateTime:
    m = _LOCAL_DATETIME_RE.fullmatch(text)
    if m is None:
        raise _cannot_parse("LocalDateTime", text)
    date = _date_of(m)
    return LocalDateTime(date.year, date.month, date.day, _nano_of_day(m))


def parse_datetime(text: str, default_zone: tuple[int, str | None] = (0, None)) -> DateTime:
    m = _DATETIME_RE.fullmatch(text)
    if m is None:
        raise _cannot_parse("DateTime", text)
    date = _date_of(m)
    local = LocalDateTime(date.year, date.month, date.day, _nano_of_day(m))
    offset = None if m["offset"] is None else parse_offset(m["offset"])
    if m["offset"] is not None and offset is None:
        raise _cannot_parse("DateTime", text)
    zone = m["zone"] and m["zone"].replace(" ", "_")
    if zone is None:
        if offset is None:
            return DateTime.from_local(local, *default_zone)
        return DateTime(local.year, local.month, local.day, local.nano_of_day, offset, None)
    if zone_info(zone) is None:
        raise invalid(f"Invalid value for time zone: '{zone}'")
    if offset is None:
        return DateTime.from_local(local, 0, zone)
    result = DateTime.from_local(local, offset, zone, preferred=offset)
    if result.offset != offset or result.nano_of_day != local.nano_of_day:
        raise invalid(f"Timezone and offset do not match: '{text}'")
    return result


def _number(text: str | None) -> Fraction:
    return Fraction(text.replace(",", ".")) if text else Fraction(0)


def parse_duration(text: str) -> Duration:
    m = _DURATION_RE.fullmatch(text)
    if m is not None:
        units = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
        present = [m[unit] for unit in units]
        empty_t = m["t"] is not None and not any(present[4:])
        if not any(present) or empty_t:
            raise _cannot_parse("Duration", text)
    else:
        m = _DURATION_ALT_RE.fullmatch(text)
        if m is None:
            raise _cannot_parse("Duration", text)
    groups = m.groupdict()
    sign = -1 if m["sign"] == "-" else 1
    months = _number(groups["years"]) * 12 + _number(groups["months"])
    days = _number(groups.get("weeks")) * 7 + _number(groups["days"])
    seconds = (
        _number(groups["hours"]) * 3600 + _number(groups["minutes"]) * 60
        + _number(groups["seconds"])
    )  # fmt: skip
    return duration_from_parts(sign * months, sign * days, sign * seconds, Fraction(0))
