"""Routing tables: parsing, freshness, refresh order, discovery errors, forgetting servers.

The router talks to scripted routers here (``route`` answers per address), so every rule is
checked without a cluster; ``test_bolt.py`` checks the same router against a real server.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.driver._async.bolt_routing import AsyncRouter, RoutingTable
from graphbolt.driver._bolt_io import monotonic
from graphbolt.exceptions import (
    ClientError,
    Neo4jError,
    NotALeader,
    ServiceUnavailable,
)


def rt(
    routers: list[str], readers: list[str], writers: list[str], ttl: int = 300, db: str = "neo4j"
) -> dict[str, Any]:
    return {
        "ttl": ttl,
        "db": db,
        "servers": [
            {"role": "ROUTE", "addresses": routers},
            {"role": "READ", "addresses": readers},
            {"role": "WRITE", "addresses": writers},
        ],
    }


class FakeBolt:
    def __init__(self, address: str, answers: dict[str, Any], log: list[str]) -> None:
        self.address = address
        self._answers = answers
        self._log = log

    async def route(
        self, context: Any, bookmarks: Any, database: Any, imp_user: Any = None
    ) -> dict[str, Any]:
        self._log.append(self.address)
        answer = self._answers[self.address]
        if isinstance(answer, BaseException):
            raise answer
        return answer  # type: ignore[no-any-return]


def make_router(answers: dict[str, Any]) -> tuple[AsyncRouter, list[str]]:
    log: list[str] = []

    async def acquire(address: str, deadline: float) -> Any:
        if address not in answers:
            raise ServiceUnavailable(f"no server at {address}")
        return FakeBolt(address, answers, log)

    async def release(bolt: Any) -> None:
        return None

    return AsyncRouter("seed:7687", {"address": "seed:7687"}, acquire, release), log


def test_table_parse_and_freshness() -> None:
    table = RoutingTable.parse(rt(["r1", "r2", "r1"], ["a", "b"], ["w"], ttl=10), now=100.0)
    assert (table.routers, table.readers, table.writers) == (["r1", "r2"], ["a", "b"], ["w"])
    assert table.database == "neo4j"
    assert table.is_fresh("r", 105.0) and table.is_fresh("w", 105.0)
    assert not table.is_fresh("r", 110.0)  # expired
    table.forget_writer("w")
    assert table.is_fresh("r", 105.0) and not table.is_fresh("w", 105.0)
    table.forget("r1")
    table.forget("r2")
    assert not table.is_fresh("r", 105.0)  # no routers left


async def test_first_fetch_asks_the_seed_and_caches_home_database() -> None:
    router, log = make_router({"seed:7687": rt(["r1"], ["a"], ["w"])})
    table = await router.table(None, "w", monotonic() + 5)
    assert table.writers == ["w"] and log == ["seed:7687"]
    assert router.tables["neo4j"] is table
    await router.table(None, "r", monotonic() + 5)
    assert router.refreshes == 1


async def test_refresh_asks_known_routers_then_the_seed() -> None:
    router, log = make_router(
        {"seed:7687": rt(["r1", "r2"], ["a"], ["w"]), "r2": rt(["r2"], ["b"], ["w2"])}
    )
    table = await router.table("neo4j", "r", monotonic() + 5)
    table.ttl = 0  # expired, still has writers: known routers first
    fresh = await router.table("neo4j", "r", monotonic() + 5)
    assert log == ["seed:7687", "r2"]  # r1 is unreachable and skipped
    assert fresh.readers == ["b"] and fresh.writers == ["w2"]


async def test_table_without_writers_asks_the_seed_first() -> None:
    answers = {"seed:7687": rt(["r1"], ["a"], []), "r1": rt(["r1"], ["x"], ["w"])}
    router, log = make_router(answers)
    await router.table("neo4j", "r", monotonic() + 5)  # answered without writers
    answers["seed:7687"] = rt(["r1"], ["a"], ["w"])
    await router.table("neo4j", "w", monotonic() + 5)
    assert log == ["seed:7687", "seed:7687"]


async def test_forgotten_writers_ask_the_known_routers_first() -> None:
    answers = {"seed:7687": rt(["r1"], ["a"], ["w"]), "r1": rt(["r1"], ["x"], ["w2"])}
    router, log = make_router(answers)
    table = await router.table("neo4j", "w", monotonic() + 5)
    router.on_error("neo4j", "w", NotALeader("not the leader"))  # the writer is forgotten
    assert table.writers == []
    await router.table("neo4j", "w", monotonic() + 5)
    assert log == ["seed:7687", "r1"]


async def test_fatal_discovery_errors_stop_at_once() -> None:
    missing = Neo4jError.hydrate("Neo.ClientError.Database.DatabaseNotFound", "no such db")
    router, log = make_router({"seed:7687": missing})
    with pytest.raises(ClientError):
        await router.table("nope", "r", monotonic() + 5)
    assert log == ["seed:7687"]


async def test_no_router_answers() -> None:
    router, _ = make_router({})
    with pytest.raises(ServiceUnavailable) as failed:
        await router.table(None, "r", monotonic() + 5)
    assert type(failed.value) is ServiceUnavailable  # as the official driver, not a subclass


async def test_errors_remove_servers() -> None:
    router, _ = make_router({"seed:7687": rt(["r1"], ["a", "w"], ["w"])})
    table = await router.table("neo4j", "w", monotonic() + 5)
    router.on_error("neo4j", "w", NotALeader("not the leader"))
    assert table.writers == [] and table.readers == ["a", "w"]  # still a reader
    router.on_error("neo4j", "a", ServiceUnavailable("gone"))
    assert table.readers == ["w"]
