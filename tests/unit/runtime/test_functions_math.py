"""Mathematical functions."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from _function_helpers import call
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherArithmeticError, CypherTypeError
from graphbolt.runtime.functions._registry import lookup_function

INF = math.inf
NAN = math.nan


def _same(got: Any, want: Any) -> bool:
    if type(got) is not type(want):
        return False
    if isinstance(want, float) and math.isnan(want):
        return math.isnan(got)
    if isinstance(want, float):
        return got == pytest.approx(want, rel=1e-12, abs=1e-15)
    return bool(got == want)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("abs", (-1,), 1),
        ("abs", (-1.5,), 1.5),
        ("abs", (0,), 0),
        ("ceil", (1.2,), 2.0),
        ("ceil", (-1.2,), -1.0),
        ("ceil", (3,), 3.0),
        ("floor", (1.8,), 1.0),
        ("floor", (-1.2,), -2.0),
        ("floor", (INF,), INF),
        ("round", (3.5,), 4.0),
        ("round", (-1.5,), -1.0),
        ("round", (-2.5,), -2.0),
        ("round", (2.4,), 2.0),
        ("round", (7,), 7.0),
        ("round", (3.141592, 3), 3.142),
        ("round", (-1.5, 0), -2.0),
        ("round", (2.5, 0, "HALF_EVEN"), 2.0),
        ("round", (2.5, 0, "half_down"), 2.0),
        ("round", (1.21, 1, "CEILING"), 1.3),
        ("round", (-1.29, 1, "FLOOR"), -1.3),
        ("round", (1.25, 1, "DOWN"), 1.2),
        ("round", (1.21, 1, "UP"), 1.3),
        ("round", (1234.5, -2), 1200.0),
        ("round", (0.1 + 0.2, 1), 0.3),
        ("round", (NAN, 2), NAN),
        ("sign", (-3,), -1),
        ("sign", (0,), 0),
        ("sign", (2.5,), 1),
        ("sign", (-0.5,), -1),
        ("sqrt", (12.96,), 3.6),
        ("sqrt", (4,), 2.0),
        ("sqrt", (-1,), NAN),
        ("exp", (0,), 1.0),
        ("exp", (1000,), INF),
        ("log", (math.e,), 1.0),
        ("log", (0,), -INF),
        ("log", (-1,), NAN),
        ("log10", (100,), 2.0),
        ("log10", (0.0,), -INF),
        ("sin", (0,), 0.0),
        ("cos", (0,), 1.0),
        ("tan", (0,), 0.0),
        ("cot", (0,), INF),
        ("cot", (1,), 1 / math.tan(1)),
        ("asin", (1,), math.pi / 2),
        ("asin", (2,), NAN),
        ("acos", (1,), 0.0),
        ("atan", (1,), math.pi / 4),
        ("atan2", (1, 1), math.pi / 4),
        ("degrees", (math.pi,), 180.0),
        ("radians", (180,), math.pi),
        ("haversin", (0.5,), (1 - math.cos(0.5)) / 2),
        ("e", (), math.e),
        ("pi", (), math.pi),
        ("isNaN", (NAN,), True),
        ("isNaN", (1,), False),
        ("sinh", (0,), 0.0),
        ("cosh", (0,), 1.0),
        ("tanh", (0,), 0.0),
        ("coth", (1,), 1 / math.tanh(1)),
    ],
)
def test_math_functions(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert _same(call(name, *args), expected)


@pytest.mark.parametrize(
    "name",
    ["abs", "ceil", "floor", "round", "sign", "sqrt", "exp", "log", "log10", "sin", "cos",
     "tan", "cot", "asin", "acos", "atan", "degrees", "radians", "haversin", "isNaN"],
)  # fmt: skip
def test_unary_type_errors_and_nulls(name: str) -> None:
    assert call(name, None) is None
    for bad in ("1", True, [1], {"a": 1}):
        with pytest.raises(CypherTypeError) as info:
            call(name, bad)
        assert info.value.detail == "InvalidArgumentType"


def test_abs_overflow() -> None:
    with pytest.raises(CypherArithmeticError):
        call("abs", -(2**63))


def test_round_argument_errors() -> None:
    with pytest.raises(CypherArgumentError):
        call("round", 1.5, 0, "SIDEWAYS")
    with pytest.raises(CypherTypeError):
        call("round", 1.5, 1.5)


def test_rand_is_nondeterministic_float_in_unit_interval() -> None:
    spec = lookup_function("rand")
    assert spec is not None and not spec.deterministic
    samples = {call("rand") for _ in range(50)}
    assert len(samples) > 1
    assert all(type(x) is float and 0.0 <= x < 1.0 for x in samples)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_round_matches_java_math_round(x: float) -> None:
    # Java Math.round: floor(x + 1/2) computed exactly (0.49999999999999994 rounds to 0).
    assert call("round", x) == float(math.floor(Fraction(x) + Fraction(1, 2)))


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_floor_ceil_bracket(x: float) -> None:
    assert call("floor", x) <= x <= call("ceil", x)
    assert call("ceil", x) - call("floor", x) in (0.0, 1.0)
