"""Graph functions: id, elementId, labels, type, properties, startNode, endNode, nodes,
relationships, length and exists.

Arguments are runtime references (``NodeRef``, ``RelRef``, ``PathRef``). A wrong kind of
value is a runtime ``TypeError`` with detail ``InvalidArgumentValue`` (TCK Graph3, Graph4);
semantic analysis rejects the statically known cases at compile time. Reading labels or
properties of an entity deleted by this transaction raises ``DeletedEntityAccess``; its
identity (id, type, endpoints) stays readable.
"""

from __future__ import annotations

from typing import Any

from graphbolt.errors import CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_access import deleted_node, entity_properties
from graphbolt.runtime.functions._registry import function
from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._types import type_name


def _wrong(fn: str, expected: str, value: Any) -> CypherTypeError:
    return CypherTypeError(
        "InvalidArgumentValue",
        f"Expected {expected} for `{fn}`, but got: {type_name(value)} ({value!r})",
    )


@function("id", 1)
def id_(ctx: ExecutionContext, value: Any) -> int:
    kind = type(value)
    if kind is NodeRef or kind is RelRef:
        return int(value.id)
    raise _wrong("id", "a Node or a Relationship", value)


@function("elementId", 1)
def element_id(ctx: ExecutionContext, value: Any) -> str:
    """The element id, as ``values._graph.Node.element_id`` spells it."""
    kind = type(value)
    if kind is NodeRef or kind is RelRef:
        return str(value.id)
    raise _wrong("elementId", "a Node or a Relationship", value)


@function("labels", 1)
def labels(ctx: ExecutionContext, value: Any) -> list[str]:
    if type(value) is not NodeRef:
        raise _wrong("labels", "a Node", value)
    tx = ctx.tx
    if not tx.node_exists(value.id):
        raise deleted_node(value.id)
    # Kept in the order the transaction reports them (the TCK expects creation order).
    return list(tx.node_labels(value.id))


@function("type", 1)
def type_(ctx: ExecutionContext, value: Any) -> str:
    if type(value) is RelRef:
        return value.type
    raise _wrong("type", "a Relationship", value)


@function("properties", 1)
def properties(ctx: ExecutionContext, value: Any) -> dict[str, Any] | None:
    """Every property of a node or relationship; a map is returned as it is."""
    if type(value) is dict:
        return value
    return entity_properties(value, ctx)


@function("startNode", 1)
def start_node(ctx: ExecutionContext, value: Any) -> NodeRef:
    if type(value) is RelRef:
        return NodeRef(value.start)
    raise _wrong("startNode", "a Relationship", value)


@function("endNode", 1)
def end_node(ctx: ExecutionContext, value: Any) -> NodeRef:
    if type(value) is RelRef:
        return NodeRef(value.end)
    raise _wrong("endNode", "a Relationship", value)


@function("nodes", 1)
def nodes(ctx: ExecutionContext, value: Any) -> list[NodeRef]:
    if type(value) is PathRef:
        return list(value.nodes)
    raise _wrong("nodes", "a Path", value)


@function("relationships", 1)
def relationships(ctx: ExecutionContext, value: Any) -> list[RelRef]:
    if type(value) is PathRef:
        return list(value.rels)
    raise _wrong("relationships", "a Path", value)


@function("length", 1)
def length(ctx: ExecutionContext, value: Any) -> int:
    """Number of relationships of a path (``size`` measures strings and lists)."""
    if type(value) is PathRef:
        return len(value.rels)
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a Path for `length`, but got: {type_name(value)} ({value!r})",
    )


@function("exists", 1, null_in_null_out=False)
def exists(ctx: ExecutionContext, value: Any) -> bool:
    """``exists(n.prop)``: the property is set. (``exists((a)-->(b))``, the pattern form, is
    compiled as a pattern predicate and never reaches this function.)"""
    return value is not None
