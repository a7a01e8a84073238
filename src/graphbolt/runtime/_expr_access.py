"""Compiling access expressions: ``x.key``, ``x[i]``, ``x[a..b]``, ``n:Label`` and map
projections ``n {.key, .*, k: expr, v}``; plus the property helpers graph functions share."""

from __future__ import annotations

from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import EntityNotFound
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled, Const, Row, Scope, compiles, fold, type_error
from graphbolt.values._graph import Node, NodeRef, Relationship, RelRef
from graphbolt.values._spatial import Point, point_property


def deleted_node(node_id: int) -> EntityNotFound:
    return EntityNotFound(
        "DeletedEntityAccess", f"Node with id {node_id} has been deleted in this transaction"
    )


def deleted_rel(rel_id: int) -> EntityNotFound:
    return EntityNotFound(
        "DeletedEntityAccess",
        f"Relationship with id {rel_id} has been deleted in this transaction",
    )


def node_property(node_id: int, key: str, ctx: ExecutionContext) -> Any:
    """A node's property; a miss on a node deleted by this transaction is an error."""
    tx = ctx.tx
    value = tx.node_property(node_id, key)
    if value is None and not tx.node_exists(node_id):
        raise deleted_node(node_id)
    return value


def rel_property(rel_id: int, key: str, ctx: ExecutionContext) -> Any:
    tx = ctx.tx
    value = tx.rel_property(rel_id, key)
    if value is None and not tx.rel_exists(rel_id):
        raise deleted_rel(rel_id)
    return value


def get_property(value: Any, key: str, ctx: ExecutionContext) -> Any:
    """``value.key`` for any runtime value (entity, map, temporal, point, null)."""
    kind = type(value)
    if kind is NodeRef:
        return node_property(value.id, key, ctx)
    if kind is RelRef:
        return rel_property(value.id, key, ctx)
    if kind is dict:
        return value.get(key)
    if value is None:
        return None
    return _other_property(value, key)


_TEMPORAL_CLASSES = frozenset(
    {"Date", "LocalTime", "Time", "LocalDateTime", "DateTime", "Duration"}
)


def _other_property(value: Any, key: str) -> Any:
    kind = type(value)
    if kind is Point:
        return point_property(value, key)
    if kind.__name__ in _TEMPORAL_CLASSES:
        # Imported here: temporal support is heavy and most queries never touch it.
        from graphbolt.values._temporal import temporal_property

        return temporal_property(value, key)
    if kind is Node or kind is Relationship:  # a snapshot passed back in as a parameter
        return value.properties.get(key)
    raise type_error("InvalidArgumentType", "a map, node or relationship", value)


def entity_properties(value: Any, ctx: ExecutionContext) -> dict[str, Any] | None:
    """Every property of a node, relationship or map (a fresh dict), or None for null."""
    kind = type(value)
    tx = ctx.tx
    if kind is NodeRef:
        if not tx.node_exists(value.id):
            raise deleted_node(value.id)
        return tx.node_properties(value.id)
    if kind is RelRef:
        if not tx.rel_exists(value.id):
            raise deleted_rel(value.id)
        return tx.rel_properties(value.id)
    if kind is dict:
        return dict(value)
    if value is None:
        return None
    if isinstance(value, (Node, Relationship)):
        return dict(value.properties)
    raise type_error("InvalidArgumentType", "a map, node or relationship", value)


# -- x.key --------------------------------------------------------------------------------------


@compiles(ast.Property)
def _property(expr: ast.Property, scope: Scope) -> Compiled:
    key = expr.key
    if type(expr.subject) is ast.Variable:
        return _variable_property(expr.subject.name, key)
    subject = scope.compile(expr.subject)

    def prop(row: Row, ctx: ExecutionContext) -> Any:
        return get_property(subject(row, ctx), key, ctx)

    return fold(prop, subject)


def _variable_property(name: str, key: str) -> Compiled:
    """``n.key``, the commonest shape: the node case inline, without helper calls."""

    def variable_property(row: Row, ctx: ExecutionContext) -> Any:
        value = row[name]
        if type(value) is NodeRef:
            tx = ctx.tx
            result = tx.node_property(value.id, key)
            if result is None and not tx.node_exists(value.id):
                raise deleted_node(value.id)
            return result
        return get_property(value, key, ctx)

    return variable_property


# -- x[i] ---------------------------------------------------------------------------------------


