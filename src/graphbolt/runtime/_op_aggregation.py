"""Grouping and aggregation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.runtime.functions._registry import Aggregator
from graphbolt.values._compare import group_key
from graphbolt.values._graph import NodeRef


class CountStar:
    """``count(*)``: counts rows, nulls included."""

    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0

    def add(self, *args: Any) -> None:
        self.n += 1

    def result(self) -> Any:
        return self.n


class CountDistinct:
    """``count(DISTINCT x)``: nulls skipped, equivalent values (``group_key``) counted once.
    Nodes, the common case (``count(DISTINCT fof)``), are remembered by bare id: cheaper to
    hash than the reference, and a node is equivalent to nothing but itself."""

    __slots__ = ("nodes", "others")

    def __init__(self) -> None:
        self.nodes: set[int] = set()
        self.others: set[Any] = set()

    def add(self, value: Any) -> None:
        if type(value) is NodeRef:
            self.nodes.add(value.id)
        elif value is not None:
            self.others.add(group_key(value))

    def result(self) -> Any:
        return len(self.nodes) + len(self.others)


class AggregateSpec:
    """One aggregate column: its output name, a factory, and its compiled arguments."""

    __slots__ = ("args", "distinct_var", "make", "name")

    def __init__(
        self,
        name: str,
        make: Callable[[], Aggregator],
        args: list[Compiled],
        distinct_var: str | None = None,
    ) -> None:
        self.name = name
        self.make = make
        self.args = args
        self.distinct_var = distinct_var  # ``count(DISTINCT v)`` of a plain variable: v


class AggregationOp(Operator):
    """Groups rows by the key expressions and feeds each group's aggregators.

    Without grouping keys an empty input still yields one row (``count(*)`` = 0).
    """

    def __init__(self, keys: list[tuple[str, Compiled]], aggregates: list[AggregateSpec]) -> None:
        self.keys = keys
        self.aggregates = aggregates

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        if not self.keys:
            return self._one_group(ctx, rows)
        return self._groups(ctx, rows)

    def _one_group(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        """No grouping keys: one group, no key to compute per row."""
        specs = self.aggregates
        aggs = [spec.make() for spec in specs]
        if len(specs) == 1 and len(specs[0].args) == 1:
            add, (arg,) = aggs[0].add, specs[0].args
            for row in rows:
                add(arg(row, ctx))
        else:
            pairs = list(zip(specs, aggs))
            for row in rows:
                for spec, agg in pairs:
                    agg.add(*[fn(row, ctx) for fn in spec.args])
        yield {spec.name: agg.result() for spec, agg in zip(specs, aggs)}

    def _groups(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
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
        for values, aggs in groups.values():
            out = dict(zip(key_names, values))
            for spec, agg in zip(specs, aggs):
                out[spec.name] = agg.result()
            yield out

    def describe(self) -> str:
        keys = ", ".join(repr(n) for n, _ in self.keys)
        return f"Aggregation(keys=[{keys}], {len(self.aggregates)} aggregates)"
