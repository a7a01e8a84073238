"""CALL of a registered procedure, in a query or standalone."""

from __future__ import annotations

from collections.abc import Iterator

from graphbolt.errors import ParameterMissing, ProcedureNotFound
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expr_scope import Compiled
from graphbolt.runtime._operators import Operator, Row
from graphbolt.runtime._procedures import Procedure, coerce


def missing_procedure(name: str, pos: int | None = None) -> ProcedureNotFound:
    return ProcedureNotFound(
        "ProcedureNotFound",
        f"There is no procedure with the name `{name}` registered for this database instance.",
        position=pos,
    )


class ProcedureCallOp(Operator):
    """Per input row: one row per procedure result, with the yielded fields bound.

    ``args`` None means implicit arguments, read from the parameters of the same names.
    ``yields`` maps output positions to variables; a procedure without outputs passes each
    input row through once.
    """

    def __init__(
        self,
        name: str,
        procedure: Procedure | None,
        args: list[Compiled] | None,
        yields: list[tuple[str, str]] | None,
        pos: int = 0,
    ) -> None:
        self.name = name
        self.procedure = procedure
        self.args = args
        self.yields = yields
        self.pos = pos

    def _resolve(self, ctx: ExecutionContext) -> Procedure:
        if self.procedure is not None:
            return self.procedure
        registry = ctx.procedures
        proc = registry.lookup(self.name) if registry is not None else None
        if proc is None:
            raise missing_procedure(self.name, self.pos)
        return proc

    def _arguments(self, proc: Procedure, row: Row, ctx: ExecutionContext) -> list[object]:
        if self.args is None:
            values = []
            for name, _ in proc.inputs:
                if name not in ctx.params:
                    raise ParameterMissing("MissingParameter", f"Expected parameter(s): {name}")
                values.append(ctx.params[name])
        else:
            values = [fn(row, ctx) for fn in self.args]
        return [coerce(t, v) for (_, t), v in zip(proc.inputs, values)]

    def execute(self, ctx: ExecutionContext, rows: Iterator[Row]) -> Iterator[Row]:
        proc = self._resolve(ctx)
        outputs = proc.output_names
        yields = self.yields
        if yields is None:
            yields = [(name, name) for name in outputs]
        positions = [(outputs.index(field), var) for field, var in yields]
        for row in rows:
            results = proc.impl(ctx, *self._arguments(proc, row, ctx))
            if not outputs:
                for _ in results:
                    pass
                yield row
                continue
            for result in results:
                out = dict(row)
                for index, var in positions:
                    out[var] = result[index]
                yield out

    def describe(self) -> str:
        return f"ProcedureCall({self.name})"
