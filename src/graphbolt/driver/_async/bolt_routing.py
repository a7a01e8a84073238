"""Routing for ``neo4j://`` URIs: a routing table per database, fetched with ROUTE.

- ``RoutingTable``: ``routers``, ``readers``, ``writers`` (ordered, de-duplicated), ``ttl``
  and when it was fetched. Fresh = not expired, has routers, and has a server for the mode.
- ``AsyncRouter.table(database, mode, ...)`` refreshes a table that is not fresh, asking in
  order: the seed address first when the table is missing or had no writers, then the known
  routers, then the seed again. Discovery stops at once on errors that another router would
  repeat (database not found, bad bookmarks, bad arguments, security errors).
- Servers that fail are removed (``ServiceUnavailable``: from every role of every table;
  ``NotALeader`` / ``ForbiddenOnReadOnlyDatabase``: from the writers of that database).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from graphbolt.driver._async.bolt import AsyncBolt
from graphbolt.driver._async.connector import BookmarkSource
from graphbolt.driver._bolt_io import monotonic
from graphbolt.exceptions import (
    ConnectionAcquisitionTimeoutError,
    DriverError,
    ForbiddenOnReadOnlyDatabase,
    Neo4jError,
    NotALeader,
    ServiceUnavailable,
    SessionExpired,
)

# Errors no other router would answer differently: discovery stops on them.
_FATAL_CODES = (
    "Neo.ClientError.Database.DatabaseNotFound",
    "Neo.ClientError.Transaction.InvalidBookmark",
    "Neo.ClientError.Transaction.InvalidBookmarkMixture",
    "Neo.ClientError.Statement.TypeError",
    "Neo.ClientError.Statement.ArgumentError",
    "Neo.ClientError.Request.Invalid",
)


def is_fatal_discovery_error(error: BaseException) -> bool:
    if not isinstance(error, Neo4jError):
        return False
    code = error.code or ""
    if code in _FATAL_CODES:
        return True
    return code.startswith("Neo.ClientError.Security.") and not code.endswith(
        "AuthorizationExpired"
    )


def _raise_if_fatal(error: BaseException) -> None:
    """Discovery stops on errors another router would repeat; a server without routing
    (no ROUTE procedure) means the driver cannot route at all (as the official driver)."""
    if (
        isinstance(error, Neo4jError)
        and error.code == "Neo.ClientError.Procedure.ProcedureNotFound"
    ):
        out = ServiceUnavailable("The server does not support routing")
        out.__cause__ = error
        raise out
    if is_fatal_discovery_error(error) or isinstance(error, ConnectionAcquisitionTimeoutError):
        raise error


@dataclass
class RoutingTable:
    """The servers of one database by role, valid for ``ttl`` seconds from ``updated``."""

    database: str | None
    routers: list[str] = field(default_factory=list)
    readers: list[str] = field(default_factory=list)
    writers: list[str] = field(default_factory=list)
    ttl: float = 0.0
    updated: float = 0.0
    # The router's answer had no writers (not: writers were forgotten since): the next
    # refresh asks the seed first.
    without_writers: bool = False

    @classmethod
    def parse(cls, rt: dict[str, Any], now: float) -> RoutingTable:
        """A table from ROUTE's ``rt`` (``ttl``, ``db``, ``servers[{addresses, role}]``)."""
        table = cls(rt.get("db"), ttl=float(rt.get("ttl", 0)), updated=now)
        roles = {"ROUTE": table.routers, "READ": table.readers, "WRITE": table.writers}
        for server in rt.get("servers") or ():
            target = roles.get(server.get("role"))
            if target is None:
                continue
            for address in server.get("addresses") or ():
                if address not in target:
                    target.append(str(address))
        table.without_writers = not table.writers
        return table

    def is_fresh(self, mode: str, now: float) -> bool:
        if now >= self.updated + self.ttl or not self.routers:
            return False
        return bool(self.readers if mode == "r" else self.writers)

    def servers(self, mode: str) -> list[str]:
        return self.readers if mode == "r" else self.writers

    def forget(self, address: str) -> None:
        for role in (self.routers, self.readers, self.writers):
            if address in role:
                role.remove(address)

    def forget_writer(self, address: str) -> None:
        if address in self.writers:
            self.writers.remove(address)


