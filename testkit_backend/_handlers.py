"""All request handlers by request name, plus routing-table introspection."""

from __future__ import annotations

from typing import Any

from testkit_backend import _callbacks, _requests, _results
from testkit_backend._backend import Backend, Handler


def get_routing_table(backend: Backend, data: dict[str, Any]) -> None:
    """The driver's routing table of ``database`` (graphbolt's Bolt connector internals)."""
    driver = backend.drivers[data["driverId"]]
    router = getattr(driver._connector, "router", None)
    if router is None:
        raise ValueError("The driver does not route (not a neo4j:// URI)")
    table = router.tables[data.get("database")]
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


HANDLERS: dict[str, Handler] = {
    **_requests.HANDLERS,
    **_results.HANDLERS,
    **_callbacks.HANDLERS,
    "GetRoutingTable": get_routing_table,
}
