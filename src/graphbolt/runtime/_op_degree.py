"""Counting by degree: an Expand that only feeds ``count`` aggregates needs no rows.

``MATCH (p:Person)-[:KNOWS]->(f) RETURN p.age, count(*)`` groups one row per relationship,
yet every row of one ``p`` has the same grouping key. When the grouping keys read only
variables bound before the Expand (plain variables and their properties: deterministic, so
one evaluation per ``p`` gives what one per relationship would), and every aggregate is
``count(*)`` or ``count(v)`` of a variable the Expand leaves non-null, each ``p`` adds its
degree (``GraphAccess.degree``) to its group at once. Groups come out in the order the
unfused plan would make them: first seen, among input rows with at least one relationship.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.runtime._context import ExecutionContext, raise_terminated
from graphbolt.runtime._expr_access import deleted_node
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import DIRECTIONS, Operator, Row
from graphbolt.values._compare import group_key
from graphbolt.values._graph import NodeRef


def _plain_key(expr: ast.Expr, hidden: set[str]) -> bool:
    """A variable, or a property of one, not bound by the Expand."""
    if isinstance(expr, ast.Property):
        expr = expr.subject
    return isinstance(expr, ast.Variable) and expr.name not in hidden


def _row_count(expr: ast.Expr, non_null: set[str]) -> bool:
    """``count(*)``, or ``count(v)`` of a variable every expanded row binds to a value."""
    if isinstance(expr, ast.CountStar):
        return True
    return (
        isinstance(expr, ast.FunctionCall)
        and expr.name.lower() == "count"
        and not expr.distinct
        and len(expr.args) == 1
        and isinstance(expr.args[0], ast.Variable)
        and expr.args[0].name in non_null
    )


def fusable(expand: lp.LogicalOp, after: lp.LogicalOp | None) -> bool:
    """Can ``expand`` followed by ``after`` run as one ``ExpandCountOp``?"""
    if not isinstance(expand, lp.Expand) or not isinstance(after, lp.Aggregation):
        return False
    if expand.into or expand.unique_with or after.source is not expand:
        return False
    hidden = {expand.rel_var, expand.to_var}
    non_null = hidden | {expand.from_var}
    return all(_plain_key(expr, hidden) for _, expr in after.keys) and all(
        _row_count(expr, non_null) for _, expr in after.aggregates
    )


def _with_node(fn: Compiled, ctx: ExecutionContext, var: str, node_id: int, row: Row) -> Any:
    """A key over the scanned node's row, built only for keys that need one."""
    return fn({**row, var: NodeRef(node_id)}, ctx)


def _on_row(fn: Compiled, ctx: ExecutionContext, node_id: int, row: Row) -> Any:
    return fn(row, ctx)


def _property(tx: Any, key: str, node_id: int) -> Any:
    return tx.node_property(node_id, key)


def _degree(degree: Callable[..., int], direction: int, types: Any, node_id: int) -> int:
    return degree(node_id, direction, types)


class ExpandCountOp(Operator):
    """Grouped counts of the relationships at ``from_var`` (see the module docstring).

    ``prop_keys`` names, per grouping key, the property of ``from_var`` it reads (None for any
    other key): those are read straight from the transaction, without a row. With
    ``scan_label`` the operator also stands in for the ``NodeByLabelScan`` binding
    ``from_var``: it iterates node ids and builds a row only when some key needs one. Rows and
    node references are the garbage collector's business; a scan of the whole graph makes
    none of them.
    """

    def __init__(
        self,
        expand: lp.Expand,
        keys: list[tuple[str, Compiled]],
        count_names: list[str],
        prop_keys: list[str | None] | None = None,
        scan_label: str | None = None,
    ) -> None:
        self.from_var = expand.from_var
        self.direction = DIRECTIONS[expand.direction]
        self.types = expand.types or None
        self.keys = keys
        self.count_names = count_names
        self.prop_keys = prop_keys or [None] * len(keys)
        self.scan_label = scan_label

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        groups = self._count(ctx, rows)
        if not groups and not self.keys:
            groups[()] = [[], 0]
        key_names = [name for name, _ in self.keys]
        for values, n in groups.values():
            out = dict(zip(key_names, values))
            for name in self.count_names:
                out[name] = n
            yield out

    def _node_ids(
        self, ctx: ExecutionContext, rows: Iterator[Row], current: list[Row]
    ) -> Iterator[int]:
        """The ids of the nodes to count at; ``current[0]`` is the row each one comes from
        (with ``scan_label``, the scan's input row). No tuple per node: the loop in ``_count``
        is the hot one."""
        if self.scan_label is not None:
            by_label = ctx.tx.node_ids_by_label
            for row in rows:
                current[0] = row
                for node_id in by_label(self.scan_label):
                    if ctx.interrupted:  # the absorbed scan checks as NodeByLabelScanOp does
                        raise_terminated()
                    yield node_id
            return
        from_var = self.from_var
        for row in rows:
            node = row.get(from_var)
            if type(node) is NodeRef:  # not null from an OPTIONAL MATCH
                current[0] = row
                yield node.id

    def _count(self, ctx: ExecutionContext, rows: Iterator[Row]) -> dict[Any, list[Any]]:
        tx: Any = ctx.tx
        counter = getattr(tx, "degree_counter", None)  # optional, beyond GraphAccess
        if counter is not None:
            degree_of: Callable[[int], int] = counter(self.direction, self.types)
        else:
            degree_of = partial(_degree, tx.degree, self.direction, self.types)
        readers = self._key_readers(ctx)
        current: list[Row] = [{}]
        groups: dict[Any, list[Any]] = {}
        only = readers[0] if len(readers) == 1 else None
        for node_id in self._node_ids(ctx, rows, current):
            n = degree_of(node_id)
            if not n:
                continue
            if only is not None:
                value = only(node_id, current[0])
                key = group_key(value)
                group = groups.get(key)
                if group is None:
                    groups[key] = [[value], n]
                else:
                    group[1] += n
                continue
            values = [read(node_id, current[0]) for read in readers]
            key = tuple(map(group_key, values))
            group = groups.get(key)
            if group is None:
                groups[key] = [values, n]
            else:
                group[1] += n
        return groups

    def _key_readers(self, ctx: ExecutionContext) -> list[Callable[[int, Row], Any]]:
        """One reader per grouping key: (node id, row) -> value; properties of the counted
        node are read directly, without a row."""
        tx: Any = ctx.tx
        exists = tx.node_exists
        reader = getattr(tx, "property_reader", None)  # optional, beyond GraphAccess
        from_var, scanning = self.from_var, self.scan_label is not None
        readers: list[Callable[[int, Row], Any]] = []
        for (_, fn), name in zip(self.keys, self.prop_keys):
            if name is not None:
                prop = reader(name) if reader is not None else partial(_property, tx, name)

                def read(node_id: int, row: Row, prop: Callable[[int], Any] = prop) -> Any:
                    value = prop(node_id)
                    if value is None and not exists(node_id):
                        raise deleted_node(node_id)  # as ``n.key`` would
                    return value

                readers.append(read)
            elif scanning:
                readers.append(partial(_with_node, fn, ctx, from_var))
            else:
                readers.append(partial(_on_row, fn, ctx))
        return readers

    def describe(self) -> str:
        keys = ", ".join(repr(n) for n, _ in self.keys)
        scan = f", scan={self.scan_label}" if self.scan_label else ""
        return f"ExpandCount({self.from_var}, keys=[{keys}]{scan})"
