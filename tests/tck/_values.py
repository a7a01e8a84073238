"""The TCK's expected-value notation, parsed into *canonical values*, and rendered back.

A canonical value is a hashable tuple whose first element names the Cypher type, so values
of different types never compare or hash equal (Python merges ``True``, ``1`` and ``1.0`` in
dicts and Counters; the TCK says they differ). Forms:

====================  ==========================================================
``("null",)``
``("bool", b)``
``("int", i)``
``("float", f)``      NaN is stored as the string ``"NaN"`` so that NaN equals NaN
``("str", s)``        temporal and spatial values from the engine use their string form
``("list", items)``   ``items`` a tuple of canonical values
``("map", pairs)``    ``pairs`` a tuple of ``(key, value)`` sorted by key
``("node", labels, props)``   ``labels`` a sorted tuple, ``props`` a ``("map", ...)``
``("rel", type, props)``
``("path", parts)``   node, ``(direction, rel)``, node, ...; direction ``"->"``/``"<-"``
``("other", text)``   an engine value with no TCK notation (never equals expected values)
====================  ==========================================================
"""

from __future__ import annotations

import math
import re
from typing import Any

Canon = tuple[Any, ...]

NULL: Canon = ("null",)
NAN = "NaN"

_NUMBER = re.compile(r"-?(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)")
_NAME = re.compile(r"[A-Za-z0-9$_]+")
_KEYWORDS: dict[str, Canon] = {
    "null": NULL,
    "true": ("bool", True),
    "false": ("bool", False),
    "NaN": ("float", NAN),
    "Inf": ("float", math.inf),
    "-Inf": ("float", -math.inf),
}


class NotationError(ValueError):
    """A table cell that is not valid TCK value notation."""


def make_float(value: float) -> Canon:
    """The canonical form of a float (NaN gets its comparable marker)."""
    return ("float", NAN if value != value else value)


def make_map(items: dict[str, Canon]) -> Canon:
    return ("map", tuple(sorted(items.items(), key=lambda kv: kv[0])))


def parse_value(text: str) -> Canon:
    """Parse one cell of an expected-result or parameter table."""
    parser = _Parser(text)
    value = parser.value()
    parser.skip_ws()
    if parser.pos != len(text):
        raise parser.error("unexpected trailing text")
    return value


