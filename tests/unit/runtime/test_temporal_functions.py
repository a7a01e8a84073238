"""The temporal functions as registered: names, arities, clocks, dispatch on argument kinds."""

from __future__ import annotations

from typing import Any

import pytest
from _function_helpers import call as call_function

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import lookup_function
from graphbolt.values._temporal import (
    Date,
    DateTime,
    Duration,
    LocalDateTime,
    LocalTime,
    Time,
)
from graphbolt.values._temporal_parse import parse_datetime

STATEMENT = parse_datetime("2022-03-04T05:06:07.5Z")
TRANSACTION = parse_datetime("2022-03-04T05:00Z")


def context(statement: DateTime | None = STATEMENT) -> ExecutionContext:
    return ExecutionContext(
        tx=None,  # type: ignore[arg-type]
        params={},
        statement_time=statement,
        transaction_time=TRANSACTION if statement is not None else None,
    )


def call(name: str, *args: Any, ctx: ExecutionContext | None = None) -> Any:
    return call_function(name, *args, ctx=ctx or context())


KINDS = ("date", "localtime", "time", "localdatetime", "datetime")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", ["", ".statement", ".transaction", ".realtime", ".truncate"])
def test_every_name_is_registered(kind: str, suffix: str) -> None:
    spec = lookup_function(f"{kind}{suffix}".upper())
    assert spec is not None and spec.null_in_null_out


@pytest.mark.parametrize(
    "name",
    [
        "duration",
        "duration.between",
        "duration.inMonths",
        "duration.inDays",
        "duration.inSeconds",
        "datetime.fromepoch",
        "datetime.fromepochmillis",
    ],
)
def test_other_names_are_registered(name: str) -> None:
    assert lookup_function(name) is not None


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("date", "2022-03-04"),
        ("localtime", "05:06:07.500"),
        ("time", "05:06:07.500Z"),
        ("localdatetime", "2022-03-04T05:06:07.500"),
        ("datetime", "2022-03-04T05:06:07.500Z"),
    ],
)
def test_no_argument_reads_the_statement_clock(kind: str, expected: str) -> None:
    assert str(call(kind)) == expected
    assert str(call(f"{kind}.statement")) == expected


def test_clocks_with_a_time_zone() -> None:
    assert str(call("datetime.statement", "Asia/Tokyo")) == (
        "2022-03-04T14:06:07.500+09:00[Asia/Tokyo]"
    )
    assert str(call("time.transaction", "-02:00")) == "03:00-02:00"
    assert str(call("date", {"timezone": "Pacific/Kiritimati"})) == "2022-03-04"
    assert str(call("localtime", {"timezone": "+10:00"})) == "15:06:07.500"
    with pytest.raises(CypherTypeError):
        call("date.statement", 5)


def test_realtime_ignores_the_fixed_clocks() -> None:
    now = call("datetime.realtime")
    assert isinstance(now, DateTime) and now.epoch_nanos > STATEMENT.epoch_nanos


def test_missing_clocks_fall_back_to_the_real_clock() -> None:
    ctx = context(statement=None)
    assert isinstance(call("date", ctx=ctx), Date)
    assert isinstance(call("localdatetime.transaction", ctx=ctx), LocalDateTime)


@pytest.mark.parametrize(
    ("kind", "text", "cls"),
    [
        ("date", "2015-W30-2", Date),
        ("localtime", "214032.142", LocalTime),
        ("time", "21:40-01:30", Time),
        ("localdatetime", "2015-202T21", LocalDateTime),
        ("datetime", "2015-07-21T21:40[Europe/London]", DateTime),
    ],
)
def test_strings_are_parsed(kind: str, text: str, cls: type) -> None:
    assert type(call(kind, text)) is cls


def test_maps_and_conversions() -> None:
    assert str(call("date", {"year": 2000, "ordinalDay": 32})) == "2000-02-01"
    dt = call("datetime", {"year": 2000, "month": 6, "day": 1, "hour": 12, "timezone": "+02:00"})
    assert str(call("localtime", dt)) == "12:00"
    assert str(call("time", dt)) == "12:00+02:00"
    assert str(call("date", dt)) == "2000-06-01"
    assert str(call("localdatetime", {"datetime": dt, "minute": 30})) == "2000-06-01T12:30"


@pytest.mark.parametrize(
    ("kind", "argument"),
    [("date", 5), ("time", True), ("datetime", [1]), ("date", Duration(0, 1, 0))],
)
def test_wrong_argument_types(kind: str, argument: Any) -> None:
    with pytest.raises(CypherTypeError) as info:
        call(kind, argument)
    assert info.value.detail == "InvalidArgumentType"


def test_bad_strings_are_argument_errors() -> None:
    with pytest.raises(CypherArgumentError) as info:
        call("date", "2015-13-01")
    assert info.value.detail == "InvalidArgumentValue"


def test_truncate_functions() -> None:
    dt = parse_datetime("2017-11-11T12:31:14.645876123+01:00")
    assert str(call("date.truncate", "decade", dt)) == "2010-01-01"
    assert str(call("datetime.truncate", "hour", dt, {"minute": 7})) == "2017-11-11T12:07+01:00"
    assert str(call("localdatetime.truncate", "weekYear", dt)) == "2017-01-02T00:00"
    assert str(call("time.truncate", "microsecond", dt)) == "12:31:14.645876+01:00"
    assert str(call("localtime.truncate", "minute", dt, {})) == "12:31"
    with pytest.raises(CypherTypeError):
        call("date.truncate", "day", "2017-01-01")
    with pytest.raises(CypherTypeError):
        call("date.truncate", "day", dt, 5)


def test_epoch_constructors() -> None:
    assert str(call("datetime.fromepoch", 86400, 5)) == "1970-01-02T00:00:00.000000005Z"
    assert str(call("datetime.fromepoch", -1, 0)) == "1969-12-31T23:59:59Z"
    assert str(call("datetime.fromepochmillis", 1500)) == "1970-01-01T00:00:01.500Z"
    with pytest.raises(CypherTypeError):
        call("datetime.fromepochmillis", "1500")


def test_duration_functions() -> None:
    assert str(call("duration", "P1DT2H")) == "P1DT2H"
    assert str(call("duration", {"hours": 26})) == "PT26H"
    d = Duration(0, 1, 0)
    assert call("duration", d) is d
    with pytest.raises(CypherTypeError):
        call("duration", 5)
    a, b = call("date", "2020-01-01"), call("localdatetime", "2020-02-03T04:05")
    assert str(call("duration.between", a, b)) == "P1M2DT4H5M"
    assert str(call("duration.inMonths", a, b)) == "P1M"
    assert str(call("duration.inDays", a, b)) == "P33D"
    assert str(call("duration.inSeconds", a, b)) == "PT796H5M"
    with pytest.raises(CypherTypeError):
        call("duration.between", a, 5)


def test_same_clock_reads_give_zero_durations() -> None:
    for kind in KINDS:
        assert str(call("duration.inSeconds", call(kind), call(kind))) == "PT0S"
