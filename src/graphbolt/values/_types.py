"""Cypher type names and the textual form of simple values.

``type_name`` names a runtime value's Cypher type for error messages; ``format_float`` and
``format_value`` render values the way Neo4j's ``toString()`` and string concatenation do
(Java's ``Double.toString`` for floats: ``1.0``, ``1.0E10``, ``NaN``, ``Infinity``).
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from graphbolt.values._graph import NodeRef, PathRef, RelRef

_SIMPLE_NAMES: dict[type, str] = {
    type(None): "NULL",
    bool: "Boolean",
    int: "Integer",
    float: "Float",
    str: "String",
    list: "List",
    tuple: "List",
    dict: "Map",
    NodeRef: "Node",
    RelRef: "Relationship",
    PathRef: "Path",
}

# Materialized graph values and temporal/spatial classes are named by their class name, which
# matches the Cypher type name (Node, Relationship, Path, Date, DateTime, Duration, Point ...).
_CLASS_NAMED = frozenset(
    {
        "Node", "Relationship", "Path", "Date", "LocalTime", "Time", "LocalDateTime",
        "DateTime", "Duration", "Point",
    }
)  # fmt: skip


# Temporal and spatial values print themselves in Cypher's form.
_TEXT_CLASSES = _CLASS_NAMED - {"Node", "Relationship", "Path"}


def type_name(value: Any) -> str:
    """The Cypher type name of ``value`` (``Integer``, ``String``, ``Node``, ``NULL`` ...)."""
    name = _SIMPLE_NAMES.get(type(value))
    if name is not None:
        return name
    cls_name = type(value).__name__
    if cls_name in _CLASS_NAMED:
        return cls_name
    if isinstance(value, dict):
        return "Map"
    if isinstance(value, (list, tuple)):
        return "List"
    return cls_name


def format_float(value: float) -> str:
    """``value`` as Java's ``Double.toString`` writes it (what Neo4j's ``toString`` returns)."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0.0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    magnitude = abs(value)
    if 1e-3 <= magnitude < 1e7:
        text = repr(value)
        # Python switches to exponent form only outside 1e-4..1e16, so here repr is positional.
        return text if "." in text else text + ".0"
    _sign, digits, exponent = Decimal(repr(magnitude)).normalize().as_tuple()
    assert isinstance(exponent, int)
    text_digits = "".join(map(str, digits))
    exp10 = len(text_digits) - 1 + exponent
    mantissa = text_digits[0] + "." + (text_digits[1:] or "0")
    return f"{'-' if value < 0 else ''}{mantissa}E{exp10}"


def format_value(value: Any) -> str | None:
    """The text of a simple value (number, boolean, string, temporal, point), or None when the
    value has no string form (lists, maps, graph entities, null)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if kind is float:
        return format_float(value)
    if kind is bool:
        return "true" if value else "false"
    if kind.__name__ in _TEXT_CLASSES:
        return str(value)
    return None
