"""Graph, temporal and spatial values as PackStream structures, per Bolt version.

``dehydrators(version, utc)`` gives the ``type -> Structure`` table for ``Packer`` and
``hydrators(version, utc, graph=...)`` the ``tag -> value`` table for ``Unpacker``.

Version differences:

- 5.0+: Node, Relationship and UnboundRelationship carry element ids;
- DateTime: 5.0+ (or 4.4 with the ``utc`` patch) sends the UTC instant (tags 0x49 / 0x69);
  older peers send local wall-clock seconds (legacy tags 0x46 / 0x66). Both are decoded always;
- 6.0+: Vector (0x56) decodes into a list of numbers.
"""

from __future__ import annotations

import struct
from typing import Any

from graphbolt.bolt._errors import PackStreamError, UndecodableValue
from graphbolt.bolt._packstream import Dehydrator, Hydrator, Structure
from graphbolt.bolt._versions import Version, has_element_ids
from graphbolt.values._graph import Node, Path, Relationship
from graphbolt.values._spatial import Point
from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
)
from graphbolt.values._temporal_cal import zone_info

NANOS = 1_000_000_000
NANOS_PER_DAY = 86_400 * NANOS

NODE, RELATIONSHIP, UNBOUND, PATH = 0x4E, 0x52, 0x72, 0x50
DATE, TIME, LOCAL_TIME, LOCAL_DATE_TIME, DURATION = 0x44, 0x54, 0x74, 0x64, 0x45
DATE_TIME, DATE_TIME_ZONE_ID = 0x49, 0x69
LEGACY_DATE_TIME, LEGACY_DATE_TIME_ZONE_ID = 0x46, 0x66
POINT_2D, POINT_3D = 0x58, 0x59
VECTOR, UNSUPPORTED = 0x56, 0x3F

GRAPH_TAGS = frozenset([NODE, RELATIONSHIP, UNBOUND, PATH])


# -- dehydration (values -> structures) -------------------------------------------------------
def _node(element_ids: bool) -> Dehydrator:
    def dehydrate(node: Node) -> Structure:
        fields: list[Any] = [node.id, list(node.labels), node.properties]
        if element_ids:
            fields.append(node.element_id)
        return Structure(NODE, fields)

    return dehydrate


def _relationship(element_ids: bool) -> Dehydrator:
    def dehydrate(rel: Relationship) -> Structure:
        fields: list[Any] = [rel.id, rel.start_id, rel.end_id, rel.type, rel.properties]
        if element_ids:
            fields += [rel.element_id, rel.start_element_id, rel.end_element_id]
        return Structure(RELATIONSHIP, fields)

    return dehydrate


def _path(element_ids: bool) -> Dehydrator:
    def dehydrate(path: Path) -> Structure:
        nodes: list[Structure] = []
        node_index: dict[int, int] = {}
        for node in path.nodes:
            if node.id not in node_index:
                node_index[node.id] = len(nodes)
                nodes.append(Structure(NODE, _node(element_ids)(node).fields))
        rels: list[Structure] = []
        rel_index: dict[int, int] = {}
        indices: list[int] = []
        for i, rel in enumerate(path.relationships):
            if rel.id not in rel_index:
                rel_index[rel.id] = len(rels) + 1
                fields: list[Any] = [rel.id, rel.type, rel.properties]
                if element_ids:
                    fields.append(rel.element_id)
                rels.append(Structure(UNBOUND, fields))
            forward = rel.start_id == path.nodes[i].id
            indices.append(rel_index[rel.id] if forward else -rel_index[rel.id])
            indices.append(node_index[path.nodes[i + 1].id])
        return Structure(PATH, [nodes, rels, indices])

    return dehydrate


def _date_time(utc: bool) -> Dehydrator:
    def dehydrate(value: DateTime) -> Structure:
        nanos = value.nano_of_day % NANOS
        if utc:
            seconds = value.epoch_nanos // NANOS
        else:
            seconds = (value.epoch_day * NANOS_PER_DAY + value.nano_of_day) // NANOS
        if value.zone is None:
            return Structure(DATE_TIME if utc else LEGACY_DATE_TIME, [seconds, nanos, value.offset])
        tag = DATE_TIME_ZONE_ID if utc else LEGACY_DATE_TIME_ZONE_ID
        return Structure(tag, [seconds, nanos, value.zone])

    return dehydrate


