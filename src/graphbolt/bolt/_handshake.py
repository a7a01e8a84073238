"""The Bolt handshake as pure functions over bytes: legacy version ranges and manifest v1.

Legacy: the client sends ``MAGIC`` and four 4-byte proposals ``[0][range][minor][major]``;
the server answers ``00 00 minor major`` (or zeros and closes). Manifest v1: a proposal
``00 00 01 FF`` asks the server to list its versions instead; the server answers
``00 00 01 FF``, a varint count, that many offers (range form) and a capability varint; the
client then sends its choice ``00 00 minor major`` and its own capability varint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphbolt.bolt._errors import ProtocolError
from graphbolt.bolt._versions import LEGACY_VERSIONS, SERVER_VERSIONS, Version

MAGIC = b"\x60\x60\xb0\x17"
MANIFEST_V1 = b"\x00\x00\x01\xff"
NO_VERSION = b"\x00\x00\x00\x00"
HANDSHAKE_SIZE = 20  # magic + four proposals

#: What graphbolt's own client proposes: manifest v1, then 5.8-5.0, then 4.4-4.3.
CLIENT_PROPOSALS = MANIFEST_V1 + b"\x00\x08\x08\x05" + b"\x00\x01\x04\x04" + NO_VERSION


# -- varints ----------------------------------------------------------------------------------
def encode_varint(value: int) -> bytes:
    """Unsigned LEB128: 7 bits a byte, least significant group first."""
    if value < 0:
        raise ValueError("varints are unsigned")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data: bytes, pos: int = 0) -> tuple[int, int] | None:
    """``(value, next position)``, or None when ``data`` ends before the varint does."""
    value = 0
    shift = 0
    while pos < len(data):
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift > 63:
            raise ProtocolError("Handshake varint longer than 64 bits")
    return None


# -- server side ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Negotiation:
    """The server's decision: ``reply`` to send; ``version`` (legacy) or ``manifest`` True
    (then the client's choice follows, see ``read_manifest_choice``); neither: refuse."""

    reply: bytes
    version: Version | None = None
    manifest: bool = False


def check_magic(data: bytes) -> None:
    """Raise ``ProtocolError`` unless ``data`` starts with the Bolt magic preamble."""
    if data[:4] != MAGIC:
        if data[:4] in (b"GET ", b"POST", b"HEAD", b"PUT "):
            raise ProtocolError("This is a Bolt port, not an HTTP port")
        raise ProtocolError(f"Not a Bolt connection: preamble {data[:4].hex()}")


def parse_proposals(data: bytes) -> list[tuple[int, int, int]]:
    """The four ``(major, minor, range)`` proposals of a 16-byte block."""
    if len(data) != 16:
        raise ProtocolError(f"Handshake proposals must be 16 bytes, got {len(data)}")
    return [(data[i + 3], data[i + 2], data[i + 1]) for i in range(0, 16, 4)]


def negotiate(
    data: bytes, versions: Iterable[Version] = SERVER_VERSIONS, *, manifest: bool = True
) -> Negotiation:
    """Answer a client's 20 handshake bytes (magic + proposals).

    Walks the slots in order; the first slot overlapping the supported set wins, answered with
    the highest supported version in its range. A manifest v1 slot wins when ``manifest``.
    """
    check_magic(data)
    supported = set(versions)
    legacy = supported & set(LEGACY_VERSIONS)
    for index in range(4, 20, 4):
        slot = data[index : index + 4]
        if slot == MANIFEST_V1 and manifest:
            return Negotiation(manifest_reply(supported), manifest=True)
        major, minor, span = slot[3], slot[2], slot[1]
        if major == 0xFF or slot == NO_VERSION:
            continue
        for candidate in range(minor, max(minor - span, 0) - 1, -1):
            if (major, candidate) in legacy:
                return Negotiation(bytes([0, 0, candidate, major]), version=(major, candidate))
    return Negotiation(NO_VERSION)


def manifest_offers(versions: Iterable[Version]) -> list[bytes]:
    """Offers in range form, newest first: consecutive minors of one major share an offer."""
    offers: list[bytes] = []
    ordered = sorted(set(versions), reverse=True)
    i = 0
    while i < len(ordered):
        major, top = ordered[i]
        low = top
        while i + 1 < len(ordered) and ordered[i + 1] == (major, low - 1):
            i += 1
            low -= 1
        offers.append(bytes([0, top - low, top, major]))
        i += 1
    return offers


def manifest_reply(versions: Iterable[Version]) -> bytes:
    """The whole manifest v1 answer (one write: some clients read it from one packet)."""
    offers = manifest_offers(versions)
    return MANIFEST_V1 + encode_varint(len(offers)) + b"".join(offers) + encode_varint(0)


def read_manifest_choice(
    data: bytes, versions: Iterable[Version] = SERVER_VERSIONS
) -> tuple[Version, int, int] | None:
    """The client's pick after a manifest: ``(version, capabilities, bytes used)``.

    None while incomplete; ``ProtocolError`` when the pick was not offered.
    """
    if len(data) < 5:
        return None
    decoded = decode_varint(data, 4)
    if decoded is None:
        return None
    capabilities, used = decoded
    version = (data[3], data[2])
    if data[0] or data[1] or version not in set(versions):
        raise ProtocolError(f"Client chose a version that was not offered: {data[:4].hex()}")
    return version, capabilities, used


# -- client side ------------------------------------------------------------------------------
def client_hello(proposals: bytes = CLIENT_PROPOSALS) -> bytes:
    """The 20 bytes a client sends first."""
    return MAGIC + proposals


def expand_offer(offer: bytes) -> list[Version]:
    """Every version an offer ``[0][range][minor][major]`` stands for."""
    major, minor, span = offer[3], offer[2], offer[1]
    return [(major, m) for m in range(minor, max(minor - span, 0) - 1, -1)]


def read_server_reply(
    data: bytes, client_versions: Iterable[Version]
) -> tuple[Version, bytes, int] | None:
    """Parse the server's answer: ``(version, bytes to send back, bytes used)``.

    None while incomplete. A manifest answer picks the highest version both sides speak (never
    5.5) and returns the choice to send; a legacy answer returns nothing to send.
    """
    if len(data) < 4:
        return None
    head = data[:4]
    if head == b"HTTP":
        raise ProtocolError("The server answered in HTTP: point the client at the Bolt port")
    if head == NO_VERSION:
        raise ProtocolError("The server supports none of the proposed Bolt versions")
    if head != MANIFEST_V1:
        return (head[3], head[2]), b"", 4
    counted = decode_varint(data, 4)
    if counted is None:
        return None
    count, pos = counted
    if len(data) < pos + 4 * count:
        return None
    offered: set[Version] = set()
    for i in range(count):
        offered.update(expand_offer(data[pos + 4 * i : pos + 4 * i + 4]))
    pos += 4 * count
    caps = decode_varint(data, pos)
    if caps is None:
        return None
    pos = caps[1]
    common = (offered & set(client_versions)) - {(5, 5)}
    if not common:
        raise ProtocolError("The server offers none of the client's Bolt versions")
    version = max(common)
    return version, bytes([0, 0, version[1], version[0]]) + encode_varint(0), pos
