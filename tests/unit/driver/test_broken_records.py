"""A value the driver cannot represent (unknown time zone, date out of range) breaks only
its own record: the stream goes on, and reading that record raises BrokenRecordError."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.bolt import MessageWriter, PackStreamError, Structure, unpack
from graphbolt.bolt._structs import hydrators
from graphbolt.driver._bolt_wire import Inbox
from graphbolt.driver._records import BrokenRecord, Record
from graphbolt.exceptions import BrokenRecordError

from .test_bolt_wire import drain

UNKNOWN = Structure(0x69, [0, 0, "Europe/Neo4j"])
KNOWN = Structure(0x69, [0, 0, "Europe/Paris"])


def stream(max_chunk: int) -> bytes:
    writer = MessageWriter(max_chunk=max_chunk)
    writer.record([UNKNOWN])
    writer.record([[1, {"nested": UNKNOWN}]])
    writer.record([KNOWN])
    writer.success({"has_more": False})
    return bytes(writer.take())


def read_all(data: bytes) -> tuple[list[Any], list[Any]]:
    inbox = Inbox(hydrators((5, 0)))
    inbox.feed(data)
    return drain(inbox)


@pytest.mark.parametrize("max_chunk", [0xFFFF, 5])  # one chunk per record, or many
def test_only_the_broken_records_fail(max_chunk: int) -> None:
    raw, others = read_all(stream(max_chunk))
    assert others == [(0x70, [{"has_more": False}])]
    first, nested, good = (Record(values, ["dt"]) for values in raw)
    for broken in (first, nested):
        assert isinstance(broken, BrokenRecord) and broken.keys() == ["dt"]
        with pytest.raises(BrokenRecordError, match="Europe/Neo4j"):
            broken["dt"]
        with pytest.raises(BrokenRecordError):
            list(broken)
        with pytest.raises(BrokenRecordError):
            broken.data()
    assert type(good) is Record and good["dt"].zone == "Europe/Paris"


def test_out_of_range_values_are_undecodable_too() -> None:
    raw, _ = read_all(_single_record([Structure(0x44, [10**12])]))  # a date beyond year 9999
    record = Record(raw[0], ["d"])
    assert isinstance(record, BrokenRecord)


def test_malformed_structures_still_fail_the_stream() -> None:
    with pytest.raises(PackStreamError):
        unpack(bytes([0xB1, 0x44]) + b"\x85hello", hydrators((5, 0)))  # Date of a string


def _single_record(values: list[Any]) -> bytes:
    writer = MessageWriter()
    writer.record(values)
    return bytes(writer.take())
