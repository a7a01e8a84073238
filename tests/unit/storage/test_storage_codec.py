"""Property codec: round trips for every storable type, refusals for the rest."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.storage import _codec as C
from graphbolt.storage import _layout as L
from graphbolt.values._graph import NodeRef
from graphbolt.values._spatial import Point
from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(),
    st.binary(),
)
points = st.one_of(
    st.builds(lambda x, y: Point(7203, (x, y)), st.floats(-1e9, 1e9), st.floats(-1e9, 1e9)),
    st.builds(
        lambda x, y, z: Point(4979, (x, y, z)),
        st.floats(-180, 180),
        st.floats(-90, 90),
        st.floats(-1e4, 1e4),
    ),
)
years = st.integers(-999_999_999, 999_999_999)
nanos_of_day = st.integers(0, 86_400 * 10**9 - 1)
offsets = st.integers(-18 * 3600, 18 * 3600)
temporals = st.one_of(
    st.builds(Date, years, st.integers(1, 12), st.integers(1, 28)),
    st.builds(LocalTime, nanos_of_day),
    st.builds(Time, nanos_of_day, offsets),
    st.builds(LocalDateTime, years, st.integers(1, 12), st.integers(1, 28), nanos_of_day),
    st.builds(
        DateTime,
        years,
        st.integers(1, 12),
        st.integers(1, 28),
        nanos_of_day,
        offsets,
        st.sampled_from([None, "Europe/Stockholm", "UTC"]),
    ),
    st.builds(
        Duration,
        st.integers(-(2**40), 2**40),
        st.integers(-(2**40), 2**40),
        st.integers(-(2**50), 2**50),
        st.integers(0, 10**9 - 1),
    ),
)
atoms = st.one_of(scalars, points, temporals)
values = st.one_of(atoms, st.lists(atoms, max_size=8))


@given(st.dictionaries(st.integers(0, 1000), values, max_size=10))
def test_props_round_trip(props: dict[int, Any]) -> None:
    assert C.decode_props(C.encode_props(props)) == props


@given(values)
def test_check_value_keeps_value(value: Any) -> None:
    assert C.check_value(value) == value


def test_bool_and_int_stay_distinct() -> None:
    back = C.decode_props(C.encode_props({1: True, 2: 1, 3: 1.0}))
    assert type(back[1]) is bool and type(back[2]) is int and type(back[3]) is float


@given(temporals)
def test_temporal_keeps_its_class(value: Any) -> None:
    back = C.decode_props(C.encode_props({0: value}))[0]
    assert type(back) is type(value) and back == value


def test_nan_round_trips() -> None:
    assert math.isnan(C.decode_props(C.encode_props({0: float("nan")}))[0])


def test_tuple_becomes_fresh_list() -> None:
    src = [1, 2]
    kept = C.check_value(src)
    src.append(3)
    assert kept == [1, 2]
    assert C.check_value((1, "a")) == [1, "a"]


@pytest.mark.parametrize("bad", [{"a": 1}, [{"num": 1}], NodeRef(1), object(), {1, 2}])
def test_unstorable_values_refused(bad: Any) -> None:
    with pytest.raises(CypherTypeError) as info:
        C.check_value(bad)
    assert info.value.detail == "InvalidPropertyType"


def test_int_out_of_range_refused() -> None:
    with pytest.raises(CypherArgumentError):
        C.check_value(2**63)


@given(st.lists(st.integers(0, 2**32 - 1), max_size=5), st.dictionaries(st.integers(0, 50), values))
def test_node_record_round_trip(toks: list[int], props: dict[int, Any]) -> None:
    raw = L.CID.pack(42) + C.node_body(toks, props)
    assert C.record_cid(raw) == 42
    got_toks, got_props = C.decode_node(raw)
    assert list(got_toks) == toks
    assert C.decode_props(got_props) == props


def test_node_body_accepts_encoded_props() -> None:
    encoded = C.encode_props({3: "x"})
    assert C.node_body([1], encoded) == C.node_body([1], {3: "x"})


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**63), st.integers(0, 2**63), values)
def test_rel_record_round_trip(tok: int, start: int, end: int, value: Any) -> None:
    raw = L.CID.pack(7) + C.rel_body(tok, start, end, {5: value})
    got = C.decode_rel(raw)
    assert got[:3] == (tok, start, end)
    assert C.decode_props(got[3]) == {5: value}


def test_encode_props_recovers_after_an_unstorable_value() -> None:
    # the encoder reuses one msgpack Packer per thread: a failed pack must leave it clean
    with pytest.raises(CypherTypeError):
        C.encode_props({1: [object()]})
    assert C.decode_props(C.encode_props({1: 2, 3: "x"})) == {1: 2, 3: "x"}


def test_encode_props_from_many_threads() -> None:
    import threading

    out: list[bool] = []

    def work(i: int) -> None:
        props = {k: f"v{i}-{k}" * (i + 1) for k in range(20)}
        out.append(all(C.decode_props(C.encode_props(props)) == props for _ in range(300)))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [True] * 8


@given(toks=st.lists(st.integers(min_value=0, max_value=2**32 - 1), max_size=12))
def test_node_body_heads_with_the_label_count_and_tokens(toks: list[int]) -> None:
    # Precompiled heads serve few labels; every count must give the same layout.
    body = C.node_body(toks, {})
    n = len(toks)
    assert body[: 2 + 4 * n] == n.to_bytes(2, "big") + b"".join(t.to_bytes(4, "big") for t in toks)
    assert C.decode_node(L.CID.pack(1) + body) == (tuple(toks), C.EMPTY_PROPS)
