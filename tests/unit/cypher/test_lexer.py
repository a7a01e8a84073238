"""The Cypher lexer: token kinds, values, offsets and lexical errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.cypher._lexer import (
    EOF,
    FLOAT,
    IDENT,
    INTEGER,
    OP,
    PARAM,
    QIDENT,
    STRING,
    tokenize,
)
from graphbolt.errors import CypherSyntaxError


def kinds_values(text: str) -> list[tuple[str, object]]:
    return [(t.kind, t.value) for t in tokenize(text)[:-1]]


def test_words_keep_case_and_offsets() -> None:
    tokens = tokenize("MATCH (n) return  n")
    assert [(t.kind, t.value, t.pos, t.end) for t in tokens] == [
        (IDENT, "MATCH", 0, 5),
        (OP, "(", 6, 7),
        (IDENT, "n", 7, 8),
        (OP, ")", 8, 9),
        (IDENT, "return", 10, 16),
        (IDENT, "n", 18, 19),
        (EOF, None, 19, 19),
    ]
    assert tokens[4].upper == "RETURN"


def test_backticked_identifier_with_doubled_backtick() -> None:
    assert kinds_values("`a``b c`") == [(QIDENT, "a`b c")]
    assert tokenize("`MATCH`")[0].upper == ""  # never a keyword


def test_unterminated_backtick() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize("RETURN `abc")
    assert info.value.detail == "UnexpectedSyntax"
    assert info.value.position == 7


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r"'a\\b'", "a\\b"),
        (r"'it\'s'", "it's"),
        (r'"say \"hi\""', 'say "hi"'),
        (r"'\b\f\n\r\t'", "\b\f\n\r\t"),
        (r"'\u00e9'", "é"),
        (r"'\U0001F600'", "\U0001f600"),
        ('"it\'s"', "it's"),
        ("'x\"y'", 'x"y'),
    ],
)
def test_string_escapes(text: str, value: str) -> None:
    assert kinds_values(text) == [(STRING, value)]


@pytest.mark.parametrize("text", [r"'\uH'", r"'\u12'", r"'\U1234567'", r"'\UFFFFFFFF'"])
def test_invalid_unicode_escape(text: str) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize(text)
    assert info.value.detail == "InvalidUnicodeLiteral"
    assert info.value.position == 1


def test_unterminated_string() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize("RETURN 'abc")
    assert info.value.detail == "UnexpectedSyntax"
    assert info.value.position == 7


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("42", INTEGER, 42),
        ("0x1F", INTEGER, 31),
        ("0xff", INTEGER, 255),
        ("0o17", INTEGER, 15),
        ("1.5", FLOAT, 1.5),
        (".5", FLOAT, 0.5),
        ("1e9", FLOAT, 1e9),
        ("1E-3", FLOAT, 1e-3),
        ("2.5e+2", FLOAT, 250.0),
        ("9223372036854775808", INTEGER, 2**63),  # the range check is the parser's job
    ],
)
def test_numbers(text: str, kind: str, value: object) -> None:
    tokens = kinds_values(text)
    assert tokens == [(kind, value)]
    assert type(tokens[0][1]) is type(value)


def test_range_dots_are_not_a_float() -> None:
    assert kinds_values("*1..3") == [(OP, "*"), (INTEGER, 1), (OP, ".."), (INTEGER, 3)]
    assert kinds_values("x[..2]") == [(IDENT, "x"), (OP, "["), (OP, ".."), (INTEGER, 2), (OP, "]")]


@pytest.mark.parametrize("text", ["0x1A2b3c4Z5E6f7", "0x", "0o8", "0o17a"])
def test_invalid_radix_numbers(text: str) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize(text)
    assert info.value.detail == "InvalidNumberLiteral"


def test_float_overflow() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize("RETURN 1.34E999")
    assert info.value.detail == "FloatingPointOverflow"
    assert info.value.position == 7


def test_comments_are_skipped() -> None:
    text = "RETURN 1 // one\n + /* two\n lines */ 2"
    assert kinds_values(text) == [(IDENT, "RETURN"), (INTEGER, 1), (OP, "+"), (INTEGER, 2)]


def test_parameters() -> None:
    assert kinds_values("$name $0 $`a b`") == [(PARAM, "name"), (PARAM, "0"), (PARAM, "a b")]


def test_multi_character_operators() -> None:
    assert [v for _, v in kinds_values("=~ <> <= >= += .. != <-->")] == [
        "=~", "<>", "<=", ">=", "+=", "..", "<>", "<", "-", "-", ">",
    ]  # fmt: skip


def test_invalid_characters() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        tokenize("RETURN 42 — 41")
    assert info.value.detail == "InvalidUnicodeCharacter"
    assert info.value.position == 10
    with pytest.raises(CypherSyntaxError) as info:
        tokenize("RETURN 1#2")
    assert info.value.detail == "UnexpectedSyntax"
    assert info.value.position == 8


def test_unicode_identifiers() -> None:
    assert kinds_values("RETURN åäö") == [(IDENT, "RETURN"), (IDENT, "åäö")]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_string_literal_round_trip(value: str) -> None:
    # Escape every character the lexer treats specially, then read it back.
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    assert kinds_values(f"'{escaped}'") == [(STRING, value)]


@given(st.integers(min_value=0, max_value=2**70))
def test_integer_forms_agree(value: int) -> None:
    assert kinds_values(str(value)) == [(INTEGER, value)]
    assert kinds_values(hex(value)) == [(INTEGER, value)]
    assert kinds_values("0o" + oct(value)[2:]) == [(INTEGER, value)]


def test_surrogate_pair_escapes_combine() -> None:
    assert kinds_values(r"'\uD83D\uDE00'") == [(STRING, "\U0001f600")]
