"""The Bolt connector's decoding and message maps (``driver/_bolt_wire.py``), no sockets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.bolt import MessageWriter, ProtocolError
from graphbolt.bolt._structs import hydrators
from graphbolt.driver._api import basic_auth
from graphbolt.driver._bolt_wire import (
    Inbox,
    auth_token,
    failure_error,
    hello_extra,
    record_values,
    tx_extra,
)
from graphbolt.driver._protocol import TxParams
from graphbolt.exceptions import CypherSyntaxError, TransientError

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
    st.text(max_size=40), st.binary(max_size=20),
)  # fmt: skip
rows = st.lists(st.lists(scalars | st.lists(scalars, max_size=4), max_size=5), max_size=30)


def drain(inbox: Inbox) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """Everything complete in ``inbox``: record values, then other messages, in order."""
    records: list[Any] = []
    others: list[tuple[int, list[Any]]] = []
    while True:
        inbox.take_records(records)
        message = inbox.next_response()
        if message is None:
            return records, others
        if message[0] == 0x71:
            records.append(record_values(message[1]))
        else:
            others.append(message)


@settings(max_examples=150, deadline=None)
@given(rows=rows, cuts=st.lists(st.integers(1, 50), max_size=20), big=st.booleans())
def test_records_decode_whatever_the_split(
    rows: list[list[Any]], cuts: list[int], big: bool
) -> None:
    writer = MessageWriter(max_chunk=7 if big else 0xFFFF)  # small chunks: multi-chunk path
    for row in rows:
        writer.record(row)
        writer.noop()
    writer.success({"has_more": False})
    data = writer.take()
    inbox = Inbox(hydrators((5, 8)))
    records: list[Any] = []
    others: list[Any] = []
    pos = 0
    for cut in [*cuts, len(data)]:
        inbox.feed(data[pos : pos + cut])
        pos += cut
        got, rest = drain(inbox)
        records += got
        others += rest
        if pos >= len(data):
            break
    assert records == rows
    assert others == [(0x70, [{"has_more": False}])]
    assert inbox.empty


def test_malformed_record_is_a_protocol_error() -> None:
    inbox = Inbox({})
    inbox.feed(b"\x00\x04\xb1\x71\x91\xc7\x00\x00")  # reserved marker C7 inside the record
    with pytest.raises(ProtocolError):
        inbox.take_records([])


def test_failure_metadata_of_every_version() -> None:
    old = failure_error({"code": "Neo.ClientError.Statement.SyntaxError", "message": "bad"})
    assert isinstance(old, CypherSyntaxError) and old.message == "bad"
    new = failure_error({
        "neo4j_code": "Neo.TransientError.Transaction.DeadlockDetected", "message": "m",
        "gql_status": "50N00", "description": "d",
        "diagnostic_record": {"_classification": "TRANSIENT_ERROR"},
        "cause": {"neo4j_code": "Neo.ClientError.Statement.SyntaxError", "message": "c",
                  "gql_status": "42001"},
    })  # fmt: skip
    assert isinstance(new, TransientError) and new.is_retryable()
    assert new.gql_status == "50N00" and new.gql_raw_classification == "TRANSIENT_ERROR"
    assert isinstance(new.__cause__, CypherSyntaxError)
    assert new.find_by_gql_status("42001") is new.__cause__
    unknown = failure_error({})
    assert unknown.code == "Neo.DatabaseError.General.UnknownError"


def test_hello_and_transaction_maps_per_version() -> None:
    auth = basic_auth("u", "p")
    v44 = hello_extra((4, 4), None, None, auth)
    assert v44["patch_bolt"] == ["utc"] and v44["principal"] == "u"
    v58 = hello_extra((5, 8), "agent/1", {"address": "h:1"}, auth)
    assert "principal" not in v58 and v58["user_agent"] == "agent/1"
    assert v58["routing"] == {"address": "h:1"} and "bolt_agent" in v58
    assert auth_token(None) == {"scheme": "none"}
    assert auth_token(auth) == {"scheme": "basic", "principal": "u", "credentials": "p"}
    params = TxParams(
        database="db", mode="r", bookmarks=("b1",), timeout=1.5, metadata={"k": 1},
        notifications_min_severity="WARNING", notifications_disabled_classifications=("HINT",),
    )  # fmt: skip
    assert tx_extra(params, (5, 8)) == {
        "bookmarks": ["b1"], "tx_timeout": 1500, "tx_metadata": {"k": 1}, "mode": "r",
        "db": "db", "notifications_minimum_severity": "WARNING",
        "notifications_disabled_classifications": ["HINT"],
    }  # fmt: skip
    assert "notifications_disabled_categories" in tx_extra(params, (5, 4))
    assert tx_extra(TxParams(), (5, 8)) == {}


def test_direct_hello_has_no_routing_key_and_routed_hello_has_one() -> None:
    assert "routing" not in hello_extra((5, 4), None, None, basic_auth("u", "p"))
    routed = hello_extra((5, 4), None, {"address": "h:7687"}, basic_auth("u", "p"))
    assert routed["routing"] == {"address": "h:7687"}
