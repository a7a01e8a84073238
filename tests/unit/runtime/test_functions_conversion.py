"""Type conversion functions: toBoolean, toInteger, toFloat, toString and *OrNull."""

from __future__ import annotations

import math
from typing import Any

import pytest
from _function_helpers import call
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherTypeError
from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._spatial import Point
from graphbolt.values._types import format_float

N = NodeRef(1)
R = RelRef(2, "T", 1, 3)
P = PathRef((N, NodeRef(3)), (R,))


def _check(got: Any, want: Any) -> None:
    assert type(got) is type(want), (got, want)
    if isinstance(want, float) and math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == want


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("TRUE", True),
        ("False", False),
        ("", None),
        (" tru ", None),
        ("f alse", None),
        (None, None),
        (0, False),
        (7, True),
    ],
)
def test_to_boolean(arg: Any, expected: Any) -> None:
    _check(call("toBoolean", arg), expected)
    _check(call("toBooleanOrNull", arg), expected)


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        (42, 42),
        (82.9, 82),
        (-82.9, -82),
        ("2", 2),
        ("2.9", 2),
        ("-2.9", -2),
        ("1e3", 1000),
        ("+7", 7),
        ("foo", None),
        ("", None),
        ("0x1F", None),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        (True, 1),
        (False, 0),
        (math.nan, 0),
        (1e300, 2**63 - 1),
        (None, None),
    ],
)
def test_to_integer(arg: Any, expected: Any) -> None:
    _check(call("toInteger", arg), expected)
    _check(call("toIntegerOrNull", arg), expected)


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        (3.4, 3.4),
        (3, 3.0),
        ("5", 5.0),
        ("5.25", 5.25),
        (" 5.5 ", 5.5),
        ("1e-3", 0.001),
        ("2.5d", 2.5),
        ("NaN", math.nan),
        ("-Infinity", -math.inf),
        ("inf", None),
        ("1_000", None),
        ("foo", None),
        ("", None),
        (None, None),
    ],
)
def test_to_float(arg: Any, expected: Any) -> None:
    _check(call("toFloat", arg), expected)
    _check(call("toFloatOrNull", arg), expected)


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        (42, "42"),
        (2.3, "2.3"),
        (1.0, "1.0"),
        (1e20, "1.0E20"),
        (-1.5e-7, "-1.5E-7"),
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (True, "true"),
        (False, "false"),
        ("apa", "apa"),
        (Point(7203, (1, 2)), "point({x: 1.0, y: 2.0, crs: 'cartesian'})"),
        (None, None),
    ],
)
def test_to_string(arg: Any, expected: Any) -> None:
    _check(call("toString", arg), expected)
    _check(call("toStringOrNull", arg), expected)


def test_to_string_of_temporals_uses_their_text() -> None:
    temporal = pytest.importorskip("graphbolt.values._temporal")
    date = temporal.Date(1984, 10, 11)
    assert call("toString", date) == str(date) == "1984-10-11"


@pytest.mark.parametrize(
    ("name", "invalid"),
    [
        ("toBoolean", [])
        , ("toBoolean", {}), ("toBoolean", 1.0), ("toBoolean", N), ("toBoolean", R),
        ("toBoolean", P), ("toInteger", []), ("toInteger", {}), ("toInteger", N),
        ("toInteger", R), ("toInteger", P), ("toFloat", True), ("toFloat", []),
        ("toFloat", {}), ("toFloat", N), ("toFloat", R), ("toFloat", P), ("toString", []),
        ("toString", {}), ("toString", N), ("toString", R), ("toString", P),
    ],
)  # fmt: skip
def test_invalid_types(name: str, invalid: Any) -> None:
    with pytest.raises(CypherTypeError) as info:
        call(name, invalid)
    assert info.value.detail == "InvalidArgumentValue"
    assert call(name + "OrNull", invalid) is None


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_integer_string_round_trip(value: int) -> None:
    assert call("toInteger", call("toString", value)) == value


@given(st.floats(allow_nan=False))
def test_float_string_round_trip(value: float) -> None:
    text = call("toString", value)
    assert text == format_float(value)
    assert call("toFloat", text) == value
