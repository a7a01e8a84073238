"""Each Bolt version the server offers, spoken by the official driver.

The driver is made to propose one version only (its handshake bytes are patched), so every
version's differences are exercised: 4.4 auth in HELLO and the ``utc`` patch, 5.0 element ids,
5.1 LOGON, 5.6 statuses, 5.7 GQL errors, 6.0 through the manifest.
"""

from __future__ import annotations

from typing import Any

import pytest

neo4j = pytest.importorskip(
    "neo4j", reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'"
)
pytz = pytest.importorskip("pytz")
ntime = pytest.importorskip("neo4j.time")
try:  # where the sync Bolt class lives: 6.x, then 5.x
    from neo4j._sync.io._bolt._base import Bolt
except ImportError:
    from neo4j._sync.io._bolt import Bolt  # type: ignore[attr-defined,no-redef]

VERSIONS = [(4, 4), (5, 0), (5, 1), (5, 2), (5, 3), (5, 4), (5, 6), (5, 7), (5, 8), (6, 0)]


def _proposal(version: tuple[int, int]) -> bytes:
    if version >= (6, 0):
        return b"\x00\x00\x01\xff" + b"\x00" * 12  # only reachable through the manifest
    return bytes([0, 0, version[1], version[0]]) + b"\x00" * 12


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"{v[0]}.{v[1]}")
def test_version(server: Any, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int]) -> None:
    if version >= (6, 0) and int(neo4j.__version__.split(".")[0]) < 6:
        pytest.skip("Bolt 6 needs the 6.x driver")
    monkeypatch.setattr(Bolt, "get_handshake", classmethod(lambda cls: _proposal(version)))
    zoned = pytz.timezone("Europe/Berlin").localize(ntime.DateTime(2022, 10, 30, 2, 30, 0, 7))
    fixed = ntime.DateTime(1999, 1, 2, 3, 4, 5, 6, tzinfo=pytz.FixedOffset(-330))
    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        assert tuple(driver.get_server_info().protocol_version) == version
        records, summary, _ = driver.execute_query(
            "CREATE p = (a:V {v: $tag})-[r:R]->(b:V) RETURN p, $z AS z, $f AS f",
            tag=str(version), z=zoned, f=fixed,
        )  # fmt: skip
        path = records[0]["p"]
        assert path.start_node["v"] == str(version) and path.relationships[0].type == "R"
        assert records[0]["z"] == zoned and records[0]["z"].tzinfo.zone == "Europe/Berlin"
        assert records[0]["f"] == fixed
        assert summary.counters.nodes_created == 2
        with driver.session() as session:
            tx = session.begin_transaction()
            assert tx.run("RETURN 1 AS x").single()["x"] == 1
            tx.commit()
            with pytest.raises(neo4j.exceptions.CypherSyntaxError):
                session.run("RETURN (").consume()
            assert session.run("RETURN 2 AS x").single()["x"] == 2
