"""Cypher value semantics: equality, comparison, orderability and equivalence.

Four notions, four functions:

- ``equals(a, b)``: the ``=`` operator. Ternary: None (null) when the answer is unknown.
- ``compare(a, b)``: ``<``, ``<=``, ``>``, ``>=``. Negative, zero or positive when the values
  are comparable; ``NaN`` when one of two numbers is NaN (every comparison with NaN is false,
  and ``NaN < 0``, ``NaN >= 0`` ... are all False, so callers need no special case); None
  (null) when the values are not comparable (different types, nulls, maps, nodes, durations).
- ``order_key(v)``: a sort key giving Cypher's total order across all values (ORDER BY,
  ``min``, ``max``)::

      Map < Node < Relationship < List < Path < Point < DateTime < LocalDateTime < Date
          < Time < LocalTime < Duration < String < Boolean < Number < NaN < null

  (Neo4j's value groups: points sort between paths and temporal values.)

- ``group_key(v)``: a hashable key for DISTINCT and grouping: equal keys iff the values are
  equivalent (null ~ null, NaN ~ NaN, 1 ~ 1.0, never true ~ 1, lists and maps recursively).

Python's ``True == 1 == 1.0`` is the trap everywhere here: every dispatch is on ``type(v)``
(never ``isinstance``, bool being an int subclass). Temporal classes are recognised by class
name so this module does not import ``values._temporal``; they provide ``_cmp_key()`` (for
``<`` within one class; Duration has none) and ``_order_key()`` (ORDER BY).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._spatial import Point

NAN = float("nan")
_NUMERIC = frozenset({int, float})
_LISTS = frozenset({list, tuple})
_PLAIN_EQ = frozenset({int, float, str, bool})

# Rank of each type in the cross-type order (ascending).
_RANK_MAP = 0
_RANK_NODE = 1
_RANK_REL = 2
_RANK_LIST = 3
_RANK_PATH = 4
_RANK_POINT = 5
_TEMPORAL_RANKS = {
    "DateTime": 6,
    "LocalDateTime": 7,
    "Date": 8,
    "Time": 9,
    "LocalTime": 10,
    "Duration": 11,
}
_RANK_STRING = 12
_RANK_BOOL = 13
_RANK_NUMBER = 14
_RANK_NULL = 15

# ---------------------------------------------------------------------------------------------
# equality
# ---------------------------------------------------------------------------------------------


def equals(a: Any, b: Any) -> bool | None:
    """Cypher ``a = b``: True, False, or None when null makes the answer unknown."""
    ta = type(a)
    tb = type(b)
    if ta is tb:
        if ta in _PLAIN_EQ:
            return a == b  # type: ignore[no-any-return]
        if a is None:
            return None
        if ta is list or ta is tuple:
            return _list_equals(a, b)
        if ta is dict:
            return _map_equals(a, b)
        return a == b  # type: ignore[no-any-return]
    if a is None or b is None:
        return None
    if ta in _NUMERIC and tb in _NUMERIC:
        return a == b  # type: ignore[no-any-return]
    if ta in _LISTS and tb in _LISTS:
        return _list_equals(a, b)
    return False


def _list_equals(a: Any, b: Any) -> bool | None:
    if len(a) != len(b):
        return False
    result: bool | None = True
    for x, y in zip(a, b):
        r = equals(x, y)
        if r is False:
            return False
        if r is None:
            result = None
    return result


def _map_equals(a: dict[str, Any], b: dict[str, Any]) -> bool | None:
    if a.keys() != b.keys():
        return False
    result: bool | None = True
    for key, x in a.items():
        r = equals(x, b[key])
        if r is False:
            return False
        if r is None:
            result = None
    return result


def not_equals(a: Any, b: Any) -> bool | None:
    """Cypher ``a <> b``."""
    r = equals(a, b)
    return None if r is None else not r


def in_list(value: Any, items: Any) -> bool | None:
    """Cypher ``value IN items`` (items a list): True if some element equals ``value``,
    otherwise None if some comparison was unknown, otherwise False."""
    if items is None:
        return None
    result: bool | None = False
    for item in items:
        r = equals(value, item)
        if r:
            return True
        if r is None:
            result = None
    return result


# ---------------------------------------------------------------------------------------------
# comparison
# ---------------------------------------------------------------------------------------------


def compare(a: Any, b: Any) -> int | float | None:
    """Compare for ``< <= > >=``: sign of the result, NaN for NaN operands, None when the
    values are not comparable (see the module docstring)."""
    ta = type(a)
    tb = type(b)
    if ta is tb:
        if ta is int or ta is str or ta is bool:
            return (a > b) - (a < b)  # type: ignore[no-any-return]
        if ta is float:
            if a != a or b != b:
                return NAN
            return (a > b) - (a < b)  # type: ignore[no-any-return]
        if ta is list or ta is tuple:
            return _list_compare(a, b)
        if ta.__name__ in _TEMPORAL_RANKS and ta.__name__ != "Duration":
            ka = a._cmp_key()
            kb = b._cmp_key()
            return (ka > kb) - (ka < kb)  # type: ignore[no-any-return]
        return None
    if ta in _NUMERIC and tb in _NUMERIC:
        if a != a or b != b:
            return NAN
        return (a > b) - (a < b)  # type: ignore[no-any-return]
    if ta in _LISTS and tb in _LISTS:
        return _list_compare(a, b)
    return None


def _list_compare(a: Any, b: Any) -> int | float | None:
    for x, y in zip(a, b):
        c = compare(x, y)
        if c is None:
            return None
        if c != 0:
            return c
    return (len(a) > len(b)) - (len(a) < len(b))


def less_than(a: Any, b: Any) -> bool | None:
    """Cypher ``a < b``."""
    c = compare(a, b)
    return None if c is None else c < 0


def less_equal(a: Any, b: Any) -> bool | None:
    """Cypher ``a <= b``."""
    c = compare(a, b)
    return None if c is None else c <= 0


def greater_than(a: Any, b: Any) -> bool | None:
    """Cypher ``a > b``."""
    c = compare(a, b)
    return None if c is None else c > 0


def greater_equal(a: Any, b: Any) -> bool | None:
    """Cypher ``a >= b``."""
    c = compare(a, b)
    return None if c is None else c >= 0


# ---------------------------------------------------------------------------------------------
# orderability (ORDER BY, min, max)
# ---------------------------------------------------------------------------------------------

_NULL_KEY = (_RANK_NULL,)
_NAN_KEY = (_RANK_NUMBER, 1)


def order_key(value: Any) -> tuple[Any, ...]:
    """A sort key placing ``value`` in Cypher's total order (ascending); see module doc."""
    kind = type(value)
    if kind is int:
        return (_RANK_NUMBER, 0, value)
    if kind is str:
        return (_RANK_STRING, value)
    make = _ORDER.get(kind)
    if make is None:
        make = _order_function_for(kind)
    return make(value)


