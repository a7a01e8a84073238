"""A scripted in-memory connector: the driver API layer tested without the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphbolt.driver._api import ServerInfo
from graphbolt.driver._async.connector import AsyncConnection, AsyncConnector
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams
from graphbolt.exceptions import ClientError, Neo4jError


@dataclass
class Script:
    """What the fake database answers to one query text."""

    keys: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=lambda: {"type": "r"})
    run_error: Neo4jError | None = None
    run_error_times: int = -1  # how many RUNs fail with run_error (-1: all)
    pull_error_after: int | None = None  # fail once this many rows were pulled


@dataclass
class Log:
    """Everything the connector was asked to do, in order."""

    calls: list[tuple[Any, ...]] = field(default_factory=list)
    pulls: list[int] = field(default_factory=list)
    begins: list[TxParams] = field(default_factory=list)
    acquired: int = 0
    released: int = 0


def transient(message: str = "conflict") -> Neo4jError:
    return Neo4jError.hydrate("Neo.TransientError.Transaction.Outdated", message)


class AsyncFakeConnection(AsyncConnection):
    def __init__(self, connector: AsyncFakeConnector) -> None:
        self._c = connector
        self.server = ServerInfo("fake", (5, 8), "fake/1.0")
        self._streams: dict[int, list[Any]] = {}
        self._in_tx = False
        self._autocommit: TxParams | None = None

    async def begin(self, params: TxParams, pipelined: bool = False) -> str | None:
        self._c.log.calls.append(("begin", params.mode))
        self._c.log.begins.append(params)
        if self._c.database_error is not None and params.database not in (None, "neo4j"):
            raise self._c.database_error
        self._in_tx = True
        return params.database or "neo4j"

    async def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        self._c.log.calls.append(("run", query, parameters))
        if autocommit is not None:
            self._c.log.begins.append(autocommit)
            self._autocommit = autocommit
        elif not self._in_tx:
            raise ClientError.hydrate("Neo.ClientError.Request.Invalid", "no transaction")
        script = self._c.scripts.get(query, Script())
        if script.run_error is not None and script.run_error_times != 0:
            script.run_error_times -= 1
            raise script.run_error
        qid = len(self._streams)
        self._streams[qid] = [script, 0]
        first = None
        if pull_n:
            try:
                first = await self.pull(qid, pull_n)
            except Neo4jError as error:
                first = PullResponse([], False, error=error)
        return RunResponse(list(script.keys), qid, "neo4j", first)

    async def pull(self, qid: int, n: int) -> PullResponse:
        self._c.log.calls.append(("pull", qid, n))
        self._c.log.pulls.append(n)
        script, pos = self._streams[qid]
        end = len(script.rows) if n < 0 else min(len(script.rows), pos + n)
        if script.pull_error_after is not None and end > script.pull_error_after:
            raise ClientError.hydrate("Neo.ClientError.Statement.ArithmeticError", "/ by zero")
        self._streams[qid][1] = end
        has_more = end < len(script.rows)
        summary = None if has_more else self._summary(script)
        return PullResponse(list(script.rows[pos:end]), has_more, summary)

    async def discard(self, qid: int) -> dict[str, Any]:
        self._c.log.calls.append(("discard", qid))
        script, _ = self._streams[qid]
        self._streams[qid][1] = len(script.rows)
        return self._summary(script)

    def _summary(self, script: Script) -> dict[str, Any]:
        summary = dict(script.summary)
        if self._autocommit is not None:
            self._autocommit = None
            summary["bookmark"] = self._c.next_bookmark()
        return summary

    async def commit(self) -> str | None:
        self._c.log.calls.append(("commit",))
        self._in_tx = False
        if self._c.commit_failures > 0:
            self._c.commit_failures -= 1
            raise transient()
        return self._c.next_bookmark()

    async def rollback(self) -> None:
        self._c.log.calls.append(("rollback",))
        self._in_tx = False

    async def close(self) -> None:
        self._c.log.released += 1


class AsyncFakeConnector(AsyncConnector):
    """Answers queries from ``scripts``; bookmarks are ``fake:1``, ``fake:2`` ..."""

    def __init__(self, scripts: dict[str, Script] | None = None) -> None:
        self.scripts = dict(scripts or {})
        self.log = Log()
        self.commit_failures = 0
        self.database_error: Neo4jError | None = None
        self.closed = False
        self._bookmark = 0

    def next_bookmark(self) -> str:
        self._bookmark += 1
        return f"fake:{self._bookmark}"

    async def acquire(
        self, database: str | None, mode: str, auth: Any = None, **_routing: Any
    ) -> AsyncConnection:
        self.log.acquired += 1
        return AsyncFakeConnection(self)

    async def server_info(self) -> ServerInfo:
        return ServerInfo("fake", (5, 8), "fake/1.0")

    async def verify_connectivity(self, database: str | None = None) -> None:
        if database not in (None, "neo4j") and self.database_error is not None:
            raise self.database_error

    def supports_multi_db(self) -> bool:
        return True

    async def close(self) -> None:
        self.closed = True
