"""Cypher arithmetic (values._arith): type rules, 64-bit overflow, Java division semantics."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArithmeticError, CypherTypeError
from graphbolt.values._arith import (
    MAX_INT,
    MIN_INT,
    add,
    divide,
    java_pow,
    modulo,
    multiply,
    negate,
    power,
    subtract,
)
from graphbolt.values._graph import NodeRef
from graphbolt.values._spatial import Point

INF = math.inf


def _same(got: Any, want: Any) -> bool:
    """Strict equality: same type (1 is not 1.0, True is not 1), NaN equal to NaN."""
    if type(got) is not type(want):
        return False
    if isinstance(want, float) and math.isnan(want):
        return math.isnan(got)
    if isinstance(want, float) and want == 0.0:
        return got == 0.0 and math.copysign(1, got) == math.copysign(1, want)
    if isinstance(want, list):
        return len(got) == len(want) and all(_same(g, w) for g, w in zip(got, want))
    return bool(got == want)


@pytest.mark.parametrize(
    ("op", "a", "b", "expected"),
    [
        (add, 1, 2, 3),
        (add, 1, 2.5, 3.5),
        (add, 1.5, 1, 2.5),
        (add, "a", "b", "ab"),
        (add, "a", 1, "a1"),
        (add, 1.5, "a", "1.5a"),
        (add, "a", 1e10, "a1.0E10"),
        (add, "a", True, "atrue"),
        (add, [1], [2, 3], [1, 2, 3]),
        (add, [1], 2, [1, 2]),
        (add, 0, [1], [0, 1]),
        (add, [1], [[2]], [1, [2]]),
        (add, "a", [1], ["a", 1]),
        (add, [1], None, None),
        (add, None, 1, None),
        (add, None, None, None),
        (subtract, 5, 7, -2),
        (subtract, 5, 0.5, 4.5),
        (subtract, None, 1, None),
        (multiply, 3, 4, 12),
        (multiply, 3, 0.5, 1.5),
        (multiply, 2, None, None),
        (divide, 7, 2, 3),
        (divide, -7, 2, -3),
        (divide, 7, -2, -3),
        (divide, -7, -2, 3),
        (divide, 12, 4, 3),
        (divide, 7.0, 2, 3.5),
        (divide, 1, 0.0, INF),
        (divide, -1.0, 0, -INF),
        (divide, 1.0, -0.0, -INF),
        (divide, 0.0, 0.0, math.nan),
        (divide, 0, 0.0, math.nan),
        (divide, None, 0, None),
        (modulo, 7, 3, 1),
        (modulo, -7, 3, -1),
        (modulo, 7, -3, 1),
        (modulo, -7, -3, -1),
        (modulo, 7.5, 2, 1.5),
        (modulo, -7.5, 2, -1.5),
        (modulo, 1.0, 0.0, math.nan),
        (modulo, 5, 0.0, math.nan),
        (modulo, 7, None, None),
        (power, 2, 3, 8.0),
        (power, 2, -1, 0.5),
        (power, 4, 0.5, 2.0),
        (power, 0, -1, INF),
        (power, -8, 1 / 3, math.nan),
        (power, 10, 400, INF),
        (power, -10, 401, -INF),
        (power, None, 2, None),
    ],
)
def test_binary(op: Callable[[Any, Any], Any], a: Any, b: Any, expected: Any) -> None:
    assert _same(op(a, b), expected)


def test_precedence_example_from_tck() -> None:
    # 12 / 4 * 3 - 2 * 4 = 1 and 12 / 4 * (3 - 2 * 4) = -15 (integer arithmetic).
    assert subtract(multiply(divide(12, 4), 3), multiply(2, 4)) == 1
    assert multiply(divide(12, 4), subtract(3, multiply(2, 4))) == -15


@pytest.mark.parametrize(
    ("op", "a", "b"),
    [
        (add, MAX_INT, 1),
        (add, MIN_INT, -1),
        (subtract, MIN_INT, 1),
        (subtract, MAX_INT, -1),
        (multiply, 2**32, 2**32),
        (multiply, MIN_INT, -1),
        (divide, MIN_INT, -1),
    ],
)
def test_integer_overflow(op: Callable[[Any, Any], Any], a: int, b: int) -> None:
    with pytest.raises(CypherArithmeticError) as info:
        op(a, b)
    assert info.value.detail == "IntegerOverflow"


def test_negate() -> None:
    assert negate(5) == -5
    assert _same(negate(0.0), -0.0)
    assert negate(None) is None
    assert negate(-MAX_INT) == MAX_INT
    with pytest.raises(CypherArithmeticError):
        negate(MIN_INT)
    with pytest.raises(CypherTypeError):
        negate("a")
    with pytest.raises(CypherTypeError):
        negate(True)


@pytest.mark.parametrize("op", [divide, modulo])
def test_integer_division_by_zero(op: Callable[[Any, Any], Any]) -> None:
    with pytest.raises(CypherArithmeticError) as info:
        op(1, 0)
    assert info.value.detail == "DivisionByZero"


@pytest.mark.parametrize(
    ("op", "a", "b"),
    [
        (add, 1, True),
        (add, True, False),
        (add, {}, 1),
        (add, "a", {}),
        (add, "a", NodeRef(1)),
        (add, NodeRef(1), NodeRef(2)),
        (subtract, "a", "b"),
        (subtract, [1], [1]),
        (subtract, 1, True),
        (multiply, "a", 2),
        (multiply, [1], 2),
        (divide, "a", 1),
        (modulo, 1, "a"),
        (power, True, 2),
        (add, Point(7203, (1, 2)), 1),
    ],
)
def test_type_errors(op: Callable[[Any, Any], Any], a: Any, b: Any) -> None:
    with pytest.raises(CypherTypeError) as info:
        op(a, b)
    assert info.value.detail == "InvalidArgumentType"


def test_temporal_arithmetic_delegates() -> None:
    temporal = pytest.importorskip("graphbolt.values._temporal")
    duration_mod = pytest.importorskip("graphbolt.values._temporal_duration")
    d1 = temporal.Duration(1, 2, 3, 0)
    d2 = temporal.Duration(0, 1, 1, 0)
    assert add(d1, d2) == duration_mod.add_durations(d1, d2)
    assert subtract(d1, d2) == duration_mod.subtract_durations(d1, d2)
    assert multiply(d2, 2) == multiply(2, d2) == duration_mod.multiply_duration(d2, 2)
    assert divide(d1, 2) == duration_mod.divide_duration(d1, 2)
    assert negate(d1) == duration_mod.negate_duration(d1)
    assert "P1M2DT3S" in add("", d1)
    arith = pytest.importorskip("graphbolt.values._temporal_arith")
    date = temporal.Date(1984, 10, 11)
    assert add(date, d1) == add(d1, date) == arith.add_duration(date, d1)
    assert subtract(date, d1) == arith.subtract_duration(date, d1)
    with pytest.raises(CypherTypeError):
        subtract(d1, date)
    with pytest.raises(CypherTypeError):
        add(date, date)
    with pytest.raises(CypherTypeError):
        add(d1, 1)
    with pytest.raises(CypherTypeError):
        subtract(1, d1)


def test_java_pow_special_cases() -> None:
    assert java_pow(-0.0, -1.0) == -INF
    assert java_pow(-0.0, -2.0) == INF
    assert java_pow(2.0, 0.0) == 1.0
    assert math.isnan(java_pow(math.nan, 1.0))


int64 = st.integers(min_value=MIN_INT, max_value=MAX_INT)


@given(int64, int64)
def test_integer_add_subtract_multiply_in_range_or_overflow(a: int, b: int) -> None:
    for op, exact in ((add, a + b), (subtract, a - b), (multiply, a * b)):
        if MIN_INT <= exact <= MAX_INT:
            assert op(a, b) == exact
        else:
            with pytest.raises(CypherArithmeticError):
                op(a, b)


@given(int64, int64.filter(lambda v: v != 0))
def test_java_division_identity(a: int, b: int) -> None:
    if a == MIN_INT and b == -1:
        return
    q = divide(a, b)
    r = modulo(a, b)
    assert q * b + r == a
    assert abs(r) < abs(b)
    assert r == 0 or (r > 0) == (a > 0)
    assert abs(q) == abs(a) // abs(b)


@given(st.floats(allow_nan=False), st.floats(allow_nan=False))
def test_float_operations_never_raise(a: float, b: float) -> None:
    for op in (add, subtract, multiply, divide, modulo, power):
        assert isinstance(op(a, b), float)
