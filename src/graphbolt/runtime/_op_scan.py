"""Leaf-like operators that bind a node per input row: scans and id seeks."""

from __future__ import annotations

from collections.abc import Iterator

from graphbolt.runtime._context import ExecutionContext, raise_terminated
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.values._graph import NodeRef


class AllNodesScanOp(Operator):
    def __init__(self, var: str) -> None:
        self.var = var

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        var = self.var
        for row in rows:
            for node_id in ctx.tx.all_node_ids():
                if ctx.interrupted:  # scans are where long reads spend their time
                    raise_terminated()
                yield {**row, var: NodeRef(node_id)}

    def describe(self) -> str:
        return f"AllNodesScan({self.var})"


class NodeByLabelScanOp(Operator):
    def __init__(self, var: str, label: str) -> None:
        self.var = var
        self.label = label

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        var, label = self.var, self.label
        for row in rows:
            for node_id in ctx.tx.node_ids_by_label(label):
                if ctx.interrupted:  # scans are where long reads spend their time
                    raise_terminated()
                yield {**row, var: NodeRef(node_id)}

    def describe(self) -> str:
        return f"NodeByLabelScan({self.var}:{self.label})"


class NodeByIdSeekOp(Operator):
    """``id(n) = e`` / ``id(n) IN e``: looks the ids up instead of scanning."""

    def __init__(self, var: str, ids: Compiled, many: bool) -> None:
        self.var = var
        self.ids = ids
        self.many = many

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        var = self.var
        tx = ctx.tx
        for row in rows:
            value = self.ids(row, ctx)
            if value is None:
                continue
            candidates = value if self.many else [value]
            if not isinstance(candidates, (list, tuple)):
                continue
            seen: set[int] = set()
            for node_id in candidates:
                if type(node_id) is float and node_id.is_integer():
                    node_id = int(node_id)  # id(n) = 1.0 holds for node 1
                if type(node_id) is not int or node_id in seen:
                    continue
                seen.add(node_id)
                if tx.node_exists(node_id):
                    yield {**row, var: NodeRef(node_id)}

    def describe(self) -> str:
        return f"NodeByIdSeek({self.var})"
