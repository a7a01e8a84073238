"""Aggregate functions (runtime.functions._aggregates)."""

from __future__ import annotations

import math
import statistics
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherArithmeticError, CypherTypeError
from graphbolt.runtime.functions._registry import lookup_aggregate
from graphbolt.values._graph import NodeRef

NAN = math.nan


def aggregate(name: str, rows: list[Any], *extra: Any, distinct: bool = False) -> Any:
    """Run aggregate ``name`` over ``rows`` (one argument per row, plus ``extra`` ones)."""
    spec = lookup_aggregate(name)
    assert spec is not None, name
    aggregator = spec.make(distinct)
    for row in rows:
        aggregator.add(row, *extra)
    return aggregator.result()


def _check(got: Any, want: Any) -> None:
    assert type(got) is type(want), (got, want)
    assert got == want


def test_count_skips_nulls_and_counts_rows_without_arguments() -> None:
    assert aggregate("count", [33, None, 42]) == 2
    spec = lookup_aggregate("COUNT")
    assert spec is not None and spec.min_args == 0
    star = spec.make(False)
    for _ in range(3):
        star.add()
    assert star.result() == 3
    assert aggregate("count", []) == 0


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([None, None], 0),
        ([1, 1.0, True, "1", None], 3),
        ([NAN, NAN, 1], 2),
        ([[1, None], [1.0, None], [1]], 2),
        ([{"a": 1}, {"a": 1.0}, {"a": 2}], 2),
        ([NodeRef(1), NodeRef(1), NodeRef(2)], 2),
    ],
)
def test_count_distinct(rows: list[Any], expected: int) -> None:
    assert aggregate("count", rows, distinct=True) == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([33, None, 42], 75),
        ([], 0),
        ([None], 0),
        ([1, 2.5], 3.5),
        ([1.5, 1], 2.5),
    ],
)
def test_sum(rows: list[Any], expected: Any) -> None:
    _check(aggregate("sum", rows), expected)


def test_sum_distinct_and_errors() -> None:
    assert aggregate("sum", [1, 1, 2, 1.0], distinct=True) == 3
    with pytest.raises(CypherTypeError):
        aggregate("sum", [1, "a"])
    with pytest.raises(CypherTypeError):
        aggregate("sum", [True])
    with pytest.raises(CypherArithmeticError):
        aggregate("sum", [2**62, 2**62])


def test_sum_no_overflow_in_ordinary_range() -> None:
    _check(aggregate("sum", list(range(1_000_000, 1_003_000))), sum(range(1_000_000, 1_003_000)))


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([1, 2, 3, None], 2.0),
        ([1.5, 2.5], 2.0),
        ([2**62, 2**62], float(2**62)),
        ([], None),
        ([None], None),
    ],
)
def test_avg(rows: list[Any], expected: Any) -> None:
    _check(aggregate("avg", rows), expected)


def test_avg_errors() -> None:
    with pytest.raises(CypherTypeError):
        aggregate("avg", ["a"])


def test_duration_sum_and_avg() -> None:
    temporal = pytest.importorskip("graphbolt.values._temporal")
    pytest.importorskip("graphbolt.values._temporal_duration")
    d1 = temporal.Duration(0, 1, 0, 0)
    d2 = temporal.Duration(0, 3, 0, 0)
    assert aggregate("sum", [d1, None, d2]) == temporal.Duration(0, 4, 0, 0)
    assert aggregate("avg", [d1, d2]) == temporal.Duration(0, 2, 0, 0)
    with pytest.raises(CypherTypeError):
        aggregate("sum", [d1, 1])


