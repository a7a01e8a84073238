"""Expression compiler: arithmetic, boolean logic, comparisons, IN, string predicates, regex,
unary operators and null checks."""

from __future__ import annotations

import math
from typing import Any

import pytest
from _fake_graph import FakeGraph, compile_text, ev
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._expressions import Const
from graphbolt.values._compare import compare, equals

T, F, N = True, False, None
BOOLS = [T, F, N]

# -- arithmetic (semantics belong to values._arith; here: wiring and constants) ---------------


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("a + b", {"a": 1, "b": 2}, 3),
        ("a - 1", {"a": 1}, 0),
        ("a * b", {"a": 2, "b": 2.5}, 5.0),
        ("a / b", {"a": 7, "b": 2}, 3),
        ("a % b", {"a": 7, "b": 4}, 3),
        ("a ^ 2", {"a": 3}, 9.0),
        ("a + b", {"a": [1], "b": 2}, [1, 2]),
        ("a + 'x'", {"a": "s"}, "sx"),
        ("a + 1", {"a": None}, None),
        ("-a", {"a": 4}, -4),
        ("+a", {"a": 4.5}, 4.5),
    ],
)
def test_arithmetic(text: str, row: dict[str, Any], expected: object) -> None:
    assert ev(text, row) == expected


def test_unary_plus_on_string_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("+a", {"a": "s"})


# -- boolean logic --------------------------------------------------------------------------------


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _xor(a: Any, b: Any) -> Any:
    return None if a is None or b is None else a != b


@pytest.mark.parametrize("a", BOOLS)
@pytest.mark.parametrize("b", BOOLS)
@pytest.mark.parametrize(("op", "model"), [("AND", _and), ("OR", _or), ("XOR", _xor)])
def test_three_valued_logic(a: Any, b: Any, op: str, model: Any) -> None:
    assert ev(f"a {op} b", {"a": a, "b": b}) is model(a, b)
    # the constant-folded form agrees
    lit = {True: "true", False: "false", None: "null"}
    assert ev(f"{lit[a]} {op} {lit[b]}") is model(a, b)


@pytest.mark.parametrize("a", BOOLS)
def test_not(a: Any) -> None:
    assert ev("NOT a", {"a": a}) is (None if a is None else not a)


@pytest.mark.parametrize("op", ["AND", "OR", "XOR"])
@pytest.mark.parametrize("bad", [1, "s", [True], 0.0])
def test_boolean_operators_reject_non_booleans(op: str, bad: object) -> None:
    with pytest.raises(CypherTypeError) as info:
        ev(f"a {op} b", {"a": None, "b": bad})
    assert info.value.detail == "InvalidArgumentType"
    with pytest.raises(CypherTypeError):
        ev(f"b {op} a", {"a": None, "b": bad})


def test_not_rejects_non_boolean() -> None:
    with pytest.raises(CypherTypeError):
        ev("NOT a", {"a": 1})


def test_and_short_circuits_on_false() -> None:
    assert ev("false AND (1 / 0 = 1)") is False
    assert ev("true OR (1 / 0 = 1)") is True


# -- comparisons ------------------------------------------------------------------------------


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=3),
    st.lists(st.integers(-3, 3), max_size=2),
)


def _model(op: str, a: Any, b: Any) -> Any:
    if op == "=":
        return equals(a, b)
    if op == "<>":
        r = equals(a, b)
        return None if r is None else not r
    c = compare(a, b)
    if c is None:
        return None
    return {"<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0}[op]


@pytest.mark.parametrize("op", ["=", "<>", "<", ">", "<=", ">="])
@given(a=SCALARS, b=SCALARS)
def test_comparison_agrees_with_value_semantics(op: str, a: Any, b: Any) -> None:
    # fast paths (same-type numbers/strings) and the slow path must agree with values._compare
    ctx = FakeGraph().context()
    assert compile_text(f"a {op} b")({"a": a, "b": b}, ctx) is _model(op, a, b)


@pytest.mark.parametrize("op", ["=", "<>", "<", ">", "<=", ">="])
@pytest.mark.parametrize("const", ["3", "2.5", "'m'", "null", "[1]"])
@given(a=SCALARS)
def test_comparison_with_constant_agrees(op: str, const: str, a: Any) -> None:
    ctx = FakeGraph().context()
    value = compile_text(const)({}, ctx)
    assert compile_text(f"a {op} {const}")({"a": a}, ctx) is _model(op, a, value)


@pytest.mark.parametrize("rhs", ["1", "1.0", "0.0 / 0.0"])
def test_nan_orderings_are_false(rhs: str) -> None:
    for op in ("<", ">", "<=", ">="):
        assert ev(f"0.0 / 0.0 {op} {rhs}") is False
    assert ev("0.0 / 0.0 = 0.0 / 0.0") is False
    assert ev("0.0 / 0.0 <> 0.0 / 0.0") is True


def test_nan_against_string_is_null() -> None:
    assert ev("0.0 / 0.0 > 'a'") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 < 2 < 3", True),
        ("1 < 3 < 2", False),
        ("1 < null < 3", None),
        ("3 < null < 2", None),
        ("1 < 2 <= 2 < 3", True),
        ("2 > 1 < 3", True),
        ("1 = 1 <> 2", True),
    ],
)
def test_comparison_chain(text: str, expected: object) -> None:
    assert ev(text) is expected


