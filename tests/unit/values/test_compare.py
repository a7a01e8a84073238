"""Cypher equality, comparison, orderability and equivalence (values._compare)."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.values._compare import (
    compare,
    equals,
    greater_equal,
    greater_than,
    group_key,
    in_list,
    less_equal,
    less_than,
    not_equals,
    order_key,
    row_key,
)
from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._spatial import Point

NAN = float("nan")
N1 = NodeRef(1)
N2 = NodeRef(2)
R1 = RelRef(10, "T", 1, 2)
PATH = PathRef((N1, N2), (R1,))


# -- equality ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (1, 1, True),
        (1, 1.0, True),
        (1.0, 1, True),
        (1, 2, False),
        ("1", 1, False),
        ("1.0", 1.0, False),
        (True, 1, False),
        (1, True, False),
        (False, 0.0, False),
        (True, True, True),
        (None, None, None),
        (None, 1, None),
        ("a", None, None),
        (NAN, NAN, False),
        (NAN, 1, False),
        (NAN, "a", False),
        ([1, 2], [1], False),
        ([None], [1], None),
        (["a"], [1], False),
        ([[1]], [[1], [None]], False),
        ([[1], [2]], [[1], [None]], None),
        ([[1], [2, 3]], [[1], [None]], False),
        ([1, None], [2, None], False),
        ([1, 2.0], [1.0, 2], True),
        ([True], [1], False),
        ({}, {}, True),
        ({"k": True}, {"k": True}, True),
        ({"k": 1}, {"k": 1.0}, True),
        ({}, {"k": None}, False),
        ({"k": None}, {}, False),
        ({"k": 1}, {"k": 1, "l": None}, False),
        ({"k": None}, {"k": None, "l": None}, False),
        ({"k": None}, {"k": None}, None),
        ({"k": 1}, {"k": None}, None),
        ({"k": 1, "l": None}, {"k": None, "l": 1}, None),
        ({"k": 1, "l": None}, {"k": 2, "l": None}, False),
        (N1, NodeRef(1), True),
        (N1, N2, False),
        (N1, R1, False),
        (R1, RelRef(10, "T", 1, 2), True),
        (PATH, PathRef((N1, N2), (R1,)), True),
        (Point(7203, (1.0, 2.0)), Point(7203, (1, 2)), True),
        (Point(7203, (1.0, 2.0)), Point(4326, (1.0, 2.0)), False),
        ([1], {"a": 1}, False),
        ("a", ["a"], False),
    ],
)
def test_equals(a: Any, b: Any, expected: bool | None) -> None:
    assert equals(a, b) is expected
    assert equals(b, a) is expected
    assert not_equals(a, b) is (None if expected is None else not expected)


@pytest.mark.parametrize(
    ("value", "items", "expected"),
    [
        (1, [1, 2], True),
        (1.0, [1, 2], True),
        (True, [1, 2], False),
        (3, [1, None], None),
        (1, [None, 1], True),
        ([1], [[1], [2]], True),
        (None, [1], None),
        (None, [], False),
        (1, [], False),
        (1, None, None),
    ],
)
def test_in_list(value: Any, items: Any, expected: bool | None) -> None:
    assert in_list(value, items) is expected


# -- comparison -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "sign"),
    [
        (1, 2, -1),
        (2, 1, 1),
        (1, 1.0, 0),
        (1, 3.14, -1),
        (3.14, 1, 1),
        ("a", "b", -1),
        ("", " ", -1),
        ("abc", "ab", 1),
        (False, True, -1),
        (True, True, 0),
        ([1, 2], [1, 3], -1),
        ([1], [1, 0], -1),
        ([2], [1, 5], 1),
        ([], [], 0),
        (9007199254740993, 9007199254740992.0, 1),
    ],
)
def test_compare_comparable(a: Any, b: Any, sign: int) -> None:
    result = compare(a, b)
    assert result is not None
    assert (result > 0) - (result < 0) == sign


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1", 1),
        ("1.0", 1.0),
        (True, 1),
        (None, 1),
        (None, None),
        (NAN, "a"),
        ([1, None], [1, 2]),
        ([1, "a"], [1, 2]),
        ({}, {}),
        ({"a": 1}, {"a": 2}),
        (N1, N2),
        (R1, R1),
        (PATH, PATH),
        ([1], 1),
        (Point(7203, (1.0, 2.0)), Point(7203, (2.0, 3.0))),
    ],
)
def test_compare_incomparable_is_null(a: Any, b: Any) -> None:
    assert compare(a, b) is None
    assert less_than(a, b) is None
    assert greater_equal(a, b) is None


@pytest.mark.parametrize(("a", "b"), [(NAN, 1), (NAN, 1.0), (NAN, NAN), (1, NAN), ([NAN], [1])])
def test_nan_comparisons_are_false(a: Any, b: Any) -> None:
    assert less_than(a, b) is False
    assert less_equal(a, b) is False
    assert greater_than(a, b) is False
    assert greater_equal(a, b) is False


def test_comparison_helpers() -> None:
    assert less_than(1, 2) is True
    assert less_equal(2, 2.0) is True
    assert greater_than("b", "a") is True
    assert greater_equal(1, 2) is False


# -- orderability -----------------------------------------------------------------------------


def _sorted(values: list[Any]) -> list[Any]:
    shuffled = list(values)
    random.Random(7).shuffle(shuffled)
    return sorted(shuffled, key=order_key)


def test_order_of_lists() -> None:
    expected = [[], ["a"], ["a", 1], [1], [1, "a"], [1, None], [None, 1], [None, 2]]
    assert _sorted(expected) == expected


def test_order_across_types() -> None:
    result = _sorted([N1, R1, PATH, 1.5, ["list"], "text", None, False, NAN, {"a": "map"}])
    expected = [{"a": "map"}, N1, R1, ["list"], PATH, "text", False, 1.5, NAN, None]
    assert len(result) == len(expected)
    for got, want in zip(result, expected):
        assert type(got) is type(want)
        assert got is want or got == want


def test_order_of_numbers_nan_last_before_null() -> None:
    values = [None, NAN, math.inf, 3, -math.inf, 2.5, -1, 0]
    result = _sorted(values)
    assert result[:6] == [-math.inf, -1, 0, 2.5, 3, math.inf]
    assert math.isnan(result[6])
    assert result[7] is None


def test_order_of_strings_booleans_and_points() -> None:
    assert _sorted([".*", "", " ", "one"]) == ["", " ", ".*", "one"]
    assert _sorted([True, False]) == [False, True]
    points = [Point(7203, (2.0, 0.0)), "s", Point(7203, (1.0, 5.0))]
    assert _sorted(points) == [Point(7203, (1.0, 5.0)), Point(7203, (2.0, 0.0)), "s"]


def test_order_of_temporals_by_class_and_value() -> None:
    temporal = pytest.importorskip("graphbolt.values._temporal")
    date_a = temporal.Date(1980, 10, 24)
    date_b = temporal.Date(1910, 5, 6)
    duration = temporal.Duration(1, 0, 0, 0)
    local_time = temporal.LocalTime(5)
    point = Point(7203, (0.0, 0.0))
    result = _sorted(["s", duration, local_time, date_a, point, date_b, PATH, [1]])
    assert result == [[1], PATH, point, date_b, date_a, local_time, duration, "s"]
    assert compare(date_b, date_a) == -1
    assert compare(duration, temporal.Duration(2, 0, 0, 0)) is None
    assert compare(date_a, local_time) is None


def test_order_of_maps_and_paths() -> None:
    longer = PathRef((N1, N2, NodeRef(3)), (R1, RelRef(11, "T", 2, 3)))
    assert _sorted([longer, PATH]) == [PATH, longer]
    assert _sorted([{"b": 1}, {"a": 1, "b": 2}, {"a": 2}]) == [{"a": 2}, {"b": 1}, {"a": 1, "b": 2}]


# -- equivalence ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (None, None, True),
        (1, 1.0, True),
        (NAN, NAN, True),
        (True, 1, False),
        (False, 0, False),
        (True, 1.0, False),
        ("1", 1, False),
        ([1, None], [1.0, None], True),
        ([NAN], [NAN], True),
        ([1], (1,), True),
        ([True], [1], False),
        ({"a": 1, "b": [None]}, {"b": [None], "a": 1.0}, True),
        ({"a": None}, {}, False),
        ([], {}, False),
        (N1, NodeRef(1), True),
        (N1, 1, False),
        (Point(7203, (1.0, 2.0)), Point(7203, (1.0, 2.0)), True),
        (0.0, -0.0, True),
    ],
)
def test_group_key(a: Any, b: Any, same: bool) -> None:
    assert (group_key(a) == group_key(b)) is same
    if same:
        assert hash(group_key(a)) == hash(group_key(b))
    assert len({group_key(a), group_key(b)}) == (1 if same else 2)


def test_row_key_keeps_columns_apart() -> None:
    assert row_key([1, "a"]) == row_key([1.0, "a"])
    assert row_key([1, True]) != row_key([1, 1])


# -- properties -------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-3, max_value=3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 2.0, NAN]),
    st.text(max_size=3),
    st.builds(NodeRef, st.integers(0, 3)),
    st.builds(lambda i: RelRef(i, "T", 0, 1), st.integers(0, 3)),
    st.builds(lambda x, y: Point(7203, (x, y)), st.integers(0, 2), st.integers(0, 2)),
)
values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
    ),
    max_leaves=8,
)


def _equivalent(a: Any, b: Any) -> bool:
    """Reference equivalence, written independently of the implementation."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equivalent(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equivalent(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@settings(max_examples=400)
