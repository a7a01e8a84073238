"""Graph, temporal and spatial structures per Bolt version (4.4 legacy, 4.4+utc, 5.x)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.bolt import PackStreamError, Structure, dehydrators, hydrators, pack, unpack
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

V44, V5 = (4, 4), (5, 8)


def roundtrip(value: object, version: tuple[int, int] = V5, utc: bool = False) -> object:
    data = pack(value, dehydrators(version, utc))
    return unpack(data, hydrators(version))


def structure(value: object, version: tuple[int, int] = V5, utc: bool = False) -> Structure:
    result = unpack(pack(value, dehydrators(version, utc)))
    assert isinstance(result, Structure)
    return result


def test_node_fields_per_version() -> None:
    node = Node(7, frozenset(["A"]), {"x": 1})
    assert structure(node, V44) == Structure(0x4E, [7, ["A"], {"x": 1}])
    assert structure(node, V5) == Structure(0x4E, [7, ["A"], {"x": 1}, "7"])
    back = roundtrip(node)
    assert isinstance(back, Node)
    assert (back.id, back.labels, dict(back.properties), back.element_id) == (
        7, frozenset(["A"]), {"x": 1}, "7"
    )  # fmt: skip


def test_relationship_fields_per_version() -> None:
    rel = Relationship(3, "KNOWS", 1, 2, {"w": 0.5})
    assert structure(rel, V44) == Structure(0x52, [3, 1, 2, "KNOWS", {"w": 0.5}])
    assert structure(rel, V5) == Structure(0x52, [3, 1, 2, "KNOWS", {"w": 0.5}, "3", "1", "2"])
    for version in (V44, V5):
        back = roundtrip(rel, version)
        assert isinstance(back, Relationship)
        assert (back.id, back.type, back.start_id, back.end_id) == (3, "KNOWS", 1, 2)


def test_path_with_a_backward_step_and_a_repeated_node() -> None:
    a, b = Node(1, frozenset(), {}), Node(2, frozenset(), {})
    r1 = Relationship(10, "T", 1, 2, {})
    r2 = Relationship(11, "T", 1, 2, {})  # traversed b -> a: against its direction
    path = Path((a, b, a), (r1, r2))
    s = structure(path, V44)
    assert s.tag == 0x50
    assert s.fields[2] == [1, 1, -2, 0]
    assert len(s.fields[0]) == 2 and len(s.fields[1]) == 2
    for version in (V44, V5):
        back = roundtrip(path, version)
        assert isinstance(back, Path)
        assert [n.id for n in back.nodes] == [1, 2, 1]
        assert [(r.id, r.start_id, r.end_id) for r in back.relationships] == [
            (10, 1, 2), (11, 1, 2)
        ]  # fmt: skip


def test_bad_path_indices_rejected() -> None:
    bad = Structure(0x50, [[Structure(0x4E, [1, [], {}])], [], [1, 0]])
    with pytest.raises(PackStreamError):
        unpack(pack(bad), hydrators(V44))


@pytest.mark.parametrize(
    ("value", "tag", "fields"),
    [
        (Date(1970, 1, 2), 0x44, [1]),
        (Date(1969, 12, 31), 0x44, [-1]),
        (LocalTime(1), 0x74, [1]),
        (Time(3_600_000_000_001, -3600), 0x54, [3_600_000_000_001, -3600]),
        (LocalDateTime(1970, 1, 1, 1_500_000_000), 0x64, [1, 500_000_000]),
        (Duration(14, 3, -5, 1), 0x45, [14, 3, -5, 1]),
        (Point(7203, (1.0, 2.0)), 0x58, [7203, 1.0, 2.0]),
        (Point(4979, (1.0, 2.0, 3.0)), 0x59, [4979, 1.0, 2.0, 3.0]),
    ],
)
def test_temporal_and_spatial_structures(value: object, tag: int, fields: list[object]) -> None:
    assert structure(value) == Structure(tag, fields)
    assert roundtrip(value) == value
    assert roundtrip(value, V44) == value


def test_datetime_utc_and_legacy_forms() -> None:
    # 1970-01-01T02:00:00.000000005+01:00 is 01:00 UTC.
    value = DateTime(1970, 1, 1, 7_200_000_000_005, 3600, None)
    assert structure(value, V5) == Structure(0x49, [3600, 5, 3600])
    assert structure(value, V44, utc=True) == Structure(0x49, [3600, 5, 3600])
    assert structure(value, V44) == Structure(0x46, [7200, 5, 3600])
    for version, utc in ((V5, False), (V44, True), (V44, False)):
        assert roundtrip(value, version, utc) == value


def test_datetime_zone_id_forms() -> None:
    value = DateTime.from_local(LocalDateTime(2020, 6, 1, 0), 0, "Europe/Stockholm")
    assert value.offset == 7200
    utc = structure(value, V5)
    assert utc.tag == 0x69 and utc.fields == [value.epoch_seconds, 0, "Europe/Stockholm"]
    legacy = structure(value, V44)
    assert legacy.tag == 0x66 and legacy.fields[0] == value.epoch_seconds + 7200
    for version, utc_patch in ((V5, False), (V44, False), (V44, True)):
        assert roundtrip(value, version, utc_patch) == value


def test_server_side_rejects_graph_parameters() -> None:
    data = pack(Node(1, frozenset(), {}), dehydrators(V5))
    with pytest.raises(PackStreamError):
        unpack(data, hydrators(V5, graph=False))


@pytest.mark.parametrize(
    "bad",
    [
        Structure(0x44, ["x"]),
        Structure(0x44, [1, 2]),
        Structure(0x74, [-1]),
        Structure(0x54, [86_400_000_000_000, 0]),
        Structure(0x58, [7203, 1.0]),
        Structure(0x58, [1, 1.0, 2.0]),
        Structure(0x69, [0, 0, "Not/AZone"]),
        Structure(0x45, [1, 2, 3, True]),
    ],
)
def test_malformed_structures_rejected(bad: Structure) -> None:
    with pytest.raises(PackStreamError):
        unpack(pack(bad), hydrators(V5))


def test_vector_decodes_to_numbers() -> None:
    vector = Structure(0x56, [b"\xc9", b"\x00\x01\xff\xff"])
    assert unpack(pack(vector), hydrators((6, 0))) == [1, -1]


@given(st.integers(-(10**17), 10**17), st.integers(-18 * 3600, 18 * 3600))
def test_datetime_round_trip_any_instant(nanos: int, offset: int) -> None:
    value = DateTime.from_instant(nanos, offset, None)
    for version, utc in ((V5, False), (V44, False)):
        assert roundtrip(value, version, utc) == value
