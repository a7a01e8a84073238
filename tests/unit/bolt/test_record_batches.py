"""The batch paths of RECORD messages agree with the plain, one-value-at-a-time paths.

``Packer.records`` (the server's encoder of a PULL batch) must produce exactly the bytes of
packing each row as a RECORD structure and framing it with ``chunk``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.bolt import MessageWriter, PackStreamError, chunk
from graphbolt.bolt._messages import RECORD
from graphbolt.bolt._packstream import Packer, Structure

int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
boundary_ints = st.sampled_from(
    [-16, -17, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 2**31 - 1, 2**31,
     -(2**31), -(2**31) - 1, 2**63 - 1, -(2**63)]
)  # fmt: skip
values = st.recursive(
    st.none() | st.booleans() | int64 | st.floats() | st.text() | st.binary(),
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
