"""Type conversion functions: toBoolean, toInteger, toFloat, toString and their ``OrNull``
variants.

The strict functions return null for null and for strings that do not parse, and raise
``CypherTypeError("InvalidArgumentValue")`` for values of a type they cannot convert (the TCK's
expectation); the ``OrNull`` variants return null instead of raising. The pure helpers
(``to_integer_or_null`` ...) are exported for the list conversions and other modules.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from graphbolt.errors import CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import function
from graphbolt.values._arith import MAX_INT, MIN_INT
from graphbolt.values._types import format_value, type_name

_INVALID: Any = object()  # "this type cannot be converted" (as opposed to a null result)

# Java Long.parseLong, BigDecimal(String) and Double.parseDouble syntaxes.
_LONG = re.compile(r"[+-]?[0-9]+")
_BIG_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DOUBLE = re.compile(
    r"[+-]?(?:NaN|Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[fFdD]?)"
)


def _java_trim(text: str) -> str:
    """Java ``String.trim``: strips every char <= U+0020 at both ends."""
    start = 0
    end = len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def parse_float(text: str) -> float | None:
    """``Double.parseDouble`` (decimal forms, NaN, Infinity), or None when it does not parse."""
    trimmed = _java_trim(text)
    if not _DOUBLE.fullmatch(trimmed):
        return None
    if trimmed[-1] in "fFdD" and not trimmed.endswith("Infinity"):
        trimmed = trimmed[:-1]
    return float(trimmed)


def parse_integer(text: str) -> int | None:
    """An integer from its text; a decimal text is truncated toward zero (``'2.9'`` -> 2).
    None when it does not parse or does not fit in 64 bits."""
    if _LONG.fullmatch(text):
        value = int(text)
    elif _BIG_DECIMAL.fullmatch(text):
        try:
            value = int(Decimal(text))  # int() truncates toward zero
        except (InvalidOperation, OverflowError):
            return None
    else:
        return None
    return value if MIN_INT <= value <= MAX_INT else None


def _java_long(value: float) -> int:
    """Java's ``(long) value``: NaN is 0, out-of-range values saturate."""
    if value != value:
        return 0
    if value >= 9.223372036854775807e18:
        return MAX_INT
    if value <= -9.223372036854775808e18:
        return MIN_INT
    return int(value)


def _boolean(value: Any) -> Any:
    kind = type(value)
    if kind is bool or value is None:
        return value
    if kind is str:
        lowered = _java_trim(value).lower()
        return True if lowered == "true" else False if lowered == "false" else None
    if kind is int:
        return value != 0
    return _INVALID


def _integer(value: Any) -> Any:
    kind = type(value)
    if kind is int or value is None:
        return value
    if kind is float:
        return _java_long(value)
    if kind is str:
        return parse_integer(value)
    if kind is bool:
        return 1 if value else 0
    return _INVALID


def _float(value: Any) -> Any:
    kind = type(value)
    if kind is float or value is None:
        return value
    if kind is int:
        return float(value)
    if kind is str:
        return parse_float(value)
    return _INVALID


def _string(value: Any) -> Any:
    if value is None:
        return None
    text = format_value(value)
    return _INVALID if text is None else text


def _or_null(result: Any) -> Any:
    return None if result is _INVALID else result


def _strict(fn: str, value: Any, result: Any) -> Any:
    if result is _INVALID:
        raise CypherTypeError(
            "InvalidArgumentValue",
            f"Invalid input for function '{fn}()': Expected a convertible value, "
            f"got: {type_name(value)}",
        )
    return result


def to_boolean_or_null(value: Any) -> Any:
    return _or_null(_boolean(value))


def to_integer_or_null(value: Any) -> Any:
    return _or_null(_integer(value))


def to_float_or_null(value: Any) -> Any:
    return _or_null(_float(value))


def to_string_or_null(value: Any) -> Any:
    return _or_null(_string(value))


@function("toBoolean", 1)
def to_boolean(ctx: ExecutionContext, value: Any) -> Any:
    return _strict("toBoolean", value, _boolean(value))


@function("toInteger", 1)
def to_integer(ctx: ExecutionContext, value: Any) -> Any:
    return _strict("toInteger", value, _integer(value))


@function("toFloat", 1)
def to_float(ctx: ExecutionContext, value: Any) -> Any:
    return _strict("toFloat", value, _float(value))


@function("toString", 1)
def to_string(ctx: ExecutionContext, value: Any) -> Any:
    return _strict("toString", value, _string(value))


@function("toBooleanOrNull", 1, null_in_null_out=False)
def to_boolean_or_null_fn(ctx: ExecutionContext, value: Any) -> Any:
    return to_boolean_or_null(value)


@function("toIntegerOrNull", 1, null_in_null_out=False)
def to_integer_or_null_fn(ctx: ExecutionContext, value: Any) -> Any:
    return to_integer_or_null(value)


@function("toFloatOrNull", 1, null_in_null_out=False)
def to_float_or_null_fn(ctx: ExecutionContext, value: Any) -> Any:
    return to_float_or_null(value)


@function("toStringOrNull", 1, null_in_null_out=False)
def to_string_or_null_fn(ctx: ExecutionContext, value: Any) -> Any:
    return to_string_or_null(value)
