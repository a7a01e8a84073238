"""``ProcedureRegistry``: the procedures a database offers to ``CALL``.

A procedure has a name (``db.labels``, matched exactly), typed inputs and outputs, and an
implementation ``impl(ctx, *args) -> Iterable[tuple]`` yielding one tuple per result row, values
in output order. Types are Neo4j signature types (``INTEGER?``, ``STRING?``, ``FLOAT?``,
``NUMBER?``, ``BOOLEAN?``, ``MAP?``, ``LIST? OF ...``, ``NODE?``, ``ANY?`` ...); the trailing
``?`` (nullable) is accepted and ignored: null is accepted for every input.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from graphbolt.errors import CypherTypeError
from graphbolt.values._compare import row_key
from graphbolt.values._graph import NodeRef, PathRef, RelRef
from graphbolt.values._types import type_name

Impl = Callable[..., Iterable[tuple[Any, ...]]]


def _base_type(type_text: str) -> str:
    return type_text.strip().rstrip("?").strip().upper().split(" ")[0]


_CHECKS: dict[str, Callable[[Any], bool]] = {
    "INTEGER": lambda v: type(v) is int,
    "FLOAT": lambda v: type(v) in (int, float),
    "NUMBER": lambda v: type(v) in (int, float),
    "STRING": lambda v: type(v) is str,
    "BOOLEAN": lambda v: type(v) is bool,
    "MAP": lambda v: isinstance(v, dict) or type(v) in (NodeRef, RelRef),
    "LIST": lambda v: isinstance(v, (list, tuple)),
    "NODE": lambda v: type(v) is NodeRef,
    "RELATIONSHIP": lambda v: type(v) is RelRef,
    "PATH": lambda v: type(v) is PathRef,
}


def accepts(type_text: str, value: Any) -> bool:
    """Does a value (null included) fit a procedure input of this type?"""
    if value is None:
        return True
    check = _CHECKS.get(_base_type(type_text))
    return True if check is None else check(value)


def coerce(type_text: str, value: Any) -> Any:
    """Check ``value`` against the input type and convert it (an integer passed as FLOAT)."""
    if not accepts(type_text, value):
        raise CypherTypeError(
            "InvalidArgumentType",
            f"Procedure argument of type {type_text} cannot be {type_name(value)}: {value!r}",
        )
    if type(value) is int and _base_type(type_text) == "FLOAT":
        return float(value)
    return value


def table_procedure(n_inputs: int, rows: Sequence[Sequence[Any]]) -> Impl:
    """A procedure answering from a fixed table (inputs then outputs per row)."""
    table = [(row_key(row[:n_inputs]), tuple(row[n_inputs:])) for row in rows]

    def impl(ctx: Any, *args: Any) -> Iterable[tuple[Any, ...]]:
        wanted = row_key(args)
        return [outputs for key, outputs in table if key == wanted]

    return impl


@dataclass(frozen=True)
class Procedure:
    name: str
    inputs: tuple[tuple[str, str], ...]  # (name, type)
    outputs: tuple[tuple[str, str], ...]
    impl: Impl

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.inputs)

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.outputs)


class ProcedureRegistry:
    """Procedures by name. ``version`` grows with every registration, so a plan cache can
    tell that plans checked against an older registry are stale."""

    def __init__(self) -> None:
        self._procedures: dict[str, Procedure] = {}
        self._lock = threading.Lock()
        self.version = 0

    def register(
        self,
        name: str,
        inputs: Sequence[tuple[str, str]],
        outputs: Sequence[tuple[str, str]],
        impl: Impl | Sequence[Sequence[Any]],
    ) -> Procedure:
        """Register (or replace) a procedure; ``inputs``/``outputs`` are (name, type) pairs.

        ``impl`` is ``impl(ctx, *args) -> Iterable[tuple]``, or a table (a sequence of rows,
        input values then output values, as TCK procedure steps give them): a call then
        yields the outputs of every row whose inputs are equivalent to the arguments.
        """
        if not callable(impl):
            impl = table_procedure(len(inputs), impl)
        proc = Procedure(name, tuple(inputs), tuple(outputs), impl)
        with self._lock:
            self._procedures[name] = proc
            self.version += 1
        return proc

    def lookup(self, name: str) -> Procedure | None:
        return self._procedures.get(name)

    def names(self) -> list[str]:
        return sorted(self._procedures)
