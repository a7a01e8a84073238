"""The expression compiler: an AST expression becomes nested Python closures, once per plan.

``compile_expr(expr, env)`` returns ``f(row, ctx) -> value``. Nothing walks the AST per row:
literals, lists and maps of constants (and pure operations over constants) are folded at
compile time, and common shapes (variable access, property of a variable, comparison with a
constant, boolean connectives) get closures of their own. The compile functions live in
``_expr_operators`` (operators, comparisons), ``_expr_access`` (properties, subscripts, labels,
map projections), ``_expr_collections`` (CASE, comprehensions, quantifiers, reduce) and
``_expr_calls`` (functions, pattern predicates and comprehensions, EXISTS subqueries).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import ParameterMissing
from graphbolt.runtime import (  # noqa: F401  (imported for their @compiles side effects)
    _expr_access,
    _expr_calls,
    _expr_collections,
    _expr_operators,
    _expr_scope,
)
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_codegen import fusable, fuse
from graphbolt.runtime._expr_scope import (
    Compiled,
    CompileEnv,
    Const,
    Row,
    Scope,
    SubqueryFn,
    compiles,
)

__all__ = [
    "CompileEnv",
    "Compiled",
    "Const",
    "StaticEnv",
    "SubqueryFn",
    "compile_expr",
    "parameters_used",
]


_expr_scope.FUSER = (fusable, fuse)


def compile_expr(expr: ast.Expr, env: CompileEnv, *, fuse: bool = True) -> Compiled:
    """Compile ``expr`` into ``f(row, ctx) -> value`` for rows binding ``env.variables``.

    Raises compile-time errors (unknown function, wrong number of arguments, an aggregate
    the planner did not replace). A result of type ``Const`` carries its value in ``.value``.
    ``fuse=False`` turns predicate fusion off (one closure per node; tests compare both).
    """
    return Scope(env, fuse=fuse).compile(expr)


@dataclasses.dataclass(frozen=True)
class StaticEnv:
    """A ``CompileEnv`` without pattern support: for expressions outside any graph pattern
    (SKIP/LIMIT, procedure arguments, tests). ``compile_subquery`` raises."""

    variables: frozenset[str] = frozenset()

    def compile_subquery(
        self,
        pattern: list[ast.PatternPart] | None,
        where: ast.Expr | None,
        query: ast.SingleQuery | ast.UnionQuery | None,
        bound: frozenset[str],
    ) -> SubqueryFn:
        raise NotImplementedError("pattern expressions need the planner's CompileEnv")


def parameters_used(node: object) -> set[str]:
    """Names of every ``$parameter`` in an AST node and everything below it.

    Works on any AST object (an expression, a clause, a pattern, a whole ``Statement``), so
    the engine can check once per cached plan which parameters a query needs and raise
    ``ParameterMissing("MissingParameter", ...)`` before running it (a compile-time error
    in the TCK).
    """
    found: set[str] = set()
    _collect_parameters(node, found)
    return found


def _collect_parameters(node: object, found: set[str]) -> None:
    if isinstance(node, ast.Parameter):
        found.add(node.name)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _collect_parameters(item, found)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if isinstance(value, (list, tuple)) or dataclasses.is_dataclass(value):
                _collect_parameters(value, found)


# -- leaves -----------------------------------------------------------------------------------


@compiles(ast.Literal)
def _literal(expr: ast.Literal, scope: Scope) -> Compiled:
    return Const(expr.value)


@compiles(ast.Parameter)
def _parameter(expr: ast.Parameter, scope: Scope) -> Compiled:
    name = expr.name
    pos = expr.pos

    def parameter(row: Row, ctx: ExecutionContext) -> Any:
        try:
            return ctx.params[name]
        except KeyError:
            raise ParameterMissing(
                "MissingParameter", f"Expected parameter(s): {name}", position=pos
            ) from None

    return parameter


@compiles(ast.Variable)
def _variable(expr: ast.Variable, scope: Scope) -> Compiled:
    name = expr.name

    # A missing key is a planner bug (every variable in scope is bound, null when optional):
    # let the KeyError surface rather than hide it as null.
    def variable(row: Row, ctx: ExecutionContext) -> Any:
        return row[name]

    return variable


@compiles(ast.ListLiteral)
def _list_literal(expr: ast.ListLiteral, scope: Scope) -> Compiled:
    items = [scope.compile(item) for item in expr.items]
    if all(type(f) is Const for f in items):
        return Const([f.value for f in items])  # type: ignore[attr-defined]

    def list_literal(row: Row, ctx: ExecutionContext) -> Any:
        return [f(row, ctx) for f in items]

    return list_literal


@compiles(ast.MapLiteral)
def _map_literal(expr: ast.MapLiteral, scope: Scope) -> Compiled:
    # A repeated key: the last one wins, at the position of its first occurrence (dict rule).
    entries = [(key, scope.compile(value)) for key, value in expr.items]
    if all(type(f) is Const for _, f in entries):
        return Const({key: f.value for key, f in entries})  # type: ignore[attr-defined]

    def map_literal(row: Row, ctx: ExecutionContext) -> Any:
        return {key: f(row, ctx) for key, f in entries}

    return map_literal
