"""Cypher arithmetic: ``+ - * / % ^`` and unary minus, with Neo4j's type rules.

- null in, null out (checked before anything else: ``[1] + null`` is null).
- INTEGER is 64-bit: a result outside [-2**63, 2**63 - 1] raises
  ``CypherArithmeticError("IntegerOverflow")``. Integer ``/`` truncates toward zero and ``%``
  takes the sign of the dividend (Java); integer division or modulo by zero raises
  ``CypherArithmeticError("DivisionByZero")``; float division follows IEEE (Infinity, NaN).
- ``^`` always yields a FLOAT (Java ``Math.pow``).
- ``+`` also concatenates strings (a string and a number/boolean/temporal/point concatenate
  their text), concatenates lists, and appends/prepends an element to a list.
- Temporal arithmetic delegates to ``values._temporal``: temporal +/- duration,
  duration +/- duration, duration * number, duration / number, -duration.
- Anything else raises ``CypherTypeError("InvalidArgumentType")``.

Temporal classes are recognised by class name so this module does not import them eagerly.
"""

from __future__ import annotations

import importlib
import math
from typing import Any

from graphbolt.errors import CypherArithmeticError, CypherTypeError
from graphbolt.values._types import format_value, type_name

MIN_INT = -(2**63)
MAX_INT = 2**63 - 1
_NUMERIC = frozenset({int, float})
_INSTANTS = frozenset({"Date", "LocalTime", "Time", "LocalDateTime", "DateTime"})


_HELPER_MODULES = (
    "graphbolt.values._temporal_duration",
    "graphbolt.values._temporal_arith",
    "graphbolt.values._temporal",
)
_helpers: dict[str, Any] = {}


def _temporal(name: str) -> Any:
    """The temporal arithmetic helper ``name``, found once in the temporal modules (imported
    on first use: plain numeric arithmetic never pays for them)."""
    helper = _helpers.get(name)
    if helper is None:
        for module_name in _HELPER_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            helper = getattr(module, name, None)
            if helper is not None:
                break
        else:
            raise NotImplementedError(f"temporal arithmetic helper {name} is not available")
        _helpers[name] = helper
    return helper


def _overflow() -> CypherArithmeticError:
    return CypherArithmeticError("IntegerOverflow", "long overflow")


def _type_error(verb: str, a: Any, b: Any) -> CypherTypeError:
    return CypherTypeError(
        "InvalidArgumentType", f"Cannot {verb} `{type_name(a)}` and `{type_name(b)}`"
    )


def check_int(value: int) -> int:
    """``value`` if it fits in 64 bits, else raise the IntegerOverflow error."""
    if MIN_INT <= value <= MAX_INT:
        return value
    raise _overflow()


def add(a: Any, b: Any) -> Any:
    """Cypher ``a + b``."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        r = a + b
        if MIN_INT <= r <= MAX_INT:
            return r
        raise _overflow()
    if ta in _NUMERIC and tb in _NUMERIC:
        return a + b
    if a is None or b is None:
        return None
    if ta is str and tb is str:
        return a + b
    if ta is list:
        return a + b if tb is list else [*a, b]
    if tb is list:
        return [a, *b]
    if ta is str or tb is str:
        text_a = format_value(a)
        text_b = format_value(b)
        if text_a is not None and text_b is not None:
            return text_a + text_b
        raise _type_error("add", a, b)
    return _add_temporal(a, b)


def _add_temporal(a: Any, b: Any) -> Any:
    name_a = type(a).__name__
    name_b = type(b).__name__
    if name_b == "Duration":
        if name_a == "Duration":
            return _temporal("add_durations")(a, b)
        if name_a in _INSTANTS:
            return _temporal("add_duration")(a, b)
    elif name_a == "Duration" and name_b in _INSTANTS:
        return _temporal("add_duration")(b, a)
    raise _type_error("add", a, b)


def subtract(a: Any, b: Any) -> Any:
    """Cypher ``a - b``."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        r = a - b
        if MIN_INT <= r <= MAX_INT:
            return r
        raise _overflow()
    if ta in _NUMERIC and tb in _NUMERIC:
        return a - b
    if a is None or b is None:
        return None
    if type(b).__name__ == "Duration":
        name_a = ta.__name__
        if name_a == "Duration":
            return _temporal("subtract_durations")(a, b)
        if name_a in _INSTANTS:
            return _temporal("subtract_duration")(a, b)
    raise _type_error("subtract", a, b)


