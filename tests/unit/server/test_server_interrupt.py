"""RESET interrupting a running query, NOOP keep-alives, and a client vanishing mid-query."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from raw_client import FAILURE, RECORD, SUCCESS, RawClient, assert_still_serving, serve

from graphbolt.server import Authenticator, BoltServer, UserStore
from graphbolt.server._session import IMPERSONATION_REFUSED

IGNORED = 0x7E
RUN, PULL, RESET, BEGIN = 0x10, 0x3F, 0x0F, 0x11
# 10^10 rows in constant memory: minutes of work unless interrupted.
ENDLESS = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y RETURN count(*) AS c"
ENDLESS_SCAN = "MATCH (a), (b), (c) RETURN count(*) AS c"


async def _start_endless(port: int, query: str = ENDLESS) -> RawClient:
    client = await RawClient.open(port)
    await client.handshake()
    await client.login()
    await client.send(RUN, query, {}, {})
    await client.send(PULL, {"n": -1})
    # RUN and PULL arrive as one batch: the RUN's SUCCESS goes out with the PULL's outcome.
    await asyncio.sleep(0.3)  # the PULL is computing now
    return client


async def _interrupted_replies(client: RawClient) -> None:
    """After RESET: SUCCESS for the RUN, IGNORED for the running PULL, SUCCESS for RESET."""
    assert (await client.recv(10))[0] == SUCCESS  # type: ignore[index]
    assert (await client.recv(10))[0] == IGNORED  # type: ignore[index]
    assert await client.recv(10) == (SUCCESS, [{}])


def test_reset_interrupts_a_running_query(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await _start_endless(port)
        started = time.perf_counter()
        await client.send(RESET)
        await _interrupted_replies(client)
        assert time.perf_counter() - started < 5
        await client.send(RUN, "RETURN 1 AS one", {}, {})
        await client.send(PULL, {"n": -1})
        assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        assert await client.recv() == (RECORD, [[1]])
        assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        await client.close()

    serve(dbms, users, scenario)


def test_reset_interrupts_a_scan_in_an_explicit_transaction(dbms: Any, users: UserStore) -> None:
    db = dbms.database(None)
    with db.begin("w") as tx:
        tx.run("UNWIND range(1, 2000) AS i CREATE ()").consume()
        tx.commit()

    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        await client.send(BEGIN, {})
        await client.send(RUN, ENDLESS_SCAN, {}, {})
        await client.send(PULL, {"n": -1})
        await client.send(RUN, "RETURN 2", {}, {})  # queued behind the PULL
        await asyncio.sleep(0.3)
        await client.send(RESET)
        replies = [(await client.recv(10))[0] for _ in range(5)]  # type: ignore[index]
        assert replies == [SUCCESS, SUCCESS, IGNORED, IGNORED, SUCCESS]
        await client.send(RUN, "RETURN 1 AS one", {}, {})
        await client.send(PULL, {"n": -1})
        assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        assert await client.recv() == (RECORD, [[1]])
        await client.close()

    serve(dbms, users, scenario)


def test_other_connections_are_served_while_one_query_runs(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        busy = await _start_endless(port)
        started = time.perf_counter()
        await assert_still_serving(port)
        assert time.perf_counter() - started < 5
        await busy.send(RESET)
        await _interrupted_replies(busy)
        await busy.close()

    serve(dbms, users, scenario)


def test_pipelined_reset_behind_a_pull_interrupts_it(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        client.writer.write(
            client.message(RUN, ENDLESS, {}, {})
            + client.message(PULL, {"n": -1})
            + client.message(RESET)
        )
        started = time.perf_counter()
        replies = [(await client.recv(10))[0] for _ in range(3)]  # type: ignore[index]
        # The RUN is answered before the RESET is read or not: either way nothing hangs.
        assert replies[1:] == [IGNORED, SUCCESS] and replies[0] in (SUCCESS, IGNORED)
        assert time.perf_counter() - started < 5
        await client.close()

    serve(dbms, users, scenario)


def test_disconnect_stops_the_query(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await _start_endless(port)
        await client.close()
        await asyncio.sleep(0.5)
        db = dbms.database(None)
        deadline = time.perf_counter() + 5
        while db._open and time.perf_counter() < deadline:  # the query's transaction ends
            await asyncio.sleep(0.05)
        assert not db._open

    serve(dbms, users, scenario)


def test_noop_chunks_while_a_query_computes(dbms: Any, users: UserStore) -> None:
    async def main() -> None:
        server = BoltServer(
            dbms, Authenticator(users), host="127.0.0.1", port=0, workers=4, noop_interval=0.1
        )
        await server.start()
        try:
            client = await _start_endless(server.port)
            raw = await asyncio.wait_for(client.reader.read(64), 5)
            assert raw[:2] == b"\x00\x00"  # a NOOP, though no record is ready yet
            await asyncio.sleep(0.35)
            raw = await asyncio.wait_for(client.reader.read(64), 5)
            assert raw and set(raw) == {0}  # more NOOPs, nothing else
            await client.send(RESET)
            await _interrupted_replies(client)
            await client.close()
        finally:
            await server.close()

    asyncio.run(main())


def test_no_noop_inside_a_streamed_result(dbms: Any, users: UserStore) -> None:
    async def main() -> None:
        server = BoltServer(
            dbms, Authenticator(users), host="127.0.0.1", port=0, workers=4, noop_interval=0.001
        )
        await server.start()
        try:
            client = await RawClient.open(server.port)
            await client.handshake()
            await client.login()
            await client.send(RUN, "UNWIND range(1, 50000) AS x RETURN x", {}, {})
            await client.send(PULL, {"n": -1})
            assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
            for expected in range(1, 50001):  # NOOPs may come between records, never inside
                assert await client.recv() == (RECORD, [[expected]])
            assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
            await client.close()
        finally:
            await server.close()

    asyncio.run(main())


def test_impersonation_is_refused_as_in_community_edition(dbms: Any, users: UserStore) -> None:
    async def scenario(port: int) -> None:
        client = await RawClient.open(port)
        await client.handshake()
        await client.login()
        for tag, fields in (
            (RUN, ("RETURN 1", {}, {"imp_user": "bob"})),
            (BEGIN, ({"imp_user": "bob"},)),
        ):
            await client.send(tag, *fields)
            reply = await client.recv()
            assert reply is not None and reply[0] == FAILURE
            assert reply[1][0]["neo4j_code"] == "Neo.ClientError.Statement.ArgumentError"
            assert reply[1][0]["message"] == IMPERSONATION_REFUSED
            await client.send(RESET)
            assert (await client.recv())[0] == SUCCESS  # type: ignore[index]
        await client.close()
        await assert_still_serving(port)

    serve(dbms, users, scenario)
