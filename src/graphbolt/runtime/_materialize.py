"""Materialization: runtime references become public snapshots when a row leaves the engine.

``NodeRef`` -> ``Node``, ``RelRef`` -> ``Relationship``, ``PathRef`` -> ``Path``, inside lists
and maps too. Scalars pass through untouched (the common case costs one type test). An entity
deleted by this transaction materializes with its identity and no labels or properties (what
Neo4j returns for it); reading its properties in an expression is an error instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graphbolt.values._graph import Node, NodeRef, Path, PathRef, Relationship, RelRef

if TYPE_CHECKING:
    from graphbolt.tx._access import GraphAccess

# Values that never contain references; returned as they are.
_SCALARS = frozenset({type(None), bool, int, float, str, bytes})

Memo = dict[Any, Any]


def materialize(value: Any, tx: GraphAccess, memo: Memo | None = None) -> Any:
    """``value`` with every graph reference replaced by its snapshot.

    ``memo`` (optional) shares snapshots between the values of one row, so a node that
    appears in a path and in its own column is read once.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if memo is None:
        memo = {}
    if kind is NodeRef:
        return _node(value, tx, memo)
    if kind is RelRef:
        return _rel(value, tx, memo)
    if kind is PathRef:
        return Path(
            tuple(_node(n, tx, memo) for n in value.nodes),
            tuple(_rel(r, tx, memo) for r in value.rels),
        )
    if kind is list or kind is tuple:
        return [materialize(v, tx, memo) for v in value]
    if kind is dict:
        return {k: materialize(v, tx, memo) for k, v in value.items()}
    return value  # temporal and spatial values are already public


def materialize_row(row: Sequence[Any], tx: GraphAccess) -> tuple[Any, ...]:
    """A result row (the values of the columns, in order) as a tuple of public values."""
    for value in row:
        if type(value) not in _SCALARS:
            break
    else:
        return row if type(row) is tuple else tuple(row)
    memo: Memo = {}
    return tuple(materialize(value, tx, memo) for value in row)


def _node(ref: NodeRef, tx: GraphAccess, memo: Memo) -> Node:
    node = memo.get(ref)
    if node is None:
        if tx.node_exists(ref.id):
            node = Node(ref.id, frozenset(tx.node_labels(ref.id)), tx.node_properties(ref.id))
        else:
            node = Node(ref.id, frozenset(), {})
        memo[ref] = node
    return node  # type: ignore[no-any-return]


def _rel(ref: RelRef, tx: GraphAccess, memo: Memo) -> Relationship:
    rel = memo.get(ref)
    if rel is None:
        props = tx.rel_properties(ref.id) if tx.rel_exists(ref.id) else {}
        rel = Relationship(ref.id, ref.type, ref.start, ref.end, props)
        memo[ref] = rel
    return rel  # type: ignore[no-any-return]