def _local_date_time(value: LocalDateTime) -> Structure:
    seconds, nanos = divmod(value.epoch_nanos, NANOS)
    return Structure(LOCAL_DATE_TIME, [seconds, nanos])


def _point(value: Point) -> Structure:
    return Structure(POINT_2D if len(value.coords) == 2 else POINT_3D, [value.srid, *value.coords])


def dehydrators(version: Version, utc: bool = False) -> dict[type, Dehydrator]:
    """The ``type -> Structure`` table for sending values over Bolt ``version``.

    ``utc``: the 4.4 ``utc`` patch was negotiated (implied from 5.0).
    """
    element_ids = has_element_ids(version)
    return {
        Node: _node(element_ids),
        Relationship: _relationship(element_ids),
        Path: _path(element_ids),
        Date: lambda v: Structure(DATE, [v.epoch_day]),
        Time: lambda v: Structure(TIME, [v.nano_of_day, v.offset]),
        LocalTime: lambda v: Structure(LOCAL_TIME, [v.nano_of_day]),
        LocalDateTime: _local_date_time,
        DateTime: _date_time(utc or element_ids),
        Duration: lambda v: Structure(DURATION, [v.months, v.days, v.seconds, v.nanos]),
        Point: _point,
    }


# -- hydration (structures -> values) ---------------------------------------------------------
def _check(fields: list[Any], count: int, name: str, *types: type) -> None:
    if len(fields) != count:
        raise PackStreamError(f"{name} structure needs {count} fields, got {len(fields)}")
    for value, kind in zip(fields, types):
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise PackStreamError(f"{name} structure field of wrong type: {value!r}")


def _h_date(fields: list[Any]) -> Date:
    _check(fields, 1, "Date", int)
    return Date.from_epoch_day(fields[0])


def _h_time(fields: list[Any]) -> Time:
    _check(fields, 2, "Time", int, int)
    if not 0 <= fields[0] < NANOS_PER_DAY:
        raise PackStreamError(f"Time nanoseconds out of range: {fields[0]}")
    return Time(fields[0], fields[1])


def _h_local_time(fields: list[Any]) -> LocalTime:
    _check(fields, 1, "LocalTime", int)
    if not 0 <= fields[0] < NANOS_PER_DAY:
        raise PackStreamError(f"LocalTime nanoseconds out of range: {fields[0]}")
    return LocalTime(fields[0])


def _h_local_date_time(fields: list[Any]) -> LocalDateTime:
    _check(fields, 2, "LocalDateTime", int, int)
    return LocalDateTime.from_epoch_nanos(fields[0] * NANOS + fields[1])


def _h_date_time(fields: list[Any]) -> DateTime:
    _check(fields, 3, "DateTime", int, int, int)
    return DateTime.from_instant(fields[0] * NANOS + fields[1], fields[2], None)


def _zone(name: str) -> str:
    if zone_info(name) is None:
        raise UndecodableValue(f"Unknown time zone: {name!r}")
    return name


def _h_date_time_zone_id(fields: list[Any]) -> DateTime:
    _check(fields, 3, "DateTimeZoneId", int, int, str)
    _zone(fields[2])
    return DateTime.from_instant(fields[0] * NANOS + fields[1], 0, fields[2])


def _h_legacy_date_time(fields: list[Any]) -> DateTime:
    _check(fields, 3, "DateTime", int, int, int)
    local = LocalDateTime.from_epoch_nanos(fields[0] * NANOS + fields[1])
    return DateTime(local.year, local.month, local.day, local.nano_of_day, fields[2], None)


def _h_legacy_date_time_zone_id(fields: list[Any]) -> DateTime:
    _check(fields, 3, "DateTimeZoneId", int, int, str)
    _zone(fields[2])
    local = LocalDateTime.from_epoch_nanos(fields[0] * NANOS + fields[1])
    return DateTime.from_local(local, 0, fields[2])


def _h_duration(fields: list[Any]) -> Duration:
    _check(fields, 4, "Duration", int, int, int, int)
    return Duration(*fields)


def _h_point(fields: list[Any]) -> Point:
    if len(fields) not in (3, 4) or not isinstance(fields[0], int):
        raise PackStreamError(f"Point structure with bad fields: {fields!r}")
    coords = fields[1:]
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coords):
        raise PackStreamError(f"Point coordinates must be numbers: {coords!r}")
    return Point(fields[0], tuple(float(c) for c in coords))


