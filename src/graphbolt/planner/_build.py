"""AST -> logical plan: one pass over the clauses of each single query.

The plan is a chain: every clause adds operators on top of the plan so far, and each operator
runs once per incoming row (a scan after a scan is a cartesian product, an expansion extends
each row). Nested plans (OPTIONAL MATCH, MERGE, CALL subqueries, pattern expressions) start at
an ``Argument`` that yields the outer row.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

from graphbolt.cypher import ast
from graphbolt.errors import CypherSyntaxError
from graphbolt.planner import _logical as lp
from graphbolt.planner._build_match import Namer, pattern_variables, plan_pattern
from graphbolt.planner._build_projection import plan_projection
from graphbolt.planner._build_updates import plan_create, plan_merge
from graphbolt.planner._exprs import parameters_in
from graphbolt.planner._index_seek import planning_indexes

_SUBQUERIES = itertools.count(1)
_UPDATES = (ast.Create, ast.Merge, ast.SetClause, ast.Remove, ast.Delete)
_SCHEMA = (ast.CreateIndex, ast.DropIndex, ast.ShowIndexes)


def plan(
    statement: ast.Statement, indexes: Collection[tuple[str, str]] | None = None
) -> lp.LogicalPlan:
    """Plan a validated statement. ``indexes``: the ``(label, key)`` property indexes index
    seeks may use (default: those of an enclosing ``planning_indexes`` block, else none)."""
    if indexes is not None:
        with planning_indexes(indexes):
            return plan(statement)
    query = statement.query
    if isinstance(query, ast.SingleQuery) and len(query.clauses) == 1:
        clause = query.clauses[0]
        if isinstance(clause, _SCHEMA):
            return lp.LogicalPlan(
                lp.SchemaCommand(clause), (), False, False, frozenset(), statement.mode
            )
    planner = QueryPlanner(Namer())
    root, columns = planner.plan_query(query, ())
    return lp.LogicalPlan(
        lp.ProduceResults(root, tuple(columns)),
        tuple(columns),
        planner.updates,
        planner.reads,
        frozenset(parameters_in(statement)),
        statement.mode,
    )


def plan_subquery(
    pattern: ast.Pattern | None,
    where: ast.Expr | None,
    query: ast.Query | None,
    bound: frozenset[str],
) -> lp.LogicalOp:
    """A nested plan for a pattern expression, pattern comprehension or EXISTS subquery: it
    starts from the outer row (binding ``bound``) and yields extended rows."""
    # Each nested plan gets its own prefix: an inner subquery's anonymous elements must never
    # share a name with those of the outer (sub)query, whose rows it extends.
    planner = QueryPlanner(Namer(f"s{next(_SUBQUERIES)}_"))
    names = tuple(sorted(bound))
    if query is not None:
        root, _ = planner.plan_query(query, names)
        return root
    return plan_pattern(lp.Argument(names), pattern or [], where, set(bound), planner.namer)


class QueryPlanner:
    """Plans queries; remembers whether any clause reads or writes the graph."""

    def __init__(self, namer: Namer) -> None:
        self.namer = namer
        self.updates = False
        self.reads = False

    def plan_query(
        self, query: ast.Query, bound: tuple[str, ...]
    ) -> tuple[lp.LogicalOp, list[str]]:
        if isinstance(query, ast.SingleQuery):
            return self.plan_single(query, bound)
        op, columns = self.plan_single(query.queries[0], bound)
        for flag, single in zip(query.all_flags, query.queries[1:]):
            right, _ = self.plan_single(single, bound)
            op = lp.Union(op, right, flag, tuple(columns))
        return op, columns

    def plan_single(
        self, query: ast.SingleQuery, bound: tuple[str, ...]
    ) -> tuple[lp.LogicalOp, list[str]]:
        op: lp.LogicalOp = lp.Argument(bound)
        scope: list[str] = list(bound)
        columns: list[str] = []
        standalone = len(query.clauses) == 1
        for clause in query.clauses:
            if isinstance(clause, ast.Return):
                op, columns = plan_projection(op, clause.projection, scope)
                scope = list(columns)
            elif isinstance(clause, ast.Call):
                op, scope, columns = self._call(op, clause, scope, standalone)
            else:
                op, scope = self.plan_clause(op, clause, scope)
        return op, columns

    def plan_clause(
        self, op: lp.LogicalOp, clause: ast.Clause, scope: list[str]
    ) -> tuple[lp.LogicalOp, list[str]]:
        bound = set(scope)
        if isinstance(clause, _UPDATES):
            self.updates = True
        if isinstance(clause, ast.Match):
            self.reads = True
            new = [v for v in pattern_variables(clause.pattern) if v not in bound]
            if clause.optional:
                inner = plan_pattern(
                    lp.Argument(tuple(scope)), clause.pattern, clause.where, bound, self.namer
                )
                op = lp.Optional(op, inner, tuple(new))
            else:
                op = plan_pattern(op, clause.pattern, clause.where, bound, self.namer)
            return op, scope + new
        if isinstance(clause, ast.With):
            op, names = plan_projection(op, clause.projection, scope, clause.where)
            return op, names
        if isinstance(clause, ast.Unwind):
            return lp.Unwind(op, clause.expr, clause.variable), [*scope, clause.variable]
        if isinstance(clause, ast.Create):
            new = [v for v in pattern_variables(clause.pattern) if v not in bound]
            return plan_create(op, clause, bound, self.namer), scope + new
        if isinstance(clause, ast.Merge):
            self.reads = True
            new = [v for v in pattern_variables([clause.pattern]) if v not in bound]
            return plan_merge(op, clause, bound, self.namer), scope + new
        if isinstance(clause, ast.SetClause):
            return lp.SetItems(op, list(clause.items)), scope
        if isinstance(clause, ast.Remove):
            return lp.Remove(op, list(clause.items)), scope
        if isinstance(clause, ast.Delete):
            return lp.Delete(op, list(clause.exprs), clause.detach), scope
        if isinstance(clause, ast.CallSubquery):
            inner, columns = self.plan_query(clause.query, tuple(scope))
            return lp.Apply(op, inner, tuple(columns)), scope + [
                c for c in columns if c not in bound
            ]
        raise CypherSyntaxError(
            "UnexpectedSyntax",
            f"{type(clause).__name__} cannot be used here",
            position=clause.pos,
        )

    def _call(
        self, op: lp.LogicalOp, clause: ast.Call, scope: list[str], standalone: bool
    ) -> tuple[lp.LogicalOp, list[str], list[str]]:
        if clause.yield_items is None or clause.yield_star:
            yields = None
            names: list[str] = []
        else:
            yields = [(item.field, item.name) for item in clause.yield_items]
            names = [name for _, name in yields]
        op = lp.ProcedureCall(op, clause.procedure, clause.args, yields, standalone, clause.pos)
        if clause.where is not None:
            op = lp.Filter(op, clause.where)
        columns = names if standalone else []
        return op, scope + names, columns
