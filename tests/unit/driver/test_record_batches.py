"""``make_records`` (the driver's per-batch Record builder) and reading values by position."""

from __future__ import annotations

import pytest

from graphbolt.driver._records import BrokenRecord, BrokenValues, Record, make_records
from graphbolt.exceptions import BrokenRecordError


def test_batch_records_equal_constructed_records_and_share_keys() -> None:
    keys = ("i", "name", "score")
    rows = [[1, "a", 0.5], (2, "b", 1.5), [3, None, None]]
    made = make_records(rows, keys)
    assert made == [Record(row, keys) for row in rows]
    assert all(type(r) is Record for r in made)
    assert [r.keys() for r in made] == [list(keys)] * 3
    assert made[1]["name"] == "b" and made[1].data() == {"i": 2, "name": "b", "score": 1.5}


def test_broken_and_misshapen_rows_go_through_the_constructor() -> None:
    broken = BrokenValues(ValueError("unknown zone"))
    first, second = make_records([broken, [1, 2]], ("a", "b"))
    assert isinstance(first, BrokenRecord)
    with pytest.raises(BrokenRecordError):
        first[0]
    assert second == Record([1, 2], ("a", "b"))
    with pytest.raises(ValueError):
        make_records([[1, 2, 3]], ("a", "b"))


def test_reading_by_position_keeps_the_mapping_rules() -> None:
    record = Record([10, 20, 30], ("a", "b", "c"))
    assert (record[0], record[2], record["b"], record[True]) == (10, 30, 20, 20)
    with pytest.raises(IndexError) as error:
        record[3]
    assert error.value.args == (3,)
    with pytest.raises(IndexError):
        record[-1]  # as the official driver: no negative positions
    assert record[1:] == Record([20, 30], ("b", "c"))
