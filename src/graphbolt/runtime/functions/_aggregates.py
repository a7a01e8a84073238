"""Aggregate functions: count, sum, avg, min, max, collect, stDev, stDevP, percentileDisc,
percentileCont.

Each registers a factory ``make(distinct) -> Aggregator``; the runtime calls ``add(*args)``
once per row and ``result()`` once per group. Every aggregate skips nulls; ``count()`` called
with no arguments (how the runtime runs ``count(*)``) counts rows. With ``distinct=True`` a
value is used only the first time an equivalent one (``group_key``) is seen.
"""

from __future__ import annotations

import math
from typing import Any

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime.functions._registry import aggregate
from graphbolt.values import _arith
from graphbolt.values._compare import group_key, order_key
from graphbolt.values._types import type_name

_NUMERIC = frozenset({int, float})


class _Distinct:
    """The seen-set of a DISTINCT aggregate; ``first(v)`` is True for a new value."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: set[Any] = set()

    def first(self, value: Any) -> bool:
        key = group_key(value)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True


class _Base:
    """Null skipping and DISTINCT filtering shared by all aggregators; ``accept`` does the
    aggregate's own work for a non-null, not previously seen value."""

    __slots__ = ("distinct",)

    def __init__(self, distinct: bool) -> None:
        self.distinct = _Distinct() if distinct else None

    def add(self, value: Any, *rest: Any) -> None:
        if value is None:
            return
        if self.distinct is not None and not self.distinct.first(value):
            return
        self.accept(value, *rest)

    def accept(self, value: Any, *rest: Any) -> None:
        raise NotImplementedError


class _Count(_Base):
    __slots__ = ("n",)

    def __init__(self, distinct: bool) -> None:
        super().__init__(distinct)
        self.n = 0

    def add(self, *args: Any) -> None:
        if not args:  # count(*)
            self.n += 1
            return
        super().add(args[0])

    def accept(self, value: Any, *rest: Any) -> None:
        self.n += 1

    def result(self) -> int:
        return self.n


def _is_duration(value: Any) -> bool:
    return type(value).__name__ == "Duration"


def _numeric_or_duration(fn: str, value: Any) -> None:
    if type(value) not in _NUMERIC and not _is_duration(value):
        raise CypherTypeError(
            "InvalidArgumentType",
            f"`{fn}` expects numbers or durations, but got: {type_name(value)} ({value!r})",
        )


class _Sum(_Base):
    """Integers sum exactly (64-bit overflow is an error), any float makes the sum a float,
    durations sum as durations; mixing numbers and durations is a type error."""

    __slots__ = ("total",)

    def __init__(self, distinct: bool) -> None:
        super().__init__(distinct)
        self.total: Any = None

    def accept(self, value: Any, *rest: Any) -> None:
        _numeric_or_duration("sum", value)
        if self.total is None:
            self.total = value
            return
        if _is_duration(value) != _is_duration(self.total):
            raise CypherTypeError("InvalidArgumentType", "`sum` cannot mix numbers and durations")
        self.total = _arith.add(self.total, value)

    def result(self) -> Any:
        return 0 if self.total is None else self.total


class _Avg(_Base):
    """Mean of numbers (a float) or of durations (a duration). Integers are summed exactly,
    so the average of large integers cannot overflow."""

    __slots__ = ("n", "total")

    def __init__(self, distinct: bool) -> None:
        super().__init__(distinct)
        self.total: Any = None
        self.n = 0

    def accept(self, value: Any, *rest: Any) -> None:
        _numeric_or_duration("avg", value)
        total = self.total
        if total is None:
            self.total = value
        elif _is_duration(value) != _is_duration(total):
            raise CypherTypeError("InvalidArgumentType", "`avg` cannot mix numbers and durations")
        elif type(value) is int and type(total) is int:
            self.total = total + value
        else:
            self.total = _arith.add(total, value)
        self.n += 1

    def result(self) -> Any:
        if self.n == 0:
            return None
        if _is_duration(self.total):
            return _arith.divide(self.total, self.n)
        return self.total / self.n


