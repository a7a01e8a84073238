"""Bolt message framing: chunks of ``u16 size + bytes``, a message ends with ``00 00``.

``chunk`` frames one encoded message; ``Dechunker`` accepts bytes in any pieces and hands out
complete messages. A bare ``00 00`` between messages is a NOOP keep-alive and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphbolt.bolt._errors import ProtocolError

MAX_CHUNK = 0xFFFF
NOOP = b"\x00\x00"
END = b"\x00\x00"


def chunk(message: bytes | bytearray, max_chunk: int = MAX_CHUNK) -> bytes:
    """Frame one message: chunks of at most ``max_chunk`` bytes, then the ``00 00`` end."""
    if not 0 < max_chunk <= MAX_CHUNK:
        raise ValueError(f"chunk size must be 1..{MAX_CHUNK}")
    size = len(message)
    if size == 0:
        raise ValueError("an empty message cannot be framed (it would read as a NOOP)")
    if size <= max_chunk:
        return size.to_bytes(2, "big") + bytes(message) + END
    view = memoryview(message)
    out = bytearray()
    for start in range(0, size, max_chunk):
        piece = view[start : start + max_chunk]
        out += len(piece).to_bytes(2, "big")
        out += piece
    out += END
    return bytes(out)


def chunk_into(out: bytearray, message: bytes | bytearray, max_chunk: int = MAX_CHUNK) -> None:
    """Append the framing of ``message`` to ``out`` (avoids a copy when batching replies)."""
    size = len(message)
    if 0 < size <= max_chunk:
        out += size.to_bytes(2, "big")
        out += message
        out += END
    else:
        out += chunk(message, max_chunk)


class Dechunker:
    """Reassembles messages from a byte stream fed in arbitrary pieces."""

    __slots__ = ("_buffer", "_message", "_pos", "max_message")

    def __init__(self, max_message: int = 256 * 1024 * 1024) -> None:
        self._buffer = bytearray()
        self._pos = 0
        self._message = bytearray()  # the chunks of a message not yet ended
        self.max_message = max_message

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Add received bytes."""
        self._buffer += data

    def messages(self) -> Iterator[bytes]:
        """Every complete message available so far (NOOPs skipped), in order."""
        while True:
            message = self.next_message()
            if message is None:
                return
            yield message

    def next_message(self) -> bytes | None:
        """The next complete message, or None until more bytes arrive."""
        buffer = self._buffer
        pos = self._pos
        while len(buffer) - pos >= 2:
            size = (buffer[pos] << 8) | buffer[pos + 1]
            if size == 0:
                pos += 2
                if self._message:
                    message = bytes(self._message)
                    self._message.clear()
                    self._compact(pos)
                    return message
                continue  # NOOP between messages
            end = pos + 2 + size
            if len(buffer) < end:
                break
            if not self._message and len(buffer) >= end + 2 and not buffer[end] | buffer[end + 1]:
                # The common case, a message in one chunk: one copy, straight out.
                message = bytes(buffer[pos + 2 : end])
                self._compact(end + 2)
                return message
            self._message += buffer[pos + 2 : end]
            pos = end
            if len(self._message) > self.max_message:
                raise ProtocolError(f"Message larger than {self.max_message} bytes")
        self._compact(pos)
        return None

    @property
    def pending(self) -> int:
        """Bytes received but not yet part of a returned message."""
        return len(self._buffer) - self._pos + len(self._message)

    def _compact(self, pos: int) -> None:
        # Drop consumed bytes only now and then, so feeding many small pieces stays linear.
        if pos >= 65536 or pos == len(self._buffer):
            del self._buffer[:pos]
            pos = 0
        self._pos = pos
