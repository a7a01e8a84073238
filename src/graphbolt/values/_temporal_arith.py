"""Temporal arithmetic: the helpers ``values._arith`` calls, and ``duration.between``.

For ``values._arith`` (every function here returns a new value, never mutates):

- ``add_duration(temporal, duration)`` / ``subtract_duration(temporal, duration)``: ``t + d``,
  ``d + t`` and ``t - d`` for Date, LocalTime, Time, LocalDateTime and DateTime. Months are
  added first (the day clamped to the month's length), then days, then seconds and
  nanoseconds. A Date only takes whole days of the seconds part; times ignore months and days
  and wrap around midnight. A DateTime with a zone adds months and days on its local
  date-time and seconds on its instant, as java.time does.
- ``add_durations``, ``subtract_durations``, ``negate_duration``, ``multiply_duration(d, n)``
  (also for ``n * d``), ``divide_duration(d, n)`` (re-exported from ``_temporal_duration``).

Results outside the supported range raise ``CypherArgumentError("InvalidArgumentValue")``,
components beyond 64 bits ``CypherArithmeticError("IntegerOverflow")``, division by zero
``CypherArithmeticError("DivisionByZero")``.

``duration_between(a, b, unit)`` implements ``duration.between`` (unit None),
``duration.inMonths`` ("months"), ``duration.inDays`` ("days") and ``duration.inSeconds``
("seconds"). When both values have a date the result counts whole months, then whole days,
then the rest in seconds; a value without a time counts as midnight, a value without a
zone is read in the other value's zone, and when both have zones the second is converted
into the first one's. When either value lacks a date, only the time difference counts (a
time-only value takes the other value's date).
"""

from __future__ import annotations

from graphbolt.errors import CypherTypeError
from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Temporal,
    Time,
)
from graphbolt.values._temporal_cal import (
    NANOS_PER_DAY,
    SECONDS_PER_DAY,
    epoch_day,
    plus_months,
    tdiv,
)
from graphbolt.values._temporal_duration import (
    add_durations,
    checked,
    divide_duration,
    multiply_duration,
    negate_duration,
    subtract_durations,
)

__all__ = [
    "add_duration",
    "add_durations",
    "divide_duration",
    "duration_between",
    "multiply_duration",
    "negate_duration",
    "subtract_duration",
    "subtract_durations",
]


def add_duration(value: Temporal, duration: Duration) -> Temporal:
    """``value + duration``."""
    return _shift(value, duration, 1)


def subtract_duration(value: Temporal, duration: Duration) -> Temporal:
    """``value - duration``."""
    return _shift(value, duration, -1)


def _shift_local(local: LocalDateTime, months: int, days: int, nanos: int) -> LocalDateTime:
    y, m, d = local.year, local.month, local.day
    if months:
        y, m, d = plus_months(y, m, d, months)
    total = (epoch_day(y, m, d) + days) * NANOS_PER_DAY + local.nano_of_day + nanos
    return LocalDateTime.from_epoch_nanos(total)


def _shift(value: Temporal, duration: Duration, sign: int) -> Temporal:
    months, days = sign * duration.months, sign * duration.days
    nanos = sign * duration.total_nanos
    if isinstance(value, Date):
        # A date takes whole days of the seconds part (truncated, as Neo4j does).
        days += sign * tdiv(duration.seconds, SECONDS_PER_DAY)
        return _shift_local(
            LocalDateTime(value.year, value.month, value.day, 0), months, days, 0
        ).date
    if isinstance(value, LocalTime):
        return LocalTime((value.nano_of_day + nanos) % NANOS_PER_DAY)
    if isinstance(value, Time):
        return Time((value.nano_of_day + nanos) % NANOS_PER_DAY, value.offset)
    if isinstance(value, LocalDateTime):
        return _shift_local(value, months, days, nanos)
    if isinstance(value, DateTime):
        if value.zone is None:
            local = _shift_local(value.local, months, days, nanos)
            return DateTime.from_local(local, value.offset, None)
        moved = DateTime.from_local(
            _shift_local(value.local, months, days, 0), value.offset, value.zone, value.offset
        )
        return DateTime.from_instant(moved.epoch_nanos + nanos, 0, value.zone)
    raise CypherTypeError("InvalidArgumentType", f"Cannot add a duration to {value!r}")


