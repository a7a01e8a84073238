"""Property codec: Cypher property values <-> msgpack bytes, and the record bodies.

Storable values: bool, int (64-bit signed), float, str, bytes, lists of storable values, and
the temporal and spatial values of ``graphbolt.values`` (msgpack ExtType, codes below). None is
never stored (setting a property to None removes it); maps, graph references and anything else
raise ``CypherTypeError("InvalidPropertyType")``.

Ext codes (the payload is a msgpack array; the adapters are the only code that knows the value
classes' constructors, so a change there touches only this module)::

    1  Point           [srid, x, y(, z)]
    2  Date            [year, month, day]
    3  LocalTime       [nano_of_day]
    4  Time            [nano_of_day, offset]
    5  LocalDateTime   [year, month, day, nano_of_day]
    6  DateTime        [year, month, day, nano_of_day, offset, zone | nil]
    7  Duration        [months, days, seconds, nanos]

(temporal adapters: ``_temporal_ext``).
"""

from __future__ import annotations

import functools
import struct
import threading
from collections.abc import Callable
from typing import Any

import msgpack

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.storage import _layout as L
from graphbolt.storage import _temporal_ext
from graphbolt.values._spatial import Point

EXT_POINT = 1

_SCALARS = frozenset({bool, int, float, str, bytes})
_MIN_INT = -(2**63)
_MAX_INT = 2**63 - 1

# type -> (ext code, encode to a msgpack-able payload); code -> decode from that payload.
_ENCODERS: dict[type, tuple[int, Callable[[Any], Any]]] = {
    Point: (EXT_POINT, lambda p: [p.srid, *p.coords]),
}
_DECODERS: dict[int, Callable[[Any], Any]] = {
    EXT_POINT: lambda a: Point(a[0], tuple(a[1:])),
}
_ENCODERS.update(_temporal_ext.ENCODERS)
_DECODERS.update(_temporal_ext.DECODERS)


def _invalid(value: Any) -> CypherTypeError:
    kind = type(value).__name__
    return CypherTypeError(
        "InvalidPropertyType",
        f"Property values can only be of primitive types or arrays thereof (got {kind})",
    )


def check_value(value: Any) -> Any:
    """Validate a property value (not None) and return the form to keep in a write set.

    Lists (and tuples) come back as a fresh list, so later mutation by the caller cannot
    reach the write set.
    """
    t = type(value)
    if t in _SCALARS:
        if t is int and not _MIN_INT <= value <= _MAX_INT:
            raise CypherArgumentError("NumberOutOfRange", f"Integer out of range: {value}")
        return value
    if t is list or t is tuple:
        return [check_value(v) if v is not None else None for v in value]
    if t in _ENCODERS:
        return value
    raise _invalid(value)


def _default(obj: Any) -> Any:
    entry = _ENCODERS.get(type(obj))
    if entry is None:
        raise _invalid(obj)
    code, encode = entry
    return msgpack.ExtType(code, msgpack.packb(encode(obj), use_bin_type=True))


def _ext_hook(code: int, data: bytes) -> Any:
    decode = _DECODERS.get(code)
    if decode is None:
        return msgpack.ExtType(code, data)
    return decode(msgpack.unpackb(data, raw=False))


pack_value: Callable[[Any], bytes] = functools.partial(
    msgpack.packb, default=_default, use_bin_type=True
)
unpack_value: Callable[[bytes], Any] = functools.partial(
    msgpack.unpackb, raw=False, strict_map_key=False, ext_hook=_ext_hook
)

EMPTY_PROPS = pack_value({})


_PACKERS = threading.local()  # a Packer is not thread-safe; reusing one is ~2x packb


def encode_props(props: dict[int, Any]) -> bytes:
    """A property map keyed by key token."""
    if not props:
        return EMPTY_PROPS
    try:
        packer = _PACKERS.packer
    except AttributeError:
        packer = _PACKERS.packer = msgpack.Packer(default=_default, use_bin_type=True)
    return packer.pack(props)  # type: ignore[no-any-return]  # resets itself on error


def decode_props(data: bytes) -> dict[int, Any]:
    return _unpackb(data, strict_map_key=False, ext_hook=_ext_hook)  # type: ignore[no-any-return]


_unpackb = msgpack.unpackb


_H = struct.Struct(">H")
# The label count and tokens heading a node record, by count (a node has few labels).
_LABEL_HEADS = [struct.Struct(f">H{n}I") for n in range(8)]
_REL_BODY = struct.Struct(">IQQ")


def node_body(label_toks: list[int], props: dict[int, Any] | bytes) -> bytes:
    """A node record without its leading cid (the committer prefixes it).

    ``props`` may be already-encoded bytes (a record whose properties were never decoded).
    """
    n = len(label_toks)
    data = props if type(props) is bytes else encode_props(props)  # type: ignore[arg-type]
    head = _LABEL_HEADS[n] if n < len(_LABEL_HEADS) else struct.Struct(f">H{n}I")
    return head.pack(n, *label_toks) + data


def decode_node(raw: bytes) -> tuple[tuple[int, ...], bytes]:
    """``(label tokens, undecoded props)`` of a stored node record."""
    n = _H.unpack_from(raw, 8)[0]
    toks = struct.unpack_from(f">{n}I", raw, 10) if n else ()
    return toks, raw[10 + 4 * n :]


def rel_body(type_tok: int, start: int, end: int, props: dict[int, Any] | bytes) -> bytes:
    """A relationship record without its leading cid; ``props`` as in ``node_body``."""
    data = props if type(props) is bytes else encode_props(props)  # type: ignore[arg-type]
    return _REL_BODY.pack(type_tok, start, end) + data


def decode_rel(raw: bytes) -> tuple[int, int, int, bytes]:
    """``(type token, start, end, undecoded props)`` of a stored relationship record."""
    _, tok, start, end = L.REL_HEAD.unpack_from(raw)
    return tok, start, end, raw[L.REL_HEAD.size :]


def record_cid(raw: bytes) -> int:
    return L.CID.unpack_from(raw)[0]