@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        ("min", [1, 2, 0, None, -1], -1),
        ("max", [1, 2, 0, None, -1], 2),
        ("min", [1.0, 2.0, 0.5, None], 0.5),
        ("max", [1, 2.0, 5, None, 3.2, 0.1], 5),
        ("min", [1, 2.0, 5, None, 3.2, 0.1], 0.1),
        ("max", ["a", "b", "B", None, "abc", "abc1"], "b"),
        ("min", ["a", "b", "B", None, "abc", "abc1"], "B"),
        ("max", [[1], [2], [2, 1]], [2, 1]),
        ("min", [[1], [2], [2, 1]], [1]),
        ("min", [1, "a", None, [1, 2], 0.2, "b"], [1, 2]),
        ("max", [1, "a", None, [1, 2], 0.2, "b"], 1),
        ("max", [1, NAN], NAN),
        ("min", [None, None], None),
        ("max", [], None),
    ],
)
def test_min_max(name: str, rows: list[Any], expected: Any) -> None:
    result = aggregate(name, rows)
    if isinstance(expected, float) and math.isnan(expected):
        assert math.isnan(result)
    else:
        _check(result, expected)
    assert aggregate(name, rows, distinct=True) == result or result != result


def test_collect() -> None:
    assert aggregate("collect", [1, None, 2, 1]) == [1, 2, 1]
    assert aggregate("collect", [None, None], distinct=True) == []
    assert aggregate("collect", [None, 1, None], distinct=True) == [1]
    assert aggregate("collect", [1, 1.0, True, [1], [1.0]], distinct=True) == [1, True, [1]]
    assert aggregate("collect", []) == []


def test_stdev() -> None:
    rows = [2, 4, 4, 4, 5, 5, 7, 9]
    assert aggregate("stDevP", rows) == pytest.approx(2.0)
    assert aggregate("stDev", rows) == pytest.approx(statistics.stdev(rows))
    assert aggregate("stDev", [1]) == 0.0
    assert aggregate("stDevP", []) == 0.0
    assert aggregate("stDev", [1, 1, 3], distinct=True) == pytest.approx(statistics.stdev([1, 3]))
    with pytest.raises(CypherTypeError):
        aggregate("stDev", ["x"])


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=30))
def test_stdev_matches_statistics(rows: list[float]) -> None:
    assert aggregate("stDev", rows) == pytest.approx(statistics.stdev(rows), rel=1e-6, abs=1e-6)
    assert aggregate("stDevP", rows) == pytest.approx(statistics.pstdev(rows), rel=1e-6, abs=1e-6)


@pytest.mark.parametrize(
    ("p", "disc", "cont"),
    [
        (0.0, 10.0, 10.0),
        (0.5, 20.0, 20.0),
        (1.0, 30.0, 30.0),
        (0.25, 10.0, 15.0),
        (0.9, 30.0, 28.0),
    ],
)
def test_percentiles(p: float, disc: float, cont: float) -> None:
    rows = [30.0, 10.0, None, 20.0]
    _check(aggregate("percentileDisc", rows, p), disc)
    assert aggregate("percentileCont", rows, p) == pytest.approx(cont)


def test_percentile_types_and_empty() -> None:
    _check(aggregate("percentileDisc", [3, 1, 2], 0.5), 2)
    _check(aggregate("percentileCont", [1, 2], 0.5), 1.5)
    _check(aggregate("percentileCont", [1, 3, 5], 0.5), 3.0)
    assert aggregate("percentileDisc", [], 0.5) is None
    assert aggregate("percentileCont", [None], 0.5) is None
    assert aggregate("percentileDisc", [1, 1, 1, 5], 0.5, distinct=True) == 1


@pytest.mark.parametrize("name", ["percentileDisc", "percentileCont"])
@pytest.mark.parametrize("p", [1000, -1, 1.1])
def test_percentile_out_of_range(name: str, p: Any) -> None:
    with pytest.raises(CypherArgumentError) as info:
        aggregate(name, [10.0], p)
    assert info.value.detail == "NumberOutOfRange"


def test_percentile_type_errors() -> None:
    with pytest.raises(CypherTypeError):
        aggregate("percentileDisc", ["a"], 0.5)
    with pytest.raises(CypherTypeError):
        aggregate("percentileDisc", [1], "0.5")


def test_registered_arities() -> None:
    for name, low, high in [("count", 0, 1), ("sum", 1, 1), ("percentileCont", 2, 2)]:
        spec = lookup_aggregate(name)
        assert spec is not None
        assert (spec.min_args, spec.max_args) == (low, high)
