"""Order-preserving, prefix-free encoding of property values for the property index.

``value_key(v)`` is a type tag byte followed by a payload; within a tag, bytewise order of keys
equals Cypher's order of the values, so a range predicate over numbers or strings is one
contiguous key range:

- booleans ``0x10`` + ``00``/``01``;
- numbers ``0x20`` + order-preserving float64 of ``float(v)`` + a 2-byte tie-break
  ``v - int(float(v))`` (offset by 0x8000). Integers and floats share one number line, so
  ``1`` and ``1.0`` get the same key (Cypher ``1 = 1.0``); 64-bit integers that round to the
  same float are told apart (and ordered) by the tie-break, at most +-1024;
- strings ``0x30`` + UTF-8 (code point order) with ``00`` escaped as ``00 ff``, ended by
  ``00 00``: order-preserving and prefix-free, and a ``STARTS WITH`` prefix is a key prefix;
- anything else (lists, temporal values, points) ``0x70`` + msgpack of the value normalised
  for ``=`` (equality lookups only).

null and NaN get no key: they equal nothing.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from typing import Any

from graphbolt.storage._codec import pack_value

TAG_BOOL = 0x10
TAG_NUMBER = 0x20
TAG_STRING = 0x30
TAG_OTHER = 0x70

_DOUBLE = struct.Struct(">d")
_BITS = struct.Struct(">Q")
_NUMBER = struct.Struct(">BQH")
_SIGN = 1 << 63
_ALL = (1 << 64) - 1
_MIN_INT, _MAX_INT = -(2**63), 2**63
_STRING_END = b"\x00\x00"


def _float_bits(f: float) -> int:
    bits: int = _BITS.unpack(_DOUBLE.pack(f))[0]
    return bits ^ _ALL if bits & _SIGN else bits | _SIGN


def number_key(v: int | float) -> bytes:
    """The key of a number (NaN excluded by the caller)."""
    if type(v) is float:
        if not (v.is_integer() and _MIN_INT <= v < _MAX_INT):
            return _NUMBER.pack(TAG_NUMBER, _float_bits(v), 0x8000)
        v = int(v)
    f = float(v)
    return _NUMBER.pack(TAG_NUMBER, _float_bits(f), 0x8000 + v - int(f))


def string_key(s: str) -> bytes:
    body = s.encode("utf-8", "surrogatepass")
    if b"\x00" in body:
        body = body.replace(b"\x00", b"\x00\xff")
    return bytes((TAG_STRING,)) + body + _STRING_END


def _normalise(value: Any) -> Any:
    t = type(value)
    if t is float:
        if math.isnan(value):
            raise ValueError("NaN is not indexable")
        if value.is_integer() and _MIN_INT <= value < _MAX_INT:
            return int(value)
        return value
    if t is list or t is tuple:
        return [_normalise(v) for v in value]
    return value


def value_key(value: Any) -> bytes | None:
    """The index key of a property value, or None when it cannot equal anything."""
    t = type(value)
    if t is int:
        return number_key(value)
    if t is str:
        return string_key(value)
    if t is float:
        return None if math.isnan(value) else number_key(value)
    if t is bool:
        return b"\x10\x01" if value else b"\x10\x00"
    if value is None:
        return None
    try:
        return bytes((TAG_OTHER,)) + pack_value(_normalise(value))
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class KeyRange:
    """Value keys ``k`` with ``low (<|<=) k (<|<=) high`` (bytewise)."""

    low: bytes
    low_inclusive: bool
    high: bytes
    high_inclusive: bool

    def contains(self, key: bytes) -> bool:
        if key < self.low or (key == self.low and not self.low_inclusive):
            return False
        return key < self.high or (key == self.high and self.high_inclusive)


EMPTY = KeyRange(b"\x00", False, b"\x00", False)


def _bound_key(value: Any) -> tuple[int, bytes] | None:
    """(tag, key) of a range bound: numbers and strings only."""
    t = type(value)
    if t is int or (t is float and not math.isnan(value)):
        return TAG_NUMBER, number_key(value)
    if t is str:
        return TAG_STRING, string_key(value)
    return None


def range_of(
    lower: Any, lower_inclusive: bool, upper: Any, upper_inclusive: bool
) -> KeyRange | None:
    """The key range of Cypher's ``lower < v < upper`` (a bound None: unbounded on that side;
    not both None), EMPTY when nothing can match, or None when the bounds are not numbers or
    strings (the caller scans). Cypher's ``<`` is false across types, so the range stays
    inside the bounds' type."""
    for bound in (lower, upper):
        if type(bound) is float and math.isnan(bound):
            return EMPTY  # every comparison with NaN is false
    low = _bound_key(lower) if lower is not None else None
    high = _bound_key(upper) if upper is not None else None
    if (lower is not None and low is None) or (upper is not None and high is None):
        return None
    if low is None and high is None:
        return None
    if low is not None and high is not None and low[0] != high[0]:
        return EMPTY
    tag = (low or high)[0]  # type: ignore[index]
    low_key, low_incl = (low[1], lower_inclusive) if low else (bytes((tag,)), True)
    high_key, high_incl = (high[1], upper_inclusive) if high else (bytes((tag + 1,)), False)
    return KeyRange(low_key, low_incl, high_key, high_incl)


def prefix_range(prefix: Any) -> KeyRange | None:
    """The key range of strings starting with ``prefix`` (None: not a string; scan)."""
    if type(prefix) is not str:
        return None
    start = string_key(prefix)[: -len(_STRING_END)]
    # 0xff never follows a complete character in a string key (it only follows an escaping
    # 00), so every extension of ``start`` sorts below ``start + ff`` and nothing else does.
    return KeyRange(start, True, start + b"\xff", False)
