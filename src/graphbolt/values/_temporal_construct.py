"""The five temporal constructors over maps and over other temporal values.

``make_<kind>(fields)`` takes a map already passed through ``_temporal_build.normalize`` that
is *not* clock-only (the caller turns ``{}`` and ``{timezone: z}`` into "now");
``convert_<kind>(value)`` is the one-argument form with a temporal value (``date(datetime)``
takes its date, ``time(localtime)`` puts it in the default zone ...). The map semantics are
described in ``_temporal_build``.
"""

from __future__ import annotations

import time as _clock
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
    DATE_KEYS,
    EPOCH_KEYS,
    TIME_KEYS,
    UTC,
    Zone,
    resolve_date,
    resolve_time,
    selected_date,
    selected_time,
    shift_time,
    sub_second,
    wrong_type,
)
from graphbolt.values._temporal_cal import NANOS_PER_SECOND, offset_at_instant
from graphbolt.values._temporal_parse import parse_zone


def zone_offset_now(zone: Zone, now_nanos: int | None = None) -> int:
    """A zone's offset at ``now_nanos`` (default: the real clock); fixed offsets as they are."""
    offset, name = zone
    if name is None:
        return offset
    now = _clock.time_ns() if now_nanos is None else now_nanos
    return offset_at_instant(name, now // NANOS_PER_SECOND)


def _zone_field(fields: Mapping[str, Any]) -> Zone | None:
    text = fields.get("timezone")
    return None if text is None else parse_zone(text)


def _reject(fields: Mapping[str, Any], keys: tuple[str, ...], kind: str) -> None:
    for key in keys:
        if key in fields:
            raise invalid(f"Cannot assign {key} to a {kind}")


def _need_date(fields: Mapping[str, Any]) -> Date:
    date = resolve_date(fields, selected_date(fields))
    if date is None:
        raise invalid("year must be specified")
    return date


def _need_time(fields: Mapping[str, Any]) -> tuple[int, Zone | None]:
    selected = selected_time(fields)
    nano = resolve_time(fields, None if selected is None else selected[0])
    if nano is None:
        raise invalid("hour must be specified")
    return nano, None if selected is None else selected[1]


def _optional_time(fields: Mapping[str, Any]) -> tuple[int, Zone | None]:
    selected = selected_time(fields)
    nano = resolve_time(fields, None if selected is None else selected[0])
    return (0 if nano is None else nano), None if selected is None else selected[1]


# ------------------------------------------------------------------------ from maps


def make_date(fields: Mapping[str, Any]) -> Date:
    _reject(fields, (*TIME_KEYS, *EPOCH_KEYS, "time", "timezone"), "date")
    return _need_date(fields)


def make_local_time(fields: Mapping[str, Any]) -> LocalTime:
    _reject(fields, (*DATE_KEYS, *EPOCH_KEYS, "date", "timezone"), "local time")
    return LocalTime(_need_time(fields)[0])


def make_time(fields: Mapping[str, Any], default_zone: Zone = UTC) -> Time:
    _reject(fields, (*DATE_KEYS, *EPOCH_KEYS, "date"), "time")
    nano, carried = _need_time(fields)
    target = _zone_field(fields)
    if carried is None:
        return Time(nano, zone_offset_now(target or default_zone))
    offset = carried[0]
    if target is None:
        return Time(nano, offset)
    new_offset = zone_offset_now(target)
    return Time(shift_time(nano, offset, new_offset), new_offset)


def make_local_datetime(fields: Mapping[str, Any]) -> LocalDateTime:
    _reject(fields, ("timezone", *EPOCH_KEYS), "local date time")
    date = _need_date(fields)
    nano = _optional_time(fields)[0]
    return LocalDateTime(date.year, date.month, date.day, nano)


def make_datetime(fields: Mapping[str, Any], default_zone: Zone = UTC) -> DateTime:
    if "epochseconds" in fields or "epochmillis" in fields:
        return _from_epoch_fields(fields, default_zone)
    date = _need_date(fields)
    nano, carried = _optional_time(fields)
    local = LocalDateTime(date.year, date.month, date.day, nano)
    target = _zone_field(fields)
    if carried is None:
        return DateTime.from_local(local, *(target or default_zone))
    result = DateTime.from_local(local, carried[0], carried[1], preferred=carried[0])
    if target is None:
        return result
    return DateTime.from_instant(result.epoch_nanos, *target)


def _from_epoch_fields(fields: Mapping[str, Any], default_zone: Zone) -> DateTime:
    """``{epochSeconds: s}`` / ``{epochMillis: ms}``, sub-second fields added on top."""
    allowed = {"timezone", "millisecond", "microsecond", "nanosecond"}
    extra = [key for key in fields if key not in allowed and key not in EPOCH_KEYS]
    if extra or all(key in fields for key in EPOCH_KEYS):
        raise invalid(f"Cannot combine epoch fields with {sorted(fields)}")
    if "epochseconds" in fields:
        base = fields["epochseconds"] * NANOS_PER_SECOND
    else:
        base = fields["epochmillis"] * 1_000_000
    instant = base + sub_second(fields, 0)
    return DateTime.from_instant(instant, *(_zone_field(fields) or default_zone))


# ------------------------------------------------------------------ from temporals


def convert_date(value: Temporal) -> Date:
    if isinstance(value, Date | LocalDateTime | DateTime):
        return Date(value.year, value.month, value.day)
    raise wrong_type("Cannot convert to a date", value)


def convert_local_time(value: Temporal) -> LocalTime:
    if isinstance(value, LocalTime | Time | LocalDateTime | DateTime):
        return LocalTime(value.nano_of_day)
    raise wrong_type("Cannot convert to a local time", value)


def convert_time(value: Temporal, default_zone: Zone = UTC) -> Time:
    if isinstance(value, Time | DateTime):
        return Time(value.nano_of_day, value.offset)
    if isinstance(value, LocalTime | LocalDateTime):
        return Time(value.nano_of_day, zone_offset_now(default_zone))
    raise wrong_type("Cannot convert to a time", value)


def convert_local_datetime(value: Temporal) -> LocalDateTime:
    if isinstance(value, LocalDateTime | DateTime):
        return LocalDateTime(value.year, value.month, value.day, value.nano_of_day)
    if isinstance(value, Date):
        return LocalDateTime(value.year, value.month, value.day, 0)
    raise wrong_type("Cannot convert to a local date time", value)


def convert_datetime(value: Temporal, default_zone: Zone = UTC) -> DateTime:
    if isinstance(value, DateTime):
        return value
    if isinstance(value, LocalDateTime):
        return DateTime.from_local(value, *default_zone)
    if isinstance(value, Date):
        return DateTime.from_local(
            LocalDateTime(value.year, value.month, value.day, 0), *default_zone
        )
    raise wrong_type("Cannot convert to a date time", value)
