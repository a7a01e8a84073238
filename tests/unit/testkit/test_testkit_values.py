"""Cypher values <-> testkit typed JSON, and exception serialization."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from testkit_backend._errors import FrontendError, serialize
from testkit_backend._values import field, to_param

from graphbolt.exceptions import ServiceUnavailable, TransientError
from graphbolt.graph import Node, Path, Relationship
from graphbolt.spatial import CartesianPoint, WGS84Point
from graphbolt.time import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary()
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(_values)
def test_plain_values_round_trip(value: Any) -> None:
    assert to_param(field(value)) == value


def test_special_floats_travel_as_strings() -> None:
    assert field(math.inf)["data"]["value"] == "+Infinity"
    assert field(-math.inf)["data"]["value"] == "-Infinity"
    assert field(math.nan)["data"]["value"] == "NaN"
    assert math.isnan(to_param(field(math.nan)))
    assert to_param(field(-math.inf)) == -math.inf


def test_bytes_are_hex_pairs() -> None:
    assert field(b"\x00\xff\x10") == {"name": "CypherBytes", "data": {"value": "00 ff 10"}}


@given(
    st.sampled_from(
        [
            Date(2024, 2, 29),
            LocalTime.of(23, 59, 58, 123456789),
            Time.of(1, 2, 3, 4, offset=-3600),
            LocalDateTime(1970, 1, 1, 5),
            DateTime(2022, 3, 4, 10_000_000_000, 7200, None),
            Duration(14, -3, 59, 999_999_999),
            CartesianPoint((1.5, -2.0)),
            WGS84Point((12.0, 56.0, 100.0)),
        ]
    )
)
def test_temporal_and_spatial_round_trip(value: Any) -> None:
    encoded = field(value)
    decoded = to_param(encoded)
    assert field(decoded) == encoded


def test_zoned_datetime_keeps_zone_and_offset() -> None:
    encoded = {
        "name": "CypherDateTime",
        "data": {
            "year": 2022, "month": 6, "day": 1, "hour": 12, "minute": 0, "second": 0,
            "nanosecond": 5, "utc_offset_s": 7200, "timezone_id": "Europe/Stockholm",
        },
    }  # fmt: skip
    value = to_param(encoded)
    assert isinstance(value, DateTime)
    assert (value.zone, value.offset, value.hour, value.nanosecond) == (
        "Europe/Stockholm", 7200, 12, 5,
    )  # fmt: skip
    assert field(value) == encoded


def test_graph_values() -> None:
    a = Node(1, frozenset({"B", "A"}), {"x": 1})
    b = Node(2, frozenset(), {})
    rel = Relationship(7, "KNOWS", 1, 2, {"since": 2020})
    path = Path((a, b), (rel,))
    node_json = field(a)["data"]
    assert node_json["id"] == field(1)
    assert node_json["labels"] == field(["A", "B"])
    assert node_json["elementId"] == field(a.element_id)
    rel_json = field(rel)["data"]
    assert (rel_json["startNodeId"], rel_json["endNodeId"]) == (field(1), field(2))
    assert rel_json["type"] == field("KNOWS")
    assert rel_json["props"] == field({"since": 2020})
    path_json = field(path)
    assert path_json["name"] == "Path"
    assert path_json["data"]["nodes"]["data"]["value"][1]["data"]["id"] == field(2)


def test_error_serialization() -> None:
    transient = TransientError.hydrate("Neo.TransientError.General.Whatever", "try again")
    name, data = serialize(transient, 3)
    assert name == "DriverError"
    assert data["id"] == 3
    assert data["retryable"] is True
    assert data["code"] == "Neo.TransientError.General.Whatever"
    assert data["msg"] == "try again"
    assert data["errorType"] == "<class 'neo4j.exceptions.TransientError'>"
    name, data = serialize(ServiceUnavailable("gone"), 4)
    assert (name, data["retryable"], data["msg"]) == ("DriverError", True, "gone")
    assert serialize(FrontendError("no"), 5) == ("FrontendError", {"msg": "no"})
    try:
        raise KeyError("backend bug")
    except KeyError as error:
        name, data = serialize(error, 6)
    assert name == "BackendError"
    assert "backend bug" in data["msg"]


def test_skip_patterns_and_extra_features(monkeypatch: Any) -> None:
    from testkit_backend import _features

    monkeypatch.setattr(_features, "_SKIPS", {r"\.test_b$": "because"})
    assert _features.skip_reason("stub.area.mod.Cls.test_b") == "because"
    assert _features.skip_reason("stub.area.mod.Cls.test_bb") is None
    monkeypatch.setenv("TESTKIT_BACKEND_EXTRA_FEATURES", "Feature:X, Feature:Y")
    listed = _features.features()
    assert listed[-2:] == ["Feature:X", "Feature:Y"]
    assert "Feature:Bolt:5.0" in listed  # read from the Bolt client's offered versions
