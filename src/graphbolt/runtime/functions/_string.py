"""String functions: toUpper, toLower, trim family, replace, substring, left, right, split,
reverse (strings and lists), normalize.

Strings are sequences of code points (Neo4j counts code points too). Trimming removes what
Java's ``Character.isWhitespace`` calls whitespace (not the no-break spaces), like Neo4j.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from graphbolt.errors import CypherArgumentError, CypherTypeError
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import function
from graphbolt.values._types import type_name

# Java's Character.isWhitespace: Unicode space separators except the no-break ones, line and
# paragraph separators, and the ASCII controls \t \n \v \f \r \x1c-\x1f.
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u205f\u3000\u2028\u2029"
)


def expect_string(fn: str, value: Any, position: str = "") -> str:
    """``value`` if it is a string, else the InvalidArgumentType error naming ``fn``."""
    if type(value) is str:
        return value
    where = f" {position}" if position else ""
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a String{where} for `{fn}`, but got: {type_name(value)} ({value!r})",
    )


def expect_int(fn: str, value: Any, what: str) -> int:
    if type(value) is int:
        return value
    if value is None:
        raise CypherArgumentError("InvalidArgumentValue", f"`{fn}`: {what} must not be null")
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected an Integer {what} for `{fn}`, but got: {type_name(value)} ({value!r})",
    )


def _non_negative(fn: str, value: int, what: str) -> int:
    if value < 0:
        raise CypherArgumentError(
            "NegativeIntegerArgument", f"`{fn}`: {what} must not be negative, got {value}"
        )
    return value


@function("toUpper", 1)
def to_upper(ctx: ExecutionContext, value: Any) -> str:
    return expect_string("toUpper", value).upper()


@function("upper", 1)
def upper(ctx: ExecutionContext, value: Any) -> str:
    return expect_string("upper", value).upper()


@function("toLower", 1)
def to_lower(ctx: ExecutionContext, value: Any) -> str:
    return expect_string("toLower", value).lower()


@function("lower", 1)
def lower(ctx: ExecutionContext, value: Any) -> str:
    return expect_string("lower", value).lower()


def _trim_chars(fn: str, chars: Any) -> str:
    return _WHITESPACE if chars is None else expect_string(fn, chars, "trim character string")


@function("trim", 1, 2)
def trim(ctx: ExecutionContext, value: Any, chars: Any = None) -> str:
    return expect_string("trim", value).strip(_trim_chars("trim", chars))


@function("btrim", 1, 2)
def btrim(ctx: ExecutionContext, value: Any, chars: Any = None) -> str:
    return expect_string("btrim", value).strip(_trim_chars("btrim", chars))


@function("lTrim", 1, 2)
def ltrim(ctx: ExecutionContext, value: Any, chars: Any = None) -> str:
    return expect_string("lTrim", value).lstrip(_trim_chars("lTrim", chars))


@function("rTrim", 1, 2)
def rtrim(ctx: ExecutionContext, value: Any, chars: Any = None) -> str:
    return expect_string("rTrim", value).rstrip(_trim_chars("rTrim", chars))


@function("replace", 3)
def replace(ctx: ExecutionContext, original: Any, search: Any, replacement: Any) -> str:
    return expect_string("replace", original).replace(
        expect_string("replace", search), expect_string("replace", replacement)
    )


@function("substring", 2, 3, null_in_null_out=False)
def substring(ctx: ExecutionContext, original: Any, start: Any, length: Any = ...) -> Any:
    """``substring(s, start[, length])``: null string gives null; null or negative numbers
    are errors (Neo4j)."""
    if original is None:
        return None
    text = expect_string("substring", original)
    begin = _non_negative("substring", expect_int("substring", start, "start"), "start")
    if length is ...:
        return text[begin:]
    count = _non_negative("substring", expect_int("substring", length, "length"), "length")
    return text[begin : begin + count]


@function("left", 2, null_in_null_out=False)
def left(ctx: ExecutionContext, original: Any, length: Any) -> Any:
    if original is None:
        return None
    text = expect_string("left", original)
    count = _non_negative("left", expect_int("left", length, "length"), "length")
    return text[:count]


@function("right", 2, null_in_null_out=False)
def right(ctx: ExecutionContext, original: Any, length: Any) -> Any:
    if original is None:
        return None
    text = expect_string("right", original)
    count = _non_negative("right", expect_int("right", length, "length"), "length")
    return text[len(text) - count :] if count else ""


@function("split", 2)
def split(ctx: ExecutionContext, original: Any, delimiter: Any) -> list[str]:
    """Split on a delimiter string, or on any of a list of delimiters; the empty delimiter
    splits into single characters. Empty parts are kept."""
    text = expect_string("split", original)
    if type(delimiter) is list:
        delimiters = [expect_string("split", d, "delimiter") for d in delimiter]
        return _split_many(text, delimiters)
    sep = expect_string("split", delimiter, "delimiter")
    if sep == "":
        return list(text)
    return text.split(sep)


def _split_many(text: str, delimiters: list[str]) -> list[str]:
    delimiters = [d for d in delimiters if d]
    if not delimiters:
        return list(text)
    parts: list[str] = []
    start = i = 0
    while i < len(text):
        hit = next((d for d in delimiters if text.startswith(d, i)), None)
        if hit is None:
            i += 1
            continue
        parts.append(text[start:i])
        i += len(hit)
        start = i
    parts.append(text[start:])
    return parts


@function("reverse", 1)
def reverse(ctx: ExecutionContext, value: Any) -> Any:
    """Reverse a string (by code point) or a list."""
    kind = type(value)
    if kind is str or kind is list:
        return value[::-1]
    raise CypherTypeError(
        "InvalidArgumentType",
        f"Expected a String or a List for `reverse`, but got: {type_name(value)}",
    )


_NORMAL_FORMS = ("NFC", "NFD", "NFKC", "NFKD")


@function("normalize", 1, 2)
def normalize(ctx: ExecutionContext, value: Any, form: Any = "NFC") -> str:
    text = expect_string("normalize", value)
    name = expect_string("normalize", form, "normal form").upper()
    if name not in _NORMAL_FORMS:
        raise CypherArgumentError("InvalidArgumentValue", f"Unknown normal form: {form}")
    return unicodedata.normalize(name, text)  # type: ignore[arg-type]


@function("char_length", 1)
def char_length(ctx: ExecutionContext, value: Any) -> int:
    return len(expect_string("char_length", value))


@function("character_length", 1)
def character_length(ctx: ExecutionContext, value: Any) -> int:
    return len(expect_string("character_length", value))
