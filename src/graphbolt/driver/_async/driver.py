"""``AsyncGraphDatabase`` and ``AsyncDriver``: the entry points of the async driver.

``AsyncGraphDatabase.driver("memory://")`` opens a private in-memory database in this
process; ``driver("file:///abs/path")`` a durable one (created if absent). Bolt URIs are
served by the Bolt connector (``bolt_connector.py``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from graphbolt.driver._api import (
    Bookmarks,
    Query,
    RoutingControl,
    ServerInfo,
    normalize_auth,
)
from graphbolt.driver._async.bolt_connector import AsyncBoltConnector
from graphbolt.driver._async.bookmarks import AsyncBookmarkManager, AsyncNeo4jBookmarkManager
from graphbolt.driver._async.connector import AsyncConnector
from graphbolt.driver._async.embedded import AsyncEmbeddedConnector
from graphbolt.driver._async.result import AsyncResult
from graphbolt.driver._async.session import API_EXECUTE_QUERY, AsyncSession
from graphbolt.driver._async.transaction import AsyncManagedTransaction
from graphbolt.driver._config import (
    BOLT_SCHEMES,
    DriverConfig,
    driver_config,
    parse_uri,
    session_config,
)
from graphbolt.driver._notifications import notification_filters
from graphbolt.driver._values import to_parameters
from graphbolt.exceptions import AuthError, ConfigurationError, DriverError

T = TypeVar("T")

_DEFAULT = object()  # "argument not given" for execute_query's bookmark_manager_


class AsyncGraphDatabase:
    """Factory of drivers and bookmark managers."""

    @staticmethod
    def driver(uri: str, *, auth: Any = None, **config: Any) -> AsyncDriver:
        """A driver for ``uri``: ``memory://``, ``file:///abs/path`` (embedded) or a Bolt server
        (``bolt://host:port``, ``neo4j://host:port``, with ``+s`` / ``+ssc`` for TLS)."""
        parsed = parse_uri(uri)
        cfg = driver_config(config)
        if parsed.scheme in ("memory", "file"):
            connector = AsyncEmbeddedConnector(
                parsed.path,
                max_worker_threads=cfg.max_worker_threads,
                notifications=notification_filters(cfg),
            )
            return AsyncDriver(connector, cfg, normalize_auth(auth))
        if parsed.scheme in BOLT_SCHEMES:
            auth_token = normalize_auth(auth)
            return AsyncDriver(AsyncBoltConnector(parsed, cfg, auth_token), cfg, auth_token)
        raise ConfigurationError(f"Unsupported URI {uri!r}")  # pragma: no cover

    @staticmethod
    def bookmark_manager(
        initial_bookmarks: Bookmarks | Iterable[str] | None = None,
        bookmarks_supplier: Callable[[], Any] | None = None,
        bookmarks_consumer: Callable[[Bookmarks], Any] | None = None,
    ) -> AsyncBookmarkManager:
        """The default bookmark manager implementation."""
        return AsyncNeo4jBookmarkManager(initial_bookmarks, bookmarks_supplier, bookmarks_consumer)


class AsyncDriver:
    """A handle on one DBMS; sessions borrow its connections. Safe to share between tasks."""

    def __init__(self, connector: AsyncConnector, config: DriverConfig, auth: Any) -> None:
        self._connector = connector
        self._config = config
        self._auth = auth
        self._closed = False
        self._query_bookmark_manager = AsyncNeo4jBookmarkManager()

    async def __aenter__(self) -> AsyncDriver:
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the driver and its connector (an in-memory database is discarded)."""
        if not self._closed:
            self._closed = True
            await self._connector.close()

    def _check_open(self) -> None:
        if self._closed:
            raise DriverError("The driver has been closed.")

    @property
    def encrypted(self) -> bool:
        if isinstance(self._connector, AsyncBoltConnector):
            return self._connector.encrypted
        return bool(self._config.encrypted)

    @property
    def execute_query_bookmark_manager(self) -> AsyncBookmarkManager:
        """The bookmark manager ``execute_query`` uses by default."""
        return self._query_bookmark_manager

    def session(self, **config: Any) -> AsyncSession:
        """A new session; keyword arguments override the driver's session settings."""
        self._check_open()
        return AsyncSession(self._connector, session_config(self._config, config))

    async def execute_query(
        self,
        query_: str | Query,
        parameters_: dict[str, Any] | None = None,
        routing_: RoutingControl | str = RoutingControl.WRITE,
        database_: str | None = None,
        impersonated_user_: str | None = None,
        bookmark_manager_: Any = _DEFAULT,
        auth_: Any = None,
        result_transformer_: Callable[[AsyncResult], Awaitable[Any]] = (
            AsyncResult.to_eager_result
        ),
        **kwargs: Any,
    ) -> Any:
        """Run one query in a retried managed transaction; by default an ``EagerResult``.

        Calls are causally chained through ``execute_query_bookmark_manager`` unless
        ``bookmark_manager_=None``. Keyword arguments are query parameters, except names
        ending in a single underscore, which are reserved.
        """
        self._check_open()
        for key in kwargs:
            if key.endswith("_") and not key.endswith("__"):
                raise ValueError(
                    f"Keyword argument {key!r} ending in '_' is reserved: pass it in parameters_"
                )
        text, metadata, timeout = _split_query(query_)
        parameters = to_parameters(parameters_, kwargs)
        manager = (
            self._query_bookmark_manager if bookmark_manager_ is _DEFAULT else (bookmark_manager_)
        )
        mode = _routing_mode(routing_)
        session = self.session(
            database=database_,
            impersonated_user=impersonated_user_,
            bookmark_manager=manager,
            auth=normalize_auth(auth_),
        )
        async with session:
            return await session._run_transaction(
                mode, _run_and_transform, (text, parameters, result_transformer_), {},
                metadata, timeout, API_EXECUTE_QUERY,
            )  # fmt: skip

    async def verify_connectivity(self, **config: Any) -> None:
        """Raise if the database (default, or ``database=``) cannot be reached."""
        self._check_open()
        await self._connector.verify_connectivity(config.get("database"))

    async def get_server_info(self, **config: Any) -> ServerInfo:
        """Address, agent and protocol version of the server."""
        self._check_open()
        if isinstance(self._connector, AsyncBoltConnector):
            # One connection, as the official driver: one routing round trip, one RESET.
            return await self._connector.server_info(config.get("database"))
        await self._connector.verify_connectivity(config.get("database"))
        return await self._connector.server_info()

    async def verify_authentication(self, auth: Any = None, **config: Any) -> bool:
        """True when the credentials are accepted (embedded databases accept any)."""
        self._check_open()
        if isinstance(self._connector, AsyncBoltConnector):
            try:
                connection = await self._connector.acquire(
                    config.get("database"), "r", normalize_auth(auth)
                )
            except AuthError:
                return False
            await connection.close()
            return True
        await self._connector.verify_connectivity(config.get("database"))
        return True

    async def supports_multi_db(self) -> bool:
        self._check_open()
        return self._connector.supports_multi_db()

    async def supports_session_auth(self) -> bool:
        self._check_open()
        return True


async def _run_and_transform(
    tx: AsyncManagedTransaction,
    query: str,
    parameters: dict[str, Any],
    transformer: Callable[[AsyncResult], Awaitable[Any]],
) -> Any:
    result = await tx.run(query, parameters)
    return await transformer(result)


def _split_query(query: str | Query) -> tuple[str, Any, Any]:
    if isinstance(query, Query):
        return str(query.text), query.metadata, query.timeout
    return str(query), None, None


def _routing_mode(routing: RoutingControl | str) -> str:
    value = routing.value if isinstance(routing, RoutingControl) else routing
    if value in ("r", "w"):
        return value
    raise ValueError(f"Invalid routing control value: {routing!r}")
