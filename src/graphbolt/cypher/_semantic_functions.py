"""What semantic analysis knows about functions: names, arities, static argument checks.

The runtime registries (``runtime.functions._registry``) are the source of truth for names and
arities. They fill up as function modules are written, so a fallback table lists the functions
of the Cypher standard library too: a query calling one of them is never rejected as
``UnknownFunction`` just because its implementation module does not exist yet.

The registry lives in a higher layer (runtime); it is imported lazily so ``cypher`` keeps no
import-time dependency on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graphbolt.cypher._scope import (
    ANY,
    BOOL,
    FLOAT,
    INT,
    MAP,
    NODE,
    REL,
    STRING,
    SType,
    element_type,
    is_unknown,
    list_of,
)
from graphbolt.errors import CypherSyntaxError

UNBOUNDED = 1 << 30

# Aggregates: name -> (min args, max args).
FALLBACK_AGGREGATES: dict[str, tuple[int, int]] = {
    "count": (1, 1),
    "sum": (1, 1),
    "avg": (1, 1),
    "min": (1, 1),
    "max": (1, 1),
    "collect": (1, 1),
    "stdev": (1, 1),
    "stdevp": (1, 1),
    "percentilecont": (2, 2),
    "percentiledisc": (2, 2),
}

# Scalar functions of the standard library: name -> (min args, max args).
FALLBACK_FUNCTIONS: dict[str, tuple[int, int]] = {
    # graph
    "id": (1, 1), "elementid": (1, 1), "labels": (1, 1), "type": (1, 1), "keys": (1, 1),
    "properties": (1, 1), "startnode": (1, 1), "endnode": (1, 1), "nodes": (1, 1),
    "relationships": (1, 1), "length": (1, 1), "exists": (1, 1),
    # lists and general
    "size": (1, 1), "head": (1, 1), "last": (1, 1), "tail": (1, 1), "range": (2, 3),
    "reverse": (1, 1), "coalesce": (1, UNBOUNDED), "isempty": (1, 1), "nullif": (2, 2),
    "valuetype": (1, 1),
    # conversion
    "tostring": (1, 1), "tointeger": (1, 1), "tofloat": (1, 1), "toboolean": (1, 1),
    "tostringornull": (1, 1), "tointegerornull": (1, 1), "tofloatornull": (1, 1),
    "tobooleanornull": (1, 1), "tobooleanlist": (1, 1), "tointegerlist": (1, 1),
    "tofloatlist": (1, 1), "tostringlist": (1, 1),
    # numbers
    "abs": (1, 1), "ceil": (1, 1), "floor": (1, 1), "round": (1, 3), "sign": (1, 1),
    "rand": (0, 0), "sqrt": (1, 1), "exp": (1, 1), "log": (1, 1), "log10": (1, 1),
    "e": (0, 0), "pi": (0, 0), "sin": (1, 1), "cos": (1, 1), "tan": (1, 1), "cot": (1, 1),
    "asin": (1, 1), "acos": (1, 1), "atan": (1, 1), "atan2": (2, 2), "degrees": (1, 1),
    "radians": (1, 1), "haversin": (1, 1), "isnan": (1, 1),
    # strings
    "toupper": (1, 1), "tolower": (1, 1), "trim": (1, 1), "ltrim": (1, 2), "rtrim": (1, 2),
    "btrim": (1, 2), "substring": (2, 3), "left": (2, 2), "right": (2, 2), "replace": (3, 3),
    "split": (2, 2), "char_length": (1, 1), "character_length": (1, 1), "upper": (1, 1),
    "lower": (1, 1), "normalize": (1, 2),
    # misc
    "timestamp": (0, 0), "randomuuid": (0, 0), "point": (1, 1), "distance": (2, 2),
    "point.distance": (2, 2), "point.withinbbox": (3, 3),
}  # fmt: skip

# Temporal constructors and their namespaced helpers.
for _t in ("date", "datetime", "localdatetime", "time", "localtime"):
    FALLBACK_FUNCTIONS[_t] = (0, 1)
    FALLBACK_FUNCTIONS[f"{_t}.truncate"] = (2, 3)
    for _clock in ("transaction", "statement", "realtime"):
        FALLBACK_FUNCTIONS[f"{_t}.{_clock}"] = (0, 1)
FALLBACK_FUNCTIONS.update(
    {
        "datetime.fromepoch": (2, 2),
        "datetime.fromepochmillis": (1, 1),
        "duration": (1, 1),
        "duration.between": (2, 2),
        "duration.inmonths": (2, 2),
        "duration.indays": (2, 2),
        "duration.inseconds": (2, 2),
    }
)

# Calls of these inside an aggregate are rejected (NonConstantExpression): their value changes
# per row, so the aggregate would not be reproducible.
NON_DETERMINISTIC = frozenset({"rand", "randomuuid"})


@dataclass(frozen=True, slots=True)
class FunctionInfo:
    name: str
    min_args: int
    max_args: int
    aggregate: bool


def _registries() -> tuple[Callable[[str], object], Callable[[str], object]] | None:
    try:
        from graphbolt.runtime.functions._registry import lookup_aggregate, lookup_function
    except ImportError:  # pragma: no cover - the runtime layer is always installed
        return None
    return lookup_function, lookup_aggregate


def resolve_function(name: str) -> FunctionInfo | None:
    """Name, arity and kind of a function, from the registries or the fallback tables."""
    key = name.lower()
    regs = _registries()
    if regs is not None:
        lookup_function, lookup_aggregate = regs
        for spec, aggregate in ((lookup_aggregate(key), True), (lookup_function(key), False)):
            if spec is not None:
                lo = int(getattr(spec, "min_args", 0))
                hi = int(getattr(spec, "max_args", UNBOUNDED))
                return FunctionInfo(key, lo, hi, aggregate)
    if key in FALLBACK_AGGREGATES:
        return FunctionInfo(key, *FALLBACK_AGGREGATES[key], aggregate=True)
    if key in FALLBACK_FUNCTIONS:
        return FunctionInfo(key, *FALLBACK_FUNCTIONS[key], aggregate=False)
    return None


def is_aggregate_name(name: str) -> bool:
    info = resolve_function(name)
    return info is not None and info.aggregate


# Argument kinds a graph function accepts (besides unknown and null): name -> kinds.
_ARG_KINDS: dict[str, frozenset[str]] = {
    "labels": frozenset({"node"}),
    "type": frozenset({"rel"}),
    "startnode": frozenset({"rel"}),
    "endnode": frozenset({"rel"}),
    "nodes": frozenset({"path"}),
    "relationships": frozenset({"path"}),
    "length": frozenset({"path"}),
    "size": frozenset({"list", "string"}),
    "keys": frozenset({"node", "rel", "map"}),
    "properties": frozenset({"node", "rel", "map"}),
    "id": frozenset({"node", "rel"}),
}


def check_arguments(name: str, args: list[SType], positions: list[int]) -> None:
    """Reject a graph function applied to a value of a definitely wrong type (``type(node)``)."""
    kinds = _ARG_KINDS.get(name)
    if kinds is None or not args:
        return
    t = args[0]
    if is_unknown(t) or t.kind in kinds:
        return
    raise CypherSyntaxError(
        "InvalidArgumentType",
        f"Type mismatch: {name}() does not accept an argument of type {t}",
        position=positions[0],
    )


def result_type(name: str, args: list[SType]) -> SType:
    """The static result type of a call, ANY when it depends on runtime values."""
    fixed = _RESULT.get(name)
    if fixed is not None:
        return fixed
    if name in ("head", "last") and args:
        return element_type(args[0])
    if name in ("tail", "reverse") and args and args[0].kind == "list":
        return args[0]
    if name == "collect" and args:
        return list_of(args[0])
    if name in ("min", "max", "coalesce") and args and len(set(args)) == 1:
        return args[0]
    return ANY


_RESULT: dict[str, SType] = {
    "id": INT, "labels": list_of(STRING), "type": STRING, "keys": list_of(STRING),
    "properties": MAP, "startnode": NODE, "endnode": NODE, "nodes": list_of(NODE),
    "relationships": list_of(REL), "length": INT, "size": INT, "count": INT,
    "tostring": STRING, "tointeger": INT, "tofloat": FLOAT, "toboolean": BOOL,
    "exists": BOOL, "range": list_of(INT), "split": list_of(STRING), "toupper": STRING,
    "tolower": STRING, "trim": STRING, "substring": STRING, "replace": STRING,
    "elementid": STRING, "isempty": BOOL, "rand": FLOAT, "pi": FLOAT, "e": FLOAT,
    "sqrt": FLOAT, "timestamp": INT,
}  # fmt: skip
