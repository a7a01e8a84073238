"""The driver's exact wire behaviour against scripted Bolt servers (what testkit's stub
scripts check): TELEMETRY, pipelined PULL read on demand, failures of streams and of
transactions, DISCARD before ROLLBACK, RESET on connectivity checks, server agent, hints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graphbolt.driver._async.driver import AsyncGraphDatabase
from graphbolt.exceptions import (
    ClientError,
    ResultFailedError,
    ServiceUnavailable,
    SessionExpired,
    TokenExpired,
    UnsupportedServerProduct,
)

from ..stub_bolt import EXIT, FAILURE, IGNORED, RECORD, SUCCESS, WAIT, C, S, StubServer, hello

AUTH = ("neo4j", "pass")


@pytest.fixture
def stubs() -> Iterator[Callable[..., StubServer]]:
    """Start scripted servers; they are stopped (and joined) after the test."""
    started: list[StubServer] = []

    def start(version: tuple[int, int], *scripts: list[Any]) -> StubServer:
        server = StubServer(version, *scripts).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


TELEMETRY_ON = {"hints": {"telemetry.enabled": True}}
SYNTAX = {"code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input"}


def run_and_pull(*records: int, has_more: bool = False) -> list[Any]:
    steps: list[Any] = [C("RUN"), S(SUCCESS, {"fields": ["n"]}), C("PULL")]
    steps += [S(RECORD, [r]) for r in records]
    steps.append(S(SUCCESS, {"has_more": True} if has_more else {"type": "r"}))
    return steps


def tx(*work: Any) -> list[Any]:
    return [C("BEGIN"), S(SUCCESS, {}), *work, C("COMMIT"), S(SUCCESS, {"bookmark": "b"})]


async def read_all(result: Any) -> list[int]:
    return [record["n"] async for record in result]


@pytest.mark.parametrize("disabled", [False, True])
async def test_telemetry_api_per_kind_of_work(stubs: Any, disabled: bool) -> None:
    telemetry = [C("TELEMETRY"), S(SUCCESS, {})] if not disabled else []
    script = [
        *hello((5, 4), **TELEMETRY_ON),
        *telemetry, *run_and_pull(1),  # session.run
        *telemetry, *tx(*run_and_pull(1)),  # begin_transaction
        *telemetry, *tx(*run_and_pull(1)),  # execute_read
        *telemetry, *tx(*run_and_pull(1)),  # execute_query
    ]  # fmt: skip
    server = stubs((5, 4), script)
    async with AsyncGraphDatabase.driver(
        server.uri, auth=AUTH, telemetry_disabled=disabled
    ) as driver:
        async with driver.session() as session:
            assert await read_all(await session.run("RETURN 1 AS n")) == [1]
            transaction = await session.begin_transaction()
            assert await read_all(await transaction.run("RETURN 1 AS n")) == [1]
            await transaction.commit()

            async def work(t: Any) -> list[int]:
                return await read_all(await t.run("RETURN 1 AS n"))

            assert await session.execute_read(work) == [1]
        await driver.execute_query("RETURN 1 AS n")
    server.done()
    assert not server.errors
    sent = [fields[0] for name, fields in server.received if name == "TELEMETRY"]
    assert sent == ([] if disabled else [2, 1, 0, 3])


async def test_no_telemetry_unless_the_server_asks(stubs: Any) -> None:
    server = stubs((5, 4), [*hello((5, 4)), *run_and_pull(1)])
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        assert await read_all(await session.run("RETURN 1 AS n")) == [1]
    server.done()
    assert "TELEMETRY" not in server.names()


async def test_disconnect_after_run_surfaces_at_the_first_read(stubs: Any) -> None:
    script = [*hello((5, 0)), C("RUN"), S(SUCCESS, {"fields": ["n"]}), C("PULL"), EXIT]
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        result = await session.run("RETURN 1 AS n")  # only RUN's reply is awaited
        with pytest.raises(ServiceUnavailable):
            await result.fetch(1)


async def test_pull_failure_raises_the_server_error_after_earlier_records(stubs: Any) -> None:
    script = [
        *hello((5, 0)), C("RUN"), S(SUCCESS, {"fields": ["n"]}), C("PULL"),
        S(RECORD, [1]), S(FAILURE, SYNTAX),
    ]  # fmt: skip
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        result = await session.run("RETURN 1 AS n")
        assert [r["n"] for r in await result.fetch(1)] == [1]
        with pytest.raises(ClientError) as first:
            await result.fetch(1)
        assert first.value.code == SYNTAX["code"]
        with pytest.raises(ResultFailedError) as later:
            await result.fetch(1)
        assert later.value.__cause__ is first.value
        assert "CypherSyntaxError" in str(later.value)


async def test_open_stream_is_discarded_before_rollback(stubs: Any) -> None:
    script = [
        *hello((5, 0)), C("BEGIN"), S(SUCCESS, {}), *run_and_pull(1, 2, has_more=True),
        C("DISCARD"), S(SUCCESS, {}), C("ROLLBACK"), S(SUCCESS, {}),
    ]  # fmt: skip
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session(fetch_size=2) as session,
    ):
        transaction = await session.begin_transaction()
        await transaction.run("RETURN 1 AS n")
        await transaction.rollback()
    server.done()
    assert not server.errors
    assert server.names()[2:6] == ["RUN", "PULL", "DISCARD", "ROLLBACK"]


async def test_results_of_a_failed_transaction_fail_locally(stubs: Any) -> None:
    script = [
        *hello((5, 0)), C("BEGIN"), S(SUCCESS, {}), *run_and_pull(1, 2, has_more=True),
        C("RUN"), S(FAILURE, SYNTAX), C("PULL"), S(IGNORED), C("RESET"), S(SUCCESS, {}),
    ]  # fmt: skip
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session(fetch_size=2) as session,
    ):
        transaction = await session.begin_transaction()
        first = await transaction.run("RETURN 1 AS n")
        with pytest.raises(ClientError):
            await transaction.run("invalid")
        assert [r["n"] for r in await first.fetch(2)] == [1, 2]  # buffered
        with pytest.raises(ResultFailedError) as failed:
            await first.fetch(1)
        assert "CypherSyntaxError" in str(failed.value)
        await transaction.close()
    server.done()
    pulls = [name for name in server.names() if name in ("PULL", "DISCARD")]
    assert pulls == ["PULL", "PULL"]  # nothing more after the failure
    assert "ROLLBACK" not in server.names() and "RESET" in server.names()


async def test_server_agent_must_be_neo4j(stubs: Any) -> None:
    server = stubs((4, 4), [C("HELLO"), S(SUCCESS, {"server": "FooBar/4.3.0"})])
    driver = AsyncGraphDatabase.driver(server.uri, auth=AUTH)
    with pytest.raises(UnsupportedServerProduct):
        await driver.verify_connectivity()
    await driver.close()


async def test_negative_transaction_timeout_is_refused_before_sending(stubs: Any) -> None:
    server = stubs((5, 0), [*hello((5, 0))])
    driver = AsyncGraphDatabase.driver(server.uri, auth=AUTH)
    session = driver.session()
    with pytest.raises(ValueError, match="positive number or 0"):
        await session.begin_transaction(timeout=-1)
    await session.close()
    await driver.close()
    server.done()
    assert "BEGIN" not in server.names()


async def test_recv_timeout_hint_drops_the_connection(stubs: Any) -> None:
    hints = {"hints": {"connection.recv_timeout_seconds": 1}}
    script = [*hello((5, 0), **hints), C("RUN"), C("PULL"), WAIT(1.6)]
    server = stubs((5, 0), script, [*hello((5, 0), **hints), *run_and_pull(7)])
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        with pytest.raises(ServiceUnavailable):
            await session.run("timeout")
        assert await read_all(await session.run("in time")) == [7]


async def test_connectivity_check_resets_a_pooled_connection(stubs: Any) -> None:
    script = [*hello((5, 0)), *run_and_pull(1), C("RESET"), S(SUCCESS, {})]
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        await read_all(await session.run("RETURN 1 AS n"))
        await driver.verify_connectivity()
    server.done()
    assert not server.errors
    assert server.names()[:5] == ["HELLO", "RUN", "PULL", "RESET", "GOODBYE"]


def route_to(reader: StubServer, db: str = "homedb") -> list[Any]:
    """A router's ROUTE reply sending every role to ``reader``."""
    address = f"127.0.0.1:{reader.port}"
    servers = [{"role": role, "addresses": [address]} for role in ("ROUTE", "READ", "WRITE")]
    return [C("ROUTE"), S(SUCCESS, {"rt": {"ttl": 300, "db": db, "servers": servers}})]


