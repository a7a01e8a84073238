"""Variable-length expansion (depth first) and shortest paths (breadth first)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._op_expand import used_rel_ids
from graphbolt.runtime._operators import Operator, Row
from graphbolt.tx._access import GraphAccess
from graphbolt.values._compare import equals
from graphbolt.values._graph import NodeRef, PathRef, RelRef

RelCheck = Callable[[int], bool]


def rel_filter(
    tx: GraphAccess, props: list[tuple[str, Compiled]], row: Row, ctx: ExecutionContext
) -> RelCheck | None:
    """A per-relationship predicate for ``-[*{k: v}]-`` (None when there are no properties)."""
    if not props:
        return None
    wanted = [(key, fn(row, ctx)) for key, fn in props]

    def check(rel_id: int) -> bool:
        return all(equals(tx.rel_property(rel_id, key), value) is True for key, value in wanted)

    return check


class VarLengthExpandOp(Operator):
    """``(from)-[rels*min..max]-(to)``: every walk without a repeated relationship."""

    def __init__(
        self,
        from_var: str,
        rel_var: str,
        to_var: str,
        direction: int,
        types: tuple[str, ...] | None,
        hops: tuple[int, int | None],
        into: bool,
        unique_with: tuple[str, ...],
        rel_props: list[tuple[str, Compiled]],
        reverse: bool,
    ) -> None:
        self.from_var = from_var
        self.rel_var = rel_var
        self.to_var = to_var
        self.direction = direction
        self.types = types
        self.min_hops, self.max_hops = hops
        self.into = into
        self.unique_with = unique_with
        self.rel_props = rel_props
        self.reverse = reverse

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            node = row.get(self.from_var)
            if type(node) is not NodeRef:
                continue
            target: Any = None
            if self.into:
                target = row.get(self.to_var)
                if type(target) is not NodeRef:
                    continue
            used = used_rel_ids(row, self.unique_with)
            check = rel_filter(ctx.tx, self.rel_props, row, ctx)
            for end, path in self._walk(ctx.tx, node.id, used, check):
                if self.into and end != target.id:
                    continue
                rels = list(reversed(path)) if self.reverse else list(path)
                if self.into:
                    yield {**row, self.rel_var: rels}
                else:
                    yield {**row, self.rel_var: rels, self.to_var: NodeRef(end)}

    def _walk(
        self, tx: GraphAccess, start: int, used: set[int], check: RelCheck | None
    ) -> Iterator[tuple[int, tuple[RelRef, ...]]]:
        low, high = self.min_hops, self.max_hops
        direction, types = self.direction, self.types
        stack: list[tuple[int, tuple[RelRef, ...], frozenset[int]]] = [(start, (), frozenset())]
        while stack:
            node, path, seen = stack.pop()
            depth = len(path)
            if depth >= low:
                yield node, path
            if high is not None and depth >= high:
                continue
            children = []
            for rel_id, rel_type, s, e in tx.expand(node, direction, types):
                if rel_id in seen or rel_id in used:
                    continue
                if check is not None and not check(rel_id):
                    continue
                other = e if s == node else s
                children.append((other, (*path, RelRef(rel_id, rel_type, s, e)), seen | {rel_id}))
            stack.extend(reversed(children))  # visit in storage order

    def describe(self) -> str:
        return f"VarLengthExpand({self.from_var})-[{self.rel_var}*]-({self.to_var})"


class ShortestPathOp(Operator):
    """``shortestPath((a)-[*]-(b))`` / ``allShortestPaths``: breadth-first from ``a``."""

    def __init__(
        self,
        from_var: str,
        rel_var: str | None,
        to_var: str,
        path_var: str | None,
        direction: int,
        types: tuple[str, ...] | None,
        hops: tuple[int, int | None],
        all_paths: bool,
        rel_props: list[tuple[str, Compiled]],
    ) -> None:
        self.from_var = from_var
        self.rel_var = rel_var
        self.to_var = to_var
        self.path_var = path_var
        self.direction = direction
        self.types = types
        self.min_hops, self.max_hops = hops
        self.all_paths = all_paths
        self.rel_props = rel_props

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        for row in rows:
            a, b = row.get(self.from_var), row.get(self.to_var)
            if type(a) is not NodeRef or type(b) is not NodeRef:
                continue
            check = rel_filter(ctx.tx, self.rel_props, row, ctx)
            for rels in self._search(ctx.tx, a.id, b.id, check):
                out = dict(row)
                if self.rel_var:
                    out[self.rel_var] = list(rels)
                if self.path_var:
                    out[self.path_var] = _path(a.id, rels)
                yield out

    def _search(
        self, tx: GraphAccess, start: int, goal: int, check: RelCheck | None
    ) -> list[tuple[RelRef, ...]]:
        if start == goal and self.min_hops == 0:
            return [()]
        frontier: list[tuple[int, tuple[RelRef, ...]]] = [(start, ())]
        visited_at: dict[int, int] = {start: 0}
        depth = 0
        while frontier and (self.max_hops is None or depth < self.max_hops):
            depth += 1
            found: list[tuple[RelRef, ...]] = []
            nxt: list[tuple[int, tuple[RelRef, ...]]] = []
            for node, path in frontier:
                for rel_id, rel_type, s, e in tx.expand(node, self.direction, self.types):
                    if check is not None and not check(rel_id):
                        continue
                    if any(r.id == rel_id for r in path):
                        continue
                    other = e if s == node else s
                    seen_depth = visited_at.get(other)
                    if seen_depth is not None and seen_depth < depth:
                        continue
                    new_path = (*path, RelRef(rel_id, rel_type, s, e))
                    if other == goal and depth >= self.min_hops:
                        found.append(new_path)
                        if not self.all_paths:
                            return found
                    visited_at[other] = depth
                    nxt.append((other, new_path))
            if found:
                return found
            frontier = nxt if self.all_paths else _dedupe(nxt)
        return []

    def describe(self) -> str:
        return f"ShortestPath({self.from_var}, {self.to_var})"


def _dedupe(frontier: list[tuple[int, tuple[RelRef, ...]]]) -> list[tuple[int, tuple[RelRef, ...]]]:
    """One path per node is enough when a single shortest path is wanted."""
    seen: set[int] = set()
    out = []
    for node, path in frontier:
        if node not in seen:
            seen.add(node)
            out.append((node, path))
    return out


def _path(start: int, rels: tuple[RelRef, ...]) -> PathRef:
    nodes = [NodeRef(start)]
    current = start
    for rel in rels:
        current = rel.end if rel.start == current else rel.start
        nodes.append(NodeRef(current))
    return PathRef(tuple(nodes), tuple(rels))
