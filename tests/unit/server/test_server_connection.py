"""The asyncio server over real sockets: handshakes, framing errors, concurrency, TLS-less."""

from __future__ import annotations

import asyncio
import contextlib
import time
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


def test_query_over_the_wire(dbms: Any, users: UserStore) -> None:
    serve(dbms, users, assert_still_serving)


def test_manifest_handshake_with_pipelined_hello(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        client.writer.write(MAGIC + bytes.fromhex("000001ff000808050002040400000003"))
        reply = await client.reader.readexactly(22)
        assert reply.hex() == "000001ff040000000600020805000404050000040400"
        client.writer.write(b"\x00\x00\x08\x05\x00" + client.message(0x01, {"user_agent": "t"}))
        tag, [meta] = await client.recv()  # type: ignore[misc]
        assert tag == SUCCESS and meta["protocol_version"] == "5.8"
        await client.close()

    serve(dbms, users, scenario)


def test_bad_magic_closes_without_reply(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert await asyncio.wait_for(reader.read(100), 10) == b""
        writer.close()
        await assert_still_serving(port)

    serve(dbms, users, scenario)


def test_no_common_version(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        assert await client.handshake(b"\x00\x00\x00\x03" + b"\x00" * 12) == b"\x00" * 4
        assert await asyncio.wait_for(client.reader.read(100), 10) == b""
        await assert_still_serving(port)

    serve(dbms, users, scenario)


def test_short_handshake_then_disconnect(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(MAGIC + b"\x00\x00")
        writer.close()
        await assert_still_serving(port)

    serve(dbms, users, scenario)


def test_undecodable_packstream_gets_failure_and_close(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        body = b"\xb3\x10\x85ab"  # RUN whose query string is cut short
        client.writer.write(len(body).to_bytes(2, "big") + body + b"\x00\x00")
        tag, [meta] = await client.recv()  # type: ignore[misc]
        assert tag == FAILURE
        assert meta["neo4j_code"] == "Neo.ClientError.Request.InvalidFormat"
        assert "Traceback" not in meta["message"]
        assert await client.recv() is None  # closed
        await assert_still_serving(port)

    serve(dbms, users, scenario)


def test_broken_chunk_stream(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        # A chunk announcing more bytes than ever arrive, inside an open transaction.
        await client.send(0x11, {})
        assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        client.writer.write(b"\x01\x00" + b"\xb1\x10")
        await client.writer.drain()
        await client.close()
        # Garbage that is not a message at all.
        other = await RawClient.open(port)
        await other.handshake()
        other.writer.write(b"\x00\x03\x01\x02\x03\x00\x00")
        tag, [meta] = await other.recv()  # type: ignore[misc]
        assert tag == FAILURE and meta["neo4j_code"].startswith("Neo.ClientError.Request.")
        assert await other.recv() is None
        await assert_still_serving(port)

    serve(dbms, users, scenario)


def test_slow_query_does_not_stall_others(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        slow = await RawClient.open(port)
        await slow.handshake()
        await slow.login()
        await slow.send(0x10, "UNWIND range(1, 400000) AS x RETURN count(x) AS c", {}, {})
        await slow.send(0x3F, {"n": -1})
        await asyncio.sleep(0.05)
        started = time.perf_counter()
        await assert_still_serving(port)
        fast_done = time.perf_counter() - started
        assert (await slow.recv(60))[0] == SUCCESS  # type: ignore[index]
        assert await slow.recv(60) == (RECORD, [[400000]])
        slow_done = time.perf_counter() - started
        assert fast_done < slow_done
        await slow.close()

    serve(dbms, users, scenario)


def test_large_result_streams_in_pieces(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        await client.send(
            0x10, "UNWIND range(1, 30000) AS x RETURN x, 'padding-padding' AS p", {}, {}
        )
        await client.send(0x3F, {"n": -1})
        assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        count = 0
        while True:
            tag, fields = await client.recv()  # type: ignore[misc]
            if tag != RECORD:
                break
            count += 1
            assert fields[0][0] == count
        assert tag == SUCCESS and count == 30000
        await client.close()

    serve(dbms, users, scenario)
