"""Duration functions: ``duration(map | string)``, ``duration.between`` and ``duration.in*``.

``duration({years: 1, days: 2.5})`` and ``duration('P1Y2DT12H')`` build a Duration (see
``values._temporal_duration`` for how fractions spill into smaller units);
``duration.between(a, b)`` gives months, days and seconds from ``a`` to ``b``;
``duration.inMonths`` / ``inDays`` / ``inSeconds`` give the difference in that unit only
(``values._temporal_arith.duration_between``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from graphbolt.errors import CypherTypeError
from graphbolt.runtime.functions._registry import function
from graphbolt.values._temporal import Duration, Temporal
from graphbolt.values._temporal_arith import duration_between
from graphbolt.values._temporal_duration import duration_from_map
from graphbolt.values._temporal_parse import parse_duration

if TYPE_CHECKING:
    from graphbolt.runtime._context import ExecutionContext


@function("duration", 1)
def duration(ctx: ExecutionContext, value: Any) -> Duration:
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, Mapping):
        return duration_from_map(value)
    if isinstance(value, Duration):
        return value
    raise CypherTypeError(
        "InvalidArgumentType", f"duration() needs a map or a string, got {type(value).__name__}"
    )


def _instants(name: str, a: Any, b: Any) -> tuple[Temporal, Temporal]:
    for value in (a, b):
        if not isinstance(value, Temporal) or isinstance(value, Duration):
            raise CypherTypeError(
                "InvalidArgumentType", f"{name} needs two temporal instants, got {value!r}"
            )
    return a, b


@function("duration.between", 2)
def duration_between_fn(ctx: ExecutionContext, a: Any, b: Any) -> Duration:
    return duration_between(*_instants("duration.between", a, b))


@function("duration.inMonths", 2)
def duration_in_months(ctx: ExecutionContext, a: Any, b: Any) -> Duration:
    return duration_between(*_instants("duration.inMonths", a, b), unit="months")


@function("duration.inDays", 2)
def duration_in_days(ctx: ExecutionContext, a: Any, b: Any) -> Duration:
    return duration_between(*_instants("duration.inDays", a, b), unit="days")


@function("duration.inSeconds", 2)
def duration_in_seconds(ctx: ExecutionContext, a: Any, b: Any) -> Duration:
    return duration_between(*_instants("duration.inSeconds", a, b), unit="seconds")
