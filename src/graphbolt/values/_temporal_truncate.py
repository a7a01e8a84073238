"""``<kind>.truncate(unit, value, overrides)``: cut a temporal down to a unit, then adjust.

Units: ``millennium``, ``century``, ``decade``, ``year``, ``weekYear`` (Monday of ISO week 1),
``quarter``, ``month``, ``week`` (Monday), ``day`` and, for kinds with a time, ``hour``,
``minute``, ``second``, ``millisecond``, ``microsecond`` (matched case-insensitively).
Millennia, centuries and decades are floored (2017 -> 2000, 1984 -> 1900 / 1980).

The overrides map sets fields on the truncated value as a map constructor would over a
selected value (``{day: 2}``, ``{dayOfWeek: 2}``, ``{nanosecond: 2}``). A ``timezone``
override *replaces* the zone keeping the local fields (it does not convert). Without it a
zoned result keeps the input's zone, or gets the default zone (UTC) when the input had none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphbolt.values._temporal import (
    Date,
    DateTime,
    LocalDateTime,
    LocalTime,
    Temporal,
    Time,
    invalid,
)
from graphbolt.values._temporal_build import (
    UTC,
    Zone,
    normalize,
    resolve_date,
    resolve_time,
    wrong_type,
)
from graphbolt.values._temporal_cal import (
    civil,
    day_of_week,
    epoch_day,
    iso_week,
    week_one_monday,
)
from graphbolt.values._temporal_construct import zone_offset_now
from graphbolt.values._temporal_parse import parse_zone

_DATE_UNITS = frozenset(
    ("millennium", "century", "decade", "year", "weekyear", "quarter", "month", "week", "day")
)
_TIME_UNITS: dict[str, int] = {
    "day": 86_400_000_000_000,
    "hour": 3_600_000_000_000,
    "minute": 60_000_000_000,
    "second": 1_000_000_000,
    "millisecond": 1_000_000,
    "microsecond": 1000,
}


def truncate_date_part(unit: str, date: Date) -> Date:
    """The first day of the ``unit`` containing ``date``."""
    y = date.year
    if unit == "millennium":
        return Date(y // 1000 * 1000, 1, 1)
    if unit == "century":
        return Date(y // 100 * 100, 1, 1)
    if unit == "decade":
        return Date(y // 10 * 10, 1, 1)
    if unit == "year":
        return Date(y, 1, 1)
    if unit == "weekyear":
        return Date(*civil(week_one_monday(iso_week(date.epoch_day)[0])))
    if unit == "quarter":
        return Date(y, (date.month - 1) // 3 * 3 + 1, 1)
    if unit == "month":
        return Date(y, date.month, 1)
    if unit == "week":
        days = epoch_day(y, date.month, date.day)
        return Date(*civil(days - day_of_week(days) + 1))
    return date


def _unit(unit: object, allowed: frozenset[str] | dict[str, int], kind: str) -> str:
    if not isinstance(unit, str):
        raise wrong_type("truncation unit must be a string", unit)
    name = unit.lower()
    if name not in allowed:
        raise invalid(f"Unit '{unit}' cannot be used to truncate a {kind}")
    return name


def _overrides(overrides: Mapping[str, Any] | None) -> tuple[dict[str, Any], Zone | None]:
    fields = normalize(overrides or {})
    for key in ("date", "time", "datetime"):
        if key in fields:
            raise invalid(f"Cannot use {key} in a truncation map")
    text = fields.pop("timezone", None)
    return fields, None if text is None else parse_zone(text)


def _date_of(value: Temporal, kind: str) -> Date:
    if isinstance(value, Date | LocalDateTime | DateTime):
        return Date(value.year, value.month, value.day)
    raise wrong_type(f"Cannot truncate to a {kind}", value)


def _nano_of(value: Temporal, kind: str) -> int:
    if isinstance(value, LocalTime | Time | LocalDateTime | DateTime):
        return value.nano_of_day
    raise wrong_type(f"Cannot truncate to a {kind}", value)


def truncate_date(unit: object, value: Temporal, overrides: Mapping[str, Any] | None) -> Date:
    name = _unit(unit, _DATE_UNITS, "date")
    fields, zone = _overrides(overrides)
    if zone is not None:
        raise invalid("Cannot assign a timezone to a date")
    return resolve_date(fields, truncate_date_part(name, _date_of(value, "date")))


def _truncated_local(
    unit: object, value: Temporal, fields: dict[str, Any], kind: str
) -> LocalDateTime:
    name = _unit(unit, _DATE_UNITS | _TIME_UNITS.keys(), kind)
    date = _date_of(value, kind)
    if name in _DATE_UNITS:
        date = truncate_date_part(name, date)
    nano = 0
    if name in _TIME_UNITS and not isinstance(value, Date):
        step = _TIME_UNITS[name]
        nano = _nano_of(value, kind) // step * step
    date = resolve_date(fields, date)
    nano = resolve_time(fields, nano)
    return LocalDateTime(date.year, date.month, date.day, nano)


def truncate_local_datetime(
    unit: object, value: Temporal, overrides: Mapping[str, Any] | None
) -> LocalDateTime:
    fields, zone = _overrides(overrides)
    if zone is not None:
        raise invalid("Cannot assign a timezone to a local date time")
    return _truncated_local(unit, value, fields, "local date time")


def truncate_datetime(
    unit: object, value: Temporal, overrides: Mapping[str, Any] | None, default_zone: Zone = UTC
) -> DateTime:
    fields, zone = _overrides(overrides)
    local = _truncated_local(unit, value, fields, "date time")
    if zone is not None:
        return DateTime.from_local(local, *zone)
    if isinstance(value, DateTime):
        return DateTime.from_local(local, value.offset, value.zone, preferred=value.offset)
    return DateTime.from_local(local, *default_zone)


def _truncated_time(unit: object, value: Temporal, fields: dict[str, Any], kind: str) -> int:
    name = _unit(unit, _TIME_UNITS, kind)
    step = _TIME_UNITS[name]
    return resolve_time(fields, _nano_of(value, kind) // step * step)


def truncate_local_time(
    unit: object, value: Temporal, overrides: Mapping[str, Any] | None
) -> LocalTime:
    fields, zone = _overrides(overrides)
    if zone is not None:
        raise invalid("Cannot assign a timezone to a local time")
    return LocalTime(_truncated_time(unit, value, fields, "local time"))


def truncate_time(
    unit: object, value: Temporal, overrides: Mapping[str, Any] | None, default_zone: Zone = UTC
) -> Time:
    fields, zone = _overrides(overrides)
    nano = _truncated_time(unit, value, fields, "time")
    if zone is not None:
        return Time(nano, zone_offset_now(zone))
    if isinstance(value, Time | DateTime):
        return Time(nano, value.offset)
    return Time(nano, zone_offset_now(default_zone))
