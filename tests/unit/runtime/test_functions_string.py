"""String functions."""

from __future__ import annotations

from typing import Any

import pytest
from _function_helpers import call

from graphbolt.errors import CypherArgumentError, CypherTypeError


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("toUpper", ("abc ß",), "ABC SS"),
        ("TOUPPER", ("a",), "A"),
        ("upper", ("a",), "A"),
        ("toLower", ("ABC",), "abc"),
        ("lower", ("ÄB",), "äb"),
        ("trim", ("  a b \t\n",), "a b"),
        ("trim", ("\u00a0a\u00a0",), "\u00a0a\u00a0"),  # no-break space is not whitespace
        ("trim", ("xxaxx", "x"), "a"),
        ("btrim", ("xyaxy", "xy"), "a"),
        ("lTrim", ("  a  ",), "a  "),
        ("rTrim", ("  a  ",), "  a"),
        ("lTrim", ("xxa", "x"), "a"),
        ("replace", ("hello", "l", "w"), "hewwo"),
        ("replace", ("abc", "", "-"), "-a-b-c-"),
        ("replace", ("abc", "x", "y"), "abc"),
        ("substring", ("0123456789", 1), "123456789"),
        ("substring", ("0123456789", 1, 3), "123"),
        ("substring", ("0123456789", 20), ""),
        ("substring", ("0123456789", 8, 10), "89"),
        ("substring", ("0123456789", 1, 0), ""),
        ("left", ("hello", 3), "hel"),
        ("left", ("hello", 30), "hello"),
        ("right", ("hello", 3), "llo"),
        ("right", ("hello", 0), ""),
        ("right", ("hello", 30), "hello"),
        ("split", ("one1two", "1"), ["one", "two"]),
        ("split", ("a,b,,c,", ","), ["a", "b", "", "c", ""]),
        ("split", ("abc", ""), ["a", "b", "c"]),
        ("split", ("", ","), [""]),
        ("split", ("a-b_c", ["-", "_"]), ["a", "b", "c"]),
        ("reverse", ("raksO",), "Oskar"),
        ("reverse", ("a😀b",), "b😀a"),
        ("reverse", ([1, 2, 3],), [3, 2, 1]),
        ("reverse", ([],), []),
        ("normalize", ("e\u0301",), "\u00e9"),
        ("normalize", ("\u00e9", "NFD"), "e\u0301"),
        ("char_length", ("a😀",), 2),
        ("character_length", ("abc",), 3),
    ],
)
def test_string_functions(name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert call(name, *args) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("toUpper", (None,)),
        ("trim", (None,)),
        ("replace", ("a", None, "b")),
        ("split", (None, ",")),
        ("reverse", (None,)),
        ("substring", (None, 1)),
        ("left", (None, 1)),
        ("right", (None, 1)),
    ],
)
def test_null_gives_null(name: str, args: tuple[Any, ...]) -> None:
    assert call(name, *args) is None


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("toUpper", (1,)),
        ("toLower", (True,)),
        ("trim", ([" a "],)),
        ("replace", ("a", 1, "b")),
        ("split", ("a", 1)),
        ("reverse", (1,)),
        ("reverse", ({"a": 1},)),
        ("substring", ("abc", 1.5)),
        ("substring", (1, 1)),
        ("left", ("abc", "1")),
    ],
)
def test_type_errors(name: str, args: tuple[Any, ...]) -> None:
    with pytest.raises(CypherTypeError) as info:
        call(name, *args)
    assert info.value.detail == "InvalidArgumentType"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("substring", ("abc", -1)),
        ("substring", ("abc", 1, -1)),
        ("substring", ("abc", None)),
        ("left", ("abc", -1)),
        ("left", ("abc", None)),
        ("right", ("abc", -2)),
        ("normalize", ("abc", "NFX")),
    ],
)
def test_argument_errors(name: str, args: tuple[Any, ...]) -> None:
    with pytest.raises(CypherArgumentError):
        call(name, *args)