def test_comparison_chain_evaluates_each_operand_once() -> None:
    calls = []
    ctx = FakeGraph().context()
    compiled = compile_text("a < b < c", variables=("a", "b", "c"))

    class CountingRow(dict[str, Any]):
        def __getitem__(self, key: str) -> Any:
            calls.append(key)
            return super().__getitem__(key)

    assert compiled(CountingRow(a=1, b=2, c=3), ctx) is True
    assert sorted(calls) == ["a", "b", "c"]


def test_mixed_int_float_and_large_ints() -> None:
    big = 2**62 + 1
    assert ev("a < b", {"a": big, "b": float(2**62)}) is False
    assert ev("a = b", {"a": 1, "b": 1.0}) is True
    assert ev("a = b", {"a": True, "b": 1}) is False


# -- IN -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("x IN [1, 2, 3]", {"x": 2}, True),
        ("x IN [1, 2, 3]", {"x": 4}, False),
        ("x IN [1, 2, 3]", {"x": 2.0}, True),
        ("x IN [1, 2, 3]", {"x": True}, False),
        ("x IN [1, 2, 3]", {"x": None}, None),
        ("x IN [1, null]", {"x": 1}, True),
        ("x IN [1, null]", {"x": 2}, None),
        ("x IN []", {"x": None}, False),
        ("x IN l", {"x": 1, "l": None}, None),
        ("x IN l", {"x": [1], "l": [[1], [2]]}, True),
        ("x IN l", {"x": [1, None], "l": [[1, 2]]}, None),
        ("x IN l", {"x": [1, 2], "l": [[None, "foo"]]}, False),
        ("x IN l", {"x": [1, 2], "l": [[None, 2], [1, 3]]}, None),
        ("x IN l", {"x": [1], "l": [[1, None]]}, False),
        ("x IN l", {"x": [None], "l": [[1]]}, None),
        ("x IN ['a', 'b']", {"x": "a"}, True),
        ("x IN [1, 2]", {"x": math.nan}, False),
    ],
)
def test_in(text: str, row: dict[str, Any], expected: object) -> None:
    assert ev(text, row) is expected


def test_in_non_list_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("1 IN x", {"x": 1})


# -- string predicates and regex -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'abc' STARTS WITH 'ab'", True),
        ("'abc' STARTS WITH 'b'", False),
        ("'abc' ENDS WITH 'bc'", True),
        ("'abc' CONTAINS 'b'", True),
        ("'abc' CONTAINS ''", True),
        ("'abc' STARTS WITH null", None),
        ("1 STARTS WITH 'a'", None),
        ("'abc' ENDS WITH 1", None),
    ],
)
def test_string_predicates(text: str, expected: object) -> None:
    assert ev(text) is expected
    # and the dynamic (non-folded) forms
    left, op_right = text.split(" ", 1)
    assert ev(f"x {op_right}", {"x": ev(left)}) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'abc' =~ 'a.c'", True),
        ("'abcd' =~ 'a.c'", False),  # full match, not search
        ("'ABC' =~ '(?i)abc'", True),
        ("'abc' =~ null", None),
        ("null =~ 'a'", None),
        ("1 =~ 'a'", None),
        ("'ab' =~ '(?<first>a)b'", True),
    ],
)
def test_regex(text: str, expected: object) -> None:
    assert ev(text) is expected


def test_regex_with_dynamic_pattern() -> None:
    assert ev("s =~ p", {"s": "xyz", "p": "x.*"}) is True


def test_invalid_regex_fails_at_run_time() -> None:
    compiled = compile_text("'a' =~ '('")
    assert type(compiled) is not Const
    with pytest.raises(CypherArgumentError):
        compiled({}, FakeGraph().context())


# -- null checks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 0, "", [], False])
def test_is_null(value: object) -> None:
    assert ev("x IS NULL", {"x": value}) is (value is None)
    assert ev("x IS NOT NULL", {"x": value}) is (value is not None)
