"""Query parameters: merged, checked, and Python's own types mapped to graphbolt values.

``datetime.date``/``time``/``datetime``/``timedelta`` are accepted like the official driver
accepts them; tuples become lists. Zone-aware datetimes keep their IANA zone name when the
tzinfo is a ``zoneinfo.ZoneInfo``, otherwise their fixed offset.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

_NANOS_PER_SECOND = 1_000_000_000


def to_parameters(
    parameters: dict[str, Any] | None, kwparameters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``parameters`` updated with keyword parameters, values converted for the engine."""
    merged = dict(parameters or {})
    if kwparameters:
        merged.update(kwparameters)
    for key in merged:
        if not isinstance(key, str):
            raise TypeError(f"Parameter names must be str, not {type(key).__name__}")
    return {key: to_value(value) for key, value in merged.items()}


def _nano_of_day(t: _dt.time | _dt.datetime) -> int:
    seconds = t.hour * 3600 + t.minute * 60 + t.second
    return seconds * _NANOS_PER_SECOND + t.microsecond * 1000


def _offset_seconds(t: _dt.time | _dt.datetime) -> int:
    offset = t.utcoffset()
    return 0 if offset is None else int(offset.total_seconds())


def to_value(value: Any) -> Any:
    """One parameter value, converted recursively."""
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (list, tuple)):
        return [to_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_value(v) for k, v in value.items()}
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            return LocalDateTime(value.year, value.month, value.day, _nano_of_day(value))
        zone = getattr(value.tzinfo, "key", None)
        return DateTime(
            value.year, value.month, value.day, _nano_of_day(value), _offset_seconds(value),
            zone if isinstance(zone, str) else None,
        )  # fmt: skip
    if isinstance(value, _dt.date):
        return Date(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        if value.tzinfo is None:
            return LocalTime(_nano_of_day(value))
        return Time(_nano_of_day(value), _offset_seconds(value))
    if isinstance(value, _dt.timedelta):
        return Duration(0, value.days, value.seconds, value.microseconds * 1000)
    return value
