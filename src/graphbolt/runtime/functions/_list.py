"""List and map functions: range, head, last, tail, size, isEmpty, keys, coalesce and the
list conversions toBooleanList, toIntegerList, toFloatList, toStringList."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_access import deleted_node, deleted_rel
from graphbolt.runtime.functions._conversion import (
    to_boolean_or_null,
    to_float_or_null,
    to_integer_or_null,
    to_string_or_null,
)
from graphbolt.runtime.functions._registry import function
from graphbolt.values._graph import NodeRef, RelRef
from graphbolt.values._types import type_name


def _expect_list(fn: str, value: Any) -> list[Any]:
    if type(value) is list:
        return value  # type: ignore[no-any-return]
    raise CypherTypeError(
        "InvalidArgumentType", f"Expected a List for `{fn}`, but got: {type_name(value)}"
    )


def _range_int(value: Any, what: str) -> int:
    if type(value) is int:
        return value
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected an Integer {what} for `range`, but got: {type_name(value)} ({value!r})",
    )


@function("range", 2, 3)
def range_(ctx: ExecutionContext, start: Any, end: Any, step: Any = 1) -> list[int]:
    """``range(start, end[, step])``: inclusive of ``end``; a zero step is NumberOutOfRange."""
    first = _range_int(start, "start")
    last = _range_int(end, "end")
    stride = _range_int(step, "step")
    if stride == 0:
        raise CypherArgumentError("NumberOutOfRange", "Step argument to range() can't be 0")
    return list(range(first, last + (1 if stride > 0 else -1), stride))


@function("head", 1)
def head(ctx: ExecutionContext, value: Any) -> Any:
    items = _expect_list("head", value)
    return items[0] if items else None


@function("last", 1)
def last(ctx: ExecutionContext, value: Any) -> Any:
    items = _expect_list("last", value)
    return items[-1] if items else None


@function("tail", 1)
def tail(ctx: ExecutionContext, value: Any) -> list[Any]:
    return _expect_list("tail", value)[1:]


@function("size", 1)
def size(ctx: ExecutionContext, value: Any) -> int:
    """Number of elements of a list, or of code points of a string."""
    kind = type(value)
    if kind is list or kind is str:
        return len(value)
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a String or a List for `size`, but got: {type_name(value)}",
    )


@function("isEmpty", 1)
def is_empty(ctx: ExecutionContext, value: Any) -> bool:
    kind = type(value)
    if kind is list or kind is str or kind is dict:
        return len(value) == 0
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a String, List or Map for `isEmpty`, but got: {type_name(value)}",
    )


@function("keys", 1)
def keys(ctx: ExecutionContext, value: Any) -> list[str]:
    """Keys of a map (null-valued entries included) or property keys of a node/relationship."""
    kind = type(value)
    if kind is dict:
        return list(value)
    if kind is NodeRef:
        if not ctx.tx.node_exists(value.id):
            raise deleted_node(value.id)
        return list(ctx.tx.node_properties(value.id))
    if kind is RelRef:
        if not ctx.tx.rel_exists(value.id):
            raise deleted_rel(value.id)
        return list(ctx.tx.rel_properties(value.id))
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a Map, Node or Relationship for `keys`, but got: {type_name(value)}",
    )


@function("coalesce", 1, 1_000_000, null_in_null_out=False)
def coalesce(ctx: ExecutionContext, *values: Any) -> Any:
    """The first non-null argument, or null."""
    for value in values:
        if value is not None:
            return value
    return None


def _register_list_conversion(name: str, convert: Callable[[Any], Any]) -> None:
    """``name(list)``: ``convert`` (a ``to*OrNull``) applied to every element."""

    def convert_list(ctx: ExecutionContext, value: Any) -> list[Any]:
        return [convert(x) for x in _expect_list(name, value)]

    convert_list.__name__ = name
    function(name, 1)(convert_list)


_register_list_conversion("toBooleanList", to_boolean_or_null)
_register_list_conversion("toIntegerList", to_integer_or_null)
_register_list_conversion("toFloatList", to_float_or_null)
_register_list_conversion("toStringList", to_string_or_null)
