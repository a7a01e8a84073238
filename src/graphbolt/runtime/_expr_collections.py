"""Compiling CASE and the expressions that iterate a list: list comprehensions, quantifiers
(``all``/``any``/``none``/``single``) and ``reduce``.

An iterating expression binds its variable in a private copy of the row, made once per
evaluation and updated in place per element (no dict per element)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled, Row, Scope, compiles, fold, type_error
from graphbolt.values._compare import equals

# -- CASE ---------------------------------------------------------------------------------------


@compiles(ast.CaseExpr)
def _case(expr: ast.CaseExpr, scope: Scope) -> Compiled:
    whens = [(scope.compile(w), scope.compile(t)) for w, t in expr.whens]
    default = scope.compile(expr.default) if expr.default is not None else None
    children = [f for pair in whens for f in pair] + ([default] if default else [])
    if expr.subject is None:

        def case_generic(row: Row, ctx: ExecutionContext) -> Any:
            for when, then in whens:
                if when(row, ctx) is True:
                    return then(row, ctx)
            return default(row, ctx) if default is not None else None

        return fold(case_generic, *children)
    subject = scope.compile(expr.subject)

    def case_simple(row: Row, ctx: ExecutionContext) -> Any:
        value = subject(row, ctx)
        for when, then in whens:
            if equals(value, when(row, ctx)) is True:
                return then(row, ctx)
        return default(row, ctx) if default is not None else None

    return fold(case_simple, subject, *children)


# -- iteration helpers ------------------------------------------------------------------------


def _source_list(value: Any) -> list[Any] | None:
    if value is None or type(value) is list:
        return value
    raise type_error("InvalidArgumentType", "List", value)


# -- [x IN list WHERE pred | expr] ----------------------------------------------------------------


@compiles(ast.ListComprehension)
def _list_comprehension(expr: ast.ListComprehension, scope: Scope) -> Compiled:
    source = scope.compile(expr.source)
    inner = scope.with_local(expr.variable)
    where = inner.compile(expr.where) if expr.where is not None else None
    projection = inner.compile(expr.projection) if expr.projection is not None else None
    var = expr.variable
    if where is None and projection is None:

        def comprehension_copy(row: Row, ctx: ExecutionContext) -> Any:
            items = _source_list(source(row, ctx))
            return None if items is None else list(items)

        return fold(comprehension_copy, source)

    def comprehension(row: Row, ctx: ExecutionContext) -> Any:
        items = _source_list(source(row, ctx))
        if items is None:
            return None
        local = dict(row)
        out = []
        for item in items:
            local[var] = item
            if where is not None and where(local, ctx) is not True:
                continue
            out.append(projection(local, ctx) if projection is not None else item)
        return out

    return comprehension


# -- all / any / none / single ------------------------------------------------------------------


def _all(results: Callable[[], Any]) -> bool | None:
    unknown = False
    for r in results():
        if r is False:
            return False
        if r is None:
            unknown = True
    return None if unknown else True


def _any(results: Callable[[], Any]) -> bool | None:
    unknown = False
    for r in results():
        if r is True:
            return True
        if r is None:
            unknown = True
    return None if unknown else False


def _none(results: Callable[[], Any]) -> bool | None:
    found = _any(results)
    return None if found is None else not found


def _single(results: Callable[[], Any]) -> bool | None:
    matches = 0
    unknown = False
    for r in results():
        if r is True:
            matches += 1
            if matches > 1:
                return False
        elif r is None:
            unknown = True
    return None if unknown else matches == 1


_QUANTIFIERS: dict[str, Callable[[Callable[[], Any]], bool | None]] = {
    "all": _all,
    "any": _any,
    "none": _none,
    "single": _single,
}


def _check_predicate(value: Any) -> Any:
    if value is None or type(value) is bool:
        return value
    raise type_error("InvalidArgumentType", "Boolean", value)


@compiles(ast.Quantifier)
def _quantifier(expr: ast.Quantifier, scope: Scope) -> Compiled:
    source = scope.compile(expr.source)
    inner = scope.with_local(expr.variable)
    # Without WHERE the element itself is the predicate.
    where = inner.compile(
        expr.where if expr.where is not None else ast.Variable(expr.pos, expr.variable)
    )
    decide = _QUANTIFIERS[expr.kind.lower()]
    var = expr.variable

    def quantifier(row: Row, ctx: ExecutionContext) -> Any:
        items = _source_list(source(row, ctx))
        if items is None:
            return None
        local = dict(row)

        def results() -> Any:
            for item in items:
                local[var] = item
                yield _check_predicate(where(local, ctx))

        return decide(results)

    return quantifier


# -- reduce(acc = init, x IN list | expr) ----------------------------------------------------------


@compiles(ast.Reduce)
def _reduce(expr: ast.Reduce, scope: Scope) -> Compiled:
    init = scope.compile(expr.init)
    source = scope.compile(expr.source)
    step = scope.with_local(expr.accumulator, expr.variable).compile(expr.expression)
    acc_name = expr.accumulator
    var = expr.variable

    def reduce_(row: Row, ctx: ExecutionContext) -> Any:
        items = _source_list(source(row, ctx))
        if items is None:
            return None
        local = dict(row)
        acc = init(row, ctx)
        for item in items:
            local[acc_name] = acc
            local[var] = item
            acc = step(local, ctx)
        return acc

    return reduce_
