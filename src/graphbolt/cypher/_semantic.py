"""Semantic analysis: the compile-time checks between parsing and planning.

``analyze(statement)`` walks the AST clause by clause, tracking the variables in scope with a
coarse static type each (``_scope``), and raises the openCypher TCK's compile-time errors
(``CypherSyntaxError`` with the TCK detail, ``ProcedureNotFound`` ...). It never rewrites the
AST: the planner trusts a tree that passed.

Concepts live in sibling modules: ``_semantic_expr`` (expressions), ``_semantic_patterns``
(MATCH/CREATE/MERGE patterns), ``_semantic_projection`` (WITH/RETURN, aggregation, ORDER BY),
``_semantic_procedures`` (CALL).
"""

from __future__ import annotations

from collections.abc import Callable

from graphbolt.cypher import ast
from graphbolt.cypher._scope import SCALAR_KINDS, Scope, SType, already_bound, element_type
from graphbolt.cypher._semantic_expr import ExprChecker
from graphbolt.cypher._semantic_patterns import bind_match, check_create, check_merge
from graphbolt.cypher._semantic_procedures import ProcedureLookup, check_call
from graphbolt.cypher._semantic_projection import (
    ProjectionResult,
    check_order_by,
    check_skip_limit,
    project,
)
from graphbolt.errors import CypherSyntaxError

_UPDATING = (ast.Create, ast.Merge, ast.SetClause, ast.Remove, ast.Delete)
_SCHEMA = (ast.CreateIndex, ast.DropIndex, ast.ShowIndexes)

# Where a query sits: the whole statement, a CALL { } subquery, an EXISTS { } subquery.
TOP, CALL_SUBQUERY, EXISTS_SUBQUERY = "top", "call", "exists"


def analyze(statement: ast.Statement, procedures: ProcedureLookup | None = None) -> None:
    """Check a parsed statement; raise the first compile-time error found.

    ``procedures`` resolves a procedure name to its signature (see ``_semantic_procedures``);
    without it, CALL clauses are checked only for what needs no signature (argument
    expressions, YIELD names).
    """
    _Analyzer(procedures).query(statement.query, Scope(), TOP)