class _Extreme(_Base):
    __slots__ = ("best", "best_key", "sign")

    def __init__(self, distinct: bool, sign: int) -> None:
        super().__init__(False)  # DISTINCT cannot change a min or max
        self.sign = sign
        self.best: Any = None
        self.best_key: Any = None

    def accept(self, value: Any, *rest: Any) -> None:
        key = order_key(value)
        if self.best_key is None or (key < self.best_key if self.sign < 0 else key > self.best_key):
            self.best = value
            self.best_key = key

    def result(self) -> Any:
        return self.best


class _Collect(_Base):
    __slots__ = ("items",)

    def __init__(self, distinct: bool) -> None:
        super().__init__(distinct)
        self.items: list[Any] = []

    def accept(self, value: Any, *rest: Any) -> None:
        self.items.append(value)

    def result(self) -> list[Any]:
        return self.items


def _expect_number(fn: str, value: Any) -> float:
    if type(value) in _NUMERIC:
        return float(value)
    raise CypherTypeError(
        "InvalidArgumentType",
        f"`{fn}` expects numbers, but got: {type_name(value)} ({value!r})",
    )


class _StDev(_Base):
    """Welford's running mean and variance (numerically stable in one pass)."""

    __slots__ = ("mean", "n", "population", "sq")

    def __init__(self, distinct: bool, population: bool) -> None:
        super().__init__(distinct)
        self.population = population
        self.n = 0
        self.mean = 0.0
        self.sq = 0.0

    def accept(self, value: Any, *rest: Any) -> None:
        x = _expect_number("stDevP" if self.population else "stDev", value)
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.sq += delta * (x - self.mean)

    def result(self) -> float:
        divisor = self.n if self.population else self.n - 1
        if divisor <= 0:
            return 0.0
        return math.sqrt(self.sq / divisor)


def _check_percentile(percentile: Any) -> float:
    if type(percentile) not in _NUMERIC:
        raise CypherTypeError(
            "InvalidArgumentType",
            f"The percentile must be a number, got: {type_name(percentile)}",
        )
    if not 0.0 <= percentile <= 1.0:
        raise CypherArgumentError(
            "NumberOutOfRange",
            f"Number out of range: {percentile}; the percentile must be between 0.0 and 1.0",
        )
    return float(percentile)


class _Percentile(_Base):
    __slots__ = ("continuous", "percentile", "values")

    def __init__(self, distinct: bool, continuous: bool) -> None:
        super().__init__(distinct)
        self.continuous = continuous
        self.values: list[int | float] = []
        self.percentile = 0.0

    def accept(self, value: Any, *rest: Any) -> None:
        fn = "percentileCont" if self.continuous else "percentileDisc"
        if type(value) not in _NUMERIC:
            _expect_number(fn, value)
        self.percentile = _check_percentile(rest[0] if rest else None)
        self.values.append(value)

    def result(self) -> Any:
        if not self.values:
            return None
        values = sorted(self.values)
        p = self.percentile
        n = len(values)
        if self.continuous:
            position = p * (n - 1)
            low = math.floor(position)
            high = math.ceil(position)
            if low == high:
                return float(values[low])
            return values[low] + (values[high] - values[low]) * (position - low)
        index = max(0, math.ceil(p * n) - 1)
        return values[index]


@aggregate("count", 0, 1)
def make_count(distinct: bool) -> _Count:
    return _Count(distinct)


@aggregate("sum")
def make_sum(distinct: bool) -> _Sum:
    return _Sum(distinct)


@aggregate("avg")
def make_avg(distinct: bool) -> _Avg:
    return _Avg(distinct)


@aggregate("min")
def make_min(distinct: bool) -> _Extreme:
    return _Extreme(distinct, -1)


@aggregate("max")
def make_max(distinct: bool) -> _Extreme:
    return _Extreme(distinct, 1)


@aggregate("collect")
def make_collect(distinct: bool) -> _Collect:
    return _Collect(distinct)


@aggregate("stDev")
def make_stdev(distinct: bool) -> _StDev:
    return _StDev(distinct, population=False)


@aggregate("stDevP")
def make_stdevp(distinct: bool) -> _StDev:
    return _StDev(distinct, population=True)


@aggregate("percentileDisc", 2)
def make_percentile_disc(distinct: bool) -> _Percentile:
    return _Percentile(distinct, continuous=False)


@aggregate("percentileCont", 2)
def make_percentile_cont(distinct: bool) -> _Percentile:
    return _Percentile(distinct, continuous=True)