async def test_session_resolves_and_pins_the_home_database(stubs: Any) -> None:
    reader = stubs((5, 0), [*hello((5, 0)), *run_and_pull(1), *run_and_pull(2)])
    router = stubs((5, 0), [*hello((5, 0)), *route_to(reader)])
    uri = f"neo4j://127.0.0.1:{router.port}"
    async with (
        AsyncGraphDatabase.driver(uri, auth=AUTH) as driver,
        driver.session(bookmarks=["b1"], impersonated_user="that-user") as session,
    ):
        assert await read_all(await session.run("RETURN 1 AS n")) == [1]
        assert await read_all(await session.run("RETURN 2 AS n")) == [2]
    router.done()
    reader.done()
    context, bookmarks, extra = router.received[1][1]
    assert context == {"address": f"127.0.0.1:{router.port}"}
    assert bookmarks == ["b1"] and extra == {"imp_user": "that-user"}
    runs = [fields[2] for name, fields in reader.received if name == "RUN"]
    assert [extra["db"] for extra in runs] == ["homedb", "homedb"]


async def test_connection_lost_in_use_expires_the_session_when_routing(stubs: Any) -> None:
    reader = stubs((5, 0), [*hello((5, 0)), C("RUN"), C("PULL"), EXIT])
    router = stubs((5, 0), [*hello((5, 0)), *route_to(reader)])
    driver = AsyncGraphDatabase.driver(f"neo4j://127.0.0.1:{router.port}", auth=AUTH)
    session = driver.session()
    with pytest.raises(SessionExpired):
        await session.run("RETURN 1 AS n")
    await session.close()
    await driver.close()