def subscript(value: Any, index: Any, ctx: ExecutionContext) -> Any:
    """``value[index]``: list element (negative counts from the end) or dynamic key."""
    kind = type(value)
    if kind is list:
        if type(index) is int:
            try:
                return value[index]
            except IndexError:
                return None
        if index is None:
            return None
        raise type_error("ListElementAccessByNonInteger", "Integer", index)
    if value is None:
        return None
    if kind is dict or kind is NodeRef or kind is RelRef:
        if type(index) is str:
            return get_property(value, index, ctx)
        if index is None:
            return None
        raise type_error("MapElementAccessByNonString", "String", index)
    raise type_error("InvalidArgumentType", "a list, map, node or relationship", value)


@compiles(ast.Subscript)
def _subscript(expr: ast.Subscript, scope: Scope) -> Compiled:
    subject = scope.compile(expr.subject)
    index = scope.compile(expr.index)
    if type(index) is Const and type(index.value) is int:
        i = index.value

        def subscript_const(row: Row, ctx: ExecutionContext) -> Any:
            value = subject(row, ctx)
            if type(value) is list:
                try:
                    return value[i]
                except IndexError:
                    return None
            return subscript(value, i, ctx)

        return fold(subscript_const, subject)

    def subscript_dynamic(row: Row, ctx: ExecutionContext) -> Any:
        return subscript(subject(row, ctx), index(row, ctx), ctx)

    return fold(subscript_dynamic, subject, index)


# -- x[a..b] ------------------------------------------------------------------------------------


@compiles(ast.Slice)
def _slice(expr: ast.Slice, scope: Scope) -> Compiled:
    subject = scope.compile(expr.subject)
    # An omitted bound is open; a bound that evaluates to null makes the result null.
    start = scope.compile(expr.start) if expr.start is not None else None
    end = scope.compile(expr.end) if expr.end is not None else None

    def slice_(row: Row, ctx: ExecutionContext) -> Any:
        value = subject(row, ctx)
        lo = start(row, ctx) if start is not None else 0
        hi = end(row, ctx) if end is not None else None
        if value is None or lo is None or (hi is None and end is not None):
            return None
        if type(value) is not list:
            raise type_error("InvalidArgumentType", "List", value)
        for bound in (lo, hi):
            if bound is not None and type(bound) is not int:
                raise type_error("InvalidArgumentType", "Integer", bound)
        return value[lo:hi]

    children = [f for f in (subject, start, end) if f is not None]
    return fold(slice_, *children)


# -- n:Label ------------------------------------------------------------------------------------


@compiles(ast.LabelCheck)
def _label_check(expr: ast.LabelCheck, scope: Scope) -> Compiled:
    subject = scope.compile(expr.subject)
    labels = tuple(expr.labels)

    def label_check(row: Row, ctx: ExecutionContext) -> Any:
        value = subject(row, ctx)
        kind = type(value)
        if kind is NodeRef:
            tx = ctx.tx
            node_id = value.id
            for label in labels:
                if not tx.node_has_label(node_id, label):
                    if not tx.node_exists(node_id):
                        raise deleted_node(node_id)
                    return False
            return True
        if kind is RelRef:  # r:T tests the relationship type
            return all(label == value.type for label in labels)
        if value is None:
            return None
        raise type_error("InvalidArgumentType", "Node", value)

    return fold(label_check, subject)


# -- n {.key, .*, key: expr, var} ---------------------------------------------------------------


@compiles(ast.MapProjection)
def _map_projection(expr: ast.MapProjection, scope: Scope) -> Compiled:
    name = expr.variable
    steps = [_projection_step(item, scope) for item in expr.items]

    def map_projection(row: Row, ctx: ExecutionContext) -> Any:
        value = row[name]
        if value is None:
            return None
        out: dict[str, Any] = {}
        for step in steps:
            step(value, row, ctx, out)
        return out

    return map_projection


def _projection_step(item: ast.MapProjectionItem, scope: Scope) -> Any:
    if isinstance(item, ast.PropertySelector):
        key = item.key

        def select(value: Any, row: Row, ctx: ExecutionContext, out: dict[str, Any]) -> None:
            out[key] = get_property(value, key, ctx)

        return select
    if isinstance(item, ast.AllPropertiesSelector):

        def select_all(value: Any, row: Row, ctx: ExecutionContext, out: dict[str, Any]) -> None:
            out.update(entity_properties(value, ctx) or {})

        return select_all
    if isinstance(item, ast.LiteralEntry):
        key = item.key
        fn = scope.compile(item.value)

        def entry(value: Any, row: Row, ctx: ExecutionContext, out: dict[str, Any]) -> None:
            out[key] = fn(row, ctx)

        return entry
    if isinstance(item, ast.VariableSelector):
        var = item.name

        def variable(value: Any, row: Row, ctx: ExecutionContext, out: dict[str, Any]) -> None:
            out[var] = row[var]

        return variable
    raise TypeError(f"unknown map projection item {type(item).__name__}")
