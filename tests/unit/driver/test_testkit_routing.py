"""The testkit backend's routing-table requests over the sync Bolt connector and a scripted
router: ``ForcedRoutingTableUpdate`` asks the router now, ``GetRoutingTable`` reports it."""

from __future__ import annotations

from typing import Any

from testkit_backend._handlers import forced_routing_table_update, get_routing_table

from graphbolt.driver._sync.driver import GraphDatabase

from .stub_bolt import SUCCESS, C, S, StubServer, hello


class FakeBackend:
    def __init__(self, driver: Any) -> None:
        self.drivers = {1: driver}
        self.sent: list[tuple[str, Any]] = []

    def send(self, name: str, data: Any) -> None:
        self.sent.append((name, data))


def test_forced_update_then_get_routing_table() -> None:
    servers = [{"role": "ROUTE", "addresses": ["r:1"]}, {"role": "READ", "addresses": ["a:1"]}]
    answer = S(SUCCESS, {"rt": {"ttl": 1000, "servers": servers}})
    with StubServer((5, 0), [*hello((5, 0)), C("ROUTE"), answer]) as router:
        driver = GraphDatabase.driver(f"neo4j://127.0.0.1:{router.port}", auth=("u", "p"))
        backend = FakeBackend(driver)
        forced_routing_table_update(backend, {"driverId": 1, "database": "adb"})
        get_routing_table(backend, {"driverId": 1, "database": "adb"})
        get_routing_table(backend, {"driverId": 1, "database": "other"})
        driver.close()
    assert backend.sent[0] == ("Driver", {"id": 1})
    assert backend.sent[1] == (
        "RoutingTable",
        {"database": "adb", "ttl": 1000, "routers": ["r:1"], "readers": ["a:1"], "writers": []},
    )
    assert backend.sent[2][1]["routers"] == []  # never fetched: empty
    assert router.received[1][1][2] == {"db": "adb"}
