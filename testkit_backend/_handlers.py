"""All request handlers by request name, plus routing-table introspection."""

from __future__ import annotations

import time
from typing import Any

from testkit_backend import _callbacks, _requests, _results
from testkit_backend._backend import Backend, Handler


def get_routing_table(backend: Backend, data: dict[str, Any]) -> None:
    """The driver's routing table of ``database`` (graphbolt's Bolt connector internals)."""
    driver = backend.drivers[data["driverId"]]
    router = getattr(driver._connector, "router", None)
    if router is None:
        raise ValueError("The driver does not route (not a neo4j:// URI)")
    database = data.get("database")
    table = router.tables.get(database)
    if table is None:  # never fetched, or every router failed: an empty table
        backend.send(
            "RoutingTable",
            {"database": database, "ttl": 0, "routers": [], "readers": [], "writers": []},
        )
        return
    backend.send(
        "RoutingTable",
        {
            "database": table.database,
            "ttl": table.ttl,
            "routers": list(table.routers),
            "readers": list(table.readers),
            "writers": list(table.writers),
        },
    )


def forced_routing_table_update(backend: Backend, data: dict[str, Any]) -> None:
    """Fetch ``database``'s routing table now (``Backend:RTForceUpdate``)."""
    driver = backend.drivers[data["driverId"]]
    connector = driver._connector
    router = getattr(connector, "router", None)
    if router is None:
        raise ValueError("The driver does not route (not a neo4j:// URI)")
    bookmarks = list(data.get("bookmarks") or ())
    deadline = time.monotonic() + connector.config.connection_acquisition_timeout
    router.table(data.get("database"), "r", deadline, lambda: bookmarks, force=True)
    backend.send("Driver", {"id": data["driverId"]})


HANDLERS: dict[str, Handler] = {
    **_requests.HANDLERS,
    **_results.HANDLERS,
    **_callbacks.HANDLERS,
    "GetRoutingTable": get_routing_table,
    "ForcedRoutingTableUpdate": forced_routing_table_update,
}
