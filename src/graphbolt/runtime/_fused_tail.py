"""Fused plan tails: an ``Expand`` straight into the final projection of the far node's keys.

``MATCH (p ...)-[:KNOWS]->(f) RETURN f.name`` is the commonest traversal. Run as operators it
builds, per neighbour, a row dict, a ``NodeRef``, a compiled property call and a public-value
check. Fused, the tail asks the transaction for the neighbour ids of each incoming row and for
the wanted property of all of them in one call (``node_property_of_each``), and yields the
output tuples directly. The rows are public values already (stored property values are), so
the cursor skips materialisation (``ExecutablePlan.public_rows``).

The fusion applies only when the last operator before the final projection is an ``ExpandOp``
that binds just its far node, and every output is ``far.key``: then nothing else can observe
the skipped row dicts.

``MATCH (p ...)-[:KNOWS]->()-[:KNOWS]->(fof) RETURN count(DISTINCT fof)`` likewise ends in an
``ExpandOp`` feeding an ungrouped ``count(DISTINCT far)``: fused, the far node ids of each
incoming row (minus the relationships the MATCH bound already) go straight into one set.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graphbolt.cypher import ast
from graphbolt.runtime._context import ExecutionContext, raise_terminated
from graphbolt.runtime._expr_access import deleted_node
from graphbolt.runtime._op_aggregation import AggregationOp, CountDistinct
from graphbolt.runtime._op_expand import ExpandOp, used_rel_ids
from graphbolt.runtime._operators import Pipeline
from graphbolt.values._graph import NodeRef

# Neighbours are read this many at a time: a consumer that fetches a few rows of a supernode's
# expansion does not pay for reading every neighbour's properties.
CHUNK = 256


class ExpandPropertiesTail:
    """``before`` -> expand ``from`` to ``to`` -> yield ``(to.k1, to.k2, ...)`` tuples."""

    __slots__ = ("_known", "before", "direction", "from_var", "keys", "types")

    def __init__(self, before: Pipeline, expand: ExpandOp, keys: tuple[str, ...]) -> None:
        self.before = before
        self.from_var = expand.from_var
        self.direction = expand.direction
        self.types = expand.types
        self.keys = keys
        self._known: dict[type, bool] = {}  # transaction class -> applies

    def applies_to(self, tx: Any) -> bool:
        """The transaction offers the batch reads the fusion needs (the engine's does)."""
        return _offers(self._known, type(tx), ("neighbour_ids", "node_property_of_each"))

    def run(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
        tx = ctx.tx
        neighbours: Any = tx.neighbour_ids  # type: ignore[attr-defined]
        from_var, direction, types = self.from_var, self.direction, self.types
        for row in self.before.run(ctx, iter(({},))):
            node = row.get(from_var)
            if type(node) is not NodeRef:
                continue  # null from an OPTIONAL MATCH: nothing to expand
            ids = neighbours(node.id, direction, types)
            if len(ids) <= CHUNK:
                yield from self._values(tx, ids)
                continue
            for start in range(0, len(ids), CHUNK):
                if ctx.interrupted:
                    raise_terminated()
                yield from self._values(tx, ids[start : start + CHUNK])

    def _values(self, tx: Any, ids: list[int]) -> Iterator[tuple[Any, ...]]:
        each = tx.node_property_of_each
        keys = self.keys
        if len(keys) == 1:
            values = each(ids, keys[0])
            if None in values:
                _check_exist(tx, ids, values)
            return zip(values)
        columns = [each(ids, key) for key in keys]
        for values in columns:
            if None in values:
                _check_exist(tx, ids, values)
        return zip(*columns)


def _offers(known: dict[type, bool], kind: type, methods: tuple[str, ...]) -> bool:
    """Whether transactions of class ``kind`` have ``methods``, remembered in ``known`` (it
    is asked twice per execution)."""
    offers = known.get(kind)
    if offers is None:
        offers = known[kind] = all(hasattr(kind, m) for m in methods)
    return offers


def _check_exist(tx: Any, ids: list[int], values: list[Any]) -> None:
    """A missing property reads as null, but reading one of a deleted node is an error."""
    for node_id, value in zip(ids, values):
        if value is None and not tx.node_exists(node_id):
            raise deleted_node(node_id)


class ExpandDistinctCountTail:
    """``before`` -> expand ``from`` to ``to`` -> yield ``(count(DISTINCT to),)``."""

    __slots__ = ("_known", "before", "direction", "from_var", "types", "unique_with")

    def __init__(self, before: Pipeline, expand: ExpandOp) -> None:
        self.before = before
        self.from_var = expand.from_var
        self.direction = expand.direction
        self.types = expand.types
        self.unique_with = expand.unique_with
        self._known: dict[type, bool] = {}  # transaction class -> applies

    def applies_to(self, tx: Any) -> bool:
        return _offers(self._known, type(tx), ("neighbour_ids",))

    def run(self, ctx: ExecutionContext) -> Iterator[tuple[Any, ...]]:
        tx = ctx.tx
        neighbours: Any = tx.neighbour_ids  # type: ignore[attr-defined]
        from_var, direction, types, unique = (
            self.from_var, self.direction, self.types, self.unique_with,
        )  # fmt: skip
        seen: set[int] = set()
        for row in self.before.run(ctx, iter(({},))):
            node = row.get(from_var)
            if type(node) is not NodeRef:
                continue  # null from an OPTIONAL MATCH: nothing to expand
            if ctx.interrupted:
                raise_terminated()
            used = used_rel_ids(row, unique) if unique else None
            seen.update(neighbours(node.id, direction, types, used))
        yield (len(seen),)


Tail = ExpandPropertiesTail | ExpandDistinctCountTail


def fuse_tail(head: Pipeline, outputs: Sequence[ast.Expr]) -> Tail | None:
    """The fused tail for ``head`` followed by a final projection of ``outputs``, if any."""
    ops = head.ops
    if len(ops) >= 2 and type(ops[-1]) is AggregationOp and type(ops[-2]) is ExpandOp:
        return _distinct_count(ops, outputs)
    if not ops or type(ops[-1]) is not ExpandOp:
        return None
    expand = ops[-1]
    assert isinstance(expand, ExpandOp)
    if not expand.bind_to or expand.into or expand.unique_with or expand.bind_rel:
        return None
    keys = [ast.property_key_of(expr, expand.to_var) for expr in outputs]
    if not keys or any(key is None for key in keys):
        return None
    return ExpandPropertiesTail(Pipeline(ops[:-1]), expand, tuple(k for k in keys if k))


def _distinct_count(ops: Sequence[Any], outputs: Sequence[ast.Expr]) -> Tail | None:
    expand, aggregation = ops[-2], ops[-1]
    if aggregation.keys or len(aggregation.aggregates) != 1 or len(outputs) != 1:
        return None
    (spec,) = aggregation.aggregates
    if spec.make is not CountDistinct or spec.distinct_var != expand.to_var:
        return None
    (output,) = outputs
    if not (isinstance(output, ast.Variable) and output.name == spec.name):
        return None
    if expand.into or expand.bind_rel:
        return None
    return ExpandDistinctCountTail(Pipeline(ops[:-2]), expand)
