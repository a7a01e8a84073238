"""Cypher values <-> testkit's typed JSON (``{"name": "CypherInt", "data": {"value": 1}}``).

Parameters arrive as typed wrappers and become the driver's parameter values (graphbolt's
own temporal and spatial classes); record values go back the same way. Nodes and
relationships carry both the legacy integer ``id`` and the ``elementId`` string.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from graphbolt.graph import Node, Path, Relationship
from graphbolt.spatial import CartesianPoint, Point, WGS84Point
from graphbolt.time import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

Json = dict[str, Any]

_NANOS_PER_SECOND = 1_000_000_000
_WGS84_SRIDS = (4326, 4979)


# -- testkit -> driver -------------------------------------------------------------------------
def _float(value: Any) -> float:
    # Special floats travel as strings: "+Infinity", "-Infinity", "NaN".
    if isinstance(value, str):
        return float(value.replace("Infinity", "inf"))
    return float(value)


def _bytes(value: str) -> bytes:
    return bytes(int(part, 16) for part in value.split())


def _nano_of_day(data: Json) -> int:
    seconds = int(data["hour"]) * 3600 + int(data["minute"]) * 60 + int(data["second"])
    return seconds * _NANOS_PER_SECOND + int(data["nanosecond"])


def _point(data: Json) -> Point:
    coords = [data["x"], data["y"]]
    if data.get("z") is not None:
        coords.append(data["z"])
    if data["system"] == "cartesian":
        return CartesianPoint(coords)
    if data["system"] == "wgs84":
        return WGS84Point(coords)
    raise ValueError(f"Unknown point system: {data['system']!r}")


def _time(data: Json) -> LocalTime | Time:
    offset = data.get("utc_offset_s")
    if offset is None:
        return LocalTime(_nano_of_day(data))
    return Time(_nano_of_day(data), int(offset))


def _datetime(data: Json) -> LocalDateTime | DateTime:
    year, month, day = int(data["year"]), int(data["month"]), int(data["day"])
    offset = data.get("utc_offset_s")
    zone = data.get("timezone_id")
    if offset is None and zone is None:
        return LocalDateTime(year, month, day, _nano_of_day(data))
    if zone is not None:
        local = LocalDateTime(year, month, day, _nano_of_day(data))
        # The offset picks the right instant when the local time is ambiguous in the zone.
        return DateTime.from_local(local, int(offset or 0), str(zone), preferred=offset)
    return DateTime(year, month, day, _nano_of_day(data), int(offset or 0), None)


def _duration(data: Json) -> Duration:
    return Duration(
        int(data["months"]), int(data["days"]), int(data["seconds"]), int(data["nanoseconds"])
    )


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "CypherNull": lambda _: None,
    "CypherBool": bool,
    "CypherInt": int,
    "CypherFloat": _float,
    "CypherString": str,
    "CypherBytes": _bytes,
}
_STRUCTS: dict[str, Callable[[Json], Any]] = {
    "CypherPoint": _point,
    "CypherDate": lambda d: Date(int(d["year"]), int(d["month"]), int(d["day"])),
    "CypherTime": _time,
    "CypherDateTime": _datetime,
    "CypherDuration": _duration,
}


def to_param(value: Json) -> Any:
    """One typed testkit value as a driver parameter value."""
    name = value["name"]
    data = value.get("data") or {}
    if name in _SCALARS:
        return _SCALARS[name](data.get("value"))
    if name == "CypherList":
        return [to_param(v) for v in data["value"]]
    if name == "CypherMap":
        return {k: to_param(v) for k, v in data["value"].items()}
    if name in _STRUCTS:
        return _STRUCTS[name](data)
    raise ValueError(f"Unsupported parameter type {name!r}")


def to_params(values: dict[str, Json] | None) -> dict[str, Any] | None:
    """A map of typed testkit values (None stays None)."""
    if values is None:
        return None
    return {key: to_param(v) for key, v in values.items()}


# -- driver -> testkit -------------------------------------------------------------------------
def _wrap(name: str, value: Any) -> Json:
    return {"name": name, "data": {"value": value}}


def _float_field(value: float) -> Json:
    if math.isinf(value):
        return _wrap("CypherFloat", "+Infinity" if value > 0 else "-Infinity")
    if math.isnan(value):
        return _wrap("CypherFloat", "NaN")
    return _wrap("CypherFloat", value)


def _node(node: Node) -> Json:
    return {
        "name": "Node",
        "data": {
            "id": field(node.id),
            "labels": field(sorted(node.labels)),
            "props": field(dict(node.properties)),
            "elementId": field(node.element_id),
        },
    }


def _relationship(rel: Relationship) -> Json:
    start, end = rel.start_node, rel.end_node
    return {
        "name": "Relationship",
        "data": {
            "id": field(rel.id),
            "startNodeId": field(start.id),
            "endNodeId": field(end.id),
            "type": field(rel.type),
            "props": field(dict(rel.properties)),
            "elementId": field(rel.element_id),
            "startNodeElementId": field(start.element_id),
            "endNodeElementId": field(end.element_id),
        },
    }


def _path(path: Path) -> Json:
    return {
        "name": "Path",
        "data": {
            "nodes": field(list(path.nodes)),
            "relationships": field(list(path.relationships)),
        },
    }


def _point_field(point: Point) -> Json:
    system = "wgs84" if point.srid in _WGS84_SRIDS else "cartesian"
    z = point.coords[2] if len(point.coords) > 2 else None
    return {"name": "CypherPoint", "data": {"system": system, "x": point.x, "y": point.y, "z": z}}


def _time_fields(value: Any) -> Json:
    return {
        "hour": value.hour,
        "minute": value.minute,
        "second": value.second,
        "nanosecond": value.nanosecond,
    }


def _date_fields(value: Any) -> Json:
    return {"year": value.year, "month": value.month, "day": value.day}


def _temporal(value: Any) -> Json | None:
    if isinstance(value, Date):
        return {"name": "CypherDate", "data": _date_fields(value)}
    if isinstance(value, LocalTime):
        return {"name": "CypherTime", "data": _time_fields(value)}
    if isinstance(value, Time):
        return {"name": "CypherTime", "data": {**_time_fields(value), "utc_offset_s": value.offset}}
    if isinstance(value, LocalDateTime):
        return {"name": "CypherDateTime", "data": {**_date_fields(value), **_time_fields(value)}}
    if isinstance(value, DateTime):
        data = {**_date_fields(value), **_time_fields(value), "utc_offset_s": value.offset}
        if value.zone is not None:
            data["timezone_id"] = value.zone
        return {"name": "CypherDateTime", "data": data}
    if isinstance(value, Duration):
        data = {
            "months": value.months,
            "days": value.days,
            "seconds": value.seconds,
            "nanoseconds": value.nanos,
        }
        return {"name": "CypherDuration", "data": data}
    return None


def field(value: Any) -> Json:
    """One driver value (record field, parameter, diagnostic record entry) as typed JSON."""
    if value is None:
        return {"name": "CypherNull", "data": {"value": None}}
    if isinstance(value, bool):
        return _wrap("CypherBool", value)
    if isinstance(value, int):
        return _wrap("CypherInt", value)
    if isinstance(value, float):
        return _float_field(value)
    if isinstance(value, str):
        return _wrap("CypherString", value)
    if isinstance(value, (bytes, bytearray)):
        return _wrap("CypherBytes", " ".join(f"{b:02x}" for b in value))
    if isinstance(value, (list, tuple, set, frozenset)):
        return _wrap("CypherList", [field(v) for v in value])
    if isinstance(value, dict):
        return _wrap("CypherMap", {str(k): field(v) for k, v in value.items()})
    if isinstance(value, Node):
        return _node(value)
    if isinstance(value, Relationship):
        return _relationship(value)
    if isinstance(value, Path):
        return _path(value)
    if isinstance(value, Point):
        return _point_field(value)
    temporal = _temporal(value)
    if temporal is not None:
        return temporal
    raise ValueError(f"Cannot send a value of type {type(value).__name__} to testkit")


def record(values: Any) -> Json:
    """A record's fields as testkit's ``Record`` data."""
    return {"values": [field(v) for v in values]}
