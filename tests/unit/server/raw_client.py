"""A raw Bolt client and a throw-away server for the server's socket-level tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.bolt import Dechunker, decode_response
from graphbolt.bolt._handshake import MAGIC
from graphbolt.bolt._packstream import Packer
from graphbolt.bolt._structs import dehydrators, hydrators
from graphbolt.server import Authenticator, BoltServer, UserStore

PASSWORD = "s3cret-pw"  # the conftest user's password
SUCCESS, RECORD, FAILURE = 0x70, 0x71, 0x7F


class RawClient:
    """A minimal asyncio Bolt client speaking raw bytes (for protocol-level tests)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.dechunker = Dechunker()
        self.packer = Packer(dehydrators((5, 8)))

    @classmethod
    async def open(cls, port: int) -> RawClient:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def handshake(self, proposals: bytes = b"\x00\x08\x08\x05" + b"\x00" * 12) -> bytes:
        self.writer.write(MAGIC + proposals)
        return await self.reader.readexactly(4)

    def message(self, tag: int, *fields: Any) -> bytes:
        data = bytearray()
        self.packer.structure(data, tag, list(fields))
        return len(data).to_bytes(2, "big") + bytes(data) + b"\x00\x00"

    async def send(self, tag: int, *fields: Any) -> None:
        self.writer.write(self.message(tag, *fields))
        await self.writer.drain()

    async def recv(self, timeout: float = 10.0) -> tuple[int, list[Any]] | None:
        """The next reply, or None when the server closed the connection."""
        while True:
            message = self.dechunker.next_message()
            if message is not None:
                return decode_response(message, hydrators((5, 8)))
            data = await asyncio.wait_for(self.reader.read(65536), timeout)
            if not data:
                return None
            self.dechunker.feed(data)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()

    async def login(self) -> None:
        await self.send(0x01, {"user_agent": "test"})
        await self.send(0x6A, {"scheme": "basic", "principal": "neo4j", "credentials": PASSWORD})
        assert (await self.recv())[0] == SUCCESS  # type: ignore[index]
        assert (await self.recv())[0] == SUCCESS  # type: ignore[index]


def serve(dbms: Any, users: UserStore, scenario: Callable[[int], Awaitable[None]]) -> None:
    """Run ``scenario(port)`` against a fresh server on a free port."""

    async def main() -> None:
        server = BoltServer(dbms, Authenticator(users), host="127.0.0.1", port=0, workers=8)
        await server.start()
        try:
            await asyncio.wait_for(scenario(server.port), 60)
        finally:
            await server.close()

    asyncio.run(main())


async def assert_still_serving(port: int) -> None:
    client = await RawClient.open(port)
    assert await client.handshake() == b"\x00\x00\x08\x05"
    await client.login()
    await client.send(0x10, "RETURN 1 AS one", {}, {})
    await client.send(0x3F, {"n": -1})
    assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
    assert await client.recv() == (RECORD, [[1]])
    await client.close()
