"""Static types and variable scopes for semantic analysis.

The analyzer tracks one coarse static type per variable: enough to decide the TCK's
compile-time type errors (a relationship used as a node, a string used as a boolean ...)
without ever rejecting a query whose types are only known at runtime. ``ANY`` means "unknown";
every check treats ``ANY`` (and ``NULL``) as compatible with everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphbolt.errors import CypherSyntaxError


@dataclass(frozen=True, slots=True)
class SType:
    """A static type: ``kind`` is one of the names below; lists carry their element type."""

    kind: str
    elem: SType | None = None

    def __str__(self) -> str:
        if self.kind == "list":
            return f"List<{self.elem}>"
        return _DISPLAY.get(self.kind, self.kind)


_DISPLAY = {
    "any": "Any",
    "null": "Null",
    "bool": "Boolean",
    "int": "Integer",
    "float": "Float",
    "string": "String",
    "map": "Map",
    "node": "Node",
    "rel": "Relationship",
    "path": "Path",
}

ANY = SType("any")
NULL = SType("null")
BOOL = SType("bool")
INT = SType("int")
FLOAT = SType("float")
STRING = SType("string")
MAP = SType("map")
NODE = SType("node")
REL = SType("rel")
PATH = SType("path")


def list_of(elem: SType) -> SType:
    return SType("list", elem)


REL_LIST = list_of(REL)

# Kinds that are definitely not a boolean, a number, a map or a graph entity.
SCALAR_KINDS = frozenset({"bool", "int", "float", "string"})
ENTITY_KINDS = frozenset({"node", "rel"})


def is_unknown(t: SType) -> bool:
    """True when nothing static can be said (unknown type or the null literal)."""
    return t.kind in ("any", "null")


def join(a: SType, b: SType) -> SType:
    """The common type of two values (CASE branches, list elements); ANY when they differ."""
    if a == b:
        return a
    if a.kind == "list" and b.kind == "list":
        assert a.elem is not None and b.elem is not None
        return list_of(join(a.elem, b.elem))
    return ANY


def join_all(types: list[SType], empty: SType = ANY) -> SType:
    if not types:
        return empty
    out = types[0]
    for t in types[1:]:
        out = join(out, t)
    return out


def element_type(t: SType) -> SType:
    """The type of the elements of a list (UNWIND, comprehensions); ANY if not a known list."""
    if t.kind == "list" and t.elem is not None:
        return t.elem
    return ANY


def literal_type(value: object) -> SType:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    if isinstance(value, str):
        return STRING
    return ANY


class Scope:
    """The variables visible at one point of a query, in binding order, with static types.

    Scopes are copied, never shared, when a clause derives a new one (WITH, comprehensions),
    so a nested expression can bind a local variable without leaking it.
    """

    __slots__ = ("vars",)

    def __init__(self, variables: dict[str, SType] | None = None) -> None:
        self.vars: dict[str, SType] = dict(variables or {})

    def __contains__(self, name: str) -> bool:
        return name in self.vars

    def get(self, name: str) -> SType | None:
        return self.vars.get(name)

    def bind(self, name: str, t: SType) -> None:
        self.vars[name] = t

    def copy(self) -> Scope:
        return Scope(self.vars)

    def child(self, name: str, t: SType) -> Scope:
        """A copy with one more (or one shadowed) variable."""
        out = Scope(self.vars)
        out.vars[name] = t
        return out

    def names(self) -> list[str]:
        return list(self.vars)

    def lookup(self, name: str, pos: int) -> SType:
        """The type of a variable that must be bound here, or UndefinedVariable."""
        t = self.vars.get(name)
        if t is None:
            raise undefined(name, pos)
        return t


def undefined(name: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError("UndefinedVariable", f"Variable `{name}` not defined", position=pos)


def already_bound(name: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError(
        "VariableAlreadyBound", f"Variable `{name}` already declared", position=pos
    )


def type_conflict(name: str, t: SType, wanted: str, pos: int) -> CypherSyntaxError:
    return CypherSyntaxError(
        "VariableTypeConflict",
        f"Type mismatch: `{name}` defined with conflicting type {t} (expected {wanted})",
        position=pos,
    )
