"""Request decoding with field checks, and framed response encoding."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.bolt import Dechunker, MessageWriter, ProtocolError, decode_request, decode_response
from graphbolt.bolt import _messages as M
from graphbolt.bolt._packstream import Packer, Structure


def encode(tag: int, *fields: object) -> bytes:
    out = bytearray()
    Packer().structure(out, tag, list(fields))
    return bytes(out)


def test_decode_run() -> None:
    request = decode_request(encode(M.RUN, "RETURN 1", {"a": 1}, {"mode": "r"}))
    assert request.name == "RUN" and request.fields == ["RETURN 1", {"a": 1}, {"mode": "r"}]


@pytest.mark.parametrize(
    "message",
    [
        encode(0x77),  # unknown tag
        encode(M.RUN, 1, {}, {}),  # query not a string
        encode(M.PULL),  # missing field
        encode(M.HELLO, {}, {}),  # extra field
        encode(M.TELEMETRY, True),  # a bool is not an int here
        b"\x01",  # not a structure
        encode(M.RESET) + b"\x00",  # trailing bytes
        encode(M.RUN, "x", {"p": Structure(0x7A, [])}, {}),  # unknown structure in params
    ],
)
def test_malformed_requests(message: bytes) -> None:
    with pytest.raises(ProtocolError):
        decode_request(message)


def test_writer_frames_responses() -> None:
    writer = MessageWriter()
    writer.success({"fields": ["x"]})
    writer.record([1, "a"])
    writer.ignored()
    writer.failure({"code": "Neo.ClientError.Request.Invalid", "message": "m"})
    dechunker = Dechunker()
    dechunker.feed(writer.take())
    decoded = [decode_response(m) for m in dechunker.messages()]
    assert decoded == [
        (M.SUCCESS, [{"fields": ["x"]}]),
        (M.RECORD, [[1, "a"]]),
        (M.IGNORED, []),
        (M.FAILURE, [{"code": "Neo.ClientError.Request.Invalid", "message": "m"}]),
    ]
    assert writer.take() == b""


def test_writer_keeps_buffer_on_encoding_error() -> None:
    writer = MessageWriter()
    writer.success({})
    before = writer.size
    with pytest.raises(ProtocolError):
        writer.record([object()])
    assert writer.size == before


def test_records_of_every_size_are_framed() -> None:
    writer = MessageWriter(max_chunk=1000)
    rows: list[list[Any]] = [
        [1, "a", None, 1.5, -1, 300, "é", [1]],
        ["x" * 5000],
        list(range(2000)),
        [],
    ]
    for row in rows:
        writer.record(row)
    dechunker = Dechunker()
    dechunker.feed(writer.take())
    assert [decode_response(m) for m in dechunker.messages()] == [(M.RECORD, [r]) for r in rows]
