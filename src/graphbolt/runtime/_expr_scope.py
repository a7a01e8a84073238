"""Shared machinery of the expression compiler: compile environment, scopes, constants.

The compiler is split by concept over ``_expr_*.py`` modules; each registers one compile
function per AST class with ``@compiles``. ``runtime._expressions.compile_expr`` is the entry
point (it imports every part so the table is complete).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from graphbolt.cypher import ast
from graphbolt.errors import CypherTypeError
from graphbolt.values._types import type_name

if TYPE_CHECKING:
    from graphbolt.runtime._context import ExecutionContext

Row = dict[str, Any]
Compiled = Callable[[Row, "ExecutionContext"], Any]
SubqueryFn = Callable[[Row, "ExecutionContext"], Iterator[Row]]


class CompileEnv(Protocol):
    """What the expression compiler needs from its caller (the planner/runtime builder).

    ``variables``: the names bound in the rows the compiled expression will see.

    ``compile_subquery(pattern, where, query, bound)`` returns a function that, given an input
    row (a dict holding at least every name in ``bound``), yields one row per match. Each
    yielded row must *extend* the input row: every input binding kept, plus the pattern's new
    node/relationship variables, plus the path variable of a ``PatternPart`` whose
    ``variable`` is set (bound to a ``PathRef``). Exactly one of ``pattern`` (with an optional
    ``where``, evaluated by the subquery) and ``query`` (a full ``EXISTS { ... }`` query) is
    given. The expression compiler consumes the rows immediately and may stop early (EXISTS
    stops at the first row), so the iterator must be lazy and need no cleanup.
    """

    @property
    def variables(self) -> frozenset[str]: ...

    def compile_subquery(
        self,
        pattern: list[ast.PatternPart] | None,
        where: ast.Expr | None,
        query: ast.SingleQuery | ast.UnionQuery | None,
        bound: frozenset[str],
    ) -> SubqueryFn: ...


class Const:
    """A compiled expression whose value is known at compile time.

    Parents test ``type(f) is Const`` to inline the value instead of calling it per row.
    Values are shared between rows: the runtime treats lists and maps as immutable.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self, row: Row, ctx: ExecutionContext) -> Any:
        return self.value

    def __repr__(self) -> str:
        return f"Const({self.value!r})"


CompileFn = Callable[[Any, "Scope"], Compiled]
COMPILERS: dict[type, CompileFn] = {}
# (fusable(expr) -> bool, fuse(expr, scope)), installed by _expressions (see _expr_codegen).
FUSER: tuple[Callable[[Any], bool], CompileFn] | None = None


def compiles(*classes: type) -> Callable[[CompileFn], CompileFn]:
    """Register a compile function for the given AST expression classes."""

    def register(fn: CompileFn) -> CompileFn:
        for cls in classes:
            COMPILERS[cls] = fn
        return fn

    return register


class Scope:
    """The compile-time view of an expression's surroundings.

    ``local`` holds names introduced inside the expression itself (list comprehension, reduce
    and pattern comprehension variables); at run time they live in a private copy of the row.
    ``fuse`` enables predicate fusion (``_expr_codegen``); off, every node is a closure.
    """

    __slots__ = ("env", "fuse", "local")

    def __init__(
        self, env: CompileEnv, local: frozenset[str] = frozenset(), fuse: bool = True
    ) -> None:
        self.env = env
        self.local = local
        self.fuse = fuse  # generate one function per predicate tree (see _expr_codegen)

    def compile(self, expr: ast.Expr) -> Compiled:
        if self.fuse and FUSER is not None and FUSER[0](expr):
            return FUSER[1](expr, self)
        fn = COMPILERS.get(type(expr))
        if fn is None:
            raise TypeError(f"cannot compile expression {type(expr).__name__}")
        return fn(expr, self)

    def with_local(self, *names: str | None) -> Scope:
        added = frozenset(n for n in names if n is not None)
        return Scope(self.env, self.local | added, self.fuse)

    @property
    def variables(self) -> frozenset[str]:
        return frozenset(self.env.variables) | self.local


def is_const(fn: Compiled) -> bool:
    return type(fn) is Const


def fold(fn: Compiled, *children: Compiled) -> Compiled:
    """Evaluate ``fn`` once when every child is constant; keep it dynamic if that fails.

    Failures stay dynamic on purpose: ``RETURN 1/0`` must fail when rows are pulled, not
    while compiling (the TCK tells the two phases apart).
    """
    if not all(type(c) is Const for c in children):
        return fn
    try:
        return Const(fn({}, None))  # type: ignore[arg-type]
    except Exception:
        return fn


def type_error(detail: str, expected: str, value: Any) -> CypherTypeError:
    return CypherTypeError(detail, f"Type mismatch: expected {expected} but was {type_name(value)}")
