"""Spatial values: ``Point`` in one of Neo4j's four coordinate reference systems.

========  ================  ==========  =====================================
SRID      CRS name          dimensions  coordinates
========  ================  ==========  =====================================
7203      ``cartesian``     2           x, y
9157      ``cartesian-3d``  3           x, y, z
4326      ``wgs-84``        2           x = longitude, y = latitude
4979      ``wgs-84-3d``     3           x = longitude, y = latitude, z = height
========  ================  ==========  =====================================
"""

from __future__ import annotations

from typing import Any

from graphbolt.errors import CypherArgumentError
from graphbolt.values._types import format_float

CARTESIAN = 7203
CARTESIAN_3D = 9157
WGS84 = 4326
WGS84_3D = 4979

CRS_NAMES: dict[int, str] = {
    CARTESIAN: "cartesian",
    CARTESIAN_3D: "cartesian-3d",
    WGS84: "wgs-84",
    WGS84_3D: "wgs-84-3d",
}
SRID_BY_NAME: dict[str, int] = {name: srid for srid, name in CRS_NAMES.items()}
_DIMENSIONS = {CARTESIAN: 2, CARTESIAN_3D: 3, WGS84: 2, WGS84_3D: 3}


class Point:
    """An immutable point: ``srid`` and float ``coords`` (2 or 3 of them)."""

    __slots__ = ("coords", "srid")

    def __init__(self, srid: int, coords: tuple[float, ...]) -> None:
        if srid not in _DIMENSIONS:
            raise CypherArgumentError("InvalidArgumentValue", f"Unsupported SRID: {srid}")
        if len(coords) != _DIMENSIONS[srid]:
            raise CypherArgumentError(
                "InvalidArgumentValue",
                f"Cannot create point with {len(coords)}D coordinates and CRS {CRS_NAMES[srid]}",
            )
        self.srid = srid
        self.coords = tuple(float(c) for c in coords)

    @property
    def crs(self) -> str:
        return CRS_NAMES[self.srid]

    @property
    def is_geographic(self) -> bool:
        return self.srid in (WGS84, WGS84_3D)

    @property
    def x(self) -> float:
        return self.coords[0]

    @property
    def y(self) -> float:
        return self.coords[1]

    @property
    def z(self) -> float | None:
        return self.coords[2] if len(self.coords) == 3 else None

    def __eq__(self, other: object) -> bool:
        return type(other) is Point and other.srid == self.srid and other.coords == self.coords

    def __hash__(self) -> int:
        return hash(("point", self.srid, self.coords))

    def __str__(self) -> str:
        names = ("x", "y", "z")
        parts = [f"{names[i]}: {format_float(c)}" for i, c in enumerate(self.coords)]
        return f"point({{{', '.join(parts)}, crs: '{self.crs}'}})"

    def __repr__(self) -> str:
        return f"Point({self.srid}, {self.coords!r})"


def point_property(point: Point, key: str) -> Any:
    """``point.key``: coordinates by either naming, ``crs`` and ``srid``.

    Geographic names on a cartesian point (and the reverse) and ``z``/``height`` on a 2D point
    raise ``CypherArgumentError("InvalidArgumentValue")``, as Neo4j does.
    """
    getter = _ACCESSORS.get(key)
    if getter is None:
        raise CypherArgumentError(
            "InvalidArgumentValue", f"No such field: `{key}` is not a property of a point"
        )
    value = getter(point)
    if value is _UNAVAILABLE:
        raise CypherArgumentError(
            "InvalidArgumentValue", f"Field: {key} is not available on {point.crs} point"
        )
    return value


_UNAVAILABLE = object()


def _geo(index: int) -> Any:
    def get(p: Point) -> Any:
        if not p.is_geographic or index >= len(p.coords):
            return _UNAVAILABLE
        return p.coords[index]

    return get


def _any(index: int) -> Any:
    def get(p: Point) -> Any:
        return p.coords[index] if index < len(p.coords) else _UNAVAILABLE

    return get


_ACCESSORS: dict[str, Any] = {
    "x": _any(0),
    "y": _any(1),
    "z": _any(2),
    "longitude": _geo(0),
    "latitude": _geo(1),
    "height": _geo(2),
    "crs": lambda p: p.crs,
    "srid": lambda p: p.srid,
}
