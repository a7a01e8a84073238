"""Spatial functions: ``point(map)``, ``point.distance`` (alias ``distance``) and
``point.withinBBox``.

Distances between WGS-84 points use the haversine formula on a sphere of Neo4j's radius
(6,378,140 m); 3D geographic distances combine it with the height difference, as Neo4j does.
Points in different coordinate reference systems have no distance (null).
"""

from __future__ import annotations

import math
from typing import Any

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import function
from graphbolt.values._spatial import (
    CARTESIAN,
    CARTESIAN_3D,
    CRS_NAMES,
    SRID_BY_NAME,
    WGS84,
    WGS84_3D,
    Point,
)
from graphbolt.values._types import type_name

EARTH_RADIUS_METERS = 6_378_140.0
_NUMERIC = frozenset({int, float})


@function("point", 1)
def point(ctx: ExecutionContext, value: Any) -> Point | None:
    """``point({x, y[, z][, crs|srid]})`` or ``point({longitude, latitude[, height][, crs|srid]})``.
    A null coordinate gives null."""
    if type(value) is not dict:
        raise CypherTypeError(
            "InvalidArgumentType", f"Expected a Map for `point`, but got: {type_name(value)}"
        )
    geographic = "longitude" in value or "latitude" in value
    names = ("longitude", "latitude", "height") if geographic else ("x", "y", "z")
    present = [name for name in names if name in value]
    if len(present) < 2 or names[0] not in value or names[1] not in value:
        raise CypherArgumentError(
            "InvalidArgumentValue",
            "A point must contain either 'x' and 'y' or 'longitude' and 'latitude'",
        )
    raw = [value[name] for name in present]
    if any(c is None for c in raw):
        return None
    for c in raw:
        if type(c) not in _NUMERIC:
            raise CypherTypeError(
                "InvalidArgumentType", f"Point coordinates must be numbers, got: {type_name(c)}"
            )
    coords = tuple(float(c) for c in raw)
    srid = _srid(value, geographic, len(coords))
    if srid in (WGS84, WGS84_3D) and not -90.0 <= coords[1] <= 90.0:
        raise CypherArgumentError(
            "InvalidArgumentValue",
            f"Cannot create WGS84 point with invalid coordinate: {list(coords)!r}. "
            "Latitude must be between -90 and 90.",
        )
    return Point(srid, coords)


def _srid(value: dict[str, Any], geographic: bool, dimensions: int) -> int:
    """The SRID named by ``crs`` or ``srid``, else the default for the keys used; it must
    agree with the coordinates given (count, and geographic names need a geographic CRS)."""
    crs = value.get("crs")
    srid = value.get("srid")
    if crs is not None:
        chosen = SRID_BY_NAME.get(crs.lower()) if type(crs) is str else None
    elif srid is not None:
        chosen = srid if type(srid) is int and srid in CRS_NAMES else None
    else:
        return _DEFAULTS[(geographic, dimensions)]
    if chosen is None:
        raise CypherArgumentError(
            "InvalidArgumentValue", f"Unknown coordinate reference system: {crs or srid!r}"
        )
    expected = (chosen in (WGS84, WGS84_3D), 3 if chosen in (CARTESIAN_3D, WGS84_3D) else 2)
    if expected[1] != dimensions or (geographic and not expected[0]):
        raise CypherArgumentError(
            "InvalidArgumentValue",
            f"Cannot create a {dimensions}D point in coordinate reference system "
            f"{CRS_NAMES[chosen]}",
        )
    return chosen  # type: ignore[no-any-return]


_DEFAULTS = {
    (False, 2): CARTESIAN,
    (False, 3): CARTESIAN_3D,
    (True, 2): WGS84,
    (True, 3): WGS84_3D,
}


def distance_between(a: Point, b: Point) -> float | None:
    """Distance in the points' CRS units (metres for WGS-84), or None for different CRSs."""
    if a.srid != b.srid:
        return None
    if not a.is_geographic:
        return math.dist(a.coords, b.coords)
    lon1, lat1 = a.coords[0], a.coords[1]
    lon2, lat2 = b.coords[0], b.coords[1]
    d_lat = math.radians(lat2 - lat1)
    d_lon = math.radians(lon2 - lon1)
    h = (
        math.sin(d_lat / 2) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(d_lon / 2) ** 2
    )
    angle = 2 * math.atan2(math.sqrt(h), math.sqrt(1 - h))
    if len(a.coords) == 2:
        return EARTH_RADIUS_METERS * angle
    avg_height = (a.coords[2] + b.coords[2]) / 2
    flat = (EARTH_RADIUS_METERS + avg_height) * angle
    return math.hypot(flat, a.coords[2] - b.coords[2])


def _expect_point(fn: str, value: Any) -> Point:
    if type(value) is Point:
        return value
    raise CypherTypeError(
        "InvalidArgumentType", f"Expected a Point for `{fn}`, but got: {type_name(value)}"
    )


@function("point.distance", 2)
def point_distance(ctx: ExecutionContext, a: Any, b: Any) -> float | None:
    return distance_between(_expect_point("point.distance", a), _expect_point("point.distance", b))


@function("distance", 2)
def distance(ctx: ExecutionContext, a: Any, b: Any) -> float | None:
    return distance_between(_expect_point("distance", a), _expect_point("distance", b))


@function("point.withinBBox", 3)
def within_bbox(ctx: ExecutionContext, value: Any, lower_left: Any, upper_right: Any) -> Any:
    """True when ``value`` lies in the box (inclusive); a WGS-84 box whose lower-left
    longitude exceeds the upper-right one crosses the antimeridian. Mixed CRSs give null."""
    p = _expect_point("point.withinBBox", value)
    low = _expect_point("point.withinBBox", lower_left)
    high = _expect_point("point.withinBBox", upper_right)
    if not p.srid == low.srid == high.srid:
        return None
    if p.is_geographic and low.coords[1] > high.coords[1]:
        return None
    for axis, c in enumerate(p.coords):
        lo, hi = low.coords[axis], high.coords[axis]
        if axis == 0 and p.is_geographic and lo > hi:
            if not (c >= lo or c <= hi):
                return False
        elif not lo <= c <= hi:
            return False
    return True
