"""Row-shaping operators: filter, projection, distinct, sort, skip/limit, unwind,
aggregation, optional, apply and union."""

from __future__ import annotations

from typing import Any

import pytest
from _fake_graph import FakeGraph, compile_text
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError
from graphbolt.runtime._op_aggregation import AggregateSpec, AggregationOp, CountStar
from graphbolt.runtime._op_nested import ApplyOp, OptionalOp, UnionOp
from graphbolt.runtime._op_projection import (
    DistinctOp,
    FilterOp,
    LimitOp,
    ProjectionOp,
    SkipOp,
    SortOp,
    UnwindOp,
)
from graphbolt.runtime._operators import ArgumentOp, Pipeline
from graphbolt.runtime.functions._registry import lookup_aggregate


def var(name: str) -> Any:
    return lambda row, ctx: row[name]


def const(value: Any) -> Any:
    return lambda row, ctx: value


def run(op: Any, rows: list[Any]) -> list[dict[str, Any]]:
    return list(op.execute(FakeGraph().context(), iter(rows)))


def test_filter_keeps_only_true() -> None:
    rows = [{"x": True}, {"x": False}, {"x": None}]
    assert run(FilterOp(var("x")), rows) == [{"x": True}]


def test_projection_keep_and_narrow() -> None:
    rows = [{"a": 1, "b": 2}]
    assert run(ProjectionOp([("c", var("a"))], keep=False), rows) == [{"c": 1}]
    assert run(ProjectionOp([("a", var("b"))], keep=True), rows) == [{"a": 2, "b": 2}]


def test_distinct_uses_cypher_equivalence() -> None:
    rows = [{"x": 1}, {"x": 1.0}, {"x": True}, {"x": None}, {"x": None}, {"x": [1]}]
    out = run(DistinctOp(("x",)), rows)
    assert [r["x"] for r in out] == [1, True, None, [1]]


def test_sort_total_order_and_directions() -> None:
    rows = [{"x": v} for v in (3, "a", None, 1.5, True, [1])]
    out = run(SortOp([(var("x"), True)]), rows)
    assert [r["x"] for r in out] == [[1], "a", True, 1.5, 3, None]
    out = run(SortOp([(var("x"), False)]), rows)
    assert [r["x"] for r in out] == [None, 3, 1.5, True, "a", [1]]


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_sort_matches_python_sort(pairs: list[tuple[int, int]]) -> None:
    rows = [{"a": a, "b": b, "i": i} for i, (a, b) in enumerate(pairs)]
    keys = [(var("a"), True), (var("b"), False)]
    expected = sorted(rows, key=lambda r: (r["a"], -r["b"]))
    assert run(SortOp(keys), rows) == expected
    top = SortOp(keys, (const(1), const(3)))
    assert run(top, rows) == expected[:4]


def test_skip_and_limit_validate_their_counts() -> None:
    rows = [{"x": i} for i in range(5)]
    assert run(SkipOp(const(3)), rows) == rows[3:]
    assert run(LimitOp(const(2), False), rows) == rows[:2]
    assert run(LimitOp(const(0), False), rows) == []
    for value, detail in ((-1, "NegativeIntegerArgument"), (1.5, "InvalidArgumentType")):
        with pytest.raises(CypherArgumentError) as err:
            run(LimitOp(const(value), False), rows)
        assert err.value.detail == detail
        with pytest.raises(CypherArgumentError):
            run(SkipOp(const(value)), rows)


def test_limit_stops_pulling_unless_draining() -> None:
    pulled: list[int] = []

    def source() -> Any:
        for i in range(10):
            pulled.append(i)
            yield {"x": i}

    ctx = FakeGraph().context()
    assert len(list(LimitOp(const(2), False).execute(ctx, source()))) == 2
    assert pulled == [0, 1]
    pulled.clear()
    assert list(LimitOp(const(0), True).execute(ctx, source())) == []
    assert len(pulled) == 10


def test_unwind() -> None:
    op = UnwindOp(var("l"), "x")
    assert run(op, [{"l": [1, 2]}, {"l": None}, {"l": 5}, {"l": []}]) == [
        {"l": [1, 2], "x": 1},
        {"l": [1, 2], "x": 2},
        {"l": 5, "x": 5},
    ]


def _count(distinct: bool = False) -> Any:
    spec = lookup_aggregate("count")
    assert spec is not None
    return lambda: spec.make(distinct)


def test_aggregation_groups_by_equivalence() -> None:
    op = AggregationOp(
        [("k", var("k"))],
        [AggregateSpec("c", CountStar, []), AggregateSpec("v", _count(True), [var("v")])],
    )
    rows = [{"k": 1, "v": 1}, {"k": 1.0, "v": 1}, {"k": None, "v": None}, {"k": 2, "v": 3}]
    out = run(op, rows)
    assert out == [{"k": 1, "c": 2, "v": 1}, {"k": None, "c": 1, "v": 0}, {"k": 2, "c": 1, "v": 1}]


def test_aggregation_without_keys_on_empty_input() -> None:
    op = AggregationOp([], [AggregateSpec("c", CountStar, [])])
    assert run(op, []) == [{"c": 0}]
    keyed = AggregationOp([("k", var("k"))], [AggregateSpec("c", CountStar, [])])
    assert run(keyed, []) == []


def test_optional_apply_and_union_run_inner_pipelines() -> None:
    inner = Pipeline([ArgumentOp(), UnwindOp(var("l"), "x")])
    rows = [{"l": [1, 2]}, {"l": []}]
    assert run(OptionalOp(inner, ("x",)), rows) == [
        {"l": [1, 2], "x": 1},
        {"l": [1, 2], "x": 2},
        {"l": [], "x": None},
    ]
    project = Pipeline(
        [ArgumentOp(), UnwindOp(var("l"), "x"), ProjectionOp([("y", var("x"))], False)]
    )
    assert run(ApplyOp(project, ("y",)), [{"l": [7]}]) == [{"l": [7], "y": 7}]
    assert run(ApplyOp(project, ()), [{"l": [7, 8]}]) == [{"l": [7, 8]}]
    one = Pipeline([ArgumentOp(), ProjectionOp([("y", compile_text("1"))], False)])
    assert run(UnionOp([one, one], True, ("y",)), [{}]) == [{"y": 1}]
    assert run(UnionOp([one, one], False, ("y",)), [{}]) == [{"y": 1}, {"y": 1}]
