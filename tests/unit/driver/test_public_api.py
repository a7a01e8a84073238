"""Everything the issue lists is importable from ``graphbolt`` in both flavours."""

from __future__ import annotations

import graphbolt


def test_public_names() -> None:
    for name in (
        "GraphDatabase", "AsyncGraphDatabase", "Driver", "AsyncDriver", "Session",
        "AsyncSession", "Transaction", "AsyncTransaction", "ManagedTransaction",
        "AsyncManagedTransaction", "Result", "AsyncResult", "EagerResult", "Record",
        "ResultSummary", "SummaryCounters", "Query", "unit_of_work", "Bookmarks",
        "BookmarkManager", "AsyncBookmarkManager", "RoutingControl", "basic_auth",
        "bearer_auth", "custom_auth",
    ):  # fmt: skip
        assert getattr(graphbolt, name) is not None, name
    from graphbolt.exceptions import ClientError, Neo4jError

    assert issubclass(ClientError, Neo4jError)
    from graphbolt.graph import Node, Path, Relationship  # noqa: F401
    from graphbolt.spatial import Point  # noqa: F401
    from graphbolt.time import Date, DateTime, Duration, Time  # noqa: F401


def test_sync_twins_have_the_same_public_methods() -> None:
    pairs = [
        (graphbolt.AsyncDriver, graphbolt.Driver),
        (graphbolt.AsyncSession, graphbolt.Session),
        (graphbolt.AsyncResult, graphbolt.Result),
        (graphbolt.AsyncTransaction, graphbolt.Transaction),
        (graphbolt.AsyncManagedTransaction, graphbolt.ManagedTransaction),
    ]
    for async_cls, sync_cls in pairs:
        public_async = {n for n in dir(async_cls) if not n.startswith("_")} - {"cancel"}
        public_sync = {n for n in dir(sync_cls) if not n.startswith("_")}
        assert public_async == public_sync, async_cls
    assert hasattr(graphbolt.AsyncSession, "cancel")
    assert not hasattr(graphbolt.Session, "cancel")


def test_sync_driver_round_trip() -> None:
    with graphbolt.GraphDatabase.driver("memory://") as driver:
        driver.execute_query("CREATE (:S {v: 1})")
        with driver.session() as session:
            assert (
                session.execute_read(lambda tx: tx.run("MATCH (s:S) RETURN s.v AS v").single()["v"])
                == 1
            )
