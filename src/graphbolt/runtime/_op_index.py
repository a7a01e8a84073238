"""``NodeIndexSeekOp``: bind a node found through a property index, else by a label scan.

Which seek runs is decided once per execution from the running transaction (``has_index``):
its snapshot may lack an index the planner knew (dropped since, or the transaction began
before it was created). The predicates a seek came from are still applied by Filters above
it, so a seek only has to return a superset of the matching nodes with the scan label; when
a value cannot be looked up exactly (a temporal value, a map, a list that is not a list ...)
the operator scans instead and lets the Filter decide (and raise, if the predicate does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.values._graph import NodeRef

_SCALARS = (bool, int, float, str)
Lookup = Callable[[Row, ExecutionContext, Any], "Iterator[int] | None"]


def _exact(value: Any) -> bool:
    """Values whose index key equality is exactly Cypher ``=`` (plus null)."""
    t = type(value)
    if t in _SCALARS or value is None:
        return True
    if t is list:
        return all(_exact(v) and v is not None for v in value)
    return False


class IndexSeek:
    """A compiled ``planner._logical.IndexSeek``: ``lookup(row, ctx, tx)`` -> ids or None."""

    def __init__(
        self,
        label: str,
        key: str,
        kind: str,
        exprs: tuple[Compiled | None, ...],
        inclusive: tuple[bool, bool] = (True, True),
    ) -> None:
        self.label = label
        self.key = key
        self.kind = kind
        self.exprs = exprs
        self.inclusive = inclusive
        self.lookup: Lookup = getattr(self, "_" + {"=": "eq", "IN": "in"}.get(kind, kind))

    def _eq(self, row: Row, ctx: ExecutionContext, tx: Any) -> Iterator[int] | None:
        value = self.exprs[0](row, ctx)  # type: ignore[misc]
        if not _exact(value):
            return None
        return tx.find_nodes(self.label, self.key, value)  # type: ignore[no-any-return]

    def _in(self, row: Row, ctx: ExecutionContext, tx: Any) -> Iterator[int] | None:
        values = self.exprs[0](row, ctx)  # type: ignore[misc]
        if values is None:
            return iter(())
        if type(values) is not list or not all(_exact(v) for v in values):
            return None
        found: set[int] = set()
        for value in values:
            ids = tx.find_nodes(self.label, self.key, value)
            if ids is None:
                return None
            found.update(ids)
        return iter(sorted(found))

    def _range(self, row: Row, ctx: ExecutionContext, tx: Any) -> Iterator[int] | None:
        low_expr, high_expr = self.exprs
        low = None if low_expr is None else low_expr(row, ctx)
        high = None if high_expr is None else high_expr(row, ctx)
        if (low_expr is not None and low is None) or (high_expr is not None and high is None):
            return iter(())  # a comparison with null is never true
        low_incl, high_incl = self.inclusive
        return tx.find_range(  # type: ignore[no-any-return]
            self.label, self.key, low, low_incl, high, high_incl
        )

    def _prefix(self, row: Row, ctx: ExecutionContext, tx: Any) -> Iterator[int] | None:
        prefix = self.exprs[0](row, ctx)  # type: ignore[misc]
        if prefix is None:
            return iter(())
        return tx.find_prefix(self.label, self.key, prefix)  # type: ignore[no-any-return]

    def describe(self) -> str:
        return f":{self.label}({self.key}) {self.kind}"


class NodeIndexSeekOp(Operator):
    def __init__(self, var: str, label: str, seeks: list[IndexSeek]) -> None:
        self.var = var
        self.label = label
        self.seeks = seeks

    def _choose(self, tx: Any) -> IndexSeek | None:
        has_index = getattr(tx, "has_index", None)
        if has_index is None:
            return None
        for seek in self.seeks:
            if has_index(seek.label, seek.key):
                return seek
        return None

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        var, label, tx = self.var, self.label, ctx.tx
        seek = self._choose(tx)
        for row in rows:
            ids = None if seek is None else seek.lookup(row, ctx, tx)
            if ids is None:
                ids = tx.node_ids_by_label(label)
            elif seek is not None and seek.label != label:
                ids = (i for i in ids if tx.node_has_label(i, label))
            for node_id in ids:
                yield {**row, var: NodeRef(node_id)}

    def describe(self) -> str:
        seeks = ", ".join(s.describe() for s in self.seeks)
        return f"NodeIndexSeek({self.var}:{self.label} {seeks})"