def _composition_error(message: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError("InvalidClauseComposition", message, position=pos)


class _Analyzer:
    def __init__(self, procedures: ProcedureLookup | None) -> None:
        self.procedures = procedures
        self.checker = ExprChecker(self._exists_subquery)

    # -- queries -------------------------------------------------------------------------

    def query(self, q: ast.Query, scope: Scope, mode: str) -> Scope | None:
        """Analyze a query; returns the scope its RETURN produces (None without RETURN)."""
        if isinstance(q, ast.SingleQuery):
            return self.single(q, scope, mode)
        if len(set(q.all_flags)) > 1:
            raise _composition_error("Invalid combination of UNION and UNION ALL", q.pos)
        first: Scope | None = None
        for part in q.queries:
            if not part.clauses or not isinstance(part.clauses[-1], ast.Return):
                raise _composition_error("Each part of a UNION must end with RETURN", part.pos)
            out = self.single(part, scope.copy(), mode)
            assert out is not None
            if first is None:
                first = out
            elif out.names() != first.names():
                raise CypherSyntaxError(
                    "DifferentColumnsInUnion",
                    "All sub queries in an UNION must have the same return column names",
                    position=part.pos,
                )
        return first

    def single(self, q: ast.SingleQuery, scope: Scope, mode: str) -> Scope | None:
        self._check_composition(q, mode)
        result: Scope | None = None
        standalone = len(q.clauses) == 1
        for clause in q.clauses:
            if isinstance(clause, ast.Return):
                result = self._projection(clause.projection, scope, "RETURN").scope
            else:
                scope = self.clause(clause, scope, standalone)
        return result

    def _check_composition(self, q: ast.SingleQuery, mode: str) -> None:
        for i, clause in enumerate(q.clauses):
            if isinstance(clause, ast.Return) and i != len(q.clauses) - 1:
                raise _composition_error(
                    "RETURN can only be used at the end of the query", clause.pos
                )
            if mode == EXISTS_SUBQUERY and isinstance(clause, _UPDATING):
                raise _composition_error(
                    "An EXISTS subquery cannot contain an updating clause", clause.pos
                )
        if mode == EXISTS_SUBQUERY or not q.clauses:
            return
        last = q.clauses[-1]
        if isinstance(last, (ast.Return, ast.CallSubquery, *_UPDATING, *_SCHEMA)):
            return
        if isinstance(last, ast.Call) and (len(q.clauses) == 1 or last.yield_items is None):
            return
        raise _composition_error(
            f"Query cannot conclude with {type(last).__name__.upper()} (must be a RETURN "
            "clause, an update clause, a unit subquery call, or a procedure call)",
            last.pos,
        )

    def _exists_subquery(self, q: ast.Query, scope: Scope) -> None:
        self.query(q, scope.copy(), EXISTS_SUBQUERY)

    # -- clauses -------------------------------------------------------------------------

    def clause(self, clause: ast.Clause, scope: Scope, standalone: bool) -> Scope:
        """Check one (non-RETURN) clause; returns the scope after it."""
        if isinstance(clause, ast.Match):
            return self._match(clause, scope)
        if isinstance(clause, ast.With):
            return self._with(clause, scope)
        if isinstance(clause, ast.Unwind):
            return self._unwind(clause, scope)
        if isinstance(clause, ast.Create):
            scope = scope.copy()
            check_create(clause.pattern, scope, self._pattern_expr("CREATE"))
            return scope
        if isinstance(clause, ast.Merge):
            return self._merge(clause, scope)
        if isinstance(clause, ast.SetClause):
            self._set_items(clause.items, scope)
        elif isinstance(clause, ast.Remove):
            self._remove(clause, scope)
        elif isinstance(clause, ast.Delete):
            self._delete(clause, scope)
        elif isinstance(clause, ast.Call):
            return check_call(self.checker, clause, scope, self.procedures, standalone)
        elif isinstance(clause, ast.CallSubquery):
            return self._call_subquery(clause, scope)
        return scope

    def _pattern_expr(self, where: str) -> Callable[[ast.Expr, Scope], SType]:
        def check(e: ast.Expr, s: Scope) -> SType:
            return self.checker.check(e, s, where=where)

        return check

    def _match(self, clause: ast.Match, scope: Scope) -> Scope:
        scope = scope.copy()
        bind_match(clause.pattern, scope, self._pattern_expr("MATCH"))
        if clause.where is not None:
            self.checker.check(clause.where, scope, where="WHERE", predicate=True)
        return scope

    def _unwind(self, clause: ast.Unwind, scope: Scope) -> Scope:
        t = self.checker.check(clause.expr, scope, where="UNWIND")
        if clause.variable in scope:
            raise already_bound(clause.variable, clause.pos)
        return scope.child(clause.variable, element_type(t))

    def _merge(self, clause: ast.Merge, scope: Scope) -> Scope:
        scope = scope.copy()
        check_merge(clause.pattern, scope, self._pattern_expr("MERGE"))
        self._set_items(clause.on_create, scope)
        self._set_items(clause.on_match, scope)
        return scope

    def _set_items(self, items: list[ast.SetItem], scope: Scope) -> None:
        for item in items:
            if isinstance(item, ast.SetProperty | ast.SetDynamicProperty):
                self.checker.check(item.target, scope, where="SET")
                self.checker.check(item.value, scope, where="SET")
            elif isinstance(item, ast.SetProperties):
                scope.lookup(item.variable, item.pos)
                self.checker.check(item.value, scope, where="SET")
            elif isinstance(item, ast.SetLabels):
                scope.lookup(item.variable, item.pos)

    def _remove(self, clause: ast.Remove, scope: Scope) -> None:
        for item in clause.items:
            if isinstance(item, ast.RemoveProperty):
                self.checker.check(item.target, scope, where="REMOVE")
            elif isinstance(item, ast.RemoveLabels):
                scope.lookup(item.variable, item.pos)

    def _delete(self, clause: ast.Delete, scope: Scope) -> None:
        for expr in clause.exprs:
            if isinstance(expr, ast.LabelCheck):
                raise CypherSyntaxError(
                    "InvalidDelete",
                    "DELETE takes nodes, relationships or paths; to remove a label use REMOVE",
                    position=expr.pos,
                )
            t = self.checker.check(expr, scope, where="DELETE")
            if t.kind in SCALAR_KINDS or t.kind == "map":
                raise CypherSyntaxError(
                    "InvalidArgumentType",
                    f"Type mismatch: expected Node, Relationship or Path but was {t}",
                    position=expr.pos,
                )

    def _with(self, clause: ast.With, scope: Scope) -> Scope:
        result = self._projection(clause.projection, scope, "WITH")
        if clause.where is not None:
            self.checker.check(
                clause.where,
                result.sort_scope,
                where="WHERE",
                predicate=True,
                known=result.known,
            )
        return result.scope

    def _projection(self, proj: ast.Projection, scope: Scope, clause: str) -> ProjectionResult:
        result = project(self.checker, proj, scope, clause=clause)
        check_order_by(self.checker, proj, scope, result)
        check_skip_limit(self.checker, proj)
        return result

    def _call_subquery(self, clause: ast.CallSubquery, scope: Scope) -> Scope:
        """``CALL { }``: outer variables enter only through a leading importing WITH."""
        parts = clause.query.queries if isinstance(clause.query, ast.UnionQuery) else [clause.query]
        imports = all(p.clauses and isinstance(p.clauses[0], ast.With) for p in parts)
        inner = scope.copy() if imports else Scope()
        returned = self.query(clause.query, inner, CALL_SUBQUERY)
        if returned is None:
            return scope
        out = scope.copy()
        for name, t in returned.vars.items():
            if name in scope:
                raise already_bound(name, clause.pos)
            out.bind(name, t)
        return out
