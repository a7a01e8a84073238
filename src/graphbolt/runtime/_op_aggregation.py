"""Grouping and aggregation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.runtime.functions._registry import Aggregator
from graphbolt.values._compare import group_key


class CountStar:
    """``count(*)``: counts rows, nulls included."""

    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def add(self, *args: Any) -> None:
        self.n += 1

    def result(self) -> Any:
        return self.n


class AggregateSpec:
    """One aggregate column: its output name, a factory, and its compiled arguments."""

    __slots__ = ("args", "make", "name")

    def __init__(self, name: str, make: Callable[[], Aggregator], args: list[Compiled]) -> None:
        self.name = name
        self.make = make
        self.args = args


class AggregationOp(Operator):
    """Groups rows by the key expressions and feeds each group's aggregators.

    Without grouping keys an empty input still yields one row (``count(*)`` = 0).
    """

    def __init__(self, keys: list[tuple[str, Compiled]], aggregates: list[AggregateSpec]) -> None:
        self.keys = keys
        self.aggregates = aggregates

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        key_names = [name for name, _ in self.keys]
        key_fns = [fn for _, fn in self.keys]
        specs = self.aggregates
        groups: dict[Any, tuple[list[Any], list[Aggregator]]] = {}
        single = len(key_fns) == 1
        for row in rows:
            values = [fn(row, ctx) for fn in key_fns]
            key = group_key(values[0]) if single else tuple(map(group_key, values))
            group = groups.get(key)
            if group is None:
                group = (values, [spec.make() for spec in specs])
                groups[key] = group
            for spec, agg in zip(specs, group[1]):
                agg.add(*[fn(row, ctx) for fn in spec.args])
        if not groups and not key_fns:
            groups[()] = ([], [spec.make() for spec in specs])
        for values, aggs in groups.values():
            out = dict(zip(key_names, values))
            for spec, agg in zip(specs, aggs):
                out[spec.name] = agg.result()
            yield out

    def describe(self) -> str:
        keys = ", ".join(repr(n) for n, _ in self.keys)
        return f"Aggregation(keys=[{keys}], {len(self.aggregates)} aggregates)"
