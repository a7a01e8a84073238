"""Write helpers shared by the updating operators: property checks, SET/REMOVE items, and
entity creation, each counting its effect in ``ctx.stats`` the way Neo4j does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import CypherSemanticError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Row
from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._types import type_name

Action = Callable[[Row, ExecutionContext], None]
Compile = Callable[[ast.Expr], Compiled]

_SIMPLE = (bool, int, float, str)
_NO_PROPERTIES: dict[str, Any] = {}  # shared: property maps to create are only read
_STORABLE_CLASSES = frozenset(
    {"Date", "LocalTime", "Time", "LocalDateTime", "DateTime", "Duration", "Point"}
)


def _storable_scalar(value: Any) -> bool:
    return isinstance(value, _SIMPLE) or type(value).__name__ in _STORABLE_CLASSES


def check_property(key: str, value: Any) -> None:
    """Raise TypeError(InvalidPropertyType) unless ``value`` can be stored as a property:
    a simple value, or a homogeneous list of them (numbers may mix)."""
    if value is None or _storable_scalar(value):
        return
    if isinstance(value, (list, tuple)):
        kinds = set()
        for item in value:
            if item is None or not _storable_scalar(item):
                break
            kinds.add("number" if type(item) in (int, float) else type(item).__name__)
        else:
            if len(kinds) <= 1:
                return
    raise CypherTypeError(
        "InvalidPropertyType",
        f"Property values can only be of primitive types or arrays thereof; "
        f"cannot store {type_name(value)} under {key!r}",
    )


def set_property(ctx: ExecutionContext, entity: Any, key: str, value: Any) -> None:
    """``entity.key = value`` (null removes); a null entity is ignored."""
    if entity is None:
        return
    check_property(key, value)
    tx = ctx.tx
    if type(entity) is NodeRef:
        existed = value is None and tx.node_property(entity.id, key) is not None
        tx.set_node_property(entity.id, key, value)
    elif type(entity) is RelRef:
        existed = value is None and tx.rel_property(entity.id, key) is not None
        tx.set_rel_property(entity.id, key, value)
    else:
        raise CypherTypeError(
            "InvalidArgumentType",
            f"Expected a node or a relationship to set a property on, got {type_name(entity)}",
        )
    if value is not None or existed:
        ctx.stats.properties_set += 1


def properties_of(ctx: ExecutionContext, entity: Any) -> dict[str, Any]:
    if type(entity) is NodeRef:
        return ctx.tx.node_properties(entity.id)
    if type(entity) is RelRef:
        return ctx.tx.rel_properties(entity.id)
    raise CypherTypeError("InvalidArgumentType", f"Expected a map, got {type_name(entity)}")


def set_all(ctx: ExecutionContext, entity: Any, value: Any, merge: bool) -> None:
    """``n = map`` (replace every property) or ``n += map`` (merge; null values remove)."""
    if entity is None:
        return
    if value is None:
        value = {}
    elif type(value) in (NodeRef, RelRef):
        value = properties_of(ctx, value)
    elif not isinstance(value, dict):
        raise CypherTypeError(
            "InvalidArgumentType", f"Expected a map to set properties from, got {type_name(value)}"
        )
    if not merge:
        for key in properties_of(ctx, entity):
            if key not in value:
                set_property(ctx, entity, key, None)
    for key, item in value.items():
        set_property(ctx, entity, key, item)


def add_labels(ctx: ExecutionContext, node: Any, labels: tuple[str, ...]) -> None:
    if node is None:
        return
    if type(node) is not NodeRef:
        raise CypherTypeError("InvalidArgumentType", f"Expected a node, got {type_name(node)}")
    for label in labels:
        if ctx.tx.add_label(node.id, label):
            ctx.stats.labels_added += 1


def remove_labels(ctx: ExecutionContext, node: Any, labels: tuple[str, ...]) -> None:
    if node is None:
        return
    if type(node) is not NodeRef:
        raise CypherTypeError("InvalidArgumentType", f"Expected a node, got {type_name(node)}")
    for label in labels:
        if ctx.tx.remove_label(node.id, label):
            ctx.stats.labels_removed += 1


def _key_of(value: Any) -> str:
    if type(value) is not str:
        raise CypherTypeError(
            "InvalidArgumentType", f"Property keys must be strings, got {type_name(value)}"
        )
    return value


def compile_set_item(item: ast.SetItem | ast.RemoveItem, compile: Compile) -> Action:
    """One SET or REMOVE item as an action on a row."""
    if isinstance(item, ast.SetProperty):
        subject, key, value = compile(item.target.subject), item.target.key, compile(item.value)
        return lambda row, ctx: set_property(ctx, subject(row, ctx), key, value(row, ctx))
    if isinstance(item, ast.SetDynamicProperty):
        subject, index = compile(item.target.subject), compile(item.target.index)
        value = compile(item.value)
        return lambda row, ctx: set_property(
            ctx, subject(row, ctx), _key_of(index(row, ctx)), value(row, ctx)
        )
    if isinstance(item, ast.SetProperties):
        var, value, merge = item.variable, compile(item.value), item.merge
        return lambda row, ctx: set_all(ctx, row[var], value(row, ctx), merge)
    if isinstance(item, ast.SetLabels):
        var, labels = item.variable, tuple(item.labels)
        return lambda row, ctx: add_labels(ctx, row[var], labels)
    if isinstance(item, ast.RemoveProperty):
        subject, key = compile(item.target.subject), item.target.key
        return lambda row, ctx: set_property(ctx, subject(row, ctx), key, None)
    if isinstance(item, ast.RemoveLabels):
        var, labels = item.variable, tuple(item.labels)
        return lambda row, ctx: remove_labels(ctx, row[var], labels)
    raise TypeError(f"unknown SET/REMOVE item {type(item).__name__}")


def evaluate_properties(
    fn: Compiled | None, row: Row, ctx: ExecutionContext, merge: bool = False
) -> dict[str, Any]:
    """The property map of a node/relationship to create: nulls dropped (MERGE rejects them:
    the created entity could never match its own pattern), values checked.

    The result is only read (the transaction encodes its own copy), so a map without nulls
    is returned as it is rather than copied for every created entity.
    """
    if fn is None:
        return _NO_PROPERTIES
    value = fn(row, ctx)
    if value is None:
        return _NO_PROPERTIES
    if type(value) in (NodeRef, RelRef):
        value = properties_of(ctx, value)
    if not isinstance(value, dict):
        raise CypherTypeError(
            "InvalidArgumentType", f"Expected a map of properties, got {type_name(value)}"
        )
    nulls = False
    for key, item in value.items():
        kind = type(item)
        if kind is int or kind is str or kind is float or kind is bool:  # storable as is
            continue
        if item is not None:
            check_property(key, item)
        elif merge:
            raise CypherSemanticError(
                "MergeNullProperty",
                f"Cannot merge the following entity because of null property value for {key!r}",
            )
        else:
            nulls = True
    return {k: v for k, v in value.items() if v is not None} if nulls else value


def endpoint(row: Row, var: str) -> int:
    node = row.get(var)
    if type(node) is not NodeRef:
        raise CypherSemanticError(
            "InvalidArgumentType",
            "Failed to create relationship: its "
            + ("start or end node is missing (null)" if node is None else "endpoint is not a node"),
        )
    return node.id


def path_entities(value: Any, nodes: list[NodeRef], rels: list[RelRef]) -> None:
    """Collect what ``DELETE value`` deletes (a node, a relationship, a path, or a list)."""
    if value is None:
        return
    kind = type(value)
    if kind is NodeRef:
        nodes.append(value)
    elif kind is RelRef:
        rels.append(value)
    elif kind is PathRef:
        nodes.extend(value.nodes)
        rels.extend(value.rels)
    elif isinstance(value, (list, tuple)):
        for item in value:
            path_entities(item, nodes, rels)
    else:
        raise CypherTypeError(
            "InvalidArgumentType",
            f"DELETE expects a node, relationship or path, got {type_name(value)}",
        )
