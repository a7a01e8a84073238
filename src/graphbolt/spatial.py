"""Spatial value types (``neo4j.spatial`` counterpart).

graphbolt has one ``Point`` class whose ``srid`` tells the coordinate system;
``CartesianPoint`` and ``WGS84Point`` build points of the matching SRIDs from 2 or 3
coordinates, as the official driver's classes of those names do.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphbolt.values._spatial import CARTESIAN, CARTESIAN_3D, WGS84, WGS84_3D, Point

__all__ = ["CartesianPoint", "Point", "WGS84Point"]


def CartesianPoint(coords: Iterable[float]) -> Point:
    """A cartesian point: SRID 7203 (x, y) or 9157 (x, y, z)."""
    values = tuple(float(c) for c in coords)
    return Point(CARTESIAN if len(values) == 2 else CARTESIAN_3D, values)


def WGS84Point(coords: Iterable[float]) -> Point:
    """A WGS-84 point: SRID 4326 (longitude, latitude) or 4979 (with height)."""
    values = tuple(float(c) for c in coords)
    return Point(WGS84 if len(values) == 2 else WGS84_3D, values)
