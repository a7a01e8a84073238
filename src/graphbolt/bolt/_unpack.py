"""PackStream v1 decoding: ``Unpacker`` over one ``bytes`` object.

Speed matters here (the driver decodes every record with it): ``Unpacker`` walks one ``bytes``
object with an integer offset, handles the common scalars inline inside list and map loops,
and uses precompiled ``struct`` readers; it allocates nothing but the values. Truncated input,
reserved markers, oversized lengths, non-string map keys, invalid UTF-8 and excessive nesting
raise ``PackStreamError``, never ``IndexError`` or ``struct.error``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping
from typing import Any

from graphbolt.bolt._errors import PackStreamError, UndecodableValue
from graphbolt.bolt._packstream import MAX_SIZE, Hydrator, Structure

_U16 = struct.Struct(">H").unpack_from
_U32 = struct.Struct(">I").unpack_from
_I8 = struct.Struct(">b").unpack_from
_I16 = struct.Struct(">h").unpack_from
_I32 = struct.Struct(">i").unpack_from
_I64 = struct.Struct(">q").unpack_from
_F64 = struct.Struct(">d").unpack_from


_RESERVED = frozenset(
    [196, 197, 198, 199, 207, 211, 215, 219, 220, 221, 222, 223, *list(range(224, 240))]
)


class Unpacker:
    """Decodes PackStream from one ``bytes`` object, starting at ``pos``.

    ``hydrators`` maps a structure tag to a function of the field list; structures with other
    tags decode as ``Structure``, or raise ``PackStreamError`` when ``strict``.
    """

    __slots__ = ("data", "hydrators", "pos", "strict")

    def __init__(
        self,
        data: bytes,
        pos: int = 0,
        hydrators: Mapping[int, Hydrator] | None = None,
        *,
        strict: bool = False,
    ) -> None:
        self.data = data
        self.pos = pos
        self.hydrators: Mapping[int, Hydrator] = hydrators or {}
        self.strict = strict

    def unpack(self) -> Any:
        """Decode one value; errors (truncation, bad markers) raise ``PackStreamError``."""
        try:
            value = self._value()
        except PackStreamError:
            raise
        except (IndexError, struct.error, UnicodeDecodeError, RecursionError) as error:
            raise PackStreamError(f"Undecodable PackStream data: {error}") from None
        if self.pos > len(self.data):
            raise PackStreamError("Undecodable PackStream data: value truncated")
        return value

    def unpack_message(self) -> tuple[int, list[Any]]:
        """Decode a whole message: a structure spanning exactly the rest of the data."""
        data = self.data
        pos = self.pos
        if pos >= len(data) or not 0xB0 <= data[pos] <= 0xBF:
            raise PackStreamError("A Bolt message must be a PackStream structure")
        if pos + 1 >= len(data):
            raise PackStreamError("Undecodable PackStream data: message truncated")
        size = data[pos] - 0xB0
        tag = data[pos + 1]
        self.pos = pos + 2
        fields = [self.unpack() for _ in range(size)]
        if self.pos != len(data):
            raise PackStreamError(
                f"Undecodable PackStream data: {len(data) - self.pos} bytes after the message"
            )
        return tag, fields

    def _value(self) -> Any:
        data = self.data
        pos = self.pos
        m = data[pos]
        pos += 1
        if m < 0x80:
            self.pos = pos
            return m
        if m < 0x90:
            end = pos + m - 0x80
            self.pos = end
            return data[pos:end].decode()
        if m < 0xA0:
            self.pos = pos
            return self._list(m - 0x90)
        if m < 0xB0:
            self.pos = pos
            return self._map(m - 0xA0)
        if m < 0xC0:
            self.pos = pos + 1
            return self._struct(m - 0xB0, data[pos])
        if m >= 0xF0:
            self.pos = pos
            return m - 0x100
        if m == 0xC0:
            self.pos = pos
            return None
        if m == 0xC1:
            self.pos = pos + 8
            return _F64(data, pos)[0]
        if m == 0xC2 or m == 0xC3:
            self.pos = pos
            return m == 0xC3
        if m == 0xC8:
            self.pos = pos + 1
            return _I8(data, pos)[0]
        if m == 0xC9:
            self.pos = pos + 2
            return _I16(data, pos)[0]
        if m == 0xCA:
            self.pos = pos + 4
            return _I32(data, pos)[0]
        if m == 0xCB:
            self.pos = pos + 8
            return _I64(data, pos)[0]
        if m in _RESERVED:
            raise PackStreamError(f"Undecodable PackStream data: reserved marker 0x{m:02X}")
        self.pos = pos
        size = self._size(m & 0x03)
        kind = m & 0xFC
        if kind == 0xD0:
            pos = self.pos
            end = pos + size
            if end > len(data):
                raise PackStreamError("Undecodable PackStream data: string truncated")
            self.pos = end
            return data[pos:end].decode()
        if kind == 0xD4:
            return self._list(size)
        if kind == 0xD8:
            return self._map(size)
        # 0xCC..0xCE: bytes (sizes coded 0, 1, 2 as for the others)
        pos = self.pos
        end = pos + size
        if end > len(data):
            raise PackStreamError("Undecodable PackStream data: byte array truncated")
        self.pos = end
        return data[pos:end]

    def records(self, out: list[Any], broken: Callable[[UndecodableValue], Any]) -> None:
        """Decode the framed RECORD messages from ``pos`` on, appending their value lists.

        The driver's hot path: one loop over a PULL batch. It takes every complete message
        sent in one chunk (``size``, ``B1 71 <list>``, ``00 00``), skips NOOPs, and stops
        before anything else (a summary, a chunked or incomplete message), leaving ``pos``
        there. A record holding an ``UndecodableValue`` is replaced by ``broken(error)``;
        other damage raises ``PackStreamError``. Short scalars are decoded inline.
        """
        data = self.data
        pos = self.pos
        limit = len(data)
        append = out.append
        value = self._value
        try:
            while pos + 5 <= limit:
                size = (data[pos] << 8) | data[pos + 1]
                end = pos + 2 + size
                if (
                    end + 2 > limit
                    or data[pos + 3] != 0x71
                    or data[pos + 2] != 0xB1
                    or data[end]
                    or data[end + 1]
                ):
                    if size == 0:  # a NOOP between messages
                        pos += 2
                        continue
                    break
                m = data[pos + 4]
                try:
                    if 0x90 <= m < 0xA0:
                        row: Any = []
                        add = row.append
                        p = pos + 5
                        for _ in range(m - 0x90):
                            m = data[p]
                            if m < 0x80:
                                add(m)
                                p += 1
                            elif m < 0x90:
                                q = p + m - 0x7F
                                add(data[p + 1 : q].decode())
                                p = q
                            elif m == 0xC1:
                                add(_F64(data, p + 1)[0])
                                p += 9
                            elif m == 0xCA:
                                add(_I32(data, p + 1)[0])
                                p += 5
                            elif m == 0xC0:
                                add(None)
                                p += 1
                            elif m >= 0xF0:
                                add(m - 0x100)
                                p += 1
                            else:
                                self.pos = p
                                add(value())
                                p = self.pos
                    else:
                        self.pos = pos + 4
                        row = value()
                        p = self.pos
                except UndecodableValue as error:  # only this record is lost
                    row, p = broken(error), end
                if p != end:
                    raise PackStreamError("Undecodable PackStream data: malformed RECORD")
                append(row)
                pos = end + 2
        except PackStreamError:
            raise
        except (IndexError, struct.error, UnicodeDecodeError, RecursionError) as error:
            raise PackStreamError(f"Undecodable PackStream data: {error}") from None
        finally:
            self.pos = pos

    def _size(self, width: int) -> int:
        data = self.data
        pos = self.pos
        if width == 0:
            self.pos = pos + 1
            return data[pos]
        if width == 1:
            self.pos = pos + 2
            return _U16(data, pos)[0]  # type: ignore[no-any-return]
        size: int = _U32(data, pos)[0]
        self.pos = pos + 4
        if size > MAX_SIZE:
            raise PackStreamError(f"Undecodable PackStream data: size {size} above 2**31-1")
        return size

    # _list and _map keep the offset in a local and decode the common scalars inline: a record
    # is a list, so this loop is the driver's hot path. Anything else goes through _value().
    def _list(self, size: int) -> list[Any]:
        out: list[Any] = []
        append = out.append
        data = self.data
        pos = self.pos
        for _ in range(size):
            m = data[pos]
            if m < 0x80:
                append(m)
                pos += 1
            elif m < 0x90:
                end = pos + m - 0x7F
                append(data[pos + 1 : end].decode())
                pos = end
            elif m >= 0xF0:
                append(m - 0x100)
                pos += 1
            elif m == 0xC0:
                append(None)
                pos += 1
            elif m == 0xC1:
                append(_F64(data, pos + 1)[0])
                pos += 9
            elif m == 0xC3 or m == 0xC2:
                append(m == 0xC3)
                pos += 1
            elif m == 0xC9:
                append(_I16(data, pos + 1)[0])
                pos += 3
            elif m == 0xCA:
                append(_I32(data, pos + 1)[0])
                pos += 5
            else:
                self.pos = pos
                append(self._value())
                pos = self.pos
        self.pos = pos
        return out

    def _map(self, size: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        data = self.data
        pos = self.pos
        for _ in range(size):
            m = data[pos]
            if 0x80 <= m < 0x90:
                end = pos + m - 0x7F
                key = data[pos + 1 : end].decode()
                pos = end
            else:
                self.pos = pos
                key = self._value()
                pos = self.pos
                if type(key) is not str:
                    raise PackStreamError(
                        f"Undecodable PackStream data: map key of type {type(key).__name__}"
                    )
            m = data[pos]
            if m < 0x80:
                out[key] = m
                pos += 1
            elif m < 0x90:
                end = pos + m - 0x7F
                out[key] = data[pos + 1 : end].decode()
                pos = end
            elif m == 0xC0:
                out[key] = None
                pos += 1
            elif m == 0xC1:
                out[key] = _F64(data, pos + 1)[0]
                pos += 9
            elif m == 0xC9:
                out[key] = _I16(data, pos + 1)[0]
                pos += 3
            else:
                self.pos = pos
                out[key] = self._value()
                pos = self.pos
        self.pos = pos
        return out

    def _struct(self, size: int, tag: int) -> Any:
        value = self._value
        fields = [value() for _ in range(size)]
        hydrate = self.hydrators.get(tag)
        if hydrate is None:
            if self.strict:
                raise PackStreamError(f"Unknown PackStream structure tag 0x{tag:02X}")
            return Structure(tag, fields)
        try:
            return hydrate(fields)
        except PackStreamError:
            raise
        except Exception as error:  # a hydrator rejecting its values (e.g. out of range)
            raise UndecodableValue(
                f"Undecodable PackStream data: bad structure 0x{tag:02X}: {error}"
            ) from None


def unpack(data: bytes, hydrators: Mapping[int, Hydrator] | None = None) -> Any:
    """Decode exactly one value spanning all of ``data``."""
    unpacker = Unpacker(bytes(data), 0, hydrators)
    value = unpacker.unpack()
    if unpacker.pos != len(unpacker.data):
        raise PackStreamError(
            f"Undecodable PackStream data: {len(unpacker.data) - unpacker.pos} trailing bytes"
        )
    return value
