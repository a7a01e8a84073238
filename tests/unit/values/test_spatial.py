"""Point values (values._spatial): CRSs, equality, text form and property access."""

from __future__ import annotations

import pytest

from graphbolt.errors import CypherArgumentError
from graphbolt.values._spatial import Point, point_property
from graphbolt.values._types import format_value, type_name


def test_crs_names_and_dimensions() -> None:
    assert Point(7203, (1, 2)).crs == "cartesian"
    assert Point(9157, (1, 2, 3)).crs == "cartesian-3d"
    assert Point(4326, (1, 2)).crs == "wgs-84"
    assert Point(4979, (1, 2, 3)).crs == "wgs-84-3d"
    assert Point(4326, (1, 2)).is_geographic
    assert not Point(9157, (1, 2, 3)).is_geographic


@pytest.mark.parametrize(
    ("srid", "coords"), [(7203, (1.0,)), (7203, (1, 2, 3)), (4979, (1, 2)), (1, (1, 2))]
)
def test_invalid_construction(srid: int, coords: tuple[float, ...]) -> None:
    with pytest.raises(CypherArgumentError):
        Point(srid, coords)


def test_coordinates_are_floats_and_equality() -> None:
    p = Point(7203, (1, 2))
    assert p.coords == (1.0, 2.0)
    assert all(type(c) is float for c in p.coords)
    assert p == Point(7203, (1.0, 2.0))
    assert hash(p) == hash(Point(7203, (1.0, 2.0)))
    assert p != Point(4326, (1.0, 2.0))
    assert p != Point(7203, (1.0, 2.5))
    assert p != (1.0, 2.0)


@pytest.mark.parametrize(
    ("point", "text"),
    [
        (Point(7203, (1, 2)), "point({x: 1.0, y: 2.0, crs: 'cartesian'})"),
        (Point(9157, (1, 2, 3.5)), "point({x: 1.0, y: 2.0, z: 3.5, crs: 'cartesian-3d'})"),
        (Point(4326, (12.5, 56.0)), "point({x: 12.5, y: 56.0, crs: 'wgs-84'})"),
        (Point(4979, (1, 2, 1e7)), "point({x: 1.0, y: 2.0, z: 1.0E7, crs: 'wgs-84-3d'})"),
    ],
)
def test_text_form(point: Point, text: str) -> None:
    assert str(point) == text
    assert format_value(point) == text
    assert type_name(point) == "Point"


def test_property_access() -> None:
    geo = Point(4979, (12.0, 56.0, 100.0))
    assert point_property(geo, "longitude") == 12.0
    assert point_property(geo, "latitude") == 56.0
    assert point_property(geo, "height") == 100.0
    assert point_property(geo, "x") == 12.0
    assert point_property(geo, "z") == 100.0
    assert point_property(geo, "crs") == "wgs-84-3d"
    assert point_property(geo, "srid") == 4979
    flat = Point(7203, (3.0, 4.0))
    assert point_property(flat, "y") == 4.0
    assert point_property(flat, "srid") == 7203


@pytest.mark.parametrize(
    ("point", "key"),
    [
        (Point(7203, (1, 2)), "latitude"),
        (Point(9157, (1, 2, 3)), "height"),
        (Point(7203, (1, 2)), "z"),
        (Point(4326, (1, 2)), "height"),
        (Point(4326, (1, 2)), "nope"),
    ],
)
def test_unavailable_property(point: Point, key: str) -> None:
    with pytest.raises(CypherArgumentError):
        point_property(point, key)