Acquire = Callable[[str, float], Awaitable[AsyncBolt]]  # (address, deadline) -> connection
Resolve = Callable[[str], Awaitable[list[str]]]  # the driver's resolver over one address
Release = Callable[[AsyncBolt], Awaitable[None]]


class AsyncRouter:
    """The routing tables of one driver."""

    def __init__(
        self, seed: str, context: dict[str, Any], acquire: Acquire, release: Release,
        purge_delay: float = 30.0, resolve: Resolve | None = None,
    ) -> None:  # fmt: skip
        self.seed = seed
        self.context = context
        self._acquire = acquire
        self._release = release
        self._purge_delay = purge_delay
        self._resolve = resolve
        self.tables: dict[str | None, RoutingTable] = {}
        self.refreshes = 0  # ROUTE round trips made (observability and tests)

    async def table(
        self,
        database: str | None,
        mode: str,
        deadline: float,
        bookmarks: BookmarkSource | None = None,
        imp_user: str | None = None,
        force: bool = False,
    ) -> RoutingTable:
        """A fresh table for ``database`` (None: the home database) serving ``mode``;
        connections to routers are acquired before ``deadline``. ``force``: ask a router
        even when the table is fresh (resolving the home database, as sessions do)."""
        now = monotonic()
        table = self.tables.get(database)
        if table is not None and table.is_fresh(mode, now) and not force:
            return table
        self._purge(now)
        sent = await bookmarks() if bookmarks is not None else []
        return await self._refresh(database, table, sent, deadline, imp_user)

    def _purge(self, now: float) -> None:
        for key, table in list(self.tables.items()):
            if now > table.updated + table.ttl + self._purge_delay:
                del self.tables[key]

    async def _refresh(
        self,
        database: str | None,
        old: RoutingTable | None,
        bookmarks: list[str],
        deadline: float,
        imp_user: str | None = None,
    ) -> RoutingTable:
        # The seed is asked first for a new table or one without writers, else last; every
        # router at most once per refresh (as the official drivers do).
        others = [r for r in (old.routers if old is not None else []) if r != self.seed]
        prefer_seed = old is None or old.without_writers
        order = [self.seed, *others] if prefer_seed else [*others, self.seed]
        last: BaseException | None = None
        for router in order:
            # Every address the router resolves to is asked before the next router.
            addresses = await self._resolve(router) if self._resolve else [router]
            for address in addresses:
                try:
                    table = await self._fetch(address, database, bookmarks, deadline, imp_user)
                except (ServiceUnavailable, Neo4jError, DriverError) as error:
                    _raise_if_fatal(error)
                    last = error
                    continue
                return self._store(database, table)
            if old is not None:
                old.forget(router)
        # Plain ServiceUnavailable, as the official driver raises.
        out = ServiceUnavailable(
            f"Unable to retrieve routing information for database {database!r}"
        )
        out.__cause__ = last
        raise out

    def _store(self, database: str | None, table: RoutingTable) -> RoutingTable:
        self.tables[database] = table
        if database is None and table.database:
            self.tables[table.database] = table
        return table

    async def _fetch(
        self,
        address: str,
        database: str | None,
        bookmarks: list[str],
        deadline: float,
        imp_user: str | None,
    ) -> RoutingTable:
        bolt = await self._acquire(address, deadline)
        try:
            rt = await bolt.route(self.context, bookmarks, database, imp_user)
        finally:
            await self._release(bolt)
        self.refreshes += 1
        table = RoutingTable.parse(rt, monotonic())
        table.database = table.database or database
        if not table.routers or not table.readers:
            raise ServiceUnavailable(f"Router {address} returned an unusable routing table")
        return table

    def on_error(self, database: str | None, address: str, error: BaseException) -> None:
        """Drop ``address`` where ``error`` says it cannot serve."""
        if isinstance(error, (NotALeader, ForbiddenOnReadOnlyDatabase)):
            for table in self._tables_of(database):
                table.forget_writer(address)
        elif isinstance(error, (ServiceUnavailable, SessionExpired)) or (
            isinstance(error, Neo4jError)
            and error.code == "Neo.TransientError.General.DatabaseUnavailable"
        ):
            for table in self.tables.values():
                table.forget(address)

    def _tables_of(self, database: str | None) -> list[RoutingTable]:
        table = self.tables.get(database)
        return [table] if table is not None else list(self.tables.values())
