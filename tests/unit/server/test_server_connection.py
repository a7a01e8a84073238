"""The asyncio server over real sockets: handshakes, framing errors, concurrency, TLS-less."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from raw_client import (
    FAILURE,
    RECORD,
    SUCCESS,
    RawClient,
    assert_still_serving,
    serve,
)

from graphbolt.bolt._handshake import MAGIC
from graphbolt.server import UserStore


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
