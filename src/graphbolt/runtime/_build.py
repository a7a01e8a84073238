"""Logical plan -> physical operators, expressions compiled once.

``build(logical_plan, procedures)`` returns the immutable ``ExecutablePlan`` shared by every
execution of a query text. The builder walks each operator chain bottom-up, tracking which
variables the rows carry at each point (the compile environment of the expressions there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import CypherSyntaxError
from graphbolt.planner import _logical as lp
from graphbolt.planner._build import plan_subquery
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled, SubqueryFn
from graphbolt.runtime._expressions import compile_expr
from graphbolt.runtime._liveness import NameUses
from graphbolt.runtime._op_aggregation import (
    AggregateSpec,
    AggregationOp,
    CountDistinct,
    CountStar,
)
from graphbolt.runtime._op_degree import ExpandCountOp, fusable
from graphbolt.runtime._op_procedure import ProcedureCallOp, missing_procedure
from graphbolt.runtime._op_projection import (
    DistinctOp,
    FilterOp,
    LimitOp,
    ProjectionOp,
    SkipOp,
    SortOp,
    UnwindOp,
)
from graphbolt.runtime._op_scan import NodeByLabelScanOp
from graphbolt.runtime._operators import ArgumentOp, Operator, Pipeline
from graphbolt.runtime._physical import build_graph_op, build_update_op, writes
from graphbolt.runtime._plan import ExecutablePlan
from graphbolt.runtime._procedures import Procedure, ProcedureRegistry, accepts
from graphbolt.runtime.functions._registry import lookup_aggregate

_UPDATE_OPS = (lp.Create, lp.Merge, lp.SetItems, lp.Remove, lp.Delete)


@dataclass(frozen=True)
class PlanEnv:
    """The ``CompileEnv`` the builder hands to the expression compiler."""

    variables: frozenset[str]
    builder: Builder

    def compile_subquery(
        self,
        pattern: list[ast.PatternPart] | None,
        where: ast.Expr | None,
        query: ast.SingleQuery | ast.UnionQuery | None,
        bound: frozenset[str],
    ) -> SubqueryFn:
        logical = plan_subquery(pattern, where, query, bound)
        pipeline, _ = self.builder.pipeline(logical)

        def run(row: dict[str, Any], ctx: ExecutionContext) -> Iterator[dict[str, Any]]:
            return pipeline.run(ctx, iter((row,)))

        return run


def build(plan: lp.LogicalPlan, procedures: ProcedureRegistry | None = None) -> ExecutablePlan:
    """Build the executable plan. With ``procedures``, CALLs are resolved and checked now
    (compile-time errors); without, they are looked up in ``ctx.procedures`` when run."""
    if isinstance(plan.root, lp.SchemaCommand):
        return ExecutablePlan(Pipeline(()), (), "s", plan, plan.root.clause, plan.parameters)
    builder = Builder(procedures)
    pipeline, _ = builder.pipeline(plan.root)
    columns = plan.columns
    if not columns and builder.standalone_outputs is not None:
        columns = builder.standalone_outputs
    parameters = plan.parameters | builder.implicit_parameters
    return ExecutablePlan(pipeline, tuple(columns), plan.query_type, plan, None, parameters)


class Builder:
    """Builds pipelines; one per plan (nested plans share it)."""

    def __init__(self, procedures: ProcedureRegistry | None) -> None:
        self.procedures = procedures
        self.standalone_outputs: tuple[str, ...] | None = None
        self.names = NameUses()  # lets operators skip binding variables nothing reads
        self.implicit_parameters: set[str] = set()

    def compile(self, expr: ast.Expr, variables: frozenset[str]) -> Compiled:
        return compile_expr(expr, PlanEnv(variables, self))

    def pipeline(self, root: lp.LogicalOp) -> tuple[Pipeline, frozenset[str]]:
        """The pipeline of a chain of operators, and the variables of its output rows."""
        self.names.add_plan(root)
        chain: list[lp.LogicalOp] = []
        current = root
        while not isinstance(current, (lp.Argument, lp.Union)):
            chain.append(current)
            current = current.source  # type: ignore[attr-defined]
        chain.reverse()
        ops: list[Operator] = []
        if isinstance(current, lp.Union):
            ops.append(self._union(current))
            variables = frozenset(current.columns)
        else:
            ops.append(ArgumentOp())
            variables = frozenset(current.bound)
        updates = False
        fused_away: lp.LogicalOp | None = None
        for i, op in enumerate(chain):
            if op is fused_away:
                continue
            updates = (
                updates
                or isinstance(op, _UPDATE_OPS)
                or (isinstance(op, lp.Apply) and writes(op.inner))
            )
            after = chain[i + 1] if i + 1 < len(chain) else None
            physical: Operator | None
            if fusable(op, after):
                assert isinstance(op, lp.Expand) and isinstance(after, lp.Aggregation)
                physical, variables = self._expand_count(op, after, variables, ops)
                fused_away = after
            else:
                physical, variables = self._build_one(op, variables, chain[i + 1 :], updates)
            if physical is not None:
                ops.append(physical)
        return Pipeline(ops), variables

    def _expand_count(
        self,
        expand: lp.Expand,
        agg: lp.Aggregation,
        variables: frozenset[str],
        ops: list[Operator],
    ) -> tuple[Operator, frozenset[str]]:
        """``expand`` + ``agg`` (see ``fusable``): counts by degree, one step per input row.

        A label scan binding the expanded node right before is absorbed (popped from
        ``ops``): the counting loop then runs over node ids, with no row per node.
        """
        keys = [(name, self.compile(expr, variables)) for name, expr in agg.keys]
        counts = [name for name, _ in agg.aggregates]
        names = frozenset(n for n, _ in agg.keys) | frozenset(counts)
        prop_keys = [ast.property_key_of(expr, expand.from_var) for _, expr in agg.keys]
        scan_label = None
        last = ops[-1]
        if isinstance(last, NodeByLabelScanOp) and last.var == expand.from_var:
            scan_label = last.label
            ops.pop()
        return ExpandCountOp(expand, keys, counts, prop_keys, scan_label), names

    def _union(self, union: lp.Union) -> Operator:
        from graphbolt.runtime._op_nested import UnionOp

        left, _ = self.pipeline(union.left)
        right, _ = self.pipeline(union.right)
        return UnionOp([left, right], not union.all, union.columns)

    def _build_one(
        self,
        op: lp.LogicalOp,
        variables: frozenset[str],
        above: list[lp.LogicalOp],
        updates: bool,
    ) -> tuple[Operator | None, frozenset[str]]:
        def compile_here(expr: ast.Expr) -> Compiled:
            return self.compile(expr, variables)

        if isinstance(op, lp.ProduceResults):
            return None, variables
        result = build_graph_op(op, variables, compile_here, self)
        if result is not None:
            return result
        result = build_update_op(op, variables, compile_here, self)
        if result is not None:
            return result
        return self._build_rows(op, variables, above, updates, compile_here)

    def _build_rows(
        self,
        op: lp.LogicalOp,
        variables: frozenset[str],
        above: list[lp.LogicalOp],
        updates: bool,
        compile_here: Callable[[ast.Expr], Compiled],
    ) -> tuple[Operator | None, frozenset[str]]:
        if isinstance(op, lp.Filter):
            return FilterOp(compile_here(op.predicate)), variables
        if isinstance(op, lp.Projection):
            items = [(name, compile_here(expr)) for name, expr in op.items]
            names = frozenset(name for name, _ in op.items)
            exprs = tuple(expr for _, expr in op.items)
            projection = ProjectionOp(items, op.keep, exprs)
            return projection, (variables | names) if op.keep else names
        if isinstance(op, lp.Aggregation):
            return self._aggregation(op, compile_here)
        if isinstance(op, lp.Distinct):
            return DistinctOp(op.columns), variables
        if isinstance(op, lp.Sort):
            keys = [(compile_here(expr), asc) for expr, asc in op.items]
            return SortOp(keys, self._top(above)), variables
        if isinstance(op, lp.Skip):
            return SkipOp(self.compile(op.count, frozenset())), variables
        if isinstance(op, lp.Limit):
            return LimitOp(self.compile(op.count, frozenset()), updates), variables
        if isinstance(op, lp.Unwind):
            return UnwindOp(compile_here(op.expr), op.var), variables | {op.var}
        if isinstance(op, lp.ProcedureCall):
            return self._procedure(op, variables, compile_here)
        raise TypeError(f"no physical operator for {type(op).__name__}")

    def _top(self, above: list[lp.LogicalOp]) -> tuple[Compiled | None, Compiled] | None:
        """SKIP/LIMIT right above a Sort: the sort keeps only the rows they let through."""
        skip: Compiled | None = None
        rest = above
        if rest and isinstance(rest[0], lp.Skip):
            skip = self.compile(rest[0].count, frozenset())
            rest = rest[1:]
        if rest and isinstance(rest[0], lp.Limit):
            return skip, self.compile(rest[0].count, frozenset())
        return None

    def _aggregation(
        self, op: lp.Aggregation, compile_here: Callable[[ast.Expr], Compiled]
    ) -> tuple[Operator, frozenset[str]]:
        keys = [(name, compile_here(expr)) for name, expr in op.keys]
        specs: list[AggregateSpec] = []
        for name, expr in op.aggregates:
            if isinstance(expr, ast.CountStar):
                specs.append(AggregateSpec(name, CountStar, []))
                continue
            assert isinstance(expr, ast.FunctionCall)
            if expr.name.lower() == "count" and expr.distinct and len(expr.args) == 1:
                (arg,) = expr.args
                var = arg.name if isinstance(arg, ast.Variable) else None
                specs.append(AggregateSpec(name, CountDistinct, [compile_here(arg)], var))
                continue
            spec = lookup_aggregate(expr.name)
            if spec is None:
                raise CypherSyntaxError(
                    "UnknownFunction", f"Unknown function '{expr.name}'", position=expr.pos
                )
            # partial binds this call's DISTINCT now; each group calls it for a fresh aggregator
            make = partial(spec.make, expr.distinct)
            specs.append(AggregateSpec(name, make, [compile_here(a) for a in expr.args]))
        names = frozenset(n for n, _ in op.keys) | frozenset(n for n, _ in op.aggregates)
        return AggregationOp(keys, specs), names

    def _procedure(
        self,
        op: lp.ProcedureCall,
        variables: frozenset[str],
        compile_here: Callable[[ast.Expr], Compiled],
    ) -> tuple[Operator, frozenset[str]]:
        proc = self._check_procedure(op) if self.procedures is not None else None
        args = None if op.args is None else [compile_here(a) for a in op.args]
        yields = op.yields
        if yields is None and proc is not None:
            if op.standalone:
                self.standalone_outputs = proc.output_names
            yields = [(name, name) for name in proc.output_names] if op.standalone else []
        new = frozenset(var for _, var in yields or [])
        return ProcedureCallOp(op.name, proc, args, yields, op.pos), variables | new

    def _check_procedure(self, op: lp.ProcedureCall) -> Procedure:
        assert self.procedures is not None
        proc = self.procedures.lookup(op.name)
        if proc is None:
            raise missing_procedure(op.name, op.pos)
        if op.args is None:
            self.implicit_parameters.update(proc.input_names)
            if not op.standalone and proc.inputs:
                raise CypherSyntaxError(
                    "InvalidArgumentPassingMode",
                    f"Procedure {op.name} needs explicit arguments when called in a query",
                    position=op.pos,
                )
            return proc
        if len(op.args) != len(proc.inputs):
            raise CypherSyntaxError(
                "InvalidNumberOfArguments",
                f"Procedure call {op.name} takes {len(proc.inputs)} arguments, got {len(op.args)}",
                position=op.pos,
            )
        for (name, type_text), arg in zip(proc.inputs, op.args):
            if isinstance(arg, ast.Literal) and not accepts(type_text, arg.value):
                raise CypherSyntaxError(
                    "InvalidArgumentType",
                    f"Argument `{name}` of {op.name} must be {type_text}",
                    position=arg.pos,
                )
        for field, _ in op.yields or []:
            if field not in proc.output_names:
                raise CypherSyntaxError(
                    "UndefinedVariable",
                    f"Procedure {op.name} has no output `{field}`",
                    position=op.pos,
                )
        return proc
