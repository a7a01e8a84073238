"""Bolt protocol versions graphbolt speaks, and the per-version feature switches.

A version is a ``(major, minor)`` tuple. graphbolt serves 4.4, 5.0-5.4, 5.6-5.8 and 6.0
(6.0 only through the manifest handshake). 5.5 is never negotiated: no Neo4j server does,
its design was withdrawn.
"""

from __future__ import annotations

Version = tuple[int, int]

#: Every version the server accepts, most preferred first.
SERVER_VERSIONS: tuple[Version, ...] = (
    (6, 0), (5, 8), (5, 7), (5, 6), (5, 4), (5, 3), (5, 2), (5, 1), (5, 0), (4, 4),
)  # fmt: skip

#: The versions reachable by the legacy (four-slot) negotiation: Bolt 6 needs the manifest.
LEGACY_VERSIONS: tuple[Version, ...] = tuple(v for v in SERVER_VERSIONS if v[0] < 6)


def version_str(version: Version) -> str:
    """``"5.8"`` for ``(5, 8)``."""
    return f"{version[0]}.{version[1]}"


def has_element_ids(version: Version) -> bool:
    """5.0+: graph structures carry element ids; DateTime is UTC-based (tags 0x49/0x69)."""
    return version >= (5, 0)


def has_logon(version: Version) -> bool:
    """5.1+: credentials come in LOGON, not HELLO; the AUTHENTICATION state exists."""
    return version >= (5, 1)


def has_statuses(version: Version) -> bool:
    """5.6+: results report GQL ``statuses`` instead of ``notifications``."""
    return version >= (5, 6)


def has_gql_errors(version: Version) -> bool:
    """5.7+: FAILURE carries ``neo4j_code``, ``gql_status``, ``description``, diagnostics."""
    return version >= (5, 7)


def reports_db(version: Version) -> bool:
    """5.8+: BEGIN and RUN SUCCESS name the resolved database (``db``)."""
    return version >= (5, 8)


def has_vectors(version: Version) -> bool:
    """6.0+: the Vector (0x56) and UnsupportedType (0x3F) structures."""
    return version >= (6, 0)
