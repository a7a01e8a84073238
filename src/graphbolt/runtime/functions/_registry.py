"""The function and aggregate registries: every Cypher function, found by lower-cased name.

Scalar functions are plain Python callables ``impl(ctx, *args)`` receiving evaluated Cypher
values (runtime references for graph entities, see ``values._graph``) and the
``ExecutionContext``. They register with ``@function``::

    @function("toUpper", 1)
    def to_upper(ctx: ExecutionContext, value: object) -> object: ...

With ``null_in_null_out=True`` (the default) the expression compiler returns null without
calling ``impl`` when any argument is null; functions with their own null rules (``coalesce``)
pass False. Argument type errors raise ``CypherTypeError("InvalidArgumentType", ...)``; bad
values ``CypherArgumentError("InvalidArgumentValue" | "NumberOutOfRange", ...)``.

Aggregates register a factory ``make(distinct: bool) -> Aggregator`` with ``@aggregate``; the
runtime creates one aggregator per group, calls ``add(*args)`` per row, ``result()`` once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str  # as documented, e.g. "toUpper"
    impl: Callable[..., Any]
    min_args: int
    max_args: int
    null_in_null_out: bool
    deterministic: bool  # False for rand(), timestamp(), datetime() without arguments ...


class Aggregator(Protocol):
    def add(self, *args: Any) -> None: ...

    def result(self) -> Any: ...


@dataclass(frozen=True, slots=True)
class AggregateSpec:
    name: str
    make: Callable[[bool], Aggregator]  # make(distinct)
    min_args: int
    max_args: int


FUNCTIONS: dict[str, FunctionSpec] = {}
AGGREGATES: dict[str, AggregateSpec] = {}


def function(
    name: str,
    min_args: int,
    max_args: int | None = None,
    *,
    null_in_null_out: bool = True,
    deterministic: bool = True,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a scalar function under ``name`` (matched case-insensitively)."""

    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        key = name.lower()
        if key in FUNCTIONS:
            raise ValueError(f"function {name} registered twice")
        FUNCTIONS[key] = FunctionSpec(
            name,
            impl,
            min_args,
            min_args if max_args is None else max_args,
            null_in_null_out,
            deterministic,
        )
        return impl

    return register


def aggregate(
    name: str, min_args: int = 1, max_args: int | None = None
) -> Callable[[Callable[[bool], Aggregator]], Callable[[bool], Aggregator]]:
    """Register an aggregate function factory under ``name``."""

    def register(make: Callable[[bool], Aggregator]) -> Callable[[bool], Aggregator]:
        key = name.lower()
        if key in AGGREGATES:
            raise ValueError(f"aggregate {name} registered twice")
        AGGREGATES[key] = AggregateSpec(
            name, make, min_args, min_args if max_args is None else max_args
        )
        return make

    return register


def lookup_function(name: str) -> FunctionSpec | None:
    _load_all()
    return FUNCTIONS.get(name.lower())


def lookup_aggregate(name: str) -> AggregateSpec | None:
    _load_all()
    return AGGREGATES.get(name.lower())


_loaded = False
# Queries compiled concurrently must not see a half-filled registry: the first caller loads
# under the lock and publishes ``_loaded`` only when every module has registered. Re-entrant
# because a function module's import may itself look a function up.
_load_lock = threading.RLock()


def _load_all() -> None:
    """Import every function module once so their decorators run."""
    global _loaded
    if _loaded:
        return
    with _load_lock:
        if _loaded:
            return
        import importlib
        import pkgutil

        from graphbolt.runtime import functions as package

        for info in pkgutil.iter_modules(package.__path__):
            if info.name != "_registry":
                importlib.import_module(f"{package.__name__}.{info.name}")
        _loaded = True
