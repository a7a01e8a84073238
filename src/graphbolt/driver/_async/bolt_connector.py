"""``AsyncBoltConnector``: the connector for ``bolt://`` (one server) and ``neo4j://``
(routing) URIs, with their ``+s`` (TLS, system CAs) and ``+ssc`` (TLS, any certificate)
variants.

One ``AsyncBoltPool`` per server address; with routing, an ``AsyncRouter`` picks the address
(the reader or writer of the database with the fewest connections in use) and learns from
the errors sessions meet. ``connection_acquisition_timeout`` is one deadline for everything
``acquire`` does: routing table, waiting for a free slot, connecting and authenticating.
"""

from __future__ import annotations

import random
from typing import Any

from graphbolt.bolt._versions import has_logon
from graphbolt.driver._api import ServerInfo, normalize_auth
from graphbolt.driver._async.bolt import AsyncBolt
from graphbolt.driver._async.bolt_connection import AsyncBoltConnection
from graphbolt.driver._async.bolt_pool import AsyncBoltPool
from graphbolt.driver._async.bolt_routing import AsyncRouter
from graphbolt.driver._async.connector import AsyncConnection, AsyncConnector, BookmarkSource
from graphbolt.driver._async_compat import AsyncUtil
from graphbolt.driver._bolt_io import monotonic, ssl_context_for
from graphbolt.driver._config import DriverConfig, ParsedUri
from graphbolt.driver._errors import expires_auth
from graphbolt.driver._notifications import notification_filters
from graphbolt.exceptions import (
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    ServiceUnavailable,
    SessionExpired,
)