@given(values, values)
def test_group_key_iff_equivalent(a: Any, b: Any) -> None:
    assert (group_key(a) == group_key(b)) is _equivalent(a, b)


@settings(max_examples=400)
@given(values, values)
def test_order_key_consistent_with_compare(a: Any, b: Any) -> None:
    ka = order_key(a)
    kb = order_key(b)
    key_sign = (ka > kb) - (ka < kb)
    c = compare(a, b)
    if c is not None and c == c:
        assert key_sign == (c > 0) - (c < 0)
    assert ((kb > ka) - (kb < ka)) == -key_sign


@settings(max_examples=400)
@given(values, values)
def test_equals_true_implies_same_order_and_group(a: Any, b: Any) -> None:
    if equals(a, b) is True:
        assert order_key(a) == order_key(b)
        assert group_key(a) == group_key(b)
    if group_key(a) == group_key(b):
        assert order_key(a) == order_key(b)


@settings(max_examples=200)
@given(st.lists(values, max_size=8))
def test_order_key_is_a_total_order(items: list[Any]) -> None:
    ordered = sorted(items, key=order_key)
    keys = [order_key(v) for v in ordered]
    assert all(x <= y for x, y in itertools.pairwise(keys))
    # The same multiset sorted from another starting order gives the same keys.
    assert [order_key(v) for v in sorted(reversed(items), key=order_key)] == keys


@given(values, values)
def test_equals_is_symmetric(a: Any, b: Any) -> None:
    assert equals(a, b) is equals(b, a)
