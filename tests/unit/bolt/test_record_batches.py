"""The batch paths of RECORD messages agree with the plain, one-value-at-a-time paths.

``Packer.records`` (the server's encoder of a PULL batch) must produce exactly the bytes of
packing each row as a RECORD structure and framing it with ``chunk``; ``Unpacker.records``
(the driver's decoder of a batch) must give what ``decode_response`` gives message by message.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.bolt import Dechunker, MessageWriter, PackStreamError, Unpacker, chunk, hydrators
from graphbolt.bolt._messages import RECORD, decode_response
from graphbolt.bolt._packstream import Packer, Structure

int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
boundary_ints = st.sampled_from(
    [-16, -17, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 2**31 - 1, 2**31,
     -(2**31), -(2**31) - 1, 2**63 - 1, -(2**63)]
)  # fmt: skip
values = st.recursive(
    st.none() | st.booleans() | int64 | st.floats(allow_nan=False) | st.text() | st.binary(),
    lambda children: (
        st.lists(children, max_size=8)
        | st.dictionaries(st.text(max_size=10), children, max_size=8)
        | st.builds(Structure, st.integers(0, 127), st.lists(children, max_size=5))
    ),
    max_leaves=20,
)
cells = (
    st.none()
    | int64
    | boundary_ints
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.text(min_size=15, max_size=300)
    | values
)
rows = st.lists(cells, max_size=20) | st.tuples(cells, cells, cells)


def _one_by_one(batch: list[Any], max_chunk: int) -> bytes:
    packer = Packer()
    out = b""
    for row in batch:
        message = bytearray()
        packer.structure(message, RECORD, [list(row)])
        out += chunk(message, max_chunk)
    return out


@given(st.lists(rows, max_size=30), st.sampled_from([0xFFFF, 40, 7]))
@settings(max_examples=300, deadline=None)
def test_batch_encoding_is_the_plain_encoding(batch: list[Any], max_chunk: int) -> None:
    writer = MessageWriter(max_chunk=max_chunk)
    writer.records(batch)
    assert writer.take() == _one_by_one(batch, max_chunk)


def test_every_integer_width_and_a_long_string() -> None:
    row = [0, -16, -17, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 2**31 - 1, 2**31,
           -(2**31), -(2**31) - 1, 2**63 - 1, -(2**63), "s" * 16, "é" * 200, 1.5, None, True]  # fmt: skip
    writer = MessageWriter()
    writer.records([row, row[:3]])
    assert writer.take() == _one_by_one([row, row[:3]], 0xFFFF)


def test_a_row_that_cannot_be_encoded_leaves_only_the_rows_before_it() -> None:
    writer = MessageWriter()
    writer.success({})
    with pytest.raises(PackStreamError):
        writer.records([[1, "a"], [2, object()], [3, "c"]])
    expected = MessageWriter()
    expected.success({})
    expected.records([[1, "a"]])
    assert writer.take() == expected.take()


def test_structures_and_wide_rows_go_through_the_general_encoder() -> None:
    batch = [[Structure(0x4E, [1, ["L"], {"k": 1}])], list(range(40)), [[1, [2, {"x": 3}]]]]
    writer = MessageWriter()
    writer.records(batch)
    assert writer.take() == _one_by_one(batch, 0xFFFF)


# -- decoding: Unpacker.records against decode_response, message by message -------------------
def _framed(batch: list[Any]) -> tuple[bytes, list[int]]:
    """The framed RECORDs of ``batch`` and the offset where each message ends."""
    writer = MessageWriter()
    ends = []
    data = b""
    for row in batch:
        writer.records([row])
        data += writer.take()
        ends.append(len(data))
    return data, ends


def _batch_decode(data: bytes, pos: int = 0, table: Any = None) -> tuple[list[Any], int]:
    unpacker = Unpacker(data, pos, table)
    out: list[Any] = []
    unpacker.records(out, lambda error: ("broken", str(error)))
    return out, unpacker.pos


def _plain_decode(data: bytes) -> list[Any]:
    dechunker = Dechunker()
    dechunker.feed(data)
    return [decode_response(m)[1][0] for m in dechunker.messages()]


@given(st.lists(rows, max_size=25), st.data())
@settings(max_examples=300, deadline=None)
def test_batch_decoding_is_the_plain_decoding_up_to_any_cut(batch: list[Any], data: Any) -> None:
    encoded, ends = _framed(batch)
    cut = data.draw(st.integers(0, len(encoded)))
    whole = [end for end in ends if end <= cut]  # the messages complete before the cut
    decoded, pos = _batch_decode(encoded[:cut])
    assert decoded == _plain_decode(encoded[: whole[-1] if whole else 0])
    assert pos == (whole[-1] if whole else 0)


def test_decoding_stops_at_a_summary_a_chunked_record_and_skips_noops() -> None:
    writer = MessageWriter(max_chunk=16)
    writer.records([[1, "a"]])
    writer.noop()
    writer.records([[2, 2.5]])
    head = writer.take()
    writer.records([["a string of more than sixteen bytes"]])  # two chunks
    chunked = writer.take()
    writer.success({"has_more": True})
    data = head + chunked + writer.take()
    assert _batch_decode(data) == ([[1, "a"], [2, 2.5]], len(head))
    assert _batch_decode(data, len(head) + len(chunked)) == ([], len(head) + len(chunked))


def test_an_undecodable_value_loses_its_record_only() -> None:
    writer = MessageWriter()
    writer.records([[1]])
    # A DateTime (0x69) in a zone the driver cannot know: well formed, not representable.
    writer.records([[Structure(0x69, [0, 0, "Mars/Olympus_Mons"])]])
    writer.records([[3]])
    out, _ = _batch_decode(writer.take(), 0, hydrators((5, 8)))
    assert out[0] == [1] and out[2] == [3] and out[1][0] == "broken"


@pytest.mark.parametrize(
    "message",
    ["00 05 B1 71 91 01 02 00 00", "00 05 B1 71 91 D0 09 00 00", "00 04 B1 71 92 01 00 00"],
    ids=["trailing-byte", "string-past-end", "too-few-values"],
)
def test_a_malformed_record_is_a_packstream_error(message: str) -> None:
    with pytest.raises(PackStreamError):
        _batch_decode(bytes.fromhex(message))