# -------------------------------------------------------------------- duration.between

_Zone = tuple[int, "str | None"]


def _zone_of(value: Temporal) -> _Zone | None:
    if isinstance(value, DateTime):
        return value.offset, value.zone
    if isinstance(value, Time):
        return value.offset, None
    return None


def _date_of(value: Temporal) -> Date | None:
    if isinstance(value, Date | LocalDateTime | DateTime):
        return Date(value.year, value.month, value.day)
    return None


def _local(value: Temporal, date: Date) -> LocalDateTime:
    """The local date-time of ``value``: its own date, else ``date``; midnight if no time."""
    own = _date_of(value) or date
    nano = 0 if isinstance(value, Date) else value.nano_of_day  # type: ignore[attr-defined]
    return LocalDateTime(own.year, own.month, own.day, nano)


def _instant(local: LocalDateTime, zone: _Zone | None, preferred: int | None = None) -> int:
    if zone is None:
        return local.epoch_nanos
    return DateTime.from_local(local, zone[0], zone[1], preferred).epoch_nanos


def _adjusted_end(start: LocalDateTime, end: LocalDateTime) -> int:
    """End epoch day, moved one day toward the start when its time has not been reached."""
    start_day, end_day = start.epoch_day, end.epoch_day
    if end_day > start_day and end.nano_of_day < start.nano_of_day:
        return end_day - 1
    if end_day < start_day and end.nano_of_day > start.nano_of_day:
        return end_day + 1
    return end_day


def _months_until(start: LocalDateTime, end: LocalDateTime) -> int:
    end_date = Date.from_epoch_day(_adjusted_end(start, end))
    packed_start = (start.year * 12 + start.month - 1) * 32 + start.day
    packed_end = (end_date.year * 12 + end_date.month - 1) * 32 + end_date.day
    return tdiv(packed_end - packed_start, 32)


def _days_until(start: LocalDateTime, end: LocalDateTime) -> int:
    return _adjusted_end(start, end) - start.epoch_day


def duration_between(a: Temporal, b: Temporal, unit: str | None = None) -> Duration:
    """``duration.between(a, b)``, or ``duration.in<Unit>`` for unit months/days/seconds."""
    for value in (a, b):
        if not isinstance(value, Temporal) or isinstance(value, Duration):
            raise CypherTypeError(
                "InvalidArgumentType", f"duration.between needs temporal instants, got {value!r}"
            )
    date_a, date_b = _date_of(a), _date_of(b)
    shared = date_a or date_b or Date(1970, 1, 1)
    start, end = _local(a, shared), _local(b, shared)
    own_a, own_b = _zone_of(a), _zone_of(b)
    zone_a, zone_b = own_a or own_b, own_b or own_a  # a local value takes the other's zone
    preferred_a = own_a[0] if own_a else None
    preferred_b = own_b[0] if own_b else None
    end_instant = _instant(end, zone_b, preferred_b)
    if date_a is None or date_b is None:
        if unit in ("months", "days"):
            return Duration(0, 0, 0, 0)
        return checked(Duration(0, 0, 0, end_instant - _instant(start, zone_a, preferred_a)))
    if zone_a is not None and zone_a != zone_b:
        end = DateTime.from_instant(end_instant, *zone_a).local  # b seen from a's zone
    if unit == "months":
        return checked(Duration(_months_until(start, end), 0, 0, 0))
    if unit == "days":
        return checked(Duration(0, _days_until(start, end), 0, 0))
    months = days = 0
    if unit is None:
        months = _months_until(start, end)
        start = _shift_local(start, months, 0, 0)
        days = _days_until(start, end)
        start = _shift_local(start, 0, days, 0)
    return checked(Duration(months, days, 0, end_instant - _instant(start, zone_a, preferred_a)))
