"""Semantic rules of ``CALL proc(...) YIELD ...``.

Procedures are registered per database (the engine's registry), so the analyzer receives a
``ProcedureLookup``: a callable from the procedure name to its signature, or None when the
procedure does not exist. Without a lookup only the signature-free rules apply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from graphbolt.cypher import ast
from graphbolt.cypher._scope import ANY, Scope, SType, already_bound, is_unknown
from graphbolt.cypher._semantic_expr import ExprChecker
from graphbolt.errors import CypherSyntaxError, ProcedureNotFound


class ProcedureSignature(Protocol):
    """What the analyzer needs of a procedure: its inputs and outputs as (name, type) pairs,
    types written as in Neo4j signatures (``INTEGER?``, ``STRING?``, ``ANY?`` ...)."""

    @property
    def inputs(self) -> Sequence[tuple[str, str]]: ...

    @property
    def outputs(self) -> Sequence[tuple[str, str]]: ...


ProcedureLookup = Callable[[str], "ProcedureSignature | None"]

# Static kinds an argument of a declared type may have (besides unknown and null).
_ACCEPTS: dict[str, frozenset[str]] = {
    "INTEGER": frozenset({"int"}),
    "FLOAT": frozenset({"float", "int"}),
    "NUMBER": frozenset({"int", "float"}),
    "STRING": frozenset({"string"}),
    "BOOLEAN": frozenset({"bool"}),
    "MAP": frozenset({"map", "node", "rel"}),
    "NODE": frozenset({"node"}),
    "RELATIONSHIP": frozenset({"rel"}),
    "PATH": frozenset({"path"}),
    "LIST": frozenset({"list"}),
}


def _base_type(declared: str) -> str:
    """``INTEGER?`` -> ``INTEGER``; ``LIST? OF INTEGER?`` -> ``LIST``."""
    return declared.strip().upper().split(" ")[0].rstrip("?")


def check_call(
    checker: ExprChecker,
    clause: ast.Call,
    scope: Scope,
    procedures: ProcedureLookup | None,
    standalone: bool,
) -> Scope:
    """Check a CALL clause; returns the scope with the yielded variables bound."""
    if clause.yield_star and not standalone:
        # Cypher allows YIELD * only when the CALL is the whole query.
        raise CypherSyntaxError(
            "UnexpectedSyntax", "YIELD * is only allowed in a standalone CALL", position=clause.pos
        )
    arg_types = [checker.check(a, scope, where="CALL") for a in clause.args or []]
    signature = None
    if procedures is not None:
        signature = procedures(clause.procedure)
        if signature is None:
            raise ProcedureNotFound(
                "ProcedureNotFound",
                f"There is no procedure with the name `{clause.procedure}` registered",
                position=clause.pos,
            )
        _check_arguments(clause, signature, arg_types, standalone)
    out = scope.copy()
    for item in clause.yield_items or []:
        if item.name in out:
            raise already_bound(item.name, item.pos)
        out.bind(item.name, ANY)
    if clause.yield_star and signature is not None:
        for name, _type in signature.outputs:
            out.bind(name, ANY)
    if clause.where is not None:
        checker.check(clause.where, out, where="WHERE", predicate=True)
    return out


def _check_arguments(
    clause: ast.Call, signature: ProcedureSignature, arg_types: list[SType], standalone: bool
) -> None:
    inputs = list(signature.inputs)
    if clause.args is None:
        if inputs and not standalone:
            raise CypherSyntaxError(
                "InvalidArgumentPassingMode",
                f"Procedure call inside a query does not support passing arguments "
                f"implicitly (pass them explicitly to `{clause.procedure}`)",
                position=clause.pos,
            )
        return
    if len(clause.args) != len(inputs):
        raise CypherSyntaxError(
            "InvalidNumberOfArguments",
            f"Procedure call `{clause.procedure}` takes {len(inputs)} arguments, "
            f"got {len(clause.args)}",
            position=clause.pos,
        )
    for (name, declared), t, arg in zip(inputs, arg_types, clause.args):
        accepted = _ACCEPTS.get(_base_type(declared))
        if accepted is None or is_unknown(t) or t.kind in accepted:
            continue
        raise CypherSyntaxError(
            "InvalidArgumentType",
            f"Type mismatch for argument `{name}`: expected {declared} but was {t}",
            position=arg.pos,
        )
