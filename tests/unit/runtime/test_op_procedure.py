"""Procedure registry, CALL checks at build time, and the procedure call operator."""

from __future__ import annotations

from typing import Any

import pytest
from _fake_graph import FakeGraph
from _plan_helpers import compile_query, run

from graphbolt.errors import CypherSyntaxError, CypherTypeError, ParameterMissing, ProcedureNotFound
from graphbolt.runtime._procedures import ProcedureRegistry, accepts, coerce


@pytest.fixture
def procs() -> ProcedureRegistry:
    registry = ProcedureRegistry()
    registry.register(
        "test.my.proc",
        [("name", "STRING?"), ("id", "INTEGER?")],
        [("city", "STRING?"), ("code", "INTEGER?")],
        [("Stefan", 1, "Berlin", 49), ("Stefan", 2, "München", 49), ("Petra", 1, "London", 44)],
    )
    registry.register("test.float", [("in", "FLOAT?")], [("out", "STRING?")], [(42.0, "close")])
    registry.register("test.void", [], [], lambda ctx: iter(()))

    def labels(ctx: Any) -> Any:
        return [("A",), ("B",)]

    registry.register("test.labels", [], [("label", "STRING?")], labels)
    return registry


def test_types_accept_and_coerce() -> None:
    assert accepts("INTEGER?", 1) and not accepts("INTEGER?", 1.0) and accepts("INTEGER?", None)
    assert accepts("NUMBER?", 1.5) and accepts("ANY?", {"a": 1}) and not accepts("STRING?", True)
    assert coerce("FLOAT?", 42) == 42.0 and type(coerce("FLOAT?", 42)) is float
    with pytest.raises(CypherTypeError):
        coerce("BOOLEAN?", "yes")


def test_standalone_call_returns_all_outputs(procs: ProcedureRegistry) -> None:
    plan = compile_query("CALL test.my.proc('Stefan', 1)", procs)
    assert plan.columns == ("city", "code")
    assert run(FakeGraph(), "CALL test.my.proc('Stefan', 1)", procedures=procs) == [("Berlin", 49)]


def test_implicit_arguments_come_from_parameters(procs: ProcedureRegistry) -> None:
    plan = compile_query("CALL test.my.proc", procs)
    assert {"name", "id"} <= plan.parameters
    rows = run(FakeGraph(), "CALL test.my.proc", {"name": "Petra", "id": 1}, procs)
    assert rows == [("London", 44)]
    with pytest.raises(ParameterMissing):
        run(FakeGraph(), "CALL test.my.proc", {"name": "Petra"}, procs)


def test_in_query_call_with_yield_rename_and_where(procs: ProcedureRegistry) -> None:
    text = "UNWIND [1, 2] AS i CALL test.my.proc('Stefan', i) YIELD city AS c WHERE c <> 'x' RETURN i, c"
    assert run(FakeGraph(), text, procedures=procs) == [(1, "Berlin"), (2, "München")]
    rows = run(FakeGraph(), "CALL test.labels() YIELD label RETURN label", procedures=procs)
    assert rows == [("A",), ("B",)]


def test_void_procedure_passes_rows_through(procs: ProcedureRegistry) -> None:
    rows = run(FakeGraph(), "UNWIND [1, 2] AS x CALL test.void() RETURN x", procedures=procs)
    assert rows == [(1,), (2,)]


def test_float_input_accepts_integer(procs: ProcedureRegistry) -> None:
    assert run(FakeGraph(), "CALL test.float(42)", procedures=procs) == [("close",)]


def test_compile_time_errors(procs: ProcedureRegistry) -> None:
    with pytest.raises(ProcedureNotFound) as missing:
        compile_query("CALL test.nope()", procs)
    assert missing.value.tck_type == "ProcedureError"
    with pytest.raises(CypherSyntaxError) as err:
        compile_query("CALL test.my.proc('Dobby')", procs)
    assert err.value.detail == "InvalidNumberOfArguments"
    with pytest.raises(CypherSyntaxError) as err:
        compile_query("CALL test.float(true)", procs)
    assert err.value.detail == "InvalidArgumentType"


def test_runtime_argument_type_error(procs: ProcedureRegistry) -> None:
    with pytest.raises(CypherTypeError):
        run(FakeGraph(), "CALL test.float($b) YIELD out RETURN out", {"b": True}, procs)


def test_lookup_through_context_when_built_without_registry(procs: ProcedureRegistry) -> None:
    from graphbolt.cypher import parse
    from graphbolt.planner import plan
    from graphbolt.runtime._build import build
    from graphbolt.runtime._context import ExecutionContext

    executable = build(plan(parse("CALL test.labels() YIELD label RETURN label")))
    ctx = ExecutionContext(FakeGraph(), {}, procedures=procs)  # type: ignore[arg-type]
    assert list(executable.execute(ctx)) == [("A",), ("B",)]
    ctx = ExecutionContext(FakeGraph(), {}, procedures=ProcedureRegistry())  # type: ignore[arg-type]
    with pytest.raises(ProcedureNotFound):
        list(executable.execute(ctx))
