"""Row-shaping operators: Filter, Projection, Distinct, Sort, Skip, Limit, Unwind."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import CypherArgumentError
from graphbolt.runtime._context import ExecutionContext, raise_terminated
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.values._compare import order_key, row_key
from graphbolt.values._types import type_name


class FilterOp(Operator):
    def __init__(self, predicate: Compiled) -> None:
        self.predicate = predicate

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        predicate = self.predicate
        for row in rows:
            if predicate(row, ctx) is True:
                yield row


class ProjectionOp(Operator):
    """Evaluates the items against the incoming row; ``keep`` keeps the incoming bindings."""

    def __init__(
        self,
        items: list[tuple[str, Compiled]],
        keep: bool,
        exprs: tuple[ast.Expr, ...] = (),
    ) -> None:
        self.items = items
        self.keep = keep
        self.exprs = exprs  # the items' source, for plan-level fusion (``_fused_tail``)

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        items = self.items
        if self.keep:
            for row in rows:
                out = dict(row)
                for name, fn in items:
                    out[name] = fn(row, ctx)
                yield out
        elif len(items) == 1:  # the common RETURN x: no comprehension frame per row
            ((name, fn),) = items
            for row in rows:
                yield {name: fn(row, ctx)}
        else:
            for row in rows:
                yield {name: fn(row, ctx) for name, fn in items}

    def describe(self) -> str:
        return f"Projection({', '.join(repr(n) for n, _ in self.items)})"


class DistinctOp(Operator):
    def __init__(self, columns: tuple[str, ...]) -> None:
        self.columns = columns

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        seen: set[tuple[Any, ...]] = set()
        columns = self.columns
        for row in rows:
            key = row_key([row[c] for c in columns])
            if key not in seen:
                seen.add(key)
                yield row


class _Descending:
    """Reverses the order of a sort key (for DESC items inside one composite key)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key

    def __lt__(self, other: _Descending) -> bool:
        return bool(other.key < self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and bool(self.key == other.key)

    __hash__ = None  # type: ignore[assignment]


def count_value(fn: Compiled, ctx: ExecutionContext, clause: str) -> int:
    """Evaluate a SKIP/LIMIT expression once: it must be a non-negative integer."""
    value = fn({}, ctx)
    if type(value) is not int:
        raise CypherArgumentError(
            "InvalidArgumentType",
            f"{clause} must be a non-negative integer, got {type_name(value)}: {value!r}",
        )
    if value < 0:
        raise CypherArgumentError(
            "NegativeIntegerArgument", f"{clause} must be a non-negative integer, got {value}"
        )
    return value


class SortOp(Operator):
    """ORDER BY: consumes its input. With ``top`` (the SKIP/LIMIT that follow) it keeps only
    the first skip+limit rows in a heap instead of sorting everything."""

    def __init__(
        self,
        keys: list[tuple[Compiled, bool]],
        top: tuple[Compiled | None, Compiled] | None = None,
    ) -> None:
        self.keys = keys
        self.top = top

    def _key(self, row: Row, ctx: ExecutionContext) -> tuple[Any, ...]:
        return tuple(
            order_key(fn(row, ctx)) if asc else _Descending(order_key(fn(row, ctx)))
            for fn, asc in self.keys
        )

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        limit: int | None = None
        if self.top is not None:
            skip_fn, limit_fn = self.top
            skip = count_value(skip_fn, ctx, "SKIP") if skip_fn is not None else 0
            limit = skip + count_value(limit_fn, ctx, "LIMIT")
        counter = itertools.count()
        keyed = ((self._key(row, ctx), next(counter), row) for row in rows)
        if limit is not None:
            chosen = heapq.nsmallest(limit, keyed, key=lambda t: (t[0], t[1]))
        else:
            chosen = sorted(keyed, key=lambda t: (t[0], t[1]))
        for _, _, row in chosen:
            yield row


class SkipOp(Operator):
    def __init__(self, count: Compiled) -> None:
        self.count = count

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        n = count_value(self.count, ctx, "SKIP")
        return itertools.islice(rows, n, None)


class LimitOp(Operator):
    """LIMIT: stops pulling after n rows; ``drain`` still exhausts the input afterwards, so
    updates below a ``LIMIT`` run for every row (``CREATE ... RETURN n LIMIT 0``)."""

    def __init__(self, count: Compiled, drain: bool) -> None:
        self.count = count
        self.drain = drain

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        n = count_value(self.count, ctx, "LIMIT")
        if n > 0:
            for i, row in enumerate(rows, 1):
                yield row
                if i >= n:
                    break
        if self.drain:
            for _ in rows:
                pass


class UnwindOp(Operator):
    def __init__(self, expr: Compiled, var: str) -> None:
        self.expr = expr
        self.var = var

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        expr, var = self.expr, self.var
        for row in rows:
            value = expr(row, ctx)
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                for item in value:
                    if ctx.interrupted:  # a long UNWIND must stop on RESET
                        raise_terminated()
                    yield {**row, var: item}
            else:
                yield {**row, var: value}
