"""The Bolt protocol, sans-IO: PackStream, structures per version, messages, chunking, handshake.

Shared by graphbolt's server and its driver; nothing here touches a socket.
"""

from graphbolt.bolt._chunking import Dechunker, chunk, chunk_into
from graphbolt.bolt._errors import PackStreamError, ProtocolError
from graphbolt.bolt._handshake import (
    MAGIC,
    Negotiation,
    client_hello,
    negotiate,
    read_manifest_choice,
    read_server_reply,
)
from graphbolt.bolt._messages import MessageWriter, Request, decode_request, decode_response
from graphbolt.bolt._packstream import Packer, Structure, pack
from graphbolt.bolt._structs import dehydrators, hydrators
from graphbolt.bolt._unpack import Unpacker, unpack
from graphbolt.bolt._versions import SERVER_VERSIONS, Version, version_str

__all__ = [
    "MAGIC",
    "SERVER_VERSIONS",
    "Dechunker",
    "MessageWriter",
    "Negotiation",
    "PackStreamError",
    "Packer",
    "ProtocolError",
    "Request",
    "Structure",
    "Unpacker",
    "Version",
    "chunk",
    "chunk_into",
    "client_hello",
    "decode_request",
    "decode_response",
    "dehydrators",
    "hydrators",
    "negotiate",
    "pack",
    "read_manifest_choice",
    "read_server_reply",
    "unpack",
    "version_str",
]
