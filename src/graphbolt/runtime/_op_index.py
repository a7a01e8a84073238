"""``NodeIndexSeekOp``: bind a node found through a property index, else by a label scan.

Which seek runs is decided once per execution from the running transaction (``has_index``):
its snapshot may lack an index the planner knew (dropped since, or the transaction began
before it was created). The predicates a seek came from are still applied by Filters above
it, so a seek only has to return a superset of the matching nodes with the scan label; when
a value cannot be looked up exactly (a temporal value, a map, a list that is not a list ...)
the operator scans instead and lets the Filter decide (and raise, if the predicate does).
The exception is the ``exact`` equality the planner moved into the operator: the operator
checks it itself on every candidate it cannot vouch for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.values._graph import NodeRef

_SCALARS = (bool, int, float, str)
_MIN_INT, _MAX_INT = -(2**63), 2**63  # Cypher integers: the index keys exactly these
Lookup = Callable[[Row, ExecutionContext, Any], "Iterator[int] | None"]


def _exact(value: Any) -> bool:
    """Values whose index key equality is exactly Cypher ``=`` (plus null)."""
    t = type(value)
    if t in _SCALARS or value is None:
        return True
    if t is list:
        return all(_exact(v) and v is not None for v in value)
    return False


def _finder(tx: Any, label: str, key: str) -> Callable[[Any], Iterable[int] | None]:
    """``value -> ids`` (None: no index) through ``find_nodes``, for a transaction that
    has indexes but no ``equality_seeker``."""
    return lambda value: tx.find_nodes(label, key, value)  # type: ignore[no-any-return]


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
    """Bind ``var`` to each candidate of the first usable seek, else of a ``label`` scan.

    ``exact`` is the compiled ``n.k = e`` the first seek answers by itself (the planner left
    it out of the Filters). When that seek runs on a value the index compares exactly as
    Cypher ``=`` does, its ids are the answer; otherwise every candidate is checked.
    """

    def __init__(
        self, var: str, label: str, seeks: list[IndexSeek], exact: Compiled | None = None
    ) -> None:
        self.var = var
        self.label = label
        self.seeks = seeks
        self.exact = exact

    def _choose(self, tx: Any) -> IndexSeek | None:
        has_index = getattr(tx, "has_index", None)
        if has_index is None:
            return None
        for seek in self.seeks:
            if has_index(seek.label, seek.key):
                return seek
        return None

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        tx: Any = ctx.tx
        if self.exact is not None:
            first = self.seeks[0]
            # The transaction's seeker resolves the index once for every input row (None:
            # no index on (label, key) in this snapshot).
            seeker = getattr(tx, "equality_seeker", None)
            find = None if seeker is None else seeker(first.label, first.key)
            if find is not None:
                return self._exact_seek(ctx, rows, first, find)
        seek = self._choose(tx)
        if self.exact is not None and seek is self.seeks[0]:
            return self._exact_seek(ctx, rows, seek, _finder(tx, seek.label, seek.key))
        return self._candidates(ctx, rows, seek, self.exact)

    def _candidates(
        self,
        ctx: ExecutionContext,
        rows: Iterator[Row],
        seek: IndexSeek | None,
        check: Compiled | None,
    ) -> Iterator[Row]:
        var, label, tx = self.var, self.label, ctx.tx
        for row in rows:
            ids = None if seek is None else seek.lookup(row, ctx, tx)
            if ids is None:
                ids = tx.node_ids_by_label(label)
            elif seek is not None and seek.label != label:
                ids = (i for i in ids if tx.node_has_label(i, label))
            for node_id in ids:
                out = {**row, var: NodeRef(node_id)}
                if check is None or check(out, ctx) is True:
                    yield out

    def _exact_seek(
        self,
        ctx: ExecutionContext,
        rows: Iterator[Row],
        seek: IndexSeek,
        find: Callable[[Any], Iterable[int] | None],
    ) -> Iterator[Row]:
        """The first seek is an equality the index answers exactly for plain scalars;
        ``find`` looks values up in its index."""
        var, label, check = self.var, self.label, self.exact
        tx: Any = ctx.tx  # the index methods are beyond GraphAccess
        value_of = seek.exprs[0]
        assert value_of is not None
        relabel = seek.label != label
        for row in rows:
            value = value_of(row, ctx)
            kind = type(value)
            if (
                kind is str
                or kind is float
                or kind is bool
                or (kind is int and _MIN_INT <= value < _MAX_INT)
            ):
                ids = find(value)
                if ids is not None:
                    if relabel:
                        ids = (i for i in ids if tx.node_has_label(i, label))
                    for node_id in ids:
                        yield {**row, var: NodeRef(node_id)}
                    continue
            elif value is None:
                continue  # n.k = null is never true
            yield from self._candidates(ctx, iter((row,)), seek, check)

    def describe(self) -> str:
        seeks = ", ".join(s.describe() for s in self.seeks)
        exact = " exact" if self.exact is not None else ""
        return f"NodeIndexSeek({self.var}:{self.label} {seeks}{exact})"
