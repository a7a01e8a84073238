"""Chunk framing: message boundaries, NOOPs, and reassembly from arbitrary splits."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.bolt import Dechunker, ProtocolError, chunk
from graphbolt.bolt._chunking import chunk_into


def test_small_message_is_one_chunk() -> None:
    assert chunk(b"\xb0\x0f") == b"\x00\x02\xb0\x0f\x00\x00"


def test_large_message_spans_chunks() -> None:
    message = bytes(range(256)) * 300  # 76,800 bytes
    framed = chunk(message)
    assert framed[:2] == b"\xff\xff"
    assert framed[2 + 0xFFFF : 4 + 0xFFFF] == (76_800 - 0xFFFF).to_bytes(2, "big")
    assert framed.endswith(b"\x00\x00")
    dechunker = Dechunker()
    dechunker.feed(framed)
    assert list(dechunker.messages()) == [message]


def test_empty_message_cannot_be_framed() -> None:
    with pytest.raises(ValueError):
        chunk(b"")


def test_noops_are_skipped() -> None:
    dechunker = Dechunker()
    dechunker.feed(b"\x00\x00\x00\x00" + chunk(b"ab") + b"\x00\x00" + chunk(b"cd"))
    assert list(dechunker.messages()) == [b"ab", b"cd"]
    assert dechunker.pending == 0


def test_partial_input_waits() -> None:
    dechunker = Dechunker()
    framed = chunk(b"hello")
    dechunker.feed(framed[:3])
    assert dechunker.next_message() is None
    dechunker.feed(framed[3:-1])
    assert dechunker.next_message() is None
    dechunker.feed(framed[-1:])
    assert dechunker.next_message() == b"hello"


def test_oversized_message_rejected() -> None:
    dechunker = Dechunker(max_message=10)
    dechunker.feed(b"\x00\x08" + b"x" * 8 + b"\x00\x08" + b"y" * 8)
    with pytest.raises(ProtocolError):
        dechunker.next_message()


def test_chunk_into_appends() -> None:
    out = bytearray(b"zz")
    chunk_into(out, b"abc")
    assert bytes(out) == b"zz\x00\x03abc\x00\x00"


messages = st.lists(st.binary(min_size=1, max_size=3000), min_size=1, max_size=12)


@given(messages, st.integers(1, 700), st.lists(st.integers(0, 40_000), max_size=30),
       st.booleans())  # fmt: skip
@settings(max_examples=200)
def test_any_split_reassembles(
    payloads: list[bytes], max_chunk: int, cuts: list[int], noops: bool
) -> None:
    stream = b"".join((b"\x00\x00" if noops else b"") + chunk(p, max_chunk) for p in payloads)
    points = sorted({c % (len(stream) + 1) for c in cuts} | {0, len(stream)})
    dechunker = Dechunker()
    received: list[bytes] = []
    for start, end in itertools.pairwise(points):
        dechunker.feed(stream[start:end])
        received.extend(dechunker.messages())
    assert received == payloads
