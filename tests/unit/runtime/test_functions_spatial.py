"""Spatial functions: point(), point.distance / distance, point.withinBBox."""

from __future__ import annotations

import math
from typing import Any

import pytest
from _function_helpers import call

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.values._spatial import Point


@pytest.mark.parametrize(
    ("arg", "srid", "coords"),
    [
        ({"x": 1, "y": 2}, 7203, (1.0, 2.0)),
        ({"x": 1, "y": 2, "z": 3}, 9157, (1.0, 2.0, 3.0)),
        ({"x": 1, "y": 2, "crs": "cartesian"}, 7203, (1.0, 2.0)),
        ({"x": 1.5, "y": 2, "crs": "WGS-84"}, 4326, (1.5, 2.0)),
        ({"x": 1, "y": 2, "srid": 4326}, 4326, (1.0, 2.0)),
        ({"longitude": 12, "latitude": 56}, 4326, (12.0, 56.0)),
        ({"longitude": 12, "latitude": 56, "height": 7}, 4979, (12.0, 56.0, 7.0)),
        (
            {"latitude": 56, "longitude": 12, "crs": "wgs-84-3d", "height": 1},
            4979,
            (12.0, 56.0, 1.0),
        ),
        ({"x": 1, "y": 2, "z": 3, "srid": 9157}, 9157, (1.0, 2.0, 3.0)),
    ],
)
def test_point_construction(arg: dict[str, Any], srid: int, coords: tuple[float, ...]) -> None:
    assert call("point", arg) == Point(srid, coords)


def test_point_null_handling() -> None:
    assert call("point", None) is None
    assert call("point", {"x": None, "y": 1}) is None
    assert call("point", {"longitude": 1, "latitude": None}) is None


@pytest.mark.parametrize(
    "arg",
    [
        {"x": 1},
        {"y": 1, "z": 1},
        {"x": 1, "y": 2, "crs": "wgs-84-3d"},
        {"x": 1, "y": 2, "z": 3, "crs": "cartesian"},
        {"longitude": 1, "latitude": 2, "crs": "cartesian"},
        {"x": 1, "y": 2, "crs": "mars"},
        {"x": 1, "y": 2, "srid": 1234},
        {"longitude": 0, "latitude": 91},
    ],
)
def test_point_invalid_values(arg: dict[str, Any]) -> None:
    with pytest.raises(CypherArgumentError):
        call("point", arg)


@pytest.mark.parametrize("arg", [{"x": "1", "y": 2}, {"x": True, "y": 2}, 5, "point"])
def test_point_invalid_types(arg: Any) -> None:
    with pytest.raises(CypherTypeError):
        call("point", arg)


def test_cartesian_distance() -> None:
    a = call("point", {"x": 2.3, "y": 4.5, "crs": "cartesian"})
    b = call("point", {"x": 1.1, "y": 5.4, "crs": "cartesian"})
    assert call("point.distance", a, b) == pytest.approx(1.5)
    assert call("distance", a, b) == pytest.approx(1.5)
    a3 = call("point", {"x": 0, "y": 0, "z": 0})
    b3 = call("point", {"x": 1, "y": 2, "z": 2})
    assert call("point.distance", a3, b3) == pytest.approx(3.0)


def test_geographic_distance() -> None:
    # Neo4j manual example: about 1269.9 metres between two points near Malmö.
    a = call("point", {"longitude": 12.78, "latitude": 56.7, "height": 100})
    b = call("point", {"latitude": 56.71, "longitude": 12.79, "height": 100})
    assert call("point.distance", a, b) == pytest.approx(1269.9148706779097, rel=1e-9)
    quarter = call(
        "point.distance",
        call("point", {"longitude": 0, "latitude": 0}),
        call("point", {"longitude": 90, "latitude": 0}),
    )
    assert quarter == pytest.approx(6_378_140.0 * math.pi / 2)


def test_distance_across_crs_is_null() -> None:
    a = call("point", {"x": 1, "y": 2})
    b = call("point", {"longitude": 1, "latitude": 2})
    assert call("point.distance", a, b) is None
    assert call("point.distance", a, None) is None
    with pytest.raises(CypherTypeError):
        call("point.distance", a, 1)


def test_within_bbox() -> None:
    p = call("point", {"x": 1, "y": 1})
    low = call("point", {"x": 0, "y": 0})
    high = call("point", {"x": 2, "y": 2})
    assert call("point.withinBBox", p, low, high) is True
    assert call("point.withinBBox", high, low, high) is True
    assert call("point.withinBBox", call("point", {"x": 3, "y": 1}), low, high) is False
    geo = call("point", {"longitude": 1, "latitude": 1})
    assert call("point.withinBBox", geo, low, high) is None


def test_within_bbox_across_the_antimeridian() -> None:
    low = call("point", {"longitude": 170, "latitude": -10})
    high = call("point", {"longitude": -170, "latitude": 10})
    inside = call("point", {"longitude": 179, "latitude": 0})
    outside = call("point", {"longitude": 0, "latitude": 0})
    assert call("point.withinBBox", inside, low, high) is True
    assert call("point.withinBBox", outside, low, high) is False
