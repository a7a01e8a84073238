"""Handlers for driver, session and transaction requests (sync driver API)."""

from __future__ import annotations

from typing import Any

from graphbolt import (
    READ_ACCESS,
    WRITE_ACCESS,
    Bookmarks,
    GraphDatabase,
    NotificationDisabledCategory,
    NotificationMinimumSeverity,
    Query,
    basic_auth,
    bearer_auth,
    custom_auth,
    kerberos_auth,
)
from graphbolt.exceptions import ConfigurationError
from testkit_backend._backend import Backend, SessionTracker
from testkit_backend._callbacks import resolver_for
from testkit_backend._summary import eager_result, server_info
from testkit_backend._values import to_params

Data = dict[str, Any]

# NewDriver fields in milliseconds -> driver config keys in seconds.
_DRIVER_TIMEOUTS = (
    ("connectionTimeoutMs", "connection_timeout"),
    ("maxTxRetryTimeMs", "max_transaction_retry_time"),
    ("connectionAcquisitionTimeoutMs", "connection_acquisition_timeout"),
    ("livenessCheckTimeoutMs", "liveness_check_timeout"),
)
_DRIVER_PLAIN = (
    ("userAgent", "user_agent"),
    ("maxConnectionPoolSize", "max_connection_pool_size"),
    ("fetchSize", "fetch_size"),
    ("telemetryDisabled", "telemetry_disabled"),
    ("encrypted", "encrypted"),
)


def auth_token(token: Any) -> Any:
    """testkit's ``AuthorizationToken`` as a driver auth object (None stays None)."""
    if token is None:
        return None
    data = token.get("data", token)
    scheme = data.get("scheme")
    if scheme == "basic":
        return basic_auth(data["principal"], data["credentials"], realm=data.get("realm"))
    if scheme == "bearer":
        return bearer_auth(data["credentials"])
    if scheme == "kerberos":
        return kerberos_auth(data["credentials"])
    parameters = dict(data.get("parameters") or {})  # plain JSON values, not typed ones
    return custom_auth(
        data.get("principal"), data.get("credentials"), data.get("realm"), scheme, **parameters
    )


def _notification_config(data: Data, config: dict[str, Any]) -> None:
    if "notificationsMinSeverity" in data:
        config["notifications_min_severity"] = NotificationMinimumSeverity[
            data["notificationsMinSeverity"]
        ]
    if "notificationsDisabledCategories" in data:
        config["notifications_disabled_categories"] = [
            NotificationDisabledCategory[c] for c in data["notificationsDisabledCategories"]
        ]


def tx_kwargs(data: Data) -> dict[str, Any]:
    """``metadata`` / ``timeout`` (seconds) from a request's ``txMeta`` / ``timeout`` (ms)."""
    kwargs: dict[str, Any] = {}
    if data.get("txMeta") is not None:
        kwargs["metadata"] = to_params(data["txMeta"])
    if "timeout" in data:
        timeout = data["timeout"]
        kwargs["timeout"] = None if timeout is None else timeout / 1000
    return kwargs


# -- driver ------------------------------------------------------------------------------------
def new_driver(backend: Backend, data: Data) -> None:
    if data.get("authTokenManagerId") is not None:
        raise ConfigurationError("auth token managers are not supported by graphbolt's driver")
    if data.get("clientCertificate") or data.get("clientCertificateProviderId") is not None:
        raise ConfigurationError("client certificates are not supported by graphbolt's driver")
    config: dict[str, Any] = {}
    for source, key in _DRIVER_TIMEOUTS:
        if data.get(source) is not None:
            config[key] = data[source] / 1000
    for source, key in _DRIVER_PLAIN:
        if data.get(source) is not None:
            config[key] = data[source]
    _notification_config(data, config)
    if data.get("resolverRegistered") or data.get("domainNameResolverRegistered"):
        config["resolver"] = resolver_for(backend)
    driver = GraphDatabase.driver(
        data["uri"], auth=auth_token(data.get("authorizationToken")), **config
    )
    driver_id = backend.next_key()
    backend.drivers[driver_id] = driver
    backend.send("Driver", {"id": driver_id})


def driver_close(backend: Backend, data: Data) -> None:
    driver_id = data["driverId"]
    backend.drivers[driver_id].close()
    backend.send("Driver", {"id": driver_id})


def verify_connectivity(backend: Backend, data: Data) -> None:
    key = data["driverId"]
    backend.drivers[key].verify_connectivity()
    backend.send("Driver", {"id": key})


def get_server_info(backend: Backend, data: Data) -> None:
    info = backend.drivers[data["driverId"]].get_server_info()
    backend.send("ServerInfo", server_info(info))


def check_multi_db_support(backend: Backend, data: Data) -> None:
    key = data["driverId"]
    available = backend.drivers[key].supports_multi_db()
    backend.send("MultiDBSupport", {"id": key, "available": available})


def check_session_auth_support(backend: Backend, data: Data) -> None:
    key = data["driverId"]
    available = backend.drivers[key].supports_session_auth()
    backend.send("SessionAuthSupport", {"id": key, "available": available})


def verify_authentication(backend: Backend, data: Data) -> None:
    key = data["driverId"]
    ok = backend.drivers[key].verify_authentication(auth_token(data.get("authorizationToken")))
    backend.send("DriverIsAuthenticated", {"id": key, "authenticated": ok})