_VECTOR_FORMATS = {0xC8: "b", 0xC9: "h", 0xCA: "i", 0xCB: "q", 0xC6: "f", 0xC1: "d"}


def _h_vector(fields: list[Any]) -> list[Any]:
    _check(fields, 2, "Vector", bytes, bytes)
    code = _VECTOR_FORMATS.get(fields[0][0]) if len(fields[0]) == 1 else None
    if code is None:
        raise PackStreamError(f"Vector with unknown element type {fields[0]!r}")
    size = struct.calcsize(code)
    if len(fields[1]) % size:
        raise PackStreamError("Vector data is not a whole number of elements")
    return list(struct.unpack(f">{len(fields[1]) // size}{code}", fields[1]))


def _graph_hydrators(element_ids: bool) -> dict[int, Hydrator]:
    def node(fields: list[Any]) -> Node:
        _check(fields, 4 if element_ids else 3, "Node", int, list, dict)
        value = Node(fields[0], frozenset(fields[1]), fields[2])
        if element_ids:
            value.element_id = fields[3]
        return value

    def relationship(fields: list[Any]) -> Relationship:
        _check(fields, 8 if element_ids else 5, "Relationship", int, int, int, str, dict)
        value = Relationship(fields[0], fields[3], fields[1], fields[2], fields[4])
        if element_ids:
            value.element_id = fields[5]
            value._start_element_id = fields[6]
            value._end_element_id = fields[7]
        return value

    def unbound(fields: list[Any]) -> Structure:
        _check(fields, 4 if element_ids else 3, "UnboundRelationship", int, str, dict)
        return Structure(UNBOUND, fields)

    return {NODE: node, RELATIONSHIP: relationship, UNBOUND: unbound, PATH: _h_path}


def _h_path(fields: list[Any]) -> Path:
    _check(fields, 3, "Path", list, list, list)
    nodes, rels, indices = fields
    if not nodes or len(indices) % 2:
        raise PackStreamError("Path structure with no nodes or odd indices")
    path_nodes: list[Node] = [nodes[0]]
    path_rels: list[Relationship] = []
    last = nodes[0]
    for i in range(0, len(indices), 2):
        rel_at, node_at = indices[i], indices[i + 1]
        if rel_at == 0 or abs(rel_at) > len(rels) or not 0 <= node_at < len(nodes):
            raise PackStreamError(f"Path index out of range: {rel_at}, {node_at}")
        unbound, nxt = rels[abs(rel_at) - 1], nodes[node_at]
        start, end = (last, nxt) if rel_at > 0 else (nxt, last)
        rel = Relationship(
            unbound.fields[0], unbound.fields[1], start.id, end.id, unbound.fields[2]
        )
        if len(unbound.fields) == 4:
            rel.element_id = unbound.fields[3]
        rel._start_element_id = start.element_id
        rel._end_element_id = end.element_id
        path_rels.append(rel)
        path_nodes.append(nxt)
        last = nxt
    return Path(tuple(path_nodes), tuple(path_rels))


def _reject_graph(fields: list[Any]) -> Any:
    raise PackStreamError("Nodes, relationships and paths cannot be sent as parameters")


def hydrators(version: Version, *, graph: bool = True) -> dict[int, Hydrator]:
    """The ``tag -> value`` table for receiving values over Bolt ``version``.

    ``graph=False`` (a server reading parameters) rejects graph structures. Both DateTime tag
    sets are always accepted: peers that never acknowledged ``utc`` still send legacy ones.
    """
    table: dict[int, Hydrator] = {
        DATE: _h_date,
        TIME: _h_time,
        LOCAL_TIME: _h_local_time,
        LOCAL_DATE_TIME: _h_local_date_time,
        DATE_TIME: _h_date_time,
        DATE_TIME_ZONE_ID: _h_date_time_zone_id,
        LEGACY_DATE_TIME: _h_legacy_date_time,
        LEGACY_DATE_TIME_ZONE_ID: _h_legacy_date_time_zone_id,
        DURATION: _h_duration,
        POINT_2D: _h_point,
        POINT_3D: _h_point,
        VECTOR: _h_vector,
    }
    if graph:
        table.update(_graph_hydrators(has_element_ids(version)))
    else:
        table.update(dict.fromkeys(GRAPH_TAGS, _reject_graph))
    return table