class _Parser:
    """Recursive descent over one cell; ``pos`` is the index of the next unread character."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str) -> NotationError:
        return NotationError(f"{message} at offset {self.pos} in {self.text!r}")

    def skip_ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos].isspace():
            pos += 1
        self.pos = pos

    def peek(self) -> str:
        self.skip_ws()
        return self.text[self.pos : self.pos + 1]

    def accept(self, token: str) -> bool:
        self.skip_ws()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.accept(token):
            raise self.error(f"expected {token!r}")

    def value(self) -> Canon:
        first = self.peek()
        if first == "'":
            return ("str", self.string())
        if first == "[":
            return self.list_or_rel()
        if first == "{":
            return self.map()
        if first == "(":
            return self.node()
        if first == "<":
            return self.path()
        return self.scalar()

    def scalar(self) -> Canon:
        for word, value in _KEYWORDS.items():
            end = self.pos + len(word)
            if self.text.startswith(word, self.pos) and not self.text[end : end + 1].isalnum():
                self.pos = end
                return value
        match = _NUMBER.match(self.text, self.pos)
        if match is None:
            raise self.error("expected a value")
        self.pos = match.end()
        literal = match.group()
        if any(c in literal for c in ".eE"):
            return make_float(float(literal))
        return ("int", int(literal))

    def string(self) -> str:
        # Only \' and \\ are escapes in the notation; any other backslash is literal.
        self.expect("'")
        text, pos = self.text, self.pos
        out: list[str] = []
        while pos < len(text):
            char = text[pos]
            if char == "'":
                self.pos = pos + 1
                return "".join(out)
            if char == "\\" and text[pos + 1 : pos + 2] in ("'", "\\"):
                out.append(text[pos + 1])
                pos += 2
                continue
            out.append(char)
            pos += 1
        raise self.error("unterminated string")

    def name(self) -> str:
        self.skip_ws()
        if self.text.startswith("`", self.pos):
            end = self.text.find("`", self.pos + 1)
            if end < 0:
                raise self.error("unterminated `name`")
            name = self.text[self.pos + 1 : end]
            self.pos = end + 1
            return name
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise self.error("expected a name")
        self.pos = match.end()
        return match.group()

    def list_or_rel(self) -> Canon:
        self.expect("[")
        if self.peek() == ":":
            return self.rel_body()
        items: list[Canon] = []
        if not self.accept("]"):
            items.append(self.value())
            while self.accept(","):
                items.append(self.value())
            self.expect("]")
        return ("list", tuple(items))

    def rel_body(self) -> Canon:
        self.expect(":")
        rel_type = self.name()
        props = self.map() if self.peek() == "{" else make_map({})
        self.expect("]")
        return ("rel", rel_type, props)

    def map(self) -> Canon:
        self.expect("{")
        items: dict[str, Canon] = {}
        if not self.accept("}"):
            while True:
                key = self.name()
                self.expect(":")
                if key in items:
                    raise self.error(f"duplicate key {key!r}")
                items[key] = self.value()
                if not self.accept(","):
                    break
            self.expect("}")
        return make_map(items)

    def node(self) -> Canon:
        self.expect("(")
        labels: set[str] = set()
        while self.accept(":"):
            labels.add(self.name())
        props = self.map() if self.peek() == "{" else make_map({})
        self.expect(")")
        return ("node", tuple(sorted(labels)), props)

    def path(self) -> Canon:
        self.expect("<")
        parts: list[Any] = [self.node()]
        while not self.accept(">"):
            if self.accept("<-"):
                direction, closing = "<-", "-"
            elif self.accept("-"):
                direction, closing = "->", "->"
            else:
                raise self.error("expected a relationship or '>'")
            self.expect("[")
            rel = self.rel_body()
            self.expect(closing)
            parts.append((direction, rel))
            parts.append(self.node())
        return ("path", tuple(parts))


# -- rendering ------------------------------------------------------------------------------


def render(value: Canon) -> str:
    """TCK notation for a canonical value (the inverse of ``parse_value``)."""
    kind = value[0]
    if kind == "null":
        return "null"
    if kind == "bool":
        return "true" if value[1] else "false"
    if kind == "int":
        return str(value[1])
    if kind == "float":
        return _render_float(value[1])
    if kind == "str":
        return "'" + value[1].replace("\\", "\\\\").replace("'", "\\'") + "'"
    if kind == "list":
        return "[" + ", ".join(render(item) for item in value[1]) + "]"
    if kind == "map":
        return _render_map(value)
    if kind == "node":
        return _render_node(value)
    if kind == "rel":
        return "[" + _render_rel(value) + "]"
    if kind == "path":
        return _render_path(value)
    return f"<<{value[1]}>>"


def _render_float(number: float | str) -> str:
    if number == NAN:
        return "NaN"
    assert isinstance(number, float)
    if math.isinf(number):
        return "Inf" if number > 0 else "-Inf"
    return repr(number)


def _render_key(key: str) -> str:
    return key if _NAME.fullmatch(key) else f"`{key}`"


def _render_map(value: Canon) -> str:
    return "{" + ", ".join(f"{_render_key(k)}: {render(v)}" for k, v in value[1]) + "}"


def _render_node(value: Canon) -> str:
    labels = "".join(":" + _render_key(label) for label in value[1])
    props = _render_map(value[2]) if value[2][1] else ""
    sep = " " if labels and props else ""
    return f"({labels}{sep}{props})"


def _render_rel(value: Canon) -> str:
    props = " " + _render_map(value[2]) if value[2][1] else ""
    return f":{_render_key(value[1])}{props}"


def _render_path(value: Canon) -> str:
    parts = value[1]
    out = [_render_node(parts[0])]
    for i in range(1, len(parts), 2):
        direction, rel = parts[i]
        body = "[" + _render_rel(rel) + "]"
        out.append(f"-{body}->" if direction == "->" else f"<-{body}-")
        out.append(_render_node(parts[i + 1]))
    return "<" + "".join(out) + ">"


def render_row(row: tuple[Canon, ...]) -> str:
    return "| " + " | ".join(render(cell) for cell in row) + " |"


# -- conversions ----------------------------------------------------------------------------


def to_python(value: Canon) -> Any:
    """The plain Python value of a canonical value (parameters passed to the engine)."""
    kind = value[0]
    if kind == "null":
        return None
    if kind in ("bool", "int", "str"):
        return value[1]
    if kind == "float":
        return math.nan if value[1] == NAN else value[1]
    if kind == "list":
        return [to_python(item) for item in value[1]]
    if kind == "map":
        return {key: to_python(item) for key, item in value[1]}
    raise NotationError(f"{render(value)} cannot be passed as a parameter")


def _sort_key(value: Canon) -> str:
    return repr(value)


def sort_lists(value: Canon) -> Canon:
    """The same value with every list, at any depth, sorted (order-insensitive comparison)."""
    kind = value[0]
    if kind == "list":
        return ("list", tuple(sorted((sort_lists(v) for v in value[1]), key=_sort_key)))
    if kind == "map":
        return ("map", tuple((k, sort_lists(v)) for k, v in value[1]))
    if kind in ("node", "rel"):
        return (kind, value[1], sort_lists(value[2]))
    if kind == "path":
        parts = value[1]
        return (
            "path",
            tuple(
                sort_lists(p) if i % 2 == 0 else (p[0], sort_lists(p[1]))
                for i, p in enumerate(parts)
            ),
        )
    return value
