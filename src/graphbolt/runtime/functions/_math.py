"""Mathematical functions: abs, ceil, floor, round, sign, rand, isNaN, logarithms,
exponentials and trigonometry.

Results follow Java's ``Math``: functions never raise on a bad domain, they return NaN or
±Infinity (``log(0)`` is -Infinity, ``sqrt(-1)`` NaN, ``cot(0)`` Infinity). ``ceil``,
``floor`` and ``round`` return FLOAT, ``sign`` INTEGER, ``abs`` keeps the argument's type.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
    localcontext,
)
from typing import Any

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import function
from graphbolt.values._arith import check_int
from graphbolt.values._types import type_name

_NUMERIC = frozenset({int, float})


def expect_number(fn: str, value: Any) -> int | float:
    """``value`` if it is an INTEGER or FLOAT (never a boolean), else InvalidArgumentType."""
    if type(value) in _NUMERIC:
        return value  # type: ignore[no-any-return]
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a numeric value for `{fn}`, but got: {type_name(value)} ({value!r})",
    )


@function("abs", 1)
def abs_(ctx: ExecutionContext, value: Any) -> int | float:
    number = expect_number("abs", value)
    if type(number) is int:
        return check_int(abs(number))
    return abs(number)


@function("ceil", 1)
def ceil(ctx: ExecutionContext, value: Any) -> float:
    number = float(expect_number("ceil", value))
    return float(math.ceil(number)) if math.isfinite(number) else number


@function("floor", 1)
def floor(ctx: ExecutionContext, value: Any) -> float:
    number = float(expect_number("floor", value))
    return float(math.floor(number)) if math.isfinite(number) else number


_ROUNDING_MODES = {
    "UP": ROUND_UP,
    "DOWN": ROUND_DOWN,
    "CEILING": ROUND_CEILING,
    "FLOOR": ROUND_FLOOR,
    "HALF_UP": ROUND_HALF_UP,
    "HALF_DOWN": ROUND_HALF_DOWN,
    "HALF_EVEN": ROUND_HALF_EVEN,
}


@function("round", 1, 3)
def round_(ctx: ExecutionContext, value: Any, precision: Any = None, mode: Any = None) -> float:
    """``round(x)`` rounds half toward positive infinity (Java ``Math.round``);
    ``round(x, precision[, mode])`` rounds to ``precision`` decimals, HALF_UP by default."""
    number = float(expect_number("round", value))
    if precision is None:
        if not math.isfinite(number):
            return number
        # Java Math.round: floor(x + 0.5), but exact for values whose +0.5 would round.
        result = math.floor(number)
        return float(result + 1 if number - result >= 0.5 else result)
    if type(precision) is not int:
        raise CypherTypeError(
            "InvalidArgumentType", f"Expected an Integer precision for `round`, got {precision!r}"
        )
    rounding = ROUND_HALF_UP
    if mode is not None:
        key = mode.upper() if type(mode) is str else None
        if key not in _ROUNDING_MODES:
            raise CypherArgumentError("InvalidArgumentValue", f"Unknown rounding mode: {mode}")
        rounding = _ROUNDING_MODES[key]
    if not math.isfinite(number):
        return number
    # BigDecimal.valueOf(double) starts from the shortest decimal form, as repr() does. A
    # double has under 350 significant decimals either side, so clamping changes nothing.
    places = max(-400, min(400, precision))
    with localcontext() as context:
        context.prec = 1000
        rounded = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), rounding=rounding)
    return float(rounded)


@function("sign", 1)
def sign(ctx: ExecutionContext, value: Any) -> int:
    number = expect_number("sign", value)
    if number != number:
        return 0
    return (number > 0) - (number < 0)


@function("rand", 0, deterministic=False)
def rand(ctx: ExecutionContext) -> float:
    return random.random()


@function("isNaN", 1)
def is_nan(ctx: ExecutionContext, value: Any) -> bool:
    number = expect_number("isNaN", value)
    return number != number


@function("e", 0)
def e(ctx: ExecutionContext) -> float:
    return math.e


@function("pi", 0)
def pi(ctx: ExecutionContext) -> float:
    return math.pi


def _safe(impl: Callable[[float], float], domain_value: Callable[[float], float]) -> Any:
    """Wrap a ``math`` function so a domain error returns Java's result instead of raising."""

    def call(x: float) -> float:
        try:
            return impl(x)
        except ValueError:
            return domain_value(x)
        except OverflowError:
            return math.inf

    return call


def _log_domain(x: float) -> float:
    return -math.inf if x == 0.0 else math.nan


def _nan(x: float) -> float:
    return math.nan


def _cot(x: float) -> float:
    tangent = math.tan(x)
    if tangent == 0.0:
        return math.copysign(math.inf, tangent)
    return 1.0 / tangent


def _haversin(x: float) -> float:
    return (1.0 - math.cos(x)) / 2.0


def _coth(x: float) -> float:
    tangent = math.tanh(x)
    if tangent == 0.0:
        return math.copysign(math.inf, tangent)
    return 1.0 / tangent


_UNARY: dict[str, Callable[[float], float]] = {
    "sqrt": _safe(math.sqrt, _nan),
    "exp": _safe(math.exp, _nan),
    "log": _safe(math.log, _log_domain),
    "log10": _safe(math.log10, _log_domain),
    "sin": _safe(math.sin, _nan),
    "cos": _safe(math.cos, _nan),
    "tan": _safe(math.tan, _nan),
    "cot": _safe(_cot, _nan),
    "asin": _safe(math.asin, _nan),
    "acos": _safe(math.acos, _nan),
    "atan": _safe(math.atan, _nan),
    "sinh": _safe(math.sinh, _nan),
    "cosh": _safe(math.cosh, _nan),
    "tanh": _safe(math.tanh, _nan),
    "coth": _safe(_coth, _nan),
    "degrees": _safe(math.degrees, _nan),
    "radians": _safe(math.radians, _nan),
    "haversin": _safe(_haversin, _nan),
}


def _register_unary(name: str, impl: Callable[[float], float]) -> None:
    def call(ctx: ExecutionContext, value: Any) -> float:
        return impl(float(expect_number(name, value)))

    call.__name__ = name
    function(name, 1)(call)


for _name, _impl in _UNARY.items():
    _register_unary(_name, _impl)


@function("atan2", 2)
def atan2(ctx: ExecutionContext, y: Any, x: Any) -> float:
    return math.atan2(float(expect_number("atan2", y)), float(expect_number("atan2", x)))
