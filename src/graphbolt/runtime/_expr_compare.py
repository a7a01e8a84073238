"""Comparison operators (``= <> < > <= >=``) as plain two-argument tests and as compiled
closures, with inline fast paths for numbers (and a constant operand baked in)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled, Const, Row
from graphbolt.values._compare import compare, equals

Test = Callable[[Any, Any], "bool | None"]

_ORDER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _is_number(value: Any) -> bool:
    return type(value) is int or type(value) is float


def _order_slow(py_op: Callable[[Any, Any], bool]) -> Test:
    def slow(a: Any, b: Any) -> bool | None:
        # compare() answers NaN for NaN operands, which makes every ordering test false.
        c = compare(a, b)
        if c is None:
            return None
        return py_op(c, 0)

    return slow


def _order_test(py_op: Callable[[Any, Any], bool]) -> Test:
    slow = _order_slow(py_op)

    def test(a: Any, b: Any) -> bool | None:
        ta = type(a)
        if ta is type(b):
            # Python orders these as Cypher does (NaN included: every test is false).
            if ta is int or ta is float or ta is str:
                return py_op(a, b)
        elif (ta is int or ta is float) and _is_number(b):
            return py_op(a, b)
        return slow(a, b)

    return test


def _eq(a: Any, b: Any) -> bool | None:
    ta = type(a)
    if ta is type(b) and (ta is int or ta is str or ta is float):
        return bool(a == b)
    return equals(a, b)


def _ne(a: Any, b: Any) -> bool | None:
    result = _eq(a, b)
    return None if result is None else not result


TESTS: dict[str, Test] = {
    "=": _eq,
    "<>": _ne,
    **{op: _order_test(py_op) for op, py_op in _ORDER_OPS.items()},
}


def compile_comparison_op(op: str, left: Compiled, right: Compiled) -> Compiled:
    """``left op right`` as a closure; numbers compare inline, the rest via ``values._compare``."""
    if op in _ORDER_OPS:
        return _compile_order(_ORDER_OPS[op], left, right)
    if op == "=" and type(right) is Const:
        return _compile_eq_const(left, right.value)
    test = TESTS[op]

    def comparison(row: Row, ctx: ExecutionContext) -> Any:
        return test(left(row, ctx), right(row, ctx))

    return comparison


def _compile_order(py_op: Callable[[Any, Any], bool], left: Compiled, right: Compiled) -> Compiled:
    slow = _order_slow(py_op)
    if type(right) is Const and type(right.value) in (int, float, str):
        c = right.value
        # The same-type fast path is exact; int against a float constant too.
        fast_types = (int, float) if type(c) is not str else (str,)

        def order_const(row: Row, ctx: ExecutionContext) -> Any:
            a = left(row, ctx)
            if type(a) in fast_types:
                return py_op(a, c)
            return slow(a, c)

        return order_const

    def order(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        b = right(row, ctx)
        ta = type(a)
        if ta is type(b):
            if ta is int or ta is float or ta is str:
                return py_op(a, b)
        elif (ta is int or ta is float) and _is_number(b):
            return py_op(a, b)
        return slow(a, b)

    return order


def _compile_eq_const(left: Compiled, c: Any) -> Compiled:
    kind = type(c)
    if kind is int or kind is str:

        def eq_const(row: Row, ctx: ExecutionContext) -> Any:
            a = left(row, ctx)
            if type(a) is kind:
                return a == c
            return equals(a, c)

        return eq_const

    def eq(row: Row, ctx: ExecutionContext) -> Any:
        return _eq(left(row, ctx), c)

    return eq