def multiply(a: Any, b: Any) -> Any:
    """Cypher ``a * b``."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        r = a * b
        if MIN_INT <= r <= MAX_INT:
            return r
        raise _overflow()
    if ta in _NUMERIC and tb in _NUMERIC:
        return a * b
    if a is None or b is None:
        return None
    if ta.__name__ == "Duration" and tb in _NUMERIC:
        return _temporal("multiply_duration")(a, b)
    if tb.__name__ == "Duration" and ta in _NUMERIC:
        return _temporal("multiply_duration")(b, a)
    raise _type_error("multiply", a, b)


def divide(a: Any, b: Any) -> Any:
    """Cypher ``a / b``: integer division truncates; float division by zero is IEEE."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        if b == 0:
            raise CypherArithmeticError("DivisionByZero", "/ by zero")
        q = abs(a) // abs(b)
        return check_int(q if (a >= 0) == (b > 0) else -q)
    if ta in _NUMERIC and tb in _NUMERIC:
        return _float_divide(float(a), float(b))
    if a is None or b is None:
        return None
    if ta.__name__ == "Duration" and tb in _NUMERIC:
        if b == 0:
            raise CypherArithmeticError("DivisionByZero", "/ by zero")
        return _temporal("divide_duration")(a, b)
    raise _type_error("divide", a, b)


def _float_divide(a: float, b: float) -> float:
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return math.nan
    # Signed zero matters: 1 / -0.0 is -Infinity.
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def modulo(a: Any, b: Any) -> Any:
    """Cypher ``a % b``: the sign of the dividend (Java)."""
    ta = type(a)
    tb = type(b)
    if ta is int and tb is int:
        if b == 0:
            raise CypherArithmeticError("DivisionByZero", "/ by zero")
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    if ta in _NUMERIC and tb in _NUMERIC:
        try:
            return math.fmod(a, b)
        except ValueError:  # x % 0.0, inf % x: Java gives NaN
            return math.nan
    if a is None or b is None:
        return None
    raise _type_error("take the modulo of", a, b)


def power(a: Any, b: Any) -> Any:
    """Cypher ``a ^ b``: always a FLOAT, Java ``Math.pow`` semantics."""
    ta = type(a)
    tb = type(b)
    if ta in _NUMERIC and tb in _NUMERIC:
        return java_pow(float(a), float(b))
    if a is None or b is None:
        return None
    raise _type_error("raise", a, b)


def java_pow(base: float, exponent: float) -> float:
    """``Math.pow``: never raises; overflow gives ±Infinity, undefined results NaN."""
    try:
        return math.pow(base, exponent)
    except OverflowError:
        negative = base < 0 and _is_odd_integer(exponent)
        return -math.inf if negative else math.inf
    except ValueError:
        if base == 0.0 and exponent < 0:
            negative = math.copysign(1.0, base) < 0 and _is_odd_integer(exponent)
            return -math.inf if negative else math.inf
        return math.nan


def _is_odd_integer(value: float) -> bool:
    return math.isfinite(value) and value == math.floor(value) and math.fmod(value, 2.0) != 0.0


def negate(a: Any) -> Any:
    """Cypher unary ``-a``."""
    kind = type(a)
    if kind is int:
        return check_int(-a)
    if kind is float:
        return -a
    if a is None:
        return None
    if kind.__name__ == "Duration":
        return _temporal("negate_duration")(a)
    raise CypherTypeError("InvalidArgumentType", f"Cannot negate `{type_name(a)}`")
