"""Compiling operators: arithmetic, boolean connectives, string predicates, IN, regex,
comparison chains, unary operators and IS [NOT] NULL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import CypherArgumentError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_compare import TESTS, compile_comparison_op
from graphbolt.runtime._expr_scope import Compiled, Const, Row, Scope, compiles, fold, type_error
from graphbolt.values import _arith
from graphbolt.values._compare import equals

_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": _arith.add,
    "-": _arith.subtract,
    "*": _arith.multiply,
    "/": _arith.divide,
    "%": _arith.modulo,
    "^": _arith.power,
}


@compiles(ast.BinaryOp)
def _binary(expr: ast.BinaryOp, scope: Scope) -> Compiled:
    left = scope.compile(expr.left)
    right = scope.compile(expr.right)
    op = expr.op
    if op in _ARITHMETIC:
        fn = _arithmetic(_ARITHMETIC[op], left, right)
    elif op in _BOOLEAN:
        fn = _BOOLEAN[op](left, right)
    elif op == "IN":
        fn = _in(left, right)
    elif op in _STRING:
        fn = _string_predicate(_STRING[op], left, right)
    elif op == "=~":
        fn = _regex(left, right)
    else:
        raise ValueError(f"unknown binary operator {op!r}")
    return fold(fn, left, right)


def _arithmetic(impl: Callable[[Any, Any], Any], left: Compiled, right: Compiled) -> Compiled:
    if type(right) is Const:
        value = right.value

        def arith_const(row: Row, ctx: ExecutionContext) -> Any:
            return impl(left(row, ctx), value)

        return arith_const

    def arith(row: Row, ctx: ExecutionContext) -> Any:
        return impl(left(row, ctx), right(row, ctx))

    return arith


# -- boolean connectives (three-valued, operands must be boolean or null) ---------------------


def check_bool(value: Any) -> None:
    """Raise the type error for a non-boolean, non-null operand of a boolean operator."""
    if value is not None and type(value) is not bool:
        raise type_error("InvalidArgumentType", "Boolean", value)


def _and(left: Compiled, right: Compiled) -> Compiled:
    def and_(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        if a is False:
            return False
        if a is not True and a is not None:
            check_bool(a)
        b = right(row, ctx)
        if b is True:
            return a
        if b is False:
            return False
        check_bool(b)
        return None

    return and_


def _or(left: Compiled, right: Compiled) -> Compiled:
    def or_(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        if a is True:
            return True
        if a is not False and a is not None:
            check_bool(a)
        b = right(row, ctx)
        if b is False:
            return a
        if b is True:
            return True
        check_bool(b)
        return None

    return or_


def _xor(left: Compiled, right: Compiled) -> Compiled:
    def xor(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        b = right(row, ctx)
        check_bool(a)
        check_bool(b)
        if a is None or b is None:
            return None
        return a is not b

    return xor


_BOOLEAN: dict[str, Callable[[Compiled, Compiled], Compiled]] = {
    "AND": _and,
    "OR": _or,
    "XOR": _xor,
}


# -- membership ---------------------------------------------------------------------------------


def in_list(value: Any, items: Any) -> bool | None:
    """``value IN items`` with Cypher's null rules (an unmatched null makes the result null)."""
    if items is None:
        return None
    if type(items) is not list:
        raise type_error("InvalidArgumentType", "List", items)
    if value is None:
        return None if items else False
    unknown = False
    for item in items:
        result = equals(value, item)
        if result is True:
            return True
        if result is None:
            unknown = True
    return None if unknown else False


def _in(left: Compiled, right: Compiled) -> Compiled:
    if type(right) is Const and type(right.value) is list:
        fast = _constant_membership(left, right.value)
        if fast is not None:
            return fast

    def in_(row: Row, ctx: ExecutionContext) -> Any:
        return in_list(left(row, ctx), right(row, ctx))

    return in_


def _constant_membership(left: Compiled, items: list[Any]) -> Compiled | None:
    """``x IN [1, 2, 'a']``: a set lookup when every item is an int or a string."""
    if not all(type(item) is int or type(item) is str for item in items):
        return None
    members = frozenset(items)

    def in_constant(row: Row, ctx: ExecutionContext) -> Any:
        value = left(row, ctx)
        kind = type(value)
        # bool is excluded (true IN [1] is false) and NaN never equals anything.
        if kind is int or kind is str or (kind is float and value == value):
            return value in members
        return in_list(value, items)

    return in_constant


# -- string predicates and regular expressions ------------------------------------------------

