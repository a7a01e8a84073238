"""The connector interface: how the driver API reaches a database.

The embedded connector (``embedded.py``) implements it now; a Bolt connector implements it
later with the same Bolt-shaped calls, so sessions, transactions and results never know
which one they talk to.
"""

from __future__ import annotations

import abc
from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.driver._api import ServerInfo
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams

BookmarkSource = Callable[[], Awaitable[list[str]]]


class AsyncConnection(abc.ABC):
    """One connection, used by one session at a time, released after each unit of work."""

    server: ServerInfo | None = None  # the server this connection talks to (summaries)
    database: str | None = None  # the home database's name when routing resolved it

    def telemetry(self, api: int, on_success: Callable[[], None] | None = None) -> None:
        """Tell the server which API the next unit of work uses (Bolt 5.4+ ``TELEMETRY``,
        queued to travel with it; only when the server asks for it). ``on_success`` runs
        once the server acknowledged it. 0: transaction function, 1: explicit transaction,
        2: auto-commit ``session.run``, 3: ``driver.execute_query``."""
        return None

    def take_parked(self, qid: int) -> PullResponse | None:
        """The reply of stream ``qid`` already read ahead (with pipelining), if any."""
        return None

    @abc.abstractmethod
    async def begin(self, params: TxParams, pipelined: bool = False) -> str | None:
        """BEGIN a transaction; the database name when known.

        ``pipelined``: the BEGIN may travel with the next message (as Bolt pipelines it), so
        its failure may surface at the first RUN or COMMIT instead.
        """

    @abc.abstractmethod
    async def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        """RUN a query in the open transaction, or auto-commit when ``autocommit`` is given.

        ``pull_n`` != 0 pipelines ``PULL pull_n`` with the RUN (one flush in Bolt): the first
        batch comes back in ``RunResponse.first``.
        """

    @abc.abstractmethod
    async def pull(self, qid: int, n: int) -> PullResponse:
        """PULL up to ``n`` records (-1: all) of stream ``qid``."""

    @abc.abstractmethod
    async def discard(self, qid: int) -> dict[str, Any]:
        """DISCARD the rest of stream ``qid``; its summary metadata."""

    @abc.abstractmethod
    async def commit(self) -> str | None:
        """COMMIT the explicit transaction; its bookmark."""

    @abc.abstractmethod
    async def rollback(self) -> None:
        """ROLLBACK the open transaction (no-op when none is open)."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Give the connection back (rolling back anything left open)."""


class AsyncConnector(abc.ABC):
    """A source of connections to one DBMS (embedded location or Bolt server)."""

    @abc.abstractmethod
    async def acquire(
        self,
        database: str | None,
        mode: str,
        auth: Any = None,
        *,
        imp_user: str | None = None,
        bookmarks: BookmarkSource | None = None,
    ) -> AsyncConnection:
        """A connection able to serve ``database`` in ``mode`` (``"r"``/``"w"``).

        Routing connectors ask a router for the servers (as ``imp_user``, with the
        session's ``bookmarks``, awaited only when a router is asked)."""

    @abc.abstractmethod
    async def server_info(self) -> ServerInfo:
        """Address, agent and protocol version of the server."""

    @abc.abstractmethod
    async def verify_connectivity(self, database: str | None = None) -> None:
        """Raise ServiceUnavailable (or the database's error) if it cannot be reached."""

    @abc.abstractmethod
    def supports_multi_db(self) -> bool:
        """True when sessions may name a database."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release every resource; the connector cannot be used afterwards."""
