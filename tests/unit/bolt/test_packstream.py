"""PackStream v1: smallest encodings, every width decoded, round trips, bad input rejected."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.bolt import PackStreamError, Structure, Unpacker, pack, unpack

# -- exact encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        (None, "c0"),
        (False, "c2"),
        (True, "c3"),
        (0, "00"),
        (127, "7f"),
        (-1, "ff"),
        (-16, "f0"),
        (-17, "c8ef"),
        (-128, "c880"),
        (128, "c90080"),
        (-129, "c9ff7f"),
        (32767, "c97fff"),
        (32768, "ca00008000"),
        (-32769, "caffff7fff"),
        (2**31 - 1, "ca7fffffff"),
        (2**31, "cb0000000080000000"),
        (-(2**63), "cb8000000000000000"),
        (2**63 - 1, "cb7fffffffffffffff"),
        (1.1, "c13ff199999999999a"),
        ("", "80"),
        ("A", "8141"),
        ("é", "82c3a9"),
        ("a" * 15, "8f" + "61" * 15),
        ("a" * 16, "d010" + "61" * 16),
        (b"", "cc00"),
        (b"\x01\x02", "cc020102"),
        ([], "90"),
        ([1, 2], "920102"),
        ({}, "a0"),
        ({"a": 1}, "a1816101"),
        (Structure(0x44, [1]), "b14401"),
    ],
)
def test_exact_encoding(value: object, encoded: str) -> None:
    assert pack(value).hex() == encoded
    assert unpack(bytes.fromhex(encoded)) == value


@pytest.mark.parametrize(
    ("size", "header"),
    [(15, "8f"), (16, "d010"), (255, "d0ff"), (256, "d10100"), (65535, "d1ffff"),
     (65536, "d200010000")],
)  # fmt: skip
def test_string_size_boundaries(size: int, header: str) -> None:
    data = pack("x" * size)
    assert data[: len(header) // 2].hex() == header
    assert unpack(data) == "x" * size


@pytest.mark.parametrize(
    ("size", "header"),
    [(15, "9f"), (16, "d410"), (255, "d4ff"), (256, "d50100"), (65536, "d600010000")],
)
def test_list_size_boundaries(size: int, header: str) -> None:
    value = [0] * size
    data = pack(value)
    assert data[: len(header) // 2].hex() == header
    assert unpack(data) == value


@pytest.mark.parametrize(
    ("size", "header"),
    [(15, "af"), (16, "d810"), (255, "d8ff"), (256, "d90100"), (65536, "da00010000")],
)
def test_map_size_boundaries(size: int, header: str) -> None:
    value = {str(i): i for i in range(size)}
    data = pack(value)
    assert data[: len(header) // 2].hex() == header
    assert unpack(data) == value


@pytest.mark.parametrize(
    ("size", "header"), [(0, "cc00"), (255, "ccff"), (256, "cd0100"), (65536, "ce00010000")]
)
def test_bytes_size_boundaries(size: int, header: str) -> None:
    value = bytes(range(256)) * (size // 256) + bytes(size % 256)
    data = pack(value)
    assert data[: len(header) // 2].hex() == header
    assert unpack(data) == value


@pytest.mark.parametrize(
    ("encoded", "value"),
    [
        ("c801", 1),  # wider than needed: still accepted
        ("c90001", 1),
        ("ca00000001", 1),
        ("cbffffffffffffffff", -1),
        ("d00161", "a"),
        ("d1000161", "a"),
        ("d20000000161", "a"),
        ("d40101", [1]),
        ("d5000101", [1]),
        ("d60000000101", [1]),
        ("d801816101", {"a": 1}),
        ("d90001816101", {"a": 1}),
        ("da00000001816101", {"a": 1}),
        ("cd000101", b"\x01"),
        ("ce0000000101", b"\x01"),
    ],
)
def test_every_width_decodes(encoded: str, value: object) -> None:
    assert unpack(bytes.fromhex(encoded)) == value


def test_duplicate_map_key_last_wins() -> None:
    assert unpack(bytes.fromhex("a2816101816102")) == {"a": 2}


def test_nan_and_infinities() -> None:
    assert math.isnan(unpack(pack(float("nan"))))
    assert unpack(pack(float("inf"))) == float("inf")
    assert unpack(pack(-0.0)) == 0.0 and math.copysign(1, unpack(pack(-0.0))) == -1


def test_tuples_encode_as_lists() -> None:
    assert pack((1, 2)) == pack([1, 2])


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        "",  # nothing
        "c4", "c5", "c6", "c7", "cf", "d3", "d7", "db", "dc", "dd", "de", "df", "e0", "ef",
        "c1000000",  # truncated float
        "c9ff",  # truncated int16
        "cb00",  # truncated int64
        "836162",  # truncated tiny string
        "d005616263",  # truncated string
        "9201",  # list missing an item
        "a18161",  # map missing a value
        "a10101",  # map key not a string
        "cc0501",  # truncated bytes
        "82ffff",  # invalid UTF-8
        "d2ffffffff",  # size above 2**31-1
        "b1",  # structure without tag
    ],
)  # fmt: skip
def test_bad_input_is_a_clean_error(encoded: str) -> None:
    with pytest.raises(PackStreamError):
        unpack(bytes.fromhex(encoded))


def test_trailing_bytes_rejected() -> None:
    with pytest.raises(PackStreamError):
        unpack(bytes.fromhex("0101"))


def test_unencodable_values() -> None:
    with pytest.raises(PackStreamError):
        pack(2**63)
    with pytest.raises(PackStreamError):
        pack(-(2**63) - 1)
    with pytest.raises(PackStreamError):
        pack({1: "x"})
    with pytest.raises(PackStreamError):
        pack(object())
    with pytest.raises(PackStreamError):
        pack(Structure(0x44, list(range(16))))


def test_strict_unpacker_rejects_unknown_structures() -> None:
    assert unpack(bytes.fromhex("b17a01")) == Structure(0x7A, [1])
    with pytest.raises(PackStreamError):
        Unpacker(bytes.fromhex("b17a01"), strict=True).unpack()


def test_hydrator_failure_becomes_packstream_error() -> None:
    def broken(fields: list[object]) -> object:
        raise ValueError("nope")

    with pytest.raises(PackStreamError):
        unpack(bytes.fromhex("b17a01"), {0x7A: broken})


def test_deep_nesting_is_a_clean_error() -> None:
    data = b"\x91" * 100_000 + b"\x00"
    with pytest.raises(PackStreamError):
        unpack(data)


# -- round trips ------------------------------------------------------------------------------

int64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
boundary_ints = st.sampled_from(
    [0, -1, -16, -17, 127, 128, -128, -129, 32767, 32768, -32768, -32769,
     2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63 - 1, -(2**63)]
)  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | int64
    | boundary_ints
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=20)
        | st.dictionaries(st.text(max_size=20), children, max_size=20)
        | st.builds(Structure, st.integers(0, 127), st.lists(children, max_size=15))
    ),
    max_leaves=60,
)


@given(values)
@settings(max_examples=300)
def test_round_trip(value: object) -> None:
    assert unpack(pack(value)) == value


@given(st.integers(0, 70_000))
@settings(max_examples=25, deadline=None)
def test_long_values_round_trip(size: int) -> None:
    text = "é" * (size // 2)
    items = list(range(size % 300))
    mapping = {str(i): i for i in range(size % 1000)}
    for value in (text, items, mapping, bytes(size)):
        assert unpack(pack(value)) == value


@given(int64)
def test_integers_use_the_smallest_form(value: int) -> None:
    data = pack(value)
    if -16 <= value < 128:
        assert len(data) == 1
    elif -128 <= value < 128:
        assert data[0] == 0xC8
    elif -(2**15) <= value < 2**15:
        assert data[0] == 0xC9
    elif -(2**31) <= value < 2**31:
        assert data[0] == 0xCA
    else:
        assert data[0] == 0xCB
        assert struct.unpack(">q", data[1:])[0] == value
