"""Every value type through the official driver: parameters in, the same values out."""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest

neo4j = pytest.importorskip(
    "neo4j", reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'"
)
pytz = pytest.importorskip("pytz")
ntime = pytest.importorskip("neo4j.time")
spatial = pytest.importorskip("neo4j.spatial")

SCALARS: list[Any] = [
    None, True, False, 0, 1, -1, 127, 128, -16, -17, -128, -129, 32767, 32768, -32769,
    2**31 - 1, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63), 0.0, -0.5, 1e308, math.inf,
    "", "a", "é漢字🙂", "x" * 15, "x" * 16, "y" * 300, "z" * 70_000,
    b"", b"\x00\xff", bytes(range(256)) * 300,
    [], [1, "two", 3.0, None, [True]], list(range(20)), list(range(70_000)),
    {}, {"a": 1, "b": {"c": [1, {"d": None}]}}, {str(i): i for i in range(300)},
]  # fmt: skip


def echo(driver: Any, value: Any) -> Any:
    records, _, _ = driver.execute_query("RETURN $v AS v", v=value)
    return records[0]["v"]


@pytest.mark.parametrize("value", SCALARS, ids=lambda v: type(v).__name__)
def test_packstream_values_round_trip(driver: Any, value: Any) -> None:
    assert echo(driver, value) == value


def test_nan_round_trips(driver: Any) -> None:
    assert math.isnan(echo(driver, math.nan))


TEMPORALS: list[Any] = [
    ntime.Date(1, 1, 1),
    ntime.Date(9999, 12, 31),
    ntime.Time(12, 34, 56, 123456789, tzinfo=pytz.FixedOffset(-150)),
    ntime.Time(23, 59, 59, 999999999),
    ntime.DateTime(2020, 3, 29, 2, 30, 0, 1, tzinfo=pytz.FixedOffset(60)),
    pytz.timezone("Europe/Stockholm").localize(ntime.DateTime(2021, 6, 1, 12, 0, 0, 999999999)),
    pytz.timezone("America/New_York").localize(ntime.DateTime(1999, 12, 31, 23, 59, 59, 5)),
    ntime.DateTime(1969, 7, 20, 20, 17, 40, 5),
    ntime.Duration(years=1, months=2, days=-3, hours=4, seconds=5, nanoseconds=6),
    ntime.Duration(seconds=-1, nanoseconds=1),
    spatial.CartesianPoint((1.5, -2.0)),
    spatial.CartesianPoint((1.0, 2.0, 3.0)),
    spatial.WGS84Point((12.5, 55.7)),
    spatial.WGS84Point((12.5, 55.7, 10.0)),
]


@pytest.mark.parametrize("value", TEMPORALS, ids=repr)
def test_temporal_and_spatial_round_trip(driver: Any, value: Any) -> None:
    back = echo(driver, value)
    assert back == value
    assert type(back) is type(value)
    tz = getattr(value, "tzinfo", None)
    if tz is not None and hasattr(tz, "zone"):
        assert back.tzinfo.zone == tz.zone  # the zone name, not just the offset


def test_python_datetime_values(driver: Any) -> None:
    value = datetime.datetime(2021, 1, 1, 1, 2, 3, 456789, tzinfo=datetime.timezone.utc)
    assert echo(driver, value) == value
    assert echo(driver, datetime.date(2000, 2, 29)) == ntime.Date(2000, 2, 29)
    assert echo(driver, datetime.timedelta(days=1, microseconds=7)) == ntime.Duration(
        days=1, nanoseconds=7000
    )


def test_temporals_computed_by_the_server(driver: Any) -> None:
    records, _, _ = driver.execute_query(
        "RETURN datetime('2020-06-02T03:04:05.000000009[Europe/Stockholm]') AS z, "
        "localtime('12:00:00.000000001') AS lt, duration('PT0.5S') AS d"
    )
    z = records[0]["z"]
    assert (z.year, z.month, z.day, z.hour, z.nanosecond) == (2020, 6, 2, 3, 9)
    assert z.tzinfo.zone == "Europe/Stockholm" and z.utcoffset() == datetime.timedelta(hours=2)
    assert records[0]["lt"] == ntime.Time(12, 0, 0, 1)
    assert records[0]["d"] == ntime.Duration(nanoseconds=500_000_000)


def test_nodes_relationships_and_paths(driver: Any) -> None:
    records, _, _ = driver.execute_query(
        "CREATE p = (a:Gv:Start {name: 'a'})-[r:LINK {w: 1.5}]->(b:Gv {name: 'b'})"
        "<-[s:LINK {w: 2}]-(c:Gv {name: 'c'}) RETURN a, r, p"
    )
    a, r, p = records[0]["a"], records[0]["r"], records[0]["p"]
    assert isinstance(a, neo4j.graph.Node) and a.labels == {"Gv", "Start"}
    assert a["name"] == "a" and a.element_id
    assert isinstance(r, neo4j.graph.Relationship) and r.type == "LINK" and r["w"] == 1.5
    assert r.start_node.element_id == a.element_id
    assert isinstance(p, neo4j.graph.Path) and len(p) == 2
    assert [n["name"] for n in p.nodes] == ["a", "b", "c"]
    backward = p.relationships[1]
    assert backward.start_node["name"] == "c" and backward.end_node["name"] == "b"
