"""Compiling function calls and the expressions that run a pattern: pattern predicates,
pattern comprehensions and ``EXISTS { ... }`` subqueries (matched by the planner's
``CompileEnv.compile_subquery``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import CypherSyntaxError, GraphboltError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled, Const, Row, Scope, SubqueryFn, compiles, fold
from graphbolt.runtime.functions._registry import FunctionSpec, lookup_aggregate, lookup_function

# -- function calls -------------------------------------------------------------------------------


@compiles(ast.FunctionCall)
def _function_call(expr: ast.FunctionCall, scope: Scope) -> Compiled:
    if (
        expr.name.lower() == "exists"
        and len(expr.args) == 1
        and isinstance(expr.args[0], ast.PatternExpression)
    ):
        return scope.compile(expr.args[0])  # exists((a)-->(b)) is the pattern predicate
    spec = lookup_function(expr.name)
    if spec is None:
        if lookup_aggregate(expr.name) is not None:
            raise GraphboltError(
                f"internal error: aggregate {expr.name}() reached the expression compiler"
            )
        raise CypherSyntaxError(
            "UnknownFunction", f"Unknown function '{expr.name}'", position=expr.pos
        )
    if not spec.min_args <= len(expr.args) <= spec.max_args:
        raise CypherSyntaxError(
            "InvalidNumberOfArguments",
            f"Function {spec.name}() called with {len(expr.args)} argument(s)",
            position=expr.pos,
        )
    args = [scope.compile(a) for a in expr.args]
    fn = _call(spec, args)
    return fold(fn, *args) if spec.deterministic else fn


def _call(spec: FunctionSpec, args: list[Compiled]) -> Compiled:
    impl = spec.impl
    if spec.null_in_null_out and len(args) == 1:
        (arg,) = args

        def call1(row: Row, ctx: ExecutionContext) -> Any:
            value = arg(row, ctx)
            return None if value is None else impl(ctx, value)

        return call1
    if spec.null_in_null_out and len(args) == 2:
        first, second = args

        def call2(row: Row, ctx: ExecutionContext) -> Any:
            a = first(row, ctx)
            if a is None:
                return None
            b = second(row, ctx)
            return None if b is None else impl(ctx, a, b)

        return call2
    if spec.null_in_null_out:

        def call_n(row: Row, ctx: ExecutionContext) -> Any:
            values = [f(row, ctx) for f in args]
            if any(v is None for v in values):
                return None
            return impl(ctx, *values)

        return call_n

    def call(row: Row, ctx: ExecutionContext) -> Any:
        return impl(ctx, *[f(row, ctx) for f in args])

    return call


@compiles(ast.CountStar)
def _count_star(expr: ast.CountStar, scope: Scope) -> Compiled:
    raise GraphboltError("internal error: count(*) reached the expression compiler")


# -- patterns -------------------------------------------------------------------------------------


def pattern_variables(part: ast.PatternPart) -> set[str]:
    """The names a pattern part binds (path, nodes, relationships)."""
    names = {part.variable} if part.variable else set()
    names.update(n.variable for n in part.nodes if n.variable)
    names.update(r.variable for r in part.relationships if r.variable)
    return names


def _exists(sub: SubqueryFn) -> Compiled:
    def exists(row: Row, ctx: ExecutionContext) -> Any:
        for _ in sub(row, ctx):
            return True
        return False

    return exists


@compiles(ast.PatternExpression)
def _pattern_expression(expr: ast.PatternExpression, scope: Scope) -> Compiled:
    # Pattern expressions are predicates only (Neo4j 5; the TCK rejects them elsewhere as
    # UnexpectedSyntax), so they compile to "is there at least one match".
    sub = scope.env.compile_subquery([expr.pattern], None, None, scope.variables)
    return _exists(sub)


@compiles(ast.ExistsSubquery)
def _exists_subquery(expr: ast.ExistsSubquery, scope: Scope) -> Compiled:
    sub = scope.env.compile_subquery(expr.pattern, expr.where, expr.query, scope.variables)
    return _exists(sub)


@compiles(ast.PatternComprehension)
def _pattern_comprehension(expr: ast.PatternComprehension, scope: Scope) -> Compiled:
    part = expr.pattern
    if expr.variable is not None and part.variable != expr.variable:
        # The path variable is bound by the subquery: put it on the part it matches.
        part = dataclasses.replace(part, variable=expr.variable)
    sub = scope.env.compile_subquery([part], expr.where, None, scope.variables)
    projection = scope.with_local(*pattern_variables(part)).compile(expr.projection)
    return _comprehend(sub, projection)


def _comprehend(sub: SubqueryFn, projection: Compiled) -> Compiled:
    if type(projection) is Const:
        value = projection.value

        def count_like(row: Row, ctx: ExecutionContext) -> Any:
            return [value for _ in sub(row, ctx)]

        return count_like

    def pattern_comprehension(row: Row, ctx: ExecutionContext) -> Any:
        return [projection(match, ctx) for match in sub(row, ctx)]

    return pattern_comprehension
