"""Bolt messages (4.4+): tags, request decoding with field checks, and message encoding.

A message is one PackStream structure; its tag says which message it is. Requests (client to
server) are decoded into ``Request`` after their field count and types are checked; responses
and requests are encoded by ``MessageWriter``, which frames them into chunks as it goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphbolt.bolt._chunking import MAX_CHUNK, chunk_into
from graphbolt.bolt._errors import ProtocolError
from graphbolt.bolt._packstream import Dehydrator, Hydrator, Packer
from graphbolt.bolt._unpack import Unpacker

# Requests.
HELLO = 0x01
GOODBYE = 0x02
RESET = 0x0F
RUN = 0x10
BEGIN = 0x11
COMMIT = 0x12
ROLLBACK = 0x13
DISCARD = 0x2F
PULL = 0x3F
TELEMETRY = 0x54
ROUTE = 0x66
LOGON = 0x6A
LOGOFF = 0x6B
# Responses.
SUCCESS = 0x70
RECORD = 0x71
IGNORED = 0x7E
FAILURE = 0x7F

NAMES: dict[int, str] = {
    HELLO: "HELLO", GOODBYE: "GOODBYE", RESET: "RESET", RUN: "RUN", BEGIN: "BEGIN",
    COMMIT: "COMMIT", ROLLBACK: "ROLLBACK", DISCARD: "DISCARD", PULL: "PULL",
    TELEMETRY: "TELEMETRY", ROUTE: "ROUTE", LOGON: "LOGON", LOGOFF: "LOGOFF",
    SUCCESS: "SUCCESS", RECORD: "RECORD", IGNORED: "IGNORED", FAILURE: "FAILURE",
}  # fmt: skip

_MAP = (dict,)
_ANY = (object,)
_NULLABLE_MAP = (dict, type(None))
# Field types of each request; ROUTE's third field is a map from 4.4 on (a db name before).
_SIGNATURES: dict[int, tuple[tuple[type, ...], ...]] = {
    HELLO: (_MAP,),
    GOODBYE: (),
    RESET: (),
    RUN: ((str,), _NULLABLE_MAP, _NULLABLE_MAP),
    BEGIN: (_MAP,),
    COMMIT: (),
    ROLLBACK: (),
    DISCARD: (_MAP,),
    PULL: (_MAP,),
    TELEMETRY: ((int,),),
    ROUTE: (_NULLABLE_MAP, (list, type(None)), (dict, str, type(None))),
    LOGON: (_MAP,),
    LOGOFF: (),
}


@dataclass(slots=True)
class Request:
    """A decoded client message."""

    tag: int
    fields: list[Any]

    @property
    def name(self) -> str:
        return NAMES.get(self.tag, f"0x{self.tag:02X}")


def decode_request(data: bytes, hydrators: Mapping[int, Hydrator] | None = None) -> Request:
    """Decode and check one request message; ``ProtocolError`` if unknown or malformed."""
    tag, fields = Unpacker(data, 0, hydrators, strict=True).unpack_message()
    signature = _SIGNATURES.get(tag)
    if signature is None:
        raise ProtocolError(f"Unknown Bolt request message 0x{tag:02X}")
    if tag == RUN and len(fields) == 2:
        fields.append({})  # v3-style RUN without extra: treat as empty
    if len(fields) != len(signature):
        raise ProtocolError(f"{NAMES[tag]} takes {len(signature)} fields, {len(fields)} given")
    for value, kinds in zip(fields, signature):
        if not isinstance(value, kinds) or (kinds == (int,) and isinstance(value, bool)):
            raise ProtocolError(f"{NAMES[tag]} has a field of the wrong type: {value!r}")
    return Request(tag, fields)


def decode_response(
    data: bytes, hydrators: Mapping[int, Hydrator] | None = None
) -> tuple[int, list[Any]]:
    """Decode one server message: ``(tag, fields)`` (a RECORD's single field is its values)."""
    tag, fields = Unpacker(data, 0, hydrators).unpack_message()
    if tag not in (SUCCESS, RECORD, IGNORED, FAILURE):
        raise ProtocolError(f"Unknown Bolt response message 0x{tag:02X}")
    return tag, fields


class MessageWriter:
    """Encodes messages and frames them into an output buffer (``take()`` empties it)."""

    __slots__ = ("_max_chunk", "_out", "_packer", "_scratch")

    def __init__(
        self, dehydrators: Mapping[type, Dehydrator] | None = None, max_chunk: int = MAX_CHUNK
    ) -> None:
        self._packer = Packer(dehydrators)
        self._out = bytearray()
        self._scratch = bytearray()
        self._max_chunk = max_chunk

    def set_dehydrators(self, dehydrators: Mapping[type, Dehydrator]) -> None:
        """Switch the value table (after the version or the ``utc`` patch is known)."""
        self._packer = Packer(dehydrators)

    def message(self, tag: int, *fields: Any) -> None:
        """Encode and frame one message.

        Encoding errors raise ``PackStreamError`` and leave the buffer as it was.
        """
        scratch = self._scratch
        scratch.clear()
        self._packer.structure(scratch, tag, fields)
        chunk_into(self._out, scratch, self._max_chunk)

    def record(self, values: list[Any] | tuple[Any, ...]) -> None:
        """Encode and frame one RECORD straight into the output."""
        self._packer.records(self._out, (values,), self._max_chunk)

    def records(self, rows: Iterable[Sequence[Any]]) -> None:
        """Encode and frame a RECORD per row (the server's hot path: one loop for a batch).

        A row that cannot be encoded raises ``PackStreamError``; the rows before it are kept.
        """
        self._packer.records(self._out, rows, self._max_chunk)

    def success(self, metadata: Mapping[str, Any] | None = None) -> None:
        self.message(SUCCESS, dict(metadata or {}))

    def failure(self, metadata: Mapping[str, Any]) -> None:
        self.message(FAILURE, dict(metadata))

    def ignored(self) -> None:
        self.message(IGNORED)

    def noop(self) -> None:
        self._out += b"\x00\x00"

    @property
    def size(self) -> int:
        return len(self._out)

    def take(self) -> bytes:
        """The framed bytes written so far (and forget them)."""
        data = bytes(self._out)
        self._out.clear()
        return data
