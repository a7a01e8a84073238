"""Handshake: legacy range negotiation and manifest v1, server and client side."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.bolt import MAGIC, ProtocolError, negotiate, read_manifest_choice, read_server_reply
from graphbolt.bolt._handshake import (
    client_hello,
    decode_varint,
    encode_varint,
    expand_offer,
    manifest_offers,
)

PY6 = bytes.fromhex("000001ff000808050002040400000003")
JS5 = bytes.fromhex("00070705000204040000010400000003")


def test_python6_proposal_gets_the_manifest() -> None:
    result = negotiate(MAGIC + PY6)
    assert result.manifest and result.version is None
    assert result.reply.hex() == "000001ff040000000600020805000404050000040400"


def test_python6_without_manifest_gets_5_8() -> None:
    result = negotiate(MAGIC + PY6, manifest=False)
    assert result.reply == b"\x00\x00\x08\x05" and result.version == (5, 8)


def test_js5_gets_5_7() -> None:
    assert negotiate(MAGIC + JS5).version == (5, 7)


def test_5_5_is_never_chosen() -> None:
    assert negotiate(MAGIC + bytes.fromhex("0000050500000404" + "00" * 8)).version == (4, 4)


def test_range_walks_down_to_a_supported_minor() -> None:
    assert negotiate(MAGIC + bytes.fromhex("00010505" + "00" * 12)).version == (5, 4)


def test_first_overlapping_slot_wins() -> None:
    proposal = bytes.fromhex("0000040400080805" + "00" * 8)
    assert negotiate(MAGIC + proposal).version == (4, 4)


def test_no_common_version() -> None:
    result = negotiate(MAGIC + bytes.fromhex("0000000300000104" + "00" * 8))
    assert result.reply == b"\x00\x00\x00\x00" and result.version is None and not result.manifest


def test_bad_magic() -> None:
    with pytest.raises(ProtocolError):
        negotiate(b"GET / HTTP/1.1\r\nHost: x\r\n")
    with pytest.raises(ProtocolError):
        negotiate(b"\x00" * 20)


def test_manifest_choice() -> None:
    assert read_manifest_choice(b"\x00\x00\x08") is None
    assert read_manifest_choice(b"\x00\x00\x08\x05") is None
    assert read_manifest_choice(b"\x00\x00\x08\x05\x00\xb0") == ((5, 8), 0, 5)
    with pytest.raises(ProtocolError):
        read_manifest_choice(b"\x00\x00\x05\x05\x00")


def test_offers_group_consecutive_minors() -> None:
    offers = manifest_offers([(5, 0), (5, 1), (5, 2), (5, 3), (5, 4), (5, 6), (5, 7), (4, 4)])
    assert [o.hex() for o in offers] == ["00010705", "00040405", "00000404"]
    assert expand_offer(bytes.fromhex("00020805")) == [(5, 8), (5, 7), (5, 6)]


def test_client_reads_both_reply_forms() -> None:
    mine = [(6, 0), (5, 8), (5, 4), (4, 4)]
    assert read_server_reply(b"\x00\x00\x08\x05", mine) == ((5, 8), b"", 4)
    reply = negotiate(MAGIC + PY6).reply
    assert read_server_reply(reply[:7], mine) is None
    assert read_server_reply(reply + b"\x00\x01", mine) == ((6, 0), b"\x00\x00\x00\x06\x00", 22)
    assert read_server_reply(reply, [(5, 4)])[0] == (5, 4)  # type: ignore[index]
    with pytest.raises(ProtocolError):
        read_server_reply(b"HTTP/1.1 400", mine)
    with pytest.raises(ProtocolError):
        read_server_reply(b"\x00\x00\x00\x00", mine)
    assert client_hello()[:4] == MAGIC and len(client_hello()) == 20


@pytest.mark.parametrize(("value", "encoded"), [(0, "00"), (1, "01"), (127, "7f"),
                                                 (128, "8001"), (1851775, "ff8271")])  # fmt: skip
def test_varint_examples(value: int, encoded: str) -> None:
    assert encode_varint(value).hex() == encoded
    assert decode_varint(bytes.fromhex(encoded)) == (value, len(encoded) // 2)


@given(st.integers(0, 2**63 - 1))
def test_varint_round_trip(value: int) -> None:
    data = encode_varint(value)
    assert decode_varint(data) == (value, len(data))
    assert decode_varint(data[:-1]) is None