def _split(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    return host.strip("[]"), int(port)


class AsyncBoltConnector(AsyncConnector):
    """Connections to the Bolt server(s) of ``uri``."""

    def __init__(self, uri: ParsedUri, config: DriverConfig, auth: Any) -> None:
        if not uri.host:
            raise ConfigurationError("A Bolt URI needs a host")
        self.config = config
        self.auth = auth
        self.scheme = uri.scheme
        self.seed = f"{uri.host}:{uri.port}"
        self.routing = uri.scheme.startswith("neo4j")
        self._context = ssl_context_for(uri.scheme, config, uri.host)
        self._routing_context = {"address": self.seed, **uri.routing_context}
        self.pools: dict[str, AsyncBoltPool] = {}
        self._resolved: set[str] = set()  # addresses the resolver gave for routers
        self.router: AsyncRouter | None = None
        if self.routing:
            self.router = AsyncRouter(
                self.seed, self._routing_context, self._acquire_at, self._release,
                config.routing_table_purge_delay, self._resolve_router,
            )  # fmt: skip
        elif uri.routing_context:
            raise ConfigurationError("Routing context is only allowed with neo4j:// URIs")
        self._closed = False
        self._info: ServerInfo | None = None

    @property
    def encrypted(self) -> bool:
        return self._context is not None

    # -- pools ------------------------------------------------------------------------------
    def pool(self, address: str) -> AsyncBoltPool:
        pool = self.pools.get(address)
        if pool is None:
            pool = AsyncBoltPool(address, self._opener(address), self.config)
            self.pools[address] = pool
        return pool

    def _opener(self, address: str) -> Any:
        async def open_bolt(timeout: float, auth: Any) -> AsyncBolt:
            # The configured resolver may turn one address into several: the first that
            # accepts a connection serves this address's pool.
            last: ServiceUnavailable | None = None
            # An address the router got from the resolver is not resolved again.
            targets = [address] if address in self._resolved else await self.resolve(address)
            for target in targets:
                host, port = _split(target)
                try:
                    bolt = await AsyncBolt.open(
                        host, port, context=self._context,
                        timeout=min(timeout, self.config.connection_timeout),
                        auth=self.auth if auth is None else auth,
                        user_agent=self.config.user_agent,
                        routing=self._routing_context if self.routing else None,
                        notifications=notification_filters(self.config),
                        telemetry_disabled=self.config.telemetry_disabled,
                    )  # fmt: skip
                except ServiceUnavailable as error:
                    last = error
                    continue
                bolt.address = address  # the pool's key, whatever it resolved to
                return bolt
            raise last or ServiceUnavailable(f"The resolver gave no address for {address}")

        return open_bolt

    async def resolve(self, address: str) -> list[str]:
        """``address`` through the configured ``resolver`` (called with ``(host, port)``,
        answering such pairs); itself when there is none."""
        resolver = self.config.resolver
        if resolver is None:
            return [address]
        answer = await AsyncUtil.callback(resolver, _split(address))
        return [f"{host}:{port}" for host, port in answer]

    async def _resolve_router(self, address: str) -> list[str]:
        resolved = await self.resolve(address)
        if self.config.resolver is not None:
            self._resolved.update(resolved)
        return resolved

    async def _acquire_at(
        self, address: str, deadline: float, auth: Any = None, ping: bool = False
    ) -> AsyncBolt:
        if self._closed:
            raise ServiceUnavailable("The driver has been closed")
        return await self.pool(address).acquire(deadline, auth, ping)

    async def _release(self, bolt: AsyncBolt) -> None:
        pool = self.pools.get(bolt.address)
        if pool is None:  # pragma: no cover - every connection comes from a pool
            await bolt.close()
        else:
            await pool.release(bolt)

    # -- the connector interface ------------------------------------------------------------
    async def acquire(
        self,
        database: str | None,
        mode: str,
        auth: Any = None,
        *,
        imp_user: str | None = None,
        bookmarks: BookmarkSource | None = None,
        ping: bool = False,
    ) -> AsyncConnection:
        """A connection for ``database``/``mode``; ``ping``: an idle pooled connection is
        checked with RESET first (as connectivity checks do)."""
        deadline = monotonic() + self.config.connection_acquisition_timeout
        auth = normalize_auth(auth)
        if self.router is None:
            bolt = await self._acquire_at(self.seed, deadline, auth, ping)
            return await self._hand_out(bolt, auth, None)
        # A session's first acquire without a database resolves the home database anew.
        table = await self.router.table(
            database, mode, deadline, bookmarks, imp_user, force=database is None
        )
        # Fewest connections in use first, ties in random order (spreads the load).
        candidates = random.sample(table.servers(mode), len(table.servers(mode)))
        candidates.sort(key=lambda a: self.pool(a).in_use)
        last: BaseException | None = None
        for address in candidates:
            try:
                bolt = await self._acquire_at(address, deadline, auth, ping)
            except ConnectionAcquisitionTimeoutError:
                raise
            except ServiceUnavailable as error:
                self.router.on_error(database, address, error)
                last = error
                continue
            connection = await self._hand_out(bolt, auth, database)
            connection.database = database or table.database
            return connection
        expired = SessionExpired(
            f"Failed to obtain a connection towards a {'READ' if mode == 'r' else 'WRITE'} "
            f"server for database {database!r}"
        )
        expired.__cause__ = last
        raise expired

    async def _hand_out(self, bolt: AsyncBolt, auth: Any, database: str | None) -> AsyncConnection:
        wanted = auth if auth is not None else self.auth
        if wanted != bolt.auth:
            if not has_logon(bolt.version):
                await self._release(bolt)
                raise ConfigurationError("Session auth needs Bolt 5.1 or later")
            try:
                await bolt.reauth(wanted)
            except BaseException:
                await self._release(bolt)
                raise
        router = self.router

        def on_error(address: str, error: BaseException) -> None:
            if expires_auth(error):
                self.pool(address).expire_auth()
            if router is not None:
                router.on_error(database, address, error)

        return AsyncBoltConnection(bolt, self._release, on_error)

    async def server_info(self, database: str | None = None) -> ServerInfo:
        connection = await self.acquire(database, "r", ping=True)
        try:
            assert connection.server is not None
            return connection.server
        finally:
            await connection.close()

    async def verify_connectivity(self, database: str | None = None) -> None:
        connection = await self.acquire(database, "r", ping=True)
        await connection.close()

    def supports_multi_db(self) -> bool:
        return True

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for pool in list(self.pools.values()):
            await pool.close()
