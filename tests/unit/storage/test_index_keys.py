"""The ordered index key encoding: key order is Cypher order (numbers across int/float,
strings by code point), equality is Cypher ``=``, ranges and prefixes are key ranges."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from graphbolt.storage._index_keys import EMPTY, prefix_range, range_of, value_key

INT64 = st.integers(-(2**63), 2**63 - 1)
NEAR_FLOATS = st.one_of(
    st.floats(allow_nan=False),
    st.integers(-(2**63), 2**63 - 1).map(float),
    st.sampled_from([0.0, -0.0, 2.0**63, -(2.0**63), 2.0**53, 2.0**53 + 2, 0.5, -0.5]),
)
NUMBERS = st.one_of(INT64, NEAR_FLOATS, st.integers(2**53 - 5, 2**53 + 5))
STRINGS = st.text(alphabet=st.sampled_from(["\x00", "\x01", "a", "b", "é", "\uffff", "😀"]))


def _sign(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


@given(NUMBERS, NUMBERS)
def test_number_key_order_is_numeric_order(a: int | float, b: int | float) -> None:
    # Python compares int and float exactly, as Cypher does.
    ka, kb = value_key(a), value_key(b)
    assert ka is not None and kb is not None
    assert _sign(ka, kb) == _sign(a, b)


@given(INT64)
def test_integral_float_equals_int(i: int) -> None:
    f = float(i)
    assert (value_key(f) == value_key(i)) == (f == i)


@given(STRINGS, STRINGS)
def test_string_key_order_is_code_point_order(a: str, b: str) -> None:
    ka, kb = value_key(a), value_key(b)
    assert ka is not None and kb is not None
    assert _sign(ka, kb) == _sign(a, b)
    assert not (ka != kb and (ka.startswith(kb) or kb.startswith(ka)))  # prefix-free


@given(STRINGS, STRINGS)
def test_prefix_range_is_starts_with(s: str, prefix: str) -> None:
    keys = prefix_range(prefix)
    assert keys is not None
    key = value_key(s)
    assert key is not None
    assert keys.contains(key) == s.startswith(prefix)


BOUNDS = st.one_of(st.none(), NUMBERS, STRINGS)


@given(st.one_of(NUMBERS, STRINGS, st.booleans()), BOUNDS, st.booleans(), BOUNDS, st.booleans())
def test_range_matches_cypher_comparisons(
    value: Any, low: Any, low_incl: bool, high: Any, high_incl: bool
) -> None:
    keys = range_of(low, low_incl, high, high_incl)
    if low is None and high is None:
        assert keys is None
        return
    assert keys is not None

    def holds(bound: Any, incl: bool, below: bool) -> bool:
        if bound is None:
            return True
        numbers = type(value) in (int, float) and type(bound) in (int, float)
        if not numbers and not (type(value) is str and type(bound) is str):
            return False  # Cypher: comparison across types is null
        if below:
            return bool(value <= bound if incl else value < bound)
        return bool(value >= bound if incl else value > bound)

    want = holds(low, low_incl, False) and holds(high, high_incl, True)
    key = value_key(value)
    assert key is not None
    assert keys.contains(key) == want


def test_unindexable_and_unrangeable_values() -> None:
    assert value_key(None) is None
    assert value_key(math.nan) is None
    assert value_key(True) != value_key(1)  # booleans are not numbers
    assert value_key([1, 2.0]) == value_key([1.0, 2])
    assert range_of(math.nan, True, None, True) is EMPTY
    assert range_of(1, True, "a", True) is EMPTY
    assert range_of(True, True, None, True) is None  # not a number or string: caller scans
    assert prefix_range(1) is None
