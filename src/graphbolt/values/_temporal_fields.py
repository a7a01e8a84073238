"""Component access on temporal values: ``temporal_property(value, key)`` for ``x.key``.

Keys are matched case-insensitively, like Neo4j. Instants (Date, LocalDateTime, DateTime)
offer ``year``, ``quarter``, ``month``, ``week`` (ISO week), ``weekYear``, ``dayOfQuarter``
(alias ``quarterDay``), ``day``, ``ordinalDay``, ``dayOfWeek`` (alias ``weekDay``, Monday 1);
times (LocalTime, Time, LocalDateTime, DateTime) offer ``hour``, ``minute``, ``second``,
``millisecond``, ``microsecond``, ``nanosecond`` (the sub-second part at that precision);
Time and DateTime add ``timezone`` (zone name, or the offset string), ``offset`` (``+01:00``,
``Z``), ``offsetMinutes``, ``offsetSeconds``; DateTime adds ``epochSeconds`` and
``epochMillis``. Durations offer the totals ``years``, ``quarters``, ``months``, ``weeks``,
``days``, ``hours``, ``minutes``, ``seconds``, ``milliseconds``, ``microseconds``,
``nanoseconds`` (each within its own group: months, days, or seconds+nanos; divisions
truncate toward zero and ``seconds`` is floor-normalised, so ``PT-0.4S`` has seconds -1 and
nanosecondsOfSecond 600000000, as in Neo4j) and the remainders ``quartersOfYear``, ``monthsOfQuarter``, ``monthsOfYear``,
``daysOfWeek``, ``minutesOfHour``, ``secondsOfMinute``, ``millisecondsOfSecond``,
``microsecondsOfSecond``, ``nanosecondsOfSecond``.

A key the value does not have raises ``CypherArgumentError("InvalidArgumentValue",
"No such field: ...")``, as Neo4j's ``UnsupportedTemporalUnitException`` does (it does not
return null).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Temporal,
    Time,
    invalid,
)
from graphbolt.values._temporal_cal import (
    NANOS_PER_SECOND,
    day_of_week,
    epoch_day,
    iso_week,
    ordinal_day,
    tdiv,
    tmod,
)
from graphbolt.values._temporal_format import format_offset

_Getter = Callable[[Any], Any]


def _quarter(v: Any) -> int:
    return (v.month - 1) // 3 + 1


def _day_of_quarter(v: Any) -> int:
    first_month = (_quarter(v) - 1) * 3 + 1
    return epoch_day(v.year, v.month, v.day) - epoch_day(v.year, first_month, 1) + 1


_DATE_FIELDS: dict[str, _Getter] = {
    "year": lambda v: v.year,
    "quarter": _quarter,
    "month": lambda v: v.month,
    "week": lambda v: iso_week(v.epoch_day)[1],
    "weekyear": lambda v: iso_week(v.epoch_day)[0],
    "dayofquarter": _day_of_quarter,
    "quarterday": _day_of_quarter,
    "day": lambda v: v.day,
    "ordinalday": lambda v: ordinal_day(v.year, v.month, v.day),
    "dayofweek": lambda v: day_of_week(v.epoch_day),
    "weekday": lambda v: day_of_week(v.epoch_day),
}

_TIME_FIELDS: dict[str, _Getter] = {
    "hour": lambda v: v.hour,
    "minute": lambda v: v.minute,
    "second": lambda v: v.second,
    "millisecond": lambda v: v.nanosecond // 1_000_000,
    "microsecond": lambda v: v.nanosecond // 1000,
    "nanosecond": lambda v: v.nanosecond,
}

_ZONE_FIELDS: dict[str, _Getter] = {
    "timezone": lambda v: getattr(v, "zone", None) or format_offset(v.offset),
    "offset": lambda v: format_offset(v.offset),
    "offsetminutes": lambda v: tdiv(v.offset, 60),
    "offsetseconds": lambda v: v.offset,
}

_EPOCH_FIELDS: dict[str, _Getter] = {
    "epochseconds": lambda v: v.epoch_seconds,
    "epochmillis": lambda v: v.epoch_nanos // 1_000_000,
}


def _nanoseconds(d: Duration) -> int:
    return d.seconds * NANOS_PER_SECOND + d.nanos


_DURATION_FIELDS: dict[str, _Getter] = {
    "years": lambda d: tdiv(d.months, 12),
    "quarters": lambda d: tdiv(d.months, 3),
    "months": lambda d: d.months,
    "weeks": lambda d: tdiv(d.days, 7),
    "days": lambda d: d.days,
    "hours": lambda d: tdiv(d.seconds, 3600),
    "minutes": lambda d: tdiv(d.seconds, 60),
    "seconds": lambda d: d.seconds,
    # As Neo4j: whole (floor-normalised) seconds plus the positive sub-second part.
    "milliseconds": lambda d: d.seconds * 1000 + d.nanos // 1_000_000,
    "microseconds": lambda d: d.seconds * 1_000_000 + d.nanos // 1000,
    "nanoseconds": _nanoseconds,
    "quartersofyear": lambda d: tmod(tdiv(d.months, 3), 4),
    "monthsofquarter": lambda d: tmod(d.months, 3),
    "monthsofyear": lambda d: tmod(d.months, 12),
    "daysofweek": lambda d: tmod(d.days, 7),
    "minutesofhour": lambda d: tmod(tdiv(d.seconds, 60), 60),
    "secondsofminute": lambda d: tmod(d.seconds, 60),
    "millisecondsofsecond": lambda d: d.nanos // 1_000_000,
    "microsecondsofsecond": lambda d: d.nanos // 1000,
    "nanosecondsofsecond": lambda d: d.nanos,
}

FIELDS_BY_TYPE: dict[type, dict[str, _Getter]] = {
    Date: _DATE_FIELDS,
    LocalTime: _TIME_FIELDS,
    Time: {**_TIME_FIELDS, **_ZONE_FIELDS},
    LocalDateTime: {**_DATE_FIELDS, **_TIME_FIELDS},
    DateTime: {**_DATE_FIELDS, **_TIME_FIELDS, **_ZONE_FIELDS, **_EPOCH_FIELDS},
    Duration: _DURATION_FIELDS,
}


def field_getter(cls: type, key: str) -> _Getter | None:
    """The accessor for ``key`` on values of ``cls``, or None; lets a compiler look up once."""
    table = FIELDS_BY_TYPE.get(cls)
    return None if table is None else table.get(key.lower())


def temporal_property(value: Temporal, key: str) -> Any:
    """``value.key`` for a temporal value (see the module docstring for the keys)."""
    table = FIELDS_BY_TYPE.get(type(value))
    getter = None if table is None else table.get(key.lower())
    if getter is None:
        raise invalid(f"No such field: {key}")
    return getter(value)
