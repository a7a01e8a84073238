"""Single-hop expansion and path construction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._operators import Operator, Row
from graphbolt.values._graph import NodeRef, PathRef, RelRef


def used_rel_ids(row: Row, names: tuple[str, ...]) -> set[int]:
    """Ids of the relationships already bound in this MATCH (relationship uniqueness)."""
    used: set[int] = set()
    for name in names:
        value = row.get(name)
        if type(value) is RelRef:
            used.add(value.id)
        elif isinstance(value, list):
            used.update(r.id for r in value if type(r) is RelRef)
    return used


class ExpandOp(Operator):
    """``(from)-[rel]-(to)``: one row per relationship at ``from`` (``into``: ending at the
    already bound ``to``). ``bind_rel`` / ``bind_to`` False: nothing reads that variable, so
    the rows leave it out (no ``RelRef`` / ``NodeRef`` built per relationship)."""

    def __init__(
        self,
        from_var: str,
        rel_var: str,
        to_var: str,
        direction: int,
        types: tuple[str, ...] | None,
        into: bool,
        unique_with: tuple[str, ...],
        bind_rel: bool = True,
        bind_to: bool = True,
    ) -> None:
        self.from_var = from_var
        self.rel_var = rel_var
        self.to_var = to_var
        self.direction = direction
        self.types = types
        self.into = into
        self.unique_with = unique_with
        self.bind_rel = bind_rel
        self.bind_to = bind_to or into

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        neighbours = getattr(ctx.tx, "neighbour_ids", None)  # optional, beyond GraphAccess
        if (
            neighbours is not None
            and self.bind_to
            and not (self.into or self.unique_with or self.bind_rel)
        ):
            return self._to_nodes(neighbours, rows)
        return self._general(ctx, rows)

    def _to_nodes(self, neighbours: Any, rows: Iterator[Row]) -> Iterator[Row]:
        """Only the far node is bound: one list of ids per row, no relationship tuples."""
        from_var, to_var, direction, types = self.from_var, self.to_var, self.direction, self.types
        for row in rows:
            node = row.get(from_var)
            if type(node) is not NodeRef:
                continue  # null from an OPTIONAL MATCH: nothing to expand
            for other in neighbours(node.id, direction, types):
                yield {**row, to_var: NodeRef(other)}

    def _general(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        expand = ctx.tx.expand
        from_var, rel_var, to_var = self.from_var, self.rel_var, self.to_var
        direction, types, into, unique = self.direction, self.types, self.into, self.unique_with
        bind_rel, bind_to = self.bind_rel, self.bind_to
        for row in rows:
            node = row.get(from_var)
            if type(node) is not NodeRef:
                continue  # null from an OPTIONAL MATCH: nothing to expand
            target: Any = None
            if into:
                target = row.get(to_var)
                if type(target) is not NodeRef:
                    continue
            used = used_rel_ids(row, unique) if unique else None
            node_id = node.id
            for rel_id, rel_type, start, end in expand(node_id, direction, types):
                if used and rel_id in used:
                    continue
                other = end if start == node_id else start
                if into:
                    if other != target.id:
                        continue
                    if bind_rel:
                        yield {**row, rel_var: RelRef(rel_id, rel_type, start, end)}
                    else:
                        yield row
                elif bind_rel:
                    yield {
                        **row,
                        rel_var: RelRef(rel_id, rel_type, start, end),
                        to_var: NodeRef(other),
                    }
                elif bind_to:
                    yield {**row, to_var: NodeRef(other)}
                else:
                    yield row

    def describe(self) -> str:
        kind = "ExpandInto" if self.into else "Expand"
        return f"{kind}({self.from_var})-[{self.rel_var}]-({self.to_var})"


def build_path(row: Row, steps: tuple[str, ...]) -> PathRef | None:
    """The path through ``steps`` (node, rel-or-list, node, ...); None if any step is null."""
    first = row.get(steps[0])
    if type(first) is not NodeRef:
        return None
    nodes: list[NodeRef] = [first]
    rels: list[RelRef] = []
    current = first.id
    for i in range(1, len(steps), 2):
        rel = row.get(steps[i])
        if isinstance(rel, list):
            for hop in rel:
                current = hop.end if hop.start == current else hop.start
                nodes.append(NodeRef(current))
                rels.append(hop)
            continue
        if type(rel) is not RelRef:
            return None
        nxt = row.get(steps[i + 1])
        if type(nxt) is not NodeRef:
            return None
        rels.append(rel)
        nodes.append(nxt)
        current = nxt.id
    return PathRef(tuple(nodes), tuple(rels))


class ProjectPathOp(Operator):
    def __init__(self, var: str, steps: tuple[str, ...]) -> None:
        self.var = var
        self.steps = steps

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        var, steps = self.var, self.steps
        for row in rows:
            yield {**row, var: build_path(row, steps)}

    def describe(self) -> str:
        return f"ProjectPath({self.var})"
