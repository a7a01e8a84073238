"""Record: tuple behaviour plus mapping access."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.driver._records import Record


def test_access_by_key_and_position() -> None:
    record = Record((1, "a"), ["x", "y"])
    assert record["x"] == 1 and record[1] == "a" and record["y"] == "a"
    assert record.get("z", 9) == 9 and record.get("x") == 1
    assert record.index("y") == 1
    assert record.value() == 1 and record.value("y") == "a" and record.value("z", 0) == 0
    assert record.keys() == ["x", "y"]
    assert record.values() == [1, "a"] and record.values("y") == ["a"]
    assert record.items() == [("x", 1), ("y", "a")] and record.items("y") == [("y", "a")]
    assert record.data() == {"x": 1, "y": "a"}
    assert list(record) == [1, "a"]  # iteration gives values, like the official driver
    assert 1 in record and "x" not in record
    assert len(record) == 2
    assert record[0:1] == Record((1,), ["x"])
    assert repr(record) == "<Record x=1 y='a'>"


def test_errors_for_unknown_keys() -> None:
    record = Record((1,), ["x"])
    with pytest.raises(KeyError):
        _ = record["nope"]
    with pytest.raises(IndexError):
        _ = record[3]
    with pytest.raises(KeyError):
        record.data("nope")


def test_equality_and_dict_construction() -> None:
    assert Record({"a": 1, "b": 2}) == Record((1, 2), ["a", "b"])
    assert Record((1, 2), ["a", "b"]) == {"a": 1, "b": 2}
    assert Record((1, 2), ["a", "b"]) != Record((1, 2), ["b", "a"])
    assert dict(Record((1, 2), ["a", "b"]).items()) == {"a": 1, "b": 2}
    with pytest.raises(ValueError):
        Record((1, 2), ["a"])


@given(st.dictionaries(st.text(min_size=1), st.integers(), max_size=8))
def test_round_trip_through_data(mapping: dict[str, int]) -> None:
    record = Record(mapping)
    assert record.data() == mapping
    assert record.keys() == list(mapping)
    assert hash(record) == hash(tuple(mapping.values()))
