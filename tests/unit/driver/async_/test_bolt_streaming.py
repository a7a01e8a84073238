"""A large PULL reply is handed out as it arrives, not after its last record.

Against a real ``graphbolt serve``: with ``fetch_size=-1`` one PULL asks for 200,000 records
(about 6 MB), far more than one socket read (``READ_SIZE``) holds, so when the first record
is handed out most of the reply must still be unread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphbolt.driver._async.driver import AsyncGraphDatabase
from graphbolt.driver._bolt_io import READ_SIZE

from ..bolt_server import BoltServer, serve

ROWS = 200_000
QUERY = "UNWIND range(1, $n) AS i RETURN i, 'person' + toString(i) AS name"


@pytest.fixture(scope="module")
def server() -> Iterator[BoltServer]:
    with serve() as running:
        yield running


def driver(server: BoltServer) -> Any:
    return AsyncGraphDatabase.driver(server.uri(), auth=server.auth, fetch_size=-1)


def buffered(result: Any) -> int:
    return len(result._buffer)


async def test_the_first_record_comes_before_the_whole_reply(server: BoltServer) -> None:
    async with driver(server) as d, d.session() as session:
        result = await session.run(QUERY, n=ROWS)
        first = await result.peek()
        assert first is not None and first["i"] == 1
        assert buffered(result) <= READ_SIZE // 10  # records are >= 10 bytes each
        values = [record["i"] async for record in result]
        assert values == list(range(1, ROWS + 1))
        summary = await result.consume()
        assert summary.query_type == "r"


async def test_consume_in_the_middle_of_a_reply_finishes_it(server: BoltServer) -> None:
    async with driver(server) as d, d.session() as session:
        result = await session.run(QUERY, n=ROWS)
        assert (await result.fetch(1))[0]["name"] == "person1"
        summary = await result.consume()
        assert summary.query_type == "r"
        again = await session.run("RETURN 42 AS x")
        assert [r["x"] async for r in again] == [42]


async def test_another_query_reads_the_rest_of_a_partly_read_reply(server: BoltServer) -> None:
    async with driver(server) as d, d.session() as session:
        tx = await session.begin_transaction()
        big = await tx.run(QUERY, n=ROWS)
        head = await big.fetch(2)
        small = await tx.run("UNWIND [7, 8] AS x RETURN x")
        assert [r["x"] async for r in small] == [7, 8]
        rest = [record["i"] async for record in big]
        assert [r["i"] for r in head] + rest == list(range(1, ROWS + 1))
        await tx.commit()
