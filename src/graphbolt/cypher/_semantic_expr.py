"""Semantic checks of expressions: variables, static types, functions, aggregation placement.

``ExprChecker.check`` walks one expression against a ``Scope`` and returns its static type
(see ``_scope``). It raises the TCK's compile-time errors that can be decided from the
expression alone: undefined variables, unknown functions and wrong arities, aggregates where
they are not allowed or nested, booleans/properties/graph functions applied to values of a
definitely wrong type, patterns used as values.
"""

from __future__ import annotations

from collections.abc import Callable

from graphbolt.cypher import ast
from graphbolt.cypher._scope import (
    ANY,
    BOOL,
    FLOAT,
    INT,
    MAP,
    STRING,
    Scope,
    SType,
    element_type,
    is_unknown,
    join_all,
    list_of,
    literal_type,
)
from graphbolt.cypher._semantic_functions import (
    NON_DETERMINISTIC,
    check_arguments,
    resolve_function,
    result_type,
)
from graphbolt.cypher._semantic_patterns import bind_match, check_pattern_expression
from graphbolt.cypher._semantic_walk import children, expr_key
from graphbolt.errors import CypherSyntaxError

# Called for ``EXISTS { full query }``: analyzes the query with the outer scope visible.
SubqueryHook = Callable[[ast.Query, Scope], None]

_ARITHMETIC = frozenset({"-", "*", "/", "%", "^"})
_BOOLEAN = frozenset({"AND", "OR", "XOR"})
# Kinds that can never be an operand of - * / % ^ (numbers, durations and temporals can).
_NON_ARITHMETIC = frozenset({"bool", "string", "list", "map", "node", "rel", "path"})
# Kinds that have no properties (maps, entities, temporals and points do).
_NO_PROPERTIES = frozenset({"bool", "int", "float", "string", "list", "path"})