_STRING: dict[str, Callable[[str, str], bool]] = {
    "STARTS WITH": str.startswith,
    "ENDS WITH": str.endswith,
    "CONTAINS": str.__contains__,
}


def _string_predicate(
    impl: Callable[[str, str], bool], left: Compiled, right: Compiled
) -> Compiled:
    if type(right) is Const:
        if type(right.value) is not str:
            return _null_after(left)
        needle = right.value

        def string_const(row: Row, ctx: ExecutionContext) -> Any:
            value = left(row, ctx)
            return impl(value, needle) if type(value) is str else None

        return string_const

    def string_pred(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        b = right(row, ctx)
        if type(a) is not str or type(b) is not str:
            return None
        return impl(a, b)

    return string_pred


def _null_after(left: Compiled) -> Compiled:
    """Null, once ``left`` is evaluated (its errors still count)."""

    def null(row: Row, ctx: ExecutionContext) -> Any:
        left(row, ctx)
        return None

    return null


# Java's named groups ``(?<name>...)`` are spelled ``(?P<name>...)`` in Python.
_JAVA_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z])")


def compile_regex(pattern: str) -> re.Pattern[str]:
    """A Java-flavoured regular expression as a Python pattern (matched in full)."""
    try:
        return re.compile(_JAVA_NAMED_GROUP.sub("(?P<", pattern))
    except re.error as exc:
        raise CypherArgumentError(
            "InvalidArgumentValue", f"Invalid Regex: {exc} in {pattern!r}"
        ) from None


def _regex(left: Compiled, right: Compiled) -> Compiled:
    if type(right) is Const:
        if type(right.value) is not str:
            return _null_after(left)
        try:
            matcher = compile_regex(right.value).fullmatch
        except CypherArgumentError:
            matcher = None  # report the bad pattern when rows are pulled, like Neo4j
        if matcher is not None:
            match = matcher

            def regex_const(row: Row, ctx: ExecutionContext) -> Any:
                value = left(row, ctx)
                return match(value) is not None if type(value) is str else None

            return regex_const

    def regex(row: Row, ctx: ExecutionContext) -> Any:
        a = left(row, ctx)
        b = right(row, ctx)
        if type(a) is not str or type(b) is not str:
            return None
        return compile_regex(b).fullmatch(a) is not None

    return regex


# -- comparisons --------------------------------------------------------------------------------


@compiles(ast.Comparison)
def _comparison(expr: ast.Comparison, scope: Scope) -> Compiled:
    operands = [scope.compile(e) for e in expr.operands]
    if len(expr.operators) == 1:
        fn = compile_comparison_op(expr.operators[0], operands[0], operands[1])
        return fold(fn, *operands)
    tests = [TESTS[op] for op in expr.operators]

    def chain(row: Row, ctx: ExecutionContext) -> Any:
        # Each operand is evaluated once; the result is the three-valued AND of the links.
        values = [f(row, ctx) for f in operands]
        result: bool | None = True
        for i, test in enumerate(tests):
            r = test(values[i], values[i + 1])
            if r is False:
                return False
            if r is None:
                result = None
        return result

    return fold(chain, *operands)


# -- unary operators and null checks -----------------------------------------------------------


@compiles(ast.UnaryOp)
def _unary(expr: ast.UnaryOp, scope: Scope) -> Compiled:
    operand = scope.compile(expr.operand)
    if expr.op == "NOT":

        def not_(row: Row, ctx: ExecutionContext) -> Any:
            value = operand(row, ctx)
            if value is True:
                return False
            if value is False:
                return True
            check_bool(value)
            return None

        return fold(not_, operand)
    if expr.op == "-":
        negate = _arith.negate

        def minus(row: Row, ctx: ExecutionContext) -> Any:
            return negate(operand(row, ctx))

        return fold(minus, operand)

    def plus(row: Row, ctx: ExecutionContext) -> Any:
        value = operand(row, ctx)
        if value is None or type(value) is int or type(value) is float:
            return value
        if type(value).__module__.endswith("_temporal"):
            return value  # +duration
        raise type_error("InvalidArgumentType", "Number", value)

    return fold(plus, operand)


@compiles(ast.IsNull)
def _is_null(expr: ast.IsNull, scope: Scope) -> Compiled:
    operand = scope.compile(expr.operand)
    if expr.negated:

        def is_not_null(row: Row, ctx: ExecutionContext) -> Any:
            return operand(row, ctx) is not None

        return fold(is_not_null, operand)

    def is_null(row: Row, ctx: ExecutionContext) -> Any:
        return operand(row, ctx) is None

    return fold(is_null, operand)
