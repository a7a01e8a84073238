"""PackStream v1: the binary value format inside Bolt messages; ``Structure`` and encoding.

Encoding always picks the smallest form; decoding accepts every width. Values that are not
PackStream's own (Node, Date, Point ...) go through *dehydrators* (``type -> Structure``) on
the way out and *hydrators* (``tag -> callable(fields)``) on the way in; ``_structs`` builds
those tables per protocol version.

Decoding lives in ``_unpack`` (``Unpacker``). ``Packer.records`` is the server's hot path:
common scalars are encoded inline.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from graphbolt.bolt._chunking import chunk_into
from graphbolt.bolt._errors import PackStreamError

MAX_SIZE = 0x7FFF_FFFF  # sizes above 2**31-1 are forbidden even though u32 could hold them
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_PACK_F64 = struct.Struct(">d").pack
_PACK_BH = struct.Struct(">BH").pack
_PACK_BI = struct.Struct(">BI").pack
_PACK_Bh = struct.Struct(">Bh").pack
_PACK_Bi = struct.Struct(">Bi").pack
_PACK_Bq = struct.Struct(">Bq").pack
_PACK_BF64 = struct.Struct(">Bd").pack
# Chunk size (patched once the record is encoded), RECORD structure header, tiny list header.
_RECORD_HEADS = [b"\x00\x00\xb1\x71" + bytes([0x90 + n]) for n in range(16)]

Hydrator = Callable[[list[Any]], Any]
Dehydrator = Callable[[Any], "Structure"]


class Structure:
    """A PackStream structure: a tag byte and its fields (an unhydrated value or a message)."""

    __slots__ = ("fields", "tag")

    def __init__(self, tag: int, fields: list[Any]) -> None:
        self.tag = tag
        self.fields = fields

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Structure
            and other.tag == self.tag
            and list(other.fields) == list(self.fields)
        )

    def __hash__(self) -> int:
        return hash((self.tag, len(self.fields)))

    def __repr__(self) -> str:
        return f"Structure(0x{self.tag:02X}, {self.fields!r})"


# -- encoding ---------------------------------------------------------------------------------
def _header(out: bytearray, size: int, tiny: int, m8: int, what: str) -> None:
    """Write the marker (and size bytes) of a string/list/map of ``size`` items."""
    if size < 16:
        out.append(tiny + size)
    elif size < 0x100:
        out.append(m8)
        out.append(size)
    elif size < 0x10000:
        out += _PACK_BH(m8 + 1, size)
    elif size <= MAX_SIZE:
        out += _PACK_BI(m8 + 2, size)
    else:
        raise PackStreamError(f"{what} too large for PackStream: {size} items")


def _int(out: bytearray, value: int) -> None:
    if -16 <= value < 128:
        out.append(value & 0xFF)
    elif -128 <= value < 128:
        out.append(0xC8)
        out.append(value & 0xFF)
    elif -32768 <= value < 32768:
        out += _PACK_Bh(0xC9, value)
    elif -2147483648 <= value < 2147483648:
        out += _PACK_Bi(0xCA, value)
    elif INT64_MIN <= value <= INT64_MAX:
        out += _PACK_Bq(0xCB, value)
    else:
        raise PackStreamError(f"Integer out of PackStream's 64-bit range: {value}")


def _str(out: bytearray, value: str) -> None:
    data = value.encode("utf-8")
    size = len(data)
    if size < 16:
        out.append(0x80 + size)
    else:
        _header(out, size, 0x80, 0xD0, "String")
    out += data


def _bytes(out: bytearray, value: bytes | bytearray | memoryview) -> None:
    size = len(value)
    if size < 0x100:
        out.append(0xCC)
        out.append(size)
    elif size < 0x10000:
        out += _PACK_BH(0xCD, size)
    elif size <= MAX_SIZE:
        out += _PACK_BI(0xCE, size)
    else:
        raise PackStreamError(f"Byte array too large for PackStream: {size} bytes")
    out += value


class Packer:
    """Encodes Python values into PackStream, appending to a ``bytearray``.

    ``dehydrators`` maps a type (exact class) to a function returning a ``Structure``.
    """

    __slots__ = ("_dehydrators",)

    def __init__(self, dehydrators: Mapping[type, Dehydrator] | None = None) -> None:
        self._dehydrators = dict(dehydrators or {})

    def pack(self, value: Any, out: bytearray) -> None:
        """Append the encoding of ``value`` to ``out``."""
        t = type(value)
        if t is str:
            _str(out, value)
        elif t is int:
            _int(out, value)
        elif value is None:
            out.append(0xC0)
        elif t is bool:
            out.append(0xC3 if value else 0xC2)
        elif t is float:
            out.append(0xC1)
            out += _PACK_F64(value)
        elif t is dict:
            self._map(out, value)
        elif t is list or t is tuple:
            _header(out, len(value), 0x90, 0xD4, "List")
            pack = self.pack
            for item in value:
                pack(item, out)
        elif t is Structure:
            self.structure(out, value.tag, value.fields)
        else:
            self._other(out, value, t)

    def _map(self, out: bytearray, value: Mapping[Any, Any]) -> None:
        _header(out, len(value), 0xA0, 0xD8, "Map")
        pack = self.pack
        for key, item in value.items():
            if type(key) is not str:
                if not isinstance(key, str):
                    raise PackStreamError(f"Map keys must be strings, not {type(key).__name__}")
                key = str(key)
            _str(out, key)
            pack(item, out)

    def structure(self, out: bytearray, tag: int, fields: list[Any] | tuple[Any, ...]) -> None:
        """Append a structure (a message or a dehydrated value)."""
        size = len(fields)
        if size > 15:
            raise PackStreamError(f"Structure with {size} fields (at most 15)")
        if not 0 <= tag <= 0x7F:
            raise PackStreamError(f"Structure tag out of range: {tag}")
        out.append(0xB0 + size)
        out.append(tag)
        pack = self.pack
        for item in fields:
            pack(item, out)

    def records(self, out: bytearray, rows: Iterable[Sequence[Any]], max_chunk: int) -> None:
        """Append each row as a framed RECORD message (``B1 71`` + the values as a list).

        The server's hot path: one loop over the rows with the common scalars encoded inline
        and the chunk header patched in place. A row that cannot be encoded raises
        ``PackStreamError`` and leaves nothing of itself; the rows before it stay written.
        """
        pack = self.pack
        for values in rows:
            start = len(out)
            size = len(values)
            if size < 16:
                out += _RECORD_HEADS[size]
            else:
                out += b"\x00\x00\xb1\x71"
                _header(out, size, 0x90, 0xD4, "List")
            try:
                for value in values:
                    t = type(value)
                    if t is int:
                        if -16 <= value < 128:
                            out.append(value & 0xFF)
                        elif 32768 <= value < 2147483648 or -2147483648 <= value < -32768:
                            out += _PACK_Bi(0xCA, value)
                        else:
                            _int(out, value)
                    elif t is str:
                        data = value.encode()
                        length = len(data)
                        if length < 16:
                            out.append(0x80 + length)
                        else:
                            _header(out, length, 0x80, 0xD0, "String")
                        out += data
                    elif t is float:
                        out += _PACK_BF64(0xC1, value)
                    elif value is None:
                        out.append(0xC0)
                    else:
                        pack(value, out)
            except BaseException:
                del out[start:]
                raise
            size = len(out) - start - 2
            if size <= max_chunk:
                out[start] = size >> 8
                out[start + 1] = size & 0xFF
                out += b"\x00\x00"
            else:  # split into chunks: rare (a record above 64 KiB)
                message = bytes(out[start + 2 :])
                del out[start:]
                chunk_into(out, message, max_chunk)

    def _other(self, out: bytearray, value: Any, t: type) -> None:
        dehydrate = self._dehydrators.get(t)
        if dehydrate is not None:
            struct_ = dehydrate(value)
            self.structure(out, struct_.tag, struct_.fields)
        elif isinstance(value, bool):
            out.append(0xC3 if value else 0xC2)
        elif isinstance(value, int):
            _int(out, int(value))
        elif isinstance(value, float):
            out.append(0xC1)
            out += _PACK_F64(float(value))
        elif isinstance(value, str):
            _str(out, str(value))
        elif isinstance(value, (bytes, bytearray, memoryview)):
            _bytes(out, value)
        elif isinstance(value, Mapping):
            self._map(out, value)
        elif isinstance(value, (list, tuple)):
            self.pack(list(value), out)
        else:
            for base in t.__mro__[1:]:
                dehydrate = self._dehydrators.get(base)
                if dehydrate is not None:
                    struct_ = dehydrate(value)
                    self.structure(out, struct_.tag, struct_.fields)
                    return
            raise PackStreamError(f"Values of type {t.__name__} cannot be sent over Bolt")


def pack(value: Any, dehydrators: Mapping[type, Dehydrator] | None = None) -> bytes:
    """The PackStream encoding of one value (convenience; hot paths reuse a ``Packer``)."""
    out = bytearray()
    Packer(dehydrators).pack(value, out)
    return bytes(out)