def _order_float(value: float) -> tuple[Any, ...]:
    return _NAN_KEY if value != value else (_RANK_NUMBER, 0, value)


def _order_list(value: Any) -> tuple[Any, ...]:
    return (_RANK_LIST, tuple(map(order_key, value)))


def _order_map(value: dict[str, Any]) -> tuple[Any, ...]:
    keys = sorted(value)
    return (_RANK_MAP, len(keys), tuple(keys), tuple(order_key(value[k]) for k in keys))


def _order_path(value: PathRef) -> tuple[Any, ...]:
    ids: list[int] = [value.nodes[0].id] if value.nodes else []
    for rel, node in zip(value.rels, value.nodes[1:]):
        ids.append(rel.id)
        ids.append(node.id)
    return (_RANK_PATH, tuple(ids))


_ORDER: dict[type, Callable[[Any], tuple[Any, ...]]] = {
    type(None): lambda v: _NULL_KEY,
    float: _order_float,
    bool: lambda v: (_RANK_BOOL, v),
    list: _order_list,
    tuple: _order_list,
    dict: _order_map,
    NodeRef: lambda v: (_RANK_NODE, v.id),
    RelRef: lambda v: (_RANK_REL, v.id),
    PathRef: _order_path,
    Point: lambda v: (_RANK_POINT, v.srid, v.coords),
}


def _order_function_for(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    """Temporal classes are recognised by name the first time they are seen, then cached."""
    rank = _TEMPORAL_RANKS.get(kind.__name__)
    if rank is None:
        raise TypeError(f"not a Cypher value: {kind.__name__}")

    def make(value: Any) -> tuple[Any, ...]:
        return (rank, value._order_key())

    _ORDER[kind] = make
    return make


# ---------------------------------------------------------------------------------------------
# equivalence (DISTINCT, grouping keys, count(DISTINCT ...))
# ---------------------------------------------------------------------------------------------


class _Tag:
    """A unique marker used inside group keys; equal only to itself."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_TRUE = _Tag("true")
_FALSE = _Tag("false")
_NAN = _Tag("NaN")
_MAP = _Tag("map")


def group_key(value: Any) -> Any:
    """A hashable key: ``group_key(a) == group_key(b)`` iff ``a`` and ``b`` are equivalent."""
    kind = type(value)
    if kind is int or kind is str or value is None:
        return value
    if kind is float:
        return _NAN if value != value else value
    if kind is bool:
        return _TRUE if value else _FALSE
    if kind is list or kind is tuple:
        return tuple(map(group_key, value))
    if kind is dict:
        return (_MAP, frozenset((k, group_key(v)) for k, v in value.items()))
    # Graph references, temporal values and points hash and compare by Cypher equivalence.
    return value


def row_key(values: Any) -> tuple[Any, ...]:
    """The group key of several values at once (a DISTINCT row, a grouping key)."""
    return tuple(map(group_key, values))
