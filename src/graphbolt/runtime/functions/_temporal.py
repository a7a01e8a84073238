"""Temporal functions: the five constructors, their clocks, truncation, epoch constructors.

Registered here: ``date``, ``localtime``, ``time``, ``localdatetime``, ``datetime`` (no
argument: now on the statement clock; a string: ISO-8601; a map: fields, see
``values._temporal_build``; a temporal: conversion), their ``.statement``, ``.transaction``
and ``.realtime`` clocks with an optional time-zone argument, their ``.truncate(unit, value
[, map])``, and ``datetime.fromepoch(seconds, nanos)`` / ``datetime.fromepochmillis(ms)``.
Duration functions live in ``_temporal_duration``.

Clocks read ``ctx.statement_time`` / ``ctx.transaction_time`` (``Clock`` objects fixed at
their first reading, or DateTime values); when the engine left them None the real clock
stands in. The default zone is UTC.
"""

from __future__ import annotations

import time as _clock
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from graphbolt.errors import CypherTypeError
from graphbolt.runtime._context import Clock
from graphbolt.runtime.functions._registry import function
from graphbolt.values._temporal import DateTime, Duration, Temporal
from graphbolt.values._temporal_build import UTC, Zone, is_clock_only, normalize
from graphbolt.values._temporal_cal import NANOS_PER_SECOND
from graphbolt.values._temporal_construct import (
    convert_date,
    convert_datetime,
    convert_local_datetime,
    convert_local_time,
    convert_time,
    make_date,
    make_datetime,
    make_local_datetime,
    make_local_time,
    make_time,
)
from graphbolt.values._temporal_parse import (
    parse_date,
    parse_datetime,
    parse_local_datetime,
    parse_local_time,
    parse_time,
    parse_zone,
)
from graphbolt.values._temporal_truncate import (
    truncate_date,
    truncate_datetime,
    truncate_local_datetime,
    truncate_local_time,
    truncate_time,
)

if TYPE_CHECKING:
    from graphbolt.runtime._context import ExecutionContext

DEFAULT_ZONE: Zone = UTC


# ---------------------------------------------------------------------------- clocks


def _instant(ctx: ExecutionContext | None, clock: str) -> int:
    """Epoch nanoseconds of the statement / transaction / real clock."""
    fixed = None
    if ctx is not None and clock != "realtime":
        fixed = ctx.transaction_time if clock == "transaction" else None
        fixed = fixed or ctx.statement_time
    if isinstance(fixed, (Clock, DateTime)):
        return fixed.epoch_nanos
    return _clock.time_ns()


def now(ctx: ExecutionContext | None, clock: str, zone: Zone | None = None) -> DateTime:
    """The current DateTime on ``clock`` ("statement", "transaction", "realtime")."""
    return DateTime.from_instant(_instant(ctx, clock), *(zone or DEFAULT_ZONE))


def _clock_zone(args: tuple[Any, ...]) -> Zone | None:
    if not args:
        return None
    if not isinstance(args[0], str):
        raise CypherTypeError("InvalidArgumentType", f"A time zone must be a string: {args[0]!r}")
    return parse_zone(args[0])


# The projection of "now" to each kind.
_FROM_NOW: dict[str, Callable[[DateTime], Temporal]] = {
    "date": convert_date,
    "localtime": convert_local_time,
    "time": convert_time,
    "localdatetime": convert_local_datetime,
    "datetime": lambda dt: dt,
}


def _build(
    kind: str,
    parse: Callable[[str], Temporal],
    make: Callable[[Mapping[str, Any]], Temporal],
    convert: Callable[[Temporal], Temporal],
) -> Callable[..., Temporal]:
    """The one-argument-or-none constructor ``kind(...)`` on the statement clock."""
    project = _FROM_NOW[kind]

    def construct(ctx: ExecutionContext, *args: Any) -> Temporal:
        if not args:
            return project(now(ctx, "statement"))
        value = args[0]
        if isinstance(value, str):
            return parse(value)
        if isinstance(value, Mapping):
            fields = normalize(value)
            if is_clock_only(fields):
                zone = parse_zone(fields["timezone"]) if fields else None
                return project(now(ctx, "statement", zone))
            return make(fields)
        if isinstance(value, Temporal) and not isinstance(value, Duration):
            return convert(value)
        raise CypherTypeError(
            "InvalidArgumentType", f"{kind}() cannot be built from {type(value).__name__}"
        )

    construct.__name__ = kind
    return construct


def _clocked(kind: str, clock: str) -> Callable[..., Temporal]:
    project = _FROM_NOW[kind]

    def current(ctx: ExecutionContext, *args: Any) -> Temporal:
        return project(now(ctx, clock, _clock_zone(args)))

    current.__name__ = f"{kind}_{clock}"
    return current


def _register_kind(
    kind: str,
    parse: Callable[[str], Temporal],
    make: Callable[[Mapping[str, Any]], Temporal],
    convert: Callable[[Temporal], Temporal],
    truncate: Callable[..., Temporal],
) -> None:
    function(kind, 0, 1, deterministic=False)(_build(kind, parse, make, convert))
    for clock in ("statement", "transaction", "realtime"):
        function(f"{kind}.{clock}", 0, 1, deterministic=False)(_clocked(kind, clock))

    def truncated(ctx: ExecutionContext, unit: Any, value: Any, *rest: Any) -> Temporal:
        if not isinstance(value, Temporal):
            raise CypherTypeError(
                "InvalidArgumentType", f"{kind}.truncate needs a temporal value, got {value!r}"
            )
        overrides = rest[0] if rest else None
        if overrides is not None and not isinstance(overrides, Mapping):
            raise CypherTypeError("InvalidArgumentType", f"Expected a map, got {overrides!r}")
        return truncate(unit, value, overrides)

    function(f"{kind}.truncate", 2, 3)(truncated)


_register_kind("date", parse_date, make_date, convert_date, truncate_date)
_register_kind(
    "localtime", parse_local_time, make_local_time, convert_local_time, truncate_local_time
)
_register_kind("time", parse_time, make_time, convert_time, truncate_time)
_register_kind(
    "localdatetime",
    parse_local_datetime,
    make_local_datetime,
    convert_local_datetime,
    truncate_local_datetime,
)
_register_kind("datetime", parse_datetime, make_datetime, convert_datetime, truncate_datetime)


# ----------------------------------------------------------------------- from epoch


def _integer(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CypherTypeError("InvalidArgumentType", f"{name} must be a number, got {value!r}")
    return int(value)


@function("datetime.fromepoch", 2)
def datetime_fromepoch(ctx: ExecutionContext, seconds: Any, nanos: Any) -> DateTime:
    total = _integer("seconds", seconds) * NANOS_PER_SECOND + _integer("nanoseconds", nanos)
    return DateTime.from_instant(total, *DEFAULT_ZONE)


@function("datetime.fromepochmillis", 1)
def datetime_fromepochmillis(ctx: ExecutionContext, millis: Any) -> DateTime:
    return DateTime.from_instant(_integer("milliseconds", millis) * 1_000_000, *DEFAULT_ZONE)
