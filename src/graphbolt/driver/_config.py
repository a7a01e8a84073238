"""Driver and session configuration: defaults, validation and URI parsing."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import unquote, urlparse

from graphbolt.driver._api import READ_ACCESS, WRITE_ACCESS
from graphbolt.exceptions import ConfigurationError

EMBEDDED_SCHEMES = ("memory", "file")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class DriverConfig:
    """Driver-level settings (names and defaults of the official driver)."""

    max_connection_lifetime: float = 3600.0
    liveness_check_timeout: float | None = None
    max_connection_pool_size: int = 100
    connection_timeout: float = 30.0
    connection_write_timeout: float = 30.0
    connection_acquisition_timeout: float = 60.0
    max_transaction_retry_time: float = 30.0
    fetch_size: int = 1000
    encrypted: bool = False
    trusted_certificates: Any = None
    client_certificate: Any = None
    ssl_context: Any = None
    resolver: Any = None
    user_agent: str | None = None
    keep_alive: bool = True
    telemetry_disabled: bool = False
    notifications_min_severity: Any = None
    notifications_disabled_classifications: Any = None
    notifications_disabled_categories: Any = None
    warn_notification_severity: Any = None
    database: str | None = None
    impersonated_user: str | None = None
    bookmark_manager: Any = None
    disable_auto_commit_retries: bool = False
    initial_retry_delay: float = 1.0
    retry_delay_multiplier: float = 2.0
    retry_delay_jitter_factor: float = 0.2
    routing_table_purge_delay: float = 30.0
    # graphbolt: worker threads running embedded engine calls for the async driver.
    max_worker_threads: int = field(default_factory=lambda: min(32, (os.cpu_count() or 1) + 4))


# Keys a session accepts, with the driver's value as default where the driver has one.
# Not the notification filters: the driver's apply to the connection (HELLO), a session's
# to its transactions (BEGIN/RUN), overriding the driver's.
_SESSION_KEYS = {
    "connection_acquisition_timeout", "max_transaction_retry_time", "fetch_size",
    "warn_notification_severity", "database",
    "impersonated_user", "bookmark_manager", "disable_auto_commit_retries",
    "initial_retry_delay", "retry_delay_multiplier", "retry_delay_jitter_factor",
}  # fmt: skip


@dataclass
class SessionConfig:
    """Session-level settings; unset ones come from the driver configuration."""

    database: str | None = None
    default_access_mode: str = WRITE_ACCESS
    bookmarks: Any = None
    bookmark_manager: Any = None
    impersonated_user: str | None = None
    auth: Any = None
    fetch_size: int = 1000
    max_transaction_retry_time: float = 30.0
    connection_acquisition_timeout: float = 60.0
    disable_auto_commit_retries: bool = False
    initial_retry_delay: float = 1.0
    retry_delay_multiplier: float = 2.0
    retry_delay_jitter_factor: float = 0.2
    notifications_min_severity: Any = None
    notifications_disabled_classifications: Any = None
    notifications_disabled_categories: Any = None
    warn_notification_severity: Any = None


def driver_config(config: dict[str, Any]) -> DriverConfig:
    """Validate driver keyword arguments into a ``DriverConfig``."""
    known = {f.name for f in fields(DriverConfig)}
    unknown = set(config) - known
    if unknown:
        raise ConfigurationError(f"Unexpected config keys: {', '.join(sorted(unknown))}")
    out = DriverConfig(**config)
    _check_fetch_size(out.fetch_size)
    return out


def session_config(driver: DriverConfig, config: dict[str, Any]) -> SessionConfig:
    """Session keyword arguments merged over the driver's defaults."""
    known = {f.name for f in fields(SessionConfig)}
    unknown = set(config) - known
    if unknown:
        raise ConfigurationError(f"Unexpected config keys: {', '.join(sorted(unknown))}")
    merged = {key: getattr(driver, key) for key in _SESSION_KEYS}
    merged.update(config)
    out = SessionConfig(**merged)
    if out.default_access_mode not in (READ_ACCESS, WRITE_ACCESS):
        raise ConfigurationError(f"Unknown access mode {out.default_access_mode!r}")
    _check_fetch_size(out.fetch_size)
    return out


def _check_fetch_size(size: Any) -> None:
    if not isinstance(size, int) or size == 0 or size < -1:
        raise ConfigurationError(f"fetch_size must be a positive int or -1, not {size!r}")


@dataclass(frozen=True)
class ParsedUri:
    """A driver URI: ``scheme`` plus, for ``file://``, the database directory."""

    scheme: str
    path: str | None
    host: str | None = None
    port: int | None = None
    routing_context: dict[str, str] = field(default_factory=dict)


def parse_uri(uri: str) -> ParsedUri:
    """Parse ``memory://``, ``file:///abs/path`` or a Bolt URI (``bolt://host:port`` ...)."""
    parsed = urlparse(uri)
    scheme = parsed.scheme.lower()
    if scheme == "memory":
        if parsed.netloc or parsed.path not in ("", "/"):
            raise ConfigurationError(f"memory:// takes no host or path: {uri!r}")
        return ParsedUri("memory", None)
    if scheme == "file":
        if parsed.netloc not in ("", "localhost"):
            raise ConfigurationError(f"file:// URIs need an absolute path: {uri!r}")
        path = unquote(parsed.path)
        if not path.startswith("/"):
            raise ConfigurationError(f"file:// URIs need an absolute path: {uri!r}")
        return ParsedUri("file", path)
    if scheme in BOLT_SCHEMES:
        context = dict(p.split("=", 1) for p in parsed.query.split("&") if "=" in p)
        return ParsedUri(scheme, None, parsed.hostname, parsed.port or 7687, context)
    raise ConfigurationError(
        f"Unsupported URI scheme {parsed.scheme!r}: use memory://, file:///path or bolt://"
    )
