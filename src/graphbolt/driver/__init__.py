"""graphbolt's driver: the API of the official ``neo4j`` Python driver, sync and async.

``_async/`` is the hand-written source; ``_sync/`` is generated from it by
``tools/unasync.py``. Connectors (``_async/connector.py``) reach the database: the embedded
one runs it in this process (``memory://``, ``file:///path``).
"""

from graphbolt.driver._api import (
    READ_ACCESS,
    WRITE_ACCESS,
    Auth,
    AuthToken,
    Bookmarks,
    Query,
    RoutingControl,
    ServerInfo,
    TrustAll,
    TrustCustomCAs,
    TrustSystemCAs,
    basic_auth,
    bearer_auth,
    custom_auth,
    kerberos_auth,
    unit_of_work,
)
from graphbolt.driver._async.bookmarks import AsyncBookmarkManager
from graphbolt.driver._async.driver import AsyncDriver, AsyncGraphDatabase
from graphbolt.driver._async.result import AsyncResult
from graphbolt.driver._async.session import AsyncSession
from graphbolt.driver._async.transaction import AsyncManagedTransaction, AsyncTransaction
from graphbolt.driver._graph import Graph
from graphbolt.driver._records import Record
from graphbolt.driver._summary import (
    EagerResult,
    GqlStatusObject,
    NotificationCategory,
    NotificationClassification,
    NotificationDisabledCategory,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    NotificationSeverity,
    ResultSummary,
    SummaryCounters,
    SummaryInputPosition,
    SummaryNotification,
)
from graphbolt.driver._sync.bookmarks import BookmarkManager
from graphbolt.driver._sync.driver import Driver, GraphDatabase
from graphbolt.driver._sync.result import Result
from graphbolt.driver._sync.session import Session
from graphbolt.driver._sync.transaction import ManagedTransaction, Transaction

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
    "Graph",
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
    "basic_auth",
    "bearer_auth",
    "custom_auth",
    "kerberos_auth",
    "unit_of_work",
]
