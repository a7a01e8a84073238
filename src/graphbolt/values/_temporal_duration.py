"""Durations: construction from numbers (with fractions) and duration-only arithmetic.

Cypher (after Neo4j) keeps a duration as months, days, seconds and nanoseconds. A fractional
component spills into the next smaller one: a fraction of a month becomes days at the average
month length (365.2425 / 12 = 30.436875 days), a fraction of a day becomes seconds (86,400 per
day), a fraction of a second becomes nanoseconds; what is left below a nanosecond is dropped.
``P0.75M`` is therefore ``P22DT19H51M49.5S``. Arithmetic is exact (``Fraction``); floats are
read through their shortest decimal form so that ``0.3`` means 3/10.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from graphbolt.errors import CypherArithmeticError, CypherTypeError
from graphbolt.values._temporal import Duration, invalid
from graphbolt.values._temporal_cal import NANOS_PER_SECOND, SECONDS_PER_DAY

_INT64_MAX = 2**63 - 1
_INT64_MIN = -(2**63)
_AVG_DAYS_PER_MONTH = Fraction(146_097, 400 * 12)
_NANOS = Fraction(NANOS_PER_SECOND)

Number = int | float | Fraction

# Map key (lower case) -> (component, factor): component 0 months, 1 days, 2 seconds, 3 nanos.
_MAP_UNITS: dict[str, tuple[int, int]] = {
    "years": (0, 12),
    "quarters": (0, 3),
    "months": (0, 1),
    "weeks": (1, 7),
    "days": (1, 1),
    "hours": (2, 3600),
    "minutes": (2, 60),
    "seconds": (2, 1),
    "milliseconds": (3, 1_000_000),
    "microseconds": (3, 1000),
    "nanoseconds": (3, 1),
}


def exact(value: Number) -> Fraction | int:
    """An int stays an int; a float becomes the Fraction of its shortest decimal form."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise invalid(f"Cannot use {value} as a temporal amount")
        return Fraction(repr(value))
    return value


def _trunc(value: Fraction | int) -> int:
    return int(value)  # int() of a Fraction truncates toward zero


def checked(duration: Duration) -> Duration:
    """``duration`` unless one of its components leaves the 64-bit range."""
    for part in (duration.months, duration.days, duration.seconds):
        if not _INT64_MIN <= part <= _INT64_MAX:
            raise CypherArithmeticError("IntegerOverflow", "Duration component overflow")
    return duration


def duration_from_parts(
    months: Fraction | int, days: Fraction | int, seconds: Fraction | int, nanos: Fraction | int
) -> Duration:
    """A Duration from possibly fractional components, spilling fractions downwards."""
    whole_months = _trunc(months)
    days = days + (months - whole_months) * _AVG_DAYS_PER_MONTH
    whole_days = _trunc(days)
    seconds = seconds + (days - whole_days) * SECONDS_PER_DAY
    whole_seconds = _trunc(seconds)
    nanos = nanos + (seconds - whole_seconds) * _NANOS
    return checked(Duration(whole_months, whole_days, whole_seconds, _trunc(nanos)))


def duration_from_map(values: Mapping[str, Any]) -> Duration:
    """``duration({years: 1, days: 2.5, ...})``: unknown keys and non-numbers are errors."""
    parts: list[Fraction | int] = [0, 0, 0, 0]
    for key, value in values.items():
        unit = _MAP_UNITS.get(key.lower())
        if unit is None:
            raise invalid(f"No such field in a duration: {key}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CypherTypeError(
                "InvalidArgumentType", f"Duration component {key} must be a number, got {value!r}"
            )
        component, factor = unit
        parts[component] += exact(value) * factor
    return duration_from_parts(*parts)


def add_durations(a: Duration, b: Duration) -> Duration:
    return checked(
        Duration(a.months + b.months, a.days + b.days, a.seconds + b.seconds, a.nanos + b.nanos)
    )


def subtract_durations(a: Duration, b: Duration) -> Duration:
    return checked(
        Duration(a.months - b.months, a.days - b.days, a.seconds - b.seconds, a.nanos - b.nanos)
    )


def negate_duration(d: Duration) -> Duration:
    return checked(Duration(-d.months, -d.days, -d.seconds, -d.nanos))


def multiply_duration(d: Duration, factor: Number) -> Duration:
    """``d * factor`` (also ``factor * d``); a fractional result spills into smaller units."""
    if isinstance(factor, int):
        return checked(
            Duration(d.months * factor, d.days * factor, d.seconds * factor, d.nanos * factor)
        )
    f = exact(factor)
    return duration_from_parts(d.months * f, d.days * f, d.seconds * f, d.nanos * f)


def divide_duration(d: Duration, divisor: Number) -> Duration:
    """``d / divisor``, exactly, fractions spilling into smaller units."""
    q = exact(divisor)
    if q == 0:
        raise CypherArithmeticError("DivisionByZero", "/ by zero")
    f = Fraction(1) / q
    return duration_from_parts(d.months * f, d.days * f, d.seconds * f, d.nanos * f)
