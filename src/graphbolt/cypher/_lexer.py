"""Hand-written Cypher lexer: query text -> list of tokens with character offsets.

Keywords are not a token kind of their own: every bare word is an ``IDENT`` token and the
parser decides from context whether it is a keyword (Cypher keywords are case-insensitive and
most of them may also be used as names). Backticked names are ``QIDENT`` tokens, which are
never keywords.

Integer literals keep their unbounded Python value here: the range check happens in the
parser, after a leading unary minus has been folded in (``-9223372036854775808`` is valid).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from graphbolt.errors import CypherSyntaxError

IDENT = "IDENT"  # bare word: a name or a keyword
QIDENT = "QIDENT"  # `backticked name`
STRING = "STRING"
INTEGER = "INTEGER"
FLOAT = "FLOAT"
PARAM = "PARAM"  # value: the name after $
OP = "OP"  # punctuation and operators; value is the operator text
EOF = "EOF"

# Longest match first: two-character operators are tried before single characters.
_TWO_CHAR_OPS = frozenset({"=~", "<>", "<=", ">=", "!=", "+=", ".."})
_ONE_CHAR_OPS = frozenset("()[]{},.:;|=<>+-*/%^$")

_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}

_HEX = frozenset("0123456789abcdefABCDEF")
_OCT = frozenset("01234567")
_DIGITS = frozenset("0123456789")


@dataclass(slots=True)
class Token:
    """One token: ``kind``, decoded ``value``, and the [pos, end) slice of the source."""

    kind: str
    value: Any  # str, int, float or None, depending on kind
    pos: int
    end: int

    @property
    def upper(self) -> str:
        """The word in upper case for keyword tests ('' for anything but a bare word)."""
        return self.value.upper() if self.kind == IDENT else ""  # type: ignore[no-any-return]


def _is_ident_start(ch: str) -> bool:
    return ch == "_" or ch.isalpha()


def _is_ident_part(ch: str) -> bool:
    if ch == "_" or ch.isalnum():
        return True
    # Combining marks and connector punctuation may continue an identifier (Unicode ID_Continue).
    return not ch.isascii() and unicodedata.category(ch) in ("Mn", "Mc", "Pc", "Nd")


def _error(detail: str, message: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError(detail, message, position=pos)


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        text = self.text
        while True:
            self._skip_space_and_comments()
            if self.i >= self.n:
                self.tokens.append(Token(EOF, None, self.n, self.n))
                return self.tokens
            ch = text[self.i]
            if ch in _DIGITS or (ch == "." and self._peek(1) in _DIGITS and not self._after_name()):
                self._number()
            elif _is_ident_start(ch):
                self._word()
            elif ch == "`":
                start = self.i
                self.tokens.append(Token(QIDENT, self._backticked(), start, self.i))
            elif ch in "'\"":
                start = self.i
                self.tokens.append(Token(STRING, self._string(ch), start, self.i))
            elif ch == "$":
                self._parameter()
            else:
                self._operator(ch)

    def _peek(self, k: int) -> str:
        j = self.i + k
        return self.text[j] if j < self.n else ""

    def _after_name(self) -> bool:
        # `n.5` never occurs, but `x.` followed by digits must stay a property access attempt,
        # and `1..5` must lex as 1 .. 5: only treat `.5` as a float after a non-name token.
        if not self.tokens:
            return False
        last = self.tokens[-1]
        return last.end == self.i and (
            last.kind in (IDENT, QIDENT, INTEGER, FLOAT, PARAM)
            or (last.kind == OP and last.value in (")", "]", "}"))
        )

    def _skip_space_and_comments(self) -> None:
        text, n = self.text, self.n
        while self.i < n:
            ch = text[self.i]
            if ch.isspace():
                self.i += 1
            elif text.startswith("//", self.i):
                nl = text.find("\n", self.i)
                self.i = n if nl < 0 else nl + 1
            elif text.startswith("/*", self.i):
                close = text.find("*/", self.i + 2)
                if close < 0:
                    raise _error("UnexpectedSyntax", "Unterminated comment", self.i)
                self.i = close + 2
            else:
                return

    def _word(self) -> None:
        start = self.i
        text, n = self.text, self.n
        j = start + 1
        while j < n and _is_ident_part(text[j]):
            j += 1
        self.i = j
        self.tokens.append(Token(IDENT, text[start:j], start, j))

    def _backticked(self) -> str:
        # Doubled backticks stand for one backtick inside the name.
        text = self.text
        parts: list[str] = []
        j = self.i + 1
        while True:
            close = text.find("`", j)
            if close < 0:
                raise _error("UnexpectedSyntax", "Unterminated escaped identifier", self.i)
            parts.append(text[j:close])
            if text.startswith("``", close):
                parts.append("`")
                j = close + 2
                continue
            self.i = close + 1
            return "".join(parts)

    def _string(self, quote: str) -> str:
        text, n = self.text, self.n
        start = self.i
        j = start + 1
        out: list[str] = []
        while True:
            if j >= n:
                raise _error("UnexpectedSyntax", "Unterminated string literal", start)
            ch = text[j]
            if ch == quote:
                self.i = j + 1
                return "".join(out)
            if ch != "\\":
                out.append(ch)
                j += 1
                continue
            j = self._escape(j, out)

    def _escape(self, j: int, out: list[str]) -> int:
        """Decode the escape sequence starting at the backslash at ``j``; return the next index."""
        text = self.text
        nxt = text[j + 1] if j + 1 < self.n else ""
        simple = _SIMPLE_ESCAPES.get(nxt)
        if simple is not None:
            out.append(simple)
            return j + 2
        if nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = text[j + 2 : j + 2 + width]
            if len(digits) != width or any(c not in _HEX for c in digits):
                raise _error(
                    "InvalidUnicodeLiteral",
                    f"Invalid unicode escape: {text[j : j + 2 + width]!r}",
                    j,
                )
            code = int(digits, 16)
            end = j + 2 + width
            if 0xD800 <= code < 0xDC00 and self.text.startswith("\\u", end):
                # A UTF-16 surrogate pair written as two escapes stands for one character.
                low = self.text[end + 2 : end + 6]
                if (
                    len(low) == 4
                    and all(c in _HEX for c in low)
                    and 0xDC00 <= int(low, 16) < 0xE000
                ):
                    out.append(chr(0x10000 + ((code - 0xD800) << 10) + int(low, 16) - 0xDC00))
                    return end + 6
            if code > 0x10FFFF:
                raise _error("InvalidUnicodeLiteral", f"Invalid unicode code point: {digits}", j)
            out.append(chr(code))
            return j + 2 + width
        raise _error("UnexpectedSyntax", f"Invalid escape sequence: \\{nxt}", j)

    def _parameter(self) -> None:
        start = self.i
        text = self.text
        j = start + 1
        ch = text[j] if j < self.n else ""
        if ch == "`":
            self.i = j
            name = self._backticked()
        elif ch and (_is_ident_start(ch) or ch in _DIGITS):
            k = j
            while k < self.n and _is_ident_part(text[k]):
                k += 1
            name = text[j:k]
            self.i = k
        else:
            raise _error("UnexpectedSyntax", "Invalid parameter: expected a name after '$'", start)
        self.tokens.append(Token(PARAM, name, start, self.i))

    def _operator(self, ch: str) -> None:
        start = self.i
        two = self.text[start : start + 2]
        if two in _TWO_CHAR_OPS:
            self.i += 2
            self.tokens.append(Token(OP, "<>" if two == "!=" else two, start, self.i))
        elif ch in _ONE_CHAR_OPS:
            self.i += 1
            self.tokens.append(Token(OP, ch, start, self.i))
        elif not ch.isascii():
            raise _error("InvalidUnicodeCharacter", f"Invalid input character {ch!r}", start)
        else:
            raise _error("UnexpectedSyntax", f"Invalid input {ch!r}", start)

    # -- numbers ---------------------------------------------------------------------------

    def _number(self) -> None:
        text = self.text
        start = self.i
        prefix = text[start : start + 2].lower()
        if prefix in ("0x", "0o"):
            self._radix_number(start, 16 if prefix == "0x" else 8)
            return
        j = start
        while j < self.n and text[j] in _DIGITS:
            j += 1
        is_float = False
        if j + 1 < self.n and text[j] == "." and text[j + 1] in _DIGITS:
            is_float = True
            j += 1
            while j < self.n and text[j] in _DIGITS:
                j += 1
        if j < self.n and text[j] in "eE":
            k = j + 1
            if k < self.n and text[k] in "+-":
                k += 1
            if k < self.n and text[k] in _DIGITS:
                is_float = True
                j = k
                while j < self.n and text[j] in _DIGITS:
                    j += 1
        self.i = j
        raw = text[start:j]
        if is_float:
            self.tokens.append(Token(FLOAT, self._float_value(raw, start), start, j))
        else:
            self.tokens.append(Token(INTEGER, int(raw), start, j))

    @staticmethod
    def _float_value(raw: str, pos: int) -> float:
        value = float(raw)
        if value in (float("inf"), float("-inf")):
            raise _error("FloatingPointOverflow", f"Floating point number is too large: {raw}", pos)
        return value

    def _radix_number(self, start: int, base: int) -> None:
        text = self.text
        allowed = _HEX if base == 16 else _OCT
        j = start + 2
        while j < self.n and _is_ident_part(text[j]):
            j += 1
        raw = text[start:j]
        digits = raw[2:]
        if not digits or any(c not in allowed for c in digits):
            raise _error("InvalidNumberLiteral", f"Invalid number literal: {raw}", start)
        self.i = j
        self.tokens.append(Token(INTEGER, int(digits, base), start, j))


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens (the last one is ``EOF``); raises ``CypherSyntaxError``."""
    return _Lexer(text).run()
