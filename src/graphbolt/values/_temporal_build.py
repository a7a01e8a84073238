"""Temporal values from maps (``date({year: 1984, week: 10})``) and from other temporals.

A map names calendar fields, clock fields, a ``timezone`` and, optionally, values to select
from: ``date`` (the date of any temporal with a date), ``time`` (the time, and offset or zone,
of any temporal with a time) and ``datetime`` (both). Fields given next to a selected value
override its components: ``{date: d, day: 28}`` is ``d`` on the 28th, ``{date: d, week: 2}``
keeps the week-year and day of week of ``d``. Without a selected date the fields must start
at ``year`` and form one group: year/month/day, year/week/dayOfWeek (``year`` is then the
week-year), year/ordinalDay or year/quarter/dayOfQuarter; missing smaller fields default to
their first value. Clock fields must start at ``hour`` likewise. Sub-second fields add up:
``{millisecond: 123, microsecond: 456, nanosecond: 789}`` is ``.123456789``.

Zones, for ``datetime`` and ``time``: a zone carried by the selected ``datetime`` or ``time``
value is kept, and a ``timezone`` field then *converts* to that zone (same instant); with no
carried zone, ``timezone`` places the local fields in that zone; with neither, the default
zone is UTC. The local types reject ``timezone`` next to fields. ``datetime`` also takes
``{epochSeconds: s}`` or ``{epochMillis: ms}`` (plus sub-second fields and ``timezone``).

Keys match case-insensitively; a null entry is ignored. Errors: an unknown key, a bad field
combination or an out-of-range value raise ``CypherArgumentError("InvalidArgumentValue")``; a
field of the wrong type raises ``CypherTypeError("InvalidArgumentType")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, overload

from graphbolt.errors import CypherTypeError
from graphbolt.values._temporal import (
    Date,
    DateTime,
    LocalDateTime,
    LocalTime,
    Temporal,
    Time,
    invalid,
)
from graphbolt.values._temporal_cal import (
    NANOS_PER_DAY,
    NANOS_PER_SECOND,
    check_date,
    check_time,
    day_of_week,
    iso_week,
    month_length,
    weeks_in_year,
)
from graphbolt.values._temporal_parse import (
    date_from_ordinal,
    date_from_quarter,
    date_from_week,
)

Zone = tuple[int, "str | None"]  # (offset seconds, zone name or None)
UTC: Zone = (0, None)

DATE_KEYS = ("year", "quarter", "month", "week", "dayofweek", "ordinalday", "dayofquarter", "day")
TIME_KEYS = ("hour", "minute", "second", "millisecond", "microsecond", "nanosecond")
_SELECT_KEYS = ("date", "time", "datetime")
EPOCH_KEYS = ("epochseconds", "epochmillis")
_KNOWN = frozenset(DATE_KEYS + TIME_KEYS + _SELECT_KEYS + EPOCH_KEYS + ("timezone",))
_SUB_SECOND = ("millisecond", "microsecond", "nanosecond")


def wrong_type(what: str, value: object) -> CypherTypeError:
    return CypherTypeError("InvalidArgumentType", f"{what}: got {type(value).__name__} {value!r}")


def normalize(values: Mapping[str, Any]) -> dict[str, Any]:
    """Lower-cased keys, nulls dropped, field types checked."""
    fields: dict[str, Any] = {}
    for key, value in values.items():
        name = key.lower()
        if name not in _KNOWN:
            raise invalid(f"No such field: {key}")
        if value is None:
            continue
        if name in _SELECT_KEYS:
            if not isinstance(value, Temporal):
                raise wrong_type(f"{key} must be a temporal value", value)
        elif name == "timezone":
            if not isinstance(value, str):
                raise wrong_type("timezone must be a string", value)
        elif isinstance(value, bool) or not isinstance(value, int):
            raise wrong_type(f"{key} must be an integer", value)
        fields[name] = value
    return fields


def is_clock_only(fields: Mapping[str, Any]) -> bool:
    """True for ``{}`` or ``{timezone: ...}``: the caller means "now" (in that zone)."""
    return all(key == "timezone" for key in fields)


# ---------------------------------------------------------------------------- dates


def selected_date(fields: Mapping[str, Any]) -> Date | None:
    source = fields.get("date", fields.get("datetime"))
    if source is None:
        return None
    if isinstance(source, Date | LocalDateTime | DateTime):
        return Date(source.year, source.month, source.day)
    raise wrong_type("Cannot select a date from", source)


def _date_group(fields: Mapping[str, Any]) -> str:
    groups = {
        "week": ("week", "dayofweek"),
        "ordinal": ("ordinalday",),
        "quarter": ("quarter", "dayofquarter"),
        "calendar": ("month", "day"),
    }
    found = [name for name, keys in groups.items() if any(k in fields for k in keys)]
    if len(found) > 1:
        raise invalid(f"Cannot combine date fields: {sorted(k for k in fields)}")
    return found[0] if found else "calendar"


@overload
def resolve_date(fields: Mapping[str, Any], base: Date) -> Date: ...
@overload
def resolve_date(fields: Mapping[str, Any], base: Date | None) -> Date | None: ...


def resolve_date(fields: Mapping[str, Any], base: Date | None) -> Date | None:
    """The date the fields denote (over ``base`` when given), or None when there is none."""
    group = _date_group(fields)
    year = fields.get("year")
    if base is None:
        if year is None:
            if any(k in fields for k in DATE_KEYS):
                raise invalid("year must be specified")
            return None
        return _fresh_date(fields, group, year)
    return _override_date(fields, group, base, year)


def _fresh_date(fields: Mapping[str, Any], group: str, year: int) -> Date:
    get = fields.get
    if group == "week":
        if "week" not in fields:
            raise invalid("week must be specified with dayOfWeek")
        return date_from_week(year, fields["week"], get("dayofweek", 1))
    if group == "ordinal":  # "ordinalday" is the group's only key, so it is present
        return date_from_ordinal(year, fields["ordinalday"])
    if group == "quarter":
        if "quarter" not in fields:
            raise invalid("quarter must be specified with dayOfQuarter")
        return date_from_quarter(year, fields["quarter"], get("dayofquarter", 1))
    if "day" in fields and "month" not in fields:
        raise invalid("month must be specified with day")
    month, day = get("month", 1), get("day", 1)
    check_date(year, month, day)
    return Date(year, month, day)


def _override_date(fields: Mapping[str, Any], group: str, base: Date, year: int | None) -> Date:
    get = fields.get
    if group == "week":
        week_year, week = iso_week(base.epoch_day)
        week_year = week_year if year is None else year
        if "week" in fields:
            week = fields["week"]
        else:
            week = min(week, weeks_in_year(week_year))
        return date_from_week(week_year, week, get("dayofweek", day_of_week(base.epoch_day)))
    year = base.year if year is None else year
    if group == "ordinal":  # "ordinalday" is the group's only key, so it is present
        return date_from_ordinal(year, fields["ordinalday"])
    if group == "quarter":
        quarter = (base.month - 1) // 3 + 1
        if "dayofquarter" in fields:
            return date_from_quarter(year, get("quarter", quarter), fields["dayofquarter"])
        month = base.month + (get("quarter", quarter) - quarter) * 3
        return _with_day(year, month, base.day, clamp=True)
    month = get("month", base.month)
    if "day" in fields:
        return _with_day(year, month, fields["day"], clamp=False)
    return _with_day(year, month, base.day, clamp=True)


def _with_day(year: int, month: int, day: int, *, clamp: bool) -> Date:
    if 1 <= month <= 12 and clamp:
        day = min(day, month_length(year, month))
    check_date(year, month, day)
    return Date(year, month, day)


# ---------------------------------------------------------------------------- times


def selected_time(fields: Mapping[str, Any]) -> tuple[int, Zone | None] | None:
    """(nano of day, carried zone or None) of the ``time`` / ``datetime`` selection."""
    source = fields.get("time", fields.get("datetime"))
    if source is None:
        return None
    if isinstance(source, LocalTime | LocalDateTime):
        return source.nano_of_day, None
    if isinstance(source, Time):
        return source.nano_of_day, (source.offset, None)
    if isinstance(source, DateTime):
        return source.nano_of_day, (source.offset, source.zone)
    raise wrong_type("Cannot select a time from", source)


@overload
def resolve_time(fields: Mapping[str, Any], base: int) -> int: ...
@overload
def resolve_time(fields: Mapping[str, Any], base: int | None) -> int | None: ...


def resolve_time(fields: Mapping[str, Any], base: int | None) -> int | None:
    """The nano-of-day the clock fields denote (over ``base`` when given), or None."""
    get = fields.get
    if base is None:
        if "hour" not in fields:
            if any(k in fields for k in TIME_KEYS):
                raise invalid("hour must be specified")
            return None
        order = ("minute", "second")
        for smaller, larger in ((order[0], "hour"), (order[1], order[0])):
            if smaller in fields and larger not in fields:
                raise invalid(f"{larger} must be specified with {smaller}")
        if any(k in fields for k in _SUB_SECOND) and "second" not in fields:
            raise invalid("second must be specified with sub-second fields")
        nano = sub_second(fields, 0)
        return check_time(fields["hour"], get("minute", 0), get("second", 0), nano)
    seconds, nano = divmod(base, NANOS_PER_SECOND)
    hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    nano = sub_second(fields, nano)
    return check_time(get("hour", hour), get("minute", minute), get("second", second), nano)


def sub_second(fields: Mapping[str, Any], base: int) -> int:
    """Nano-of-second from millisecond/microsecond/nanosecond over ``base``.

    Each field replaces its own digits (``nanosecond: 2`` over ``.645`` gives ``.645000002``)
    unless it is the largest one given, which may span the lower digits too
    (``{microsecond: 645876}`` is ``.645876``).
    """
    ms, us, ns = (fields.get(k) for k in _SUB_SECOND)
    if ms is None and us is None and ns is None:
        return base
    _range("millisecond", ms, 999)
    _range("microsecond", us, 999 if ms is not None else 999_999)
    _range("nanosecond", ns, 999 if ms is not None or us is not None else 999_999_999)
    if ms is not None:
        base = ms * 1_000_000 + base % 1_000_000
    if us is not None:
        if ms is not None or us < 1000:
            base = base - base % 1_000_000 + us * 1000 + base % 1000
        else:
            base = us * 1000 + base % 1000
    if ns is not None:
        base = base - base % 1000 + ns if ns < 1000 else ns
    return base


def _range(name: str, value: int | None, top: int) -> None:
    if value is not None and not 0 <= value <= top:
        raise invalid(f"Invalid value for {name} (valid values 0 - {top}): {value}")


def shift_time(nano_of_day: int, from_offset: int, to_offset: int) -> int:
    """The same instant's time of day under another offset."""
    return (nano_of_day + (to_offset - from_offset) * NANOS_PER_SECOND) % NANOS_PER_DAY
