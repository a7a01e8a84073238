"""graphbolt: a graph database for Python with the API of the official Neo4j driver.

    from graphbolt import AsyncGraphDatabase

    async with AsyncGraphDatabase.driver("memory://") as driver:
        records, summary, keys = await driver.execute_query("RETURN 1 AS x")

``memory://`` and ``file:///abs/path`` run the database in this process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphbolt import exceptions
    from graphbolt.driver import (
        READ_ACCESS,
        WRITE_ACCESS,
        AsyncBookmarkManager,
        AsyncDriver,
        AsyncGraphDatabase,
        AsyncManagedTransaction,
        AsyncResult,
        AsyncSession,
        AsyncTransaction,
        Auth,
        AuthToken,
        BookmarkManager,
        Bookmarks,
        Driver,
        EagerResult,
        GqlStatusObject,
        GraphDatabase,
        ManagedTransaction,
        NotificationCategory,
        NotificationClassification,
        NotificationDisabledCategory,
        NotificationDisabledClassification,
        NotificationMinimumSeverity,
        NotificationSeverity,
        Query,
        Record,
        Result,
        ResultSummary,
        RoutingControl,
        ServerInfo,
        Session,
        SummaryCounters,
        SummaryInputPosition,
        SummaryNotification,
        Transaction,
        TrustAll,
        TrustCustomCAs,
        TrustSystemCAs,
        basic_auth,
        bearer_auth,
        custom_auth,
        kerberos_auth,
        unit_of_work,
    )

__version__ = "0.1.0"

__all__ = [
    "READ_ACCESS",
    "WRITE_ACCESS",
    "AsyncBookmarkManager",
    "AsyncDriver",
    "AsyncGraphDatabase",
    "AsyncManagedTransaction",
    "AsyncResult",
    "AsyncSession",
    "AsyncTransaction",
    "Auth",
    "AuthToken",
    "BookmarkManager",
    "Bookmarks",
    "Driver",
    "EagerResult",
    "GqlStatusObject",
    "GraphDatabase",
    "ManagedTransaction",
    "NotificationCategory",
    "NotificationClassification",
    "NotificationDisabledCategory",
    "NotificationDisabledClassification",
    "NotificationMinimumSeverity",
    "NotificationSeverity",
    "Query",
    "Record",
    "Result",
    "ResultSummary",
    "RoutingControl",
    "ServerInfo",
    "Session",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "Transaction",
    "TrustAll",
    "TrustCustomCAs",
    "TrustSystemCAs",
    "__version__",
    "basic_auth",
    "bearer_auth",
    "custom_auth",
    "exceptions",
    "kerberos_auth",
    "unit_of_work",
]


def __getattr__(name: str) -> Any:
    # Lazy: importing graphbolt.errors or graphbolt.values (engine, server, TCK harness)
    # must not pull in the driver and everything below it.
    import importlib

    if name == "exceptions":
        return importlib.import_module("graphbolt.exceptions")
    if name in __all__:
        value = getattr(importlib.import_module("graphbolt.driver"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'graphbolt' has no attribute {name!r}")
