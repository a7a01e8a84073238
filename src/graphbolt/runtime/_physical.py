"""Physical operators for graph-reading and updating logical operators (the rest, row shaping,
is in ``_build``). Each function returns ``(operator, variables after it)`` or None when the
logical operator is not one of its kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._op_expand import ExpandOp, ProjectPathOp
from graphbolt.runtime._op_index import IndexSeek, NodeIndexSeekOp
from graphbolt.runtime._op_merge import MergeOp
from graphbolt.runtime._op_nested import ApplyOp, OptionalOp
from graphbolt.runtime._op_scan import AllNodesScanOp, NodeByIdSeekOp, NodeByLabelScanOp
from graphbolt.runtime._op_updates import CreateOp, CreateSpec, DeleteOp, SetItemsOp
from graphbolt.runtime._op_varlength import ShortestPathOp, VarLengthExpandOp
from graphbolt.runtime._op_writes import compile_set_item
from graphbolt.runtime._operators import DIRECTIONS, Operator

if TYPE_CHECKING:
    from graphbolt.runtime._build import Builder

Compile = Callable[[ast.Expr], Compiled]
Built = tuple[Operator, frozenset[str]]


_WRITES = (lp.Create, lp.Merge, lp.SetItems, lp.Remove, lp.Delete)


def writes(root: lp.LogicalOp) -> bool:
    """Does a (nested) logical plan contain an updating operator?"""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, _WRITES):
            return True
        stack.extend(node.children())
    return False


def _types(types: tuple[str, ...]) -> tuple[str, ...] | None:
    return types or None


def _maybe(compile: Compile) -> Callable[[ast.Expr | None], Compiled | None]:
    return lambda expr: None if expr is None else compile(expr)


def build_graph_op(
    op: lp.LogicalOp, variables: frozenset[str], compile: Compile, builder: Builder
) -> Built | None:
    if isinstance(op, lp.AllNodesScan):
        return AllNodesScanOp(op.var), variables | {op.var}
    if isinstance(op, lp.NodeByLabelScan):
        return NodeByLabelScanOp(op.var, op.label), variables | {op.var}
    if isinstance(op, lp.NodeByIdSeek):
        return NodeByIdSeekOp(op.var, compile(op.ids), op.many), variables | {op.var}
    if isinstance(op, lp.NodeIndexSeek):
        seeks = [
            IndexSeek(s.label, s.key, s.kind, tuple(map(_maybe(compile), s.exprs)), s.inclusive)
            for s in op.seeks
        ]
        after = variables | {op.var}
        exact = None if op.exact is None else builder.compile(op.exact, after)
        return NodeIndexSeekOp(op.var, op.label, seeks, exact), after
    if isinstance(op, lp.Expand):
        unread = builder.names.unread
        expand = ExpandOp(
            op.from_var, op.rel_var, op.to_var, DIRECTIONS[op.direction], _types(op.types),
            op.into, op.unique_with, not unread(op.rel_var), not unread(op.to_var),
        )  # fmt: skip
        return expand, variables | {op.rel_var, op.to_var}
    if isinstance(op, lp.VarLengthExpand):
        props = [(key, compile(expr)) for key, expr in op.rel_props]
        var_expand = VarLengthExpandOp(
            op.from_var, op.rel_var, op.to_var, DIRECTIONS[op.direction], _types(op.types),
            (op.min_hops, op.max_hops), op.into, op.unique_with, props, op.reverse,
        )  # fmt: skip
        return var_expand, variables | {op.rel_var, op.to_var}
    if isinstance(op, lp.ShortestPath):
        props = [(key, compile(expr)) for key, expr in op.rel_props]
        shortest = ShortestPathOp(
            op.from_var, op.rel_var, op.to_var, op.path_var, DIRECTIONS[op.direction],
            _types(op.types), (op.min_hops, op.max_hops), op.all_paths, props,
        )  # fmt: skip
        bound = {v for v in (op.rel_var, op.path_var) if v}
        return shortest, variables | bound
    if isinstance(op, lp.ProjectPath):
        return ProjectPathOp(op.var, op.steps), variables | {op.var}
    if isinstance(op, lp.Optional):
        inner, inner_vars = builder.pipeline(op.inner)
        return OptionalOp(inner, op.new_vars), variables | inner_vars | set(op.new_vars)
    if isinstance(op, lp.Apply):
        inner, inner_vars = builder.pipeline(op.inner)
        columns = tuple(op.columns)
        return ApplyOp(inner, columns, writes(op.inner)), variables | set(columns)
    return None


def _create_spec(
    part: lp.CreatePart,
    compile: Compile,
    merge: bool = False,
    unread: Callable[[str], bool] = lambda name: False,
) -> CreateSpec:
    # An entity nothing reads (an anonymous one) is created without being bound (var None).
    nodes = [
        (
            None if unread(n.var) else n.var,
            n.labels,
            None if n.properties is None else compile(n.properties),
        )
        for n in part.nodes
        if not n.bound
    ]
    rels = [
        (
            None if unread(r.var) else r.var,
            r.rel_type,
            None if r.properties is None else compile(r.properties),
            r.start,
            r.end,
        )
        for r in part.rels
    ]
    return CreateSpec(nodes, rels, part.path, part.steps, merge)


def _part_vars(part: lp.CreatePart) -> set[str]:
    names = {n.var for n in part.nodes} | {r.var for r in part.rels}
    if part.path:
        names.add(part.path)
    return names


def build_update_op(
    op: lp.LogicalOp, variables: frozenset[str], compile: Compile, builder: Builder
) -> Built | None:
    if isinstance(op, lp.Create):
        new: set[str] = set()
        for part in op.parts:
            new |= _part_vars(part)

        # Properties may refer to nodes created earlier in the same clause.
        def compile_all(expr: ast.Expr) -> Compiled:
            return builder.compile(expr, variables | new)

        unread = builder.names.unread
        specs = [_create_spec(p, compile_all, unread=unread) for p in op.parts]
        return CreateOp(specs), variables | new
    if isinstance(op, lp.Merge):
        inner, inner_vars = builder.pipeline(op.inner)
        after = variables | inner_vars | _part_vars(op.part)

        def compile_after(expr: ast.Expr) -> Compiled:
            return builder.compile(expr, after)

        spec = _create_spec(op.part, compile_after, merge=True)
        on_create = [compile_set_item(i, compile_after) for i in op.on_create]
        on_match = [compile_set_item(i, compile_after) for i in op.on_match]
        return MergeOp(inner, spec, on_create, on_match), after
    if isinstance(op, lp.SetItems):
        return SetItemsOp([compile_set_item(i, compile) for i in op.items], "Set"), variables
    if isinstance(op, lp.Remove):
        return SetItemsOp([compile_set_item(i, compile) for i in op.items], "Remove"), variables
    if isinstance(op, lp.Delete):
        return DeleteOp([compile(e) for e in op.exprs], op.detach), variables
    return None
