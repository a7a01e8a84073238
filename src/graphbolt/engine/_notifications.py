"""Notifications the engine attaches to a query's summary, found once when it is compiled."""

from __future__ import annotations

from graphbolt.engine._summary import Notification
from graphbolt.planner import _logical as lp

_NODE_SOURCES = (lp.AllNodesScan, lp.NodeByLabelScan, lp.NodeIndexSeek)

CARTESIAN_PRODUCT = Notification(
    code="Neo.ClientNotification.Statement.CartesianProduct",
    title="This query builds a cartesian product between disconnected patterns.",
    description=(
        "If a part of a query contains multiple disconnected patterns, this will build a "
        "cartesian product between all those parts. This may produce a large amount of data "
        "and slow down query processing. While occasionally intended, it may often be possible "
        "to reformulate the query that avoids the use of this cross product, perhaps by adding "
        "a relationship between the different parts or by using OPTIONAL MATCH."
    ),
    severity="INFORMATION",
    category="PERFORMANCE",
    gql_status="03N90",
)


def plan_notifications(root: lp.LogicalOp) -> list[Notification]:
    """Neo4j-style notifications for a logical plan (none for most queries).

    A cartesian product is a node scan or seek fed by rows that already come from another
    one in the same pipeline (``MATCH (n), (m)``); a nested plan's rows come from its
    ``Argument`` and do not count.
    """
    stack = [root]
    while stack:
        op = stack.pop()
        if isinstance(op, _NODE_SOURCES) and _binds_nodes_below(op.source):
            return [CARTESIAN_PRODUCT]
        stack.extend(op.children())
    return []


def _binds_nodes_below(op: lp.LogicalOp | None) -> bool:
    while op is not None and not isinstance(op, lp.Argument):
        if isinstance(op, _NODE_SOURCES):
            return True
        op = getattr(op, "source", None)
    return False