def _invalid_type(what: str, t: SType, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError(
        "InvalidArgumentType", f"Type mismatch: {what} but was {t}", position=pos
    )


class ExprChecker:
    """Checks expressions; one instance per analysis (it keeps no per-query state between
    calls besides the aggregation flags of the call in progress)."""

    def __init__(self, subquery: SubqueryHook) -> None:
        self._subquery = subquery
        self._agg_ok = False
        self._agg_where = ""
        self._in_agg = False
        self._known: dict[object, SType] = {}

    def check(
        self,
        expr: ast.Expr,
        scope: Scope,
        *,
        aggregates: bool = False,
        where: str = "this context",
        predicate: bool = False,
        known: dict[object, SType] | None = None,
    ) -> SType:
        """The static type of ``expr``; raises the first compile-time error found.

        ``aggregates`` allows aggregate calls (projections); ``where`` names the context in
        the InvalidAggregation message; ``predicate`` marks a WHERE-like boolean position;
        ``known`` maps structural keys of already-projected expressions to their types: a
        sub-expression equal to one of them is not re-checked (ORDER BY after aggregation).
        """
        saved = (self._agg_ok, self._agg_where, self._in_agg, self._known)
        self._agg_ok, self._agg_where, self._in_agg = aggregates, where, False
        self._known = known or {}
        try:
            t = self.visit(expr, scope, predicate)
            if predicate:
                self._require_boolean(t, expr.pos)
            return t
        finally:
            self._agg_ok, self._agg_where, self._in_agg, self._known = saved

    def visit(self, e: ast.Expr, scope: Scope, pred: bool = False) -> SType:
        if self._known and not isinstance(e, ast.Literal | ast.Parameter):
            hit = self._known.get(expr_key(e))
            if hit is not None:
                return hit
        handler = _HANDLERS.get(type(e))
        if handler is None:
            for sub in children(e):
                self.visit(sub, scope)
            return ANY
        return handler(self, e, scope, pred)

    # -- helpers -------------------------------------------------------------------------

    def _require_boolean(self, t: SType, pos: int) -> None:
        if not is_unknown(t) and t.kind != "bool":
            raise _invalid_type("expected Boolean", t, pos)

    def _no_aggregates(self, fn: Callable[[], SType]) -> SType:
        """Run ``fn`` with aggregation forbidden (inside comprehensions over lists)."""
        saved = (self._agg_ok, self._agg_where)
        self._agg_ok = False
        self._agg_where = "expressions iterating over lists"
        try:
            return fn()
        finally:
            self._agg_ok, self._agg_where = saved

    # -- atoms ---------------------------------------------------------------------------

    def _literal(self, e: ast.Literal, scope: Scope, pred: bool) -> SType:
        return literal_type(e.value)

    def _parameter(self, e: ast.Parameter, scope: Scope, pred: bool) -> SType:
        return ANY

    def _variable(self, e: ast.Variable, scope: Scope, pred: bool) -> SType:
        return scope.lookup(e.name, e.pos)

    def _list(self, e: ast.ListLiteral, scope: Scope, pred: bool) -> SType:
        return list_of(join_all([self.visit(item, scope) for item in e.items]))

    def _map(self, e: ast.MapLiteral, scope: Scope, pred: bool) -> SType:
        for _key, value in e.items:
            self.visit(value, scope)
        return MAP

    def _property(self, e: ast.Property, scope: Scope, pred: bool) -> SType:
        t = self.visit(e.subject, scope)
        if t.kind in _NO_PROPERTIES:
            raise _invalid_type("expected Map, Node, Relationship or a temporal value", t, e.pos)
        return ANY

    def _subscript(self, e: ast.Subscript, scope: Scope, pred: bool) -> SType:
        t = self.visit(e.subject, scope)
        index = self.visit(e.index, scope)
        if t.kind == "map" and index.kind in ("int", "float", "bool"):
            raise CypherSyntaxError(
                "MapElementAccessByNonString",
                f"Type mismatch: map keys are strings, not {index}",
                position=e.index.pos,
            )
        return element_type(t) if index.kind == "int" else ANY

    def _slice(self, e: ast.Slice, scope: Scope, pred: bool) -> SType:
        t = self.visit(e.subject, scope)
        for bound in (e.start, e.end):
            if bound is not None:
                self.visit(bound, scope)
        return t if t.kind == "list" else ANY

    # -- operators -----------------------------------------------------------------------

    def _binary(self, e: ast.BinaryOp, scope: Scope, pred: bool) -> SType:
        if e.op in _BOOLEAN:
            for operand in (e.left, e.right):
                self._require_boolean(self.visit(operand, scope, True), operand.pos)
            return BOOL
        left = self.visit(e.left, scope)
        right = self.visit(e.right, scope)
        if e.op in _ARITHMETIC:
            for t, operand in ((left, e.left), (right, e.right)):
                if t.kind in _NON_ARITHMETIC:
                    raise _invalid_type(f"expected a number for `{e.op}`", t, operand.pos)
            return _numeric_result(e.op, left, right)
        if e.op == "+":
            return _plus_result(left, right)
        return BOOL

    def _comparison(self, e: ast.Comparison, scope: Scope, pred: bool) -> SType:
        for operand in e.operands:
            self.visit(operand, scope)
        return BOOL

    def _unary(self, e: ast.UnaryOp, scope: Scope, pred: bool) -> SType:
        if e.op == "NOT":
            self._require_boolean(self.visit(e.operand, scope, True), e.operand.pos)
            return BOOL
        t = self.visit(e.operand, scope)
        return t if t.kind in ("int", "float") else ANY

    def _is_null(self, e: ast.IsNull, scope: Scope, pred: bool) -> SType:
        self.visit(e.operand, scope)
        return BOOL

    def _label_check(self, e: ast.LabelCheck, scope: Scope, pred: bool) -> SType:
        self.visit(e.subject, scope)
        return BOOL

    def _case(self, e: ast.CaseExpr, scope: Scope, pred: bool) -> SType:
        if e.subject is not None:
            self.visit(e.subject, scope)
        results = []
        for when, then in e.whens:
            self.visit(when, scope, e.subject is None)
            results.append(self.visit(then, scope))
        if e.default is not None:
            results.append(self.visit(e.default, scope))
        return join_all(results)

    # -- functions and aggregates --------------------------------------------------------

    def _call(self, e: ast.FunctionCall, scope: Scope, pred: bool) -> SType:
        info = resolve_function(e.name)
        if info is None:
            raise CypherSyntaxError(
                "UnknownFunction", f"Unknown function '{e.name}'", position=e.pos
            )
        if not info.min_args <= len(e.args) <= info.max_args:
            raise CypherSyntaxError(
                "InvalidNumberOfArguments",
                f"Function {e.name}() called with {len(e.args)} arguments",
                position=e.pos,
            )
        if self._in_agg and info.name in NON_DETERMINISTIC:
            raise CypherSyntaxError(
                "NonConstantExpression",
                f"Can't use non-deterministic function {e.name}() inside an aggregate",
                position=e.pos,
            )
        if info.aggregate:
            return self._aggregate(e, e.args, scope, info.name)
        # exists() takes a pattern: its argument is in a predicate position.
        args = [self.visit(a, scope, info.name == "exists") for a in e.args]
        check_arguments(info.name, args, [a.pos for a in e.args])
        return result_type(info.name, args)

    def _count_star(self, e: ast.CountStar, scope: Scope, pred: bool) -> SType:
        return self._aggregate(e, [], scope, "count")

    def _aggregate(self, e: ast.Expr, args: list[ast.Expr], scope: Scope, name: str) -> SType:
        if self._in_agg:
            raise CypherSyntaxError(
                "NestedAggregation",
                "Can't use aggregate functions inside of aggregate functions",
                position=e.pos,
            )
        if not self._agg_ok:
            raise CypherSyntaxError(
                "InvalidAggregation",
                f"Invalid use of aggregating function {name}(...) in {self._agg_where}",
                position=e.pos,
            )
        self._in_agg = True
        try:
            types = [self.visit(a, scope) for a in args]
        finally:
            self._in_agg = False
        return INT if isinstance(e, ast.CountStar) else result_type(name, types)

    # -- scoped expressions --------------------------------------------------------------

    def _comprehension(self, e: ast.ListComprehension, scope: Scope, pred: bool) -> SType:
        inner = scope.child(e.variable, element_type(self.visit(e.source, scope)))

        def body() -> SType:
            if e.where is not None:
                self._require_boolean(self.visit(e.where, inner, True), e.where.pos)
            if e.projection is None:
                return inner.lookup(e.variable, e.pos)
            return self.visit(e.projection, inner)

        return list_of(self._no_aggregates(body))

    def _quantifier(self, e: ast.Quantifier, scope: Scope, pred: bool) -> SType:
        inner = scope.child(e.variable, element_type(self.visit(e.source, scope)))
        if e.where is not None:
            where = e.where
            self._no_aggregates(lambda: self._predicate(where, inner))
        return BOOL

    def _predicate(self, e: ast.Expr, scope: Scope) -> SType:
        t = self.visit(e, scope, True)
        self._require_boolean(t, e.pos)
        return t

    def _reduce(self, e: ast.Reduce, scope: Scope, pred: bool) -> SType:
        self.visit(e.init, scope)
        elem = element_type(self.visit(e.source, scope))
        inner = scope.child(e.accumulator, ANY).child(e.variable, elem)
        self._no_aggregates(lambda: self.visit(e.expression, inner))
        return ANY

    def _pattern(self, e: ast.PatternExpression, scope: Scope, pred: bool) -> SType:
        if not pred:
            raise CypherSyntaxError(
                "UnexpectedSyntax",
                "A pattern expression should only be used to test the existence of a "
                "pattern (in WHERE, or with exists()); use a pattern comprehension or "
                "COUNT { } instead",
                position=e.pos,
            )
        check_pattern_expression(e.pattern, scope, self._property_map)
        return ANY

    def _pattern_comprehension(
        self, e: ast.PatternComprehension, scope: Scope, pred: bool
    ) -> SType:
        inner = scope.copy()
        part = e.pattern
        if e.variable is not None:
            part = ast.PatternPart(part.pos, e.variable, part.nodes, part.relationships)

        def body() -> SType:
            bind_match([part], inner, self._property_map)
            if e.where is not None:
                self._predicate(e.where, inner)
            return self.visit(e.projection, inner)

        return list_of(self._no_aggregates(body))

    def _exists(self, e: ast.ExistsSubquery, scope: Scope, pred: bool) -> SType:
        if e.query is not None:
            self._subquery(e.query, scope)
            return BOOL
        inner = scope.copy()
        pattern = e.pattern or []
        where = e.where

        def body() -> SType:
            bind_match(pattern, inner, self._property_map)
            if where is not None:
                self._predicate(where, inner)
            return BOOL

        return self._no_aggregates(body)

    def _map_projection(self, e: ast.MapProjection, scope: Scope, pred: bool) -> SType:
        t = scope.lookup(e.variable, e.pos)
        if t.kind in _NO_PROPERTIES:
            raise _invalid_type("expected Map, Node or Relationship", t, e.pos)
        for item in e.items:
            if isinstance(item, ast.LiteralEntry):
                self.visit(item.value, scope)
            elif isinstance(item, ast.VariableSelector):
                scope.lookup(item.name, item.pos)
        return MAP

    def _property_map(self, e: ast.Expr, scope: Scope) -> SType:
        return self.visit(e, scope)


def _numeric_result(op: str, left: SType, right: SType) -> SType:
    kinds = {left.kind, right.kind}
    if kinds == {"int"}:
        return FLOAT if op == "^" else INT
    if kinds <= {"int", "float"}:
        return FLOAT
    return ANY


def _plus_result(left: SType, right: SType) -> SType:
    if is_unknown(left) or is_unknown(right):
        return ANY
    if left.kind == "list" or right.kind == "list":
        return list_of(ANY)
    if left.kind == "string" and right.kind == "string":
        return STRING
    return _numeric_result("+", left, right)


# Each handler takes the concrete node class it is registered under, which a single
# Callable[[ExprChecker, ast.Expr, ...]] cannot express (parameters are contravariant), so the
# node parameter is left open; ``visit`` guarantees the key type matches ``type(e)``.
_Handler = Callable[..., SType]
_HANDLERS: dict[type[ast.Expr], _Handler] = {
    ast.Literal: ExprChecker._literal,
    ast.Parameter: ExprChecker._parameter,
    ast.Variable: ExprChecker._variable,
    ast.ListLiteral: ExprChecker._list,
    ast.MapLiteral: ExprChecker._map,
    ast.Property: ExprChecker._property,
    ast.Subscript: ExprChecker._subscript,
    ast.Slice: ExprChecker._slice,
    ast.BinaryOp: ExprChecker._binary,
    ast.Comparison: ExprChecker._comparison,
    ast.UnaryOp: ExprChecker._unary,
    ast.IsNull: ExprChecker._is_null,
    ast.LabelCheck: ExprChecker._label_check,
    ast.CaseExpr: ExprChecker._case,
    ast.FunctionCall: ExprChecker._call,
    ast.CountStar: ExprChecker._count_star,
    ast.ListComprehension: ExprChecker._comprehension,
    ast.Quantifier: ExprChecker._quantifier,
    ast.Reduce: ExprChecker._reduce,
    ast.PatternExpression: ExprChecker._pattern,
    ast.PatternComprehension: ExprChecker._pattern_comprehension,
    ast.ExistsSubquery: ExprChecker._exists,
    ast.MapProjection: ExprChecker._map_projection,
}
