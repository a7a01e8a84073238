"""``ProtocolError``: a peer broke the Bolt protocol (bad handshake, chunk, PackStream or message).

It is a ``RequestError`` so it carries a Neo4j status (``Neo.ClientError.Request.Invalid`` by
default, ``...Request.InvalidFormat`` for undecodable PackStream) that a server can put in a
FAILURE before closing the connection.
"""

from __future__ import annotations

from graphbolt.errors import RequestError


class ProtocolError(RequestError):
    """The bytes or messages received do not follow the Bolt protocol."""

    def __init__(self, message: str, status_name: str = "Invalid") -> None:
        super().__init__(message, status_name)


class PackStreamError(ProtocolError):
    """A PackStream value could not be encoded or decoded."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "InvalidFormat")


class UndecodableValue(PackStreamError):
    """A well-formed structure whose value cannot be represented (an unknown time zone, a
    date out of range): the bytes around it are intact, so a driver loses only the record
    holding it, not the stream."""