def check_driver_is_encrypted(backend: Backend, data: Data) -> None:
    encrypted = backend.drivers[data["driverId"]].encrypted
    backend.send("DriverIsEncrypted", {"encrypted": encrypted})


def execute_query(backend: Backend, data: Data) -> None:
    driver = backend.drivers[data["driverId"]]
    config = data.get("config") or {}
    kwargs: dict[str, Any] = {}
    for source, key in (
        ("database", "database_"),
        ("routing", "routing_"),
        ("impersonatedUser", "impersonated_user_"),
    ):
        if config.get(source) is not None:
            kwargs[key] = config[source]
    manager_id = config.get("bookmarkManagerId")
    if manager_id is not None:
        kwargs["bookmark_manager_"] = (
            None if manager_id == -1 else backend.bookmark_managers[manager_id]
        )
    if config.get("authorizationToken") is not None:
        kwargs["auth_"] = auth_token(config["authorizationToken"])
    extra = tx_kwargs(config)
    query = Query(data["cypher"], **extra) if extra else data["cypher"]
    result = driver.execute_query(query, to_params(data.get("params")), **kwargs)
    backend.send("EagerResult", eager_result(result))


# -- sessions ----------------------------------------------------------------------------------
def new_session(backend: Backend, data: Data) -> None:
    driver = backend.drivers[data["driverId"]]
    config: dict[str, Any] = {"database": data.get("database")}
    mode = data.get("accessMode")
    if mode is not None:
        if mode not in ("r", "w"):
            raise ValueError(f"Unknown access mode {mode!r}")
        config["default_access_mode"] = READ_ACCESS if mode == "r" else WRITE_ACCESS
    if data.get("bookmarks") is not None:
        config["bookmarks"] = Bookmarks.from_raw_values(data["bookmarks"])
    if data.get("bookmarkManagerId") is not None:
        config["bookmark_manager"] = backend.bookmark_managers[data["bookmarkManagerId"]]
    if data.get("fetchSize") is not None:
        config["fetch_size"] = data["fetchSize"]
    if data.get("impersonatedUser") is not None:
        config["impersonated_user"] = data["impersonatedUser"]
    if data.get("authorizationToken") is not None:
        config["auth"] = auth_token(data["authorizationToken"])
    _notification_config(data, config)
    key = backend.next_key()
    backend.sessions[key] = SessionTracker(driver.session(**config))
    backend.send("Session", {"id": key})


def session_close(backend: Backend, data: Data) -> None:
    key = data["sessionId"]
    backend.sessions[key].session.close()
    del backend.sessions[key]
    backend.send("Session", {"id": key})


def session_run(backend: Backend, data: Data) -> None:
    session = backend.sessions[data["sessionId"]].session
    query = Query(data["cypher"], **tx_kwargs(data))
    result = session.run(query, to_params(data.get("params")))
    key = backend.next_key()
    backend.results[key] = result
    backend.send("Result", {"id": key, "keys": list(result.keys())})


def session_begin_transaction(backend: Backend, data: Data) -> None:
    session = backend.sessions[data["sessionId"]].session
    tx = session.begin_transaction(**tx_kwargs(data))
    key = backend.next_key()
    backend.transactions[key] = tx
    backend.send("Transaction", {"id": key})


def session_last_bookmarks(backend: Backend, data: Data) -> None:
    bookmarks = backend.sessions[data["sessionId"]].session.last_bookmarks()
    backend.send("Bookmarks", {"bookmarks": sorted(bookmarks.raw_values)})


# -- transactions ------------------------------------------------------------------------------
def transaction_run(backend: Backend, data: Data) -> None:
    tx = backend.transactions[data["txId"]]
    result = tx.run(data["cypher"], to_params(data.get("params")))
    key = backend.next_key()
    backend.results[key] = result
    backend.send("Result", {"id": key, "keys": list(result.keys())})


def _tx_method(backend: Backend, data: Data, name: str) -> None:
    key = data["txId"]
    tx = backend.transactions[key]
    method = getattr(tx, name, None)
    if method is None:
        # A managed transaction has run() only: the driver's contract, reported as its error.
        from testkit_backend._errors import MarkedDriverError

        raise MarkedDriverError(AttributeError(f"{type(tx).__name__} has no {name}()"))
    method()
    backend.send("Transaction", {"id": key})


def transaction_commit(backend: Backend, data: Data) -> None:
    _tx_method(backend, data, "commit")


def transaction_rollback(backend: Backend, data: Data) -> None:
    _tx_method(backend, data, "rollback")


def transaction_close(backend: Backend, data: Data) -> None:
    _tx_method(backend, data, "close")


HANDLERS = {
    "NewDriver": new_driver,
    "DriverClose": driver_close,
    "VerifyConnectivity": verify_connectivity,
    "GetServerInfo": get_server_info,
    "CheckMultiDBSupport": check_multi_db_support,
    "CheckSessionAuthSupport": check_session_auth_support,
    "VerifyAuthentication": verify_authentication,
    "CheckDriverIsEncrypted": check_driver_is_encrypted,
    "ExecuteQuery": execute_query,
    "NewSession": new_session,
    "SessionClose": session_close,
    "SessionRun": session_run,
    "SessionBeginTransaction": session_begin_transaction,
    "SessionLastBookmarks": session_last_bookmarks,
    "TransactionRun": transaction_run,
    "TransactionCommit": transaction_commit,
    "TransactionRollback": transaction_rollback,
    "TransactionClose": transaction_close,
}