async def test_a_failed_transaction_does_not_hold_the_session(stubs: Any) -> None:
    script = [
        *hello((5, 0)), C("BEGIN"), S(SUCCESS, {}), C("RUN"), S(FAILURE, SYNTAX), C("PULL"),
        S(IGNORED), C("RESET"), S(SUCCESS, {}), *tx(*run_and_pull(3)),
    ]  # fmt: skip
    server = stubs((5, 0), script)
    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        failed = await session.begin_transaction()
        with pytest.raises(ClientError):
            await failed.run("invalid")
        transaction = await session.begin_transaction()  # no rollback needed first
        assert await read_all(await transaction.run("RETURN 3 AS n")) == [3]
        await transaction.commit()
        await failed.rollback()  # already ended: nothing more is sent
    server.done()
    assert not server.errors
    assert "ROLLBACK" not in server.names()


async def test_transaction_function_begins_eagerly(stubs: Any) -> None:
    made_up = {"code": "Neo.ClientError.MadeUp.Code", "message": "no"}
    script = [*hello((5, 0)), C("BEGIN"), S(FAILURE, made_up), C("RESET"), S(SUCCESS, {})]
    server = stubs((5, 0), script)
    calls: list[int] = []

    async def work(t: Any) -> None:
        calls.append(1)

    async with (
        AsyncGraphDatabase.driver(server.uri, auth=AUTH) as driver,
        driver.session() as session,
    ):
        with pytest.raises(ClientError):
            await session.execute_write(work)
    assert calls == []  # the failing BEGIN was awaited before the work ran


async def test_failure_then_hang_up_reports_the_failure_when_routing(stubs: Any) -> None:
    # Routing turns a lost connection into SessionExpired; after a FAILURE the server hung
    # up on purpose (an expired token), and that FAILURE is what the caller must see.
    expired = {"code": "Neo.ClientError.Security.TokenExpired", "message": "Token expired"}
    reader = stubs(
        (5, 0), [*hello((5, 0)), C("BEGIN"), S(SUCCESS, {}), C("RUN"), S(FAILURE, expired), EXIT]
    )
    router = stubs((5, 0), [*hello((5, 0)), *route_to(reader)])
    async with AsyncGraphDatabase.driver(f"neo4j://127.0.0.1:{router.port}", auth=AUTH) as driver:
        session = driver.session()
        transaction = await session.begin_transaction()
        with pytest.raises(TokenExpired) as caught:
            await transaction.run("RETURN 1 AS n")
        await session.close()
    assert caught.value.code == "Neo.ClientError.Security.TokenExpired"
