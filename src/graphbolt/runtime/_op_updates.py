"""Updating operators: CREATE, SET/REMOVE, DELETE.

Every updating operator is eager: it reads its whole input before writing (a MATCH feeding a
CREATE must not see the nodes being created), then performs every write before yielding its
first row (the next clause sees all the effects of this one).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphbolt.errors import ConstraintValidationFailed
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._op_expand import build_path
from graphbolt.runtime._op_writes import Action, endpoint, evaluate_properties, path_entities
from graphbolt.runtime._operators import Operator, Row
from graphbolt.tx._access import BOTH
from graphbolt.values._graph import NodeRef, RelRef


class CreateSpec:
    """One pattern part to create, with compiled property maps; a variable None marks an
    entity nothing reads (created but not bound)."""

    __slots__ = ("merge", "nodes", "path", "rels", "steps")

    def __init__(
        self,
        nodes: list[tuple[str | None, tuple[str, ...], Compiled | None]],
        rels: list[tuple[str | None, str, Compiled | None, str, str]],
        path: str | None,
        steps: tuple[str, ...],
        merge: bool = False,
    ) -> None:
        self.merge = merge
        self.nodes = nodes
        self.rels = rels
        self.path = path
        self.steps = steps

    def create(self, out: Row, ctx: ExecutionContext) -> None:
        """Create the part's new nodes and relationships, binding them in ``out``."""
        tx, stats = ctx.tx, ctx.stats
        for var, labels, props_fn in self.nodes:
            props = evaluate_properties(props_fn, out, ctx, self.merge)
            node_id = tx.create_node(labels, props)
            stats.nodes_created += 1
            stats.labels_added += len(labels)
            stats.properties_set += len(props)
            if var is not None:
                out[var] = NodeRef(node_id)
        for var, rel_type, props_fn, start_var, end_var in self.rels:
            props = evaluate_properties(props_fn, out, ctx, self.merge)
            start, end = endpoint(out, start_var), endpoint(out, end_var)
            rel_id = tx.create_rel(rel_type, start, end, props)
            stats.relationships_created += 1
            stats.properties_set += len(props)
            if var is not None:
                out[var] = RelRef(rel_id, rel_type, start, end)
        if self.path:
            out[self.path] = build_path(out, self.steps)


class CreateOp(Operator):
    def __init__(self, parts: list[CreateSpec]) -> None:
        self.parts = parts

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        results = list(rows)  # eager: the whole input is read before the first write
        parts = self.parts
        for i, row in enumerate(results):
            out = dict(row)
            for part in parts:
                part.create(out, ctx)
            results[i] = out  # the input row goes now, not after the last write
        yield from results


class SetItemsOp(Operator):
    """SET and REMOVE: the items applied in order, for each row."""

    def __init__(self, actions: list[Action], name: str = "SetItems") -> None:
        self.actions = actions
        self.name = name

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        results = list(rows)
        for row in results:
            for action in self.actions:
                action(row, ctx)
        yield from results

    def describe(self) -> str:
        return self.name


class DeleteOp(Operator):
    """DELETE / DETACH DELETE.

    Relationships go at once; nodes at the end of the clause, so a node whose relationships
    are deleted by later rows of the same clause can go too. A node still connected then is
    an error (DeleteConnectedNode), unless DETACH removed its relationships first.
    """

    def __init__(self, exprs: list[Compiled], detach: bool) -> None:
        self.exprs = exprs
        self.detach = detach

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        results = list(rows)
        pending: dict[int, None] = {}
        for row in results:
            nodes: list[NodeRef] = []
            rels: list[RelRef] = []
            for fn in self.exprs:
                path_entities(fn(row, ctx), nodes, rels)
            for rel in rels:
                self._delete_rel(ctx, rel.id)
            for node in nodes:
                if self.detach:
                    self._detach(ctx, node.id)
                pending[node.id] = None
        for node_id in pending:
            self._delete_node(ctx, node_id)
        yield from results

    @staticmethod
    def _delete_rel(ctx: ExecutionContext, rel_id: int) -> None:
        if ctx.tx.rel_exists(rel_id):
            ctx.tx.delete_rel(rel_id)
            ctx.stats.relationships_deleted += 1

    def _detach(self, ctx: ExecutionContext, node_id: int) -> None:
        if not ctx.tx.node_exists(node_id):
            return
        for rel_id, _, _, _ in list(ctx.tx.expand(node_id, BOTH, None)):
            self._delete_rel(ctx, rel_id)

    @staticmethod
    def _delete_node(ctx: ExecutionContext, node_id: int) -> None:
        tx = ctx.tx
        if not tx.node_exists(node_id):
            return
        if tx.degree(node_id, BOTH, None) > 0:
            raise ConstraintValidationFailed(
                "DeleteConnectedNode",
                f"Cannot delete node<{node_id}>, because it still has relationships. "
                "To delete this node, you must first delete its relationships.",
            )
        tx.delete_node(node_id)
        ctx.stats.nodes_deleted += 1
