"""Unit tests of the TCK runner's loading, step compilation, case execution (against a tiny
scripted fake engine) and command-line entry point."""

from __future__ import annotations

import io
import json
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphbolt.errors import CypherSyntaxError, CypherTypeError
from graphbolt.values._graph import Node

from ._cli import main
from ._effects import diff, take_snapshot
from ._fake import FakeDatabase, FakeGraph, Handler
from ._gherkin import find_graphs_dir, load_cases
from ._harness import Outcome, _split_script, run_case
from ._known import load_known_failures, write_known_failures
from ._steps import Procedure, StepError, compile_steps

FEATURE = """\
Feature: Demo1 - Demonstration

  Background:
    Given an empty graph

  Scenario: [1] Return one
    When executing query:
      \"\"\"
      RETURN 1 AS x
      \"\"\"
    Then the result should be, in any order:
      | x |
      | 1 |
    And no side effects

  Scenario Outline: [2] Return a value
    When executing query:
      \"\"\"
      RETURN <v> AS x
      \"\"\"
    Then the result should be, in any order:
      | x   |
      | <v> |
    And no side effects

    Examples:
      | v |
      | 1 |
      | 2 |

    Examples:
      | v |
      | 3 |

  Scenario: [3] Create a node
    When executing query:
      \"\"\"
      CREATE (:A {name: 'a'})
      \"\"\"
    Then the result should be empty
    And the side effects should be:
      | +nodes      | 1 |
      | +labels     | 1 |
      | +properties | 1 |
    When executing control query:
      \"\"\"
      MATCH (n) RETURN n
      \"\"\"
    Then the result should be, in any order:
      | n                  |
      | (:A {name: 'a'})   |

  Scenario: [4] Undefined variable
    When executing query:
      \"\"\"
      RETURN nope
      \"\"\"
    Then a SyntaxError should be raised at compile time: UndefinedVariable

  Scenario: [5] Bad argument at runtime
    When executing query:
      \"\"\"
      RETURN bad(1)
      \"\"\"
    Then a TypeError should be raised at runtime: InvalidArgumentType

  @ignore
  Scenario: [6] Ignored
    When executing query:
      \"\"\"
      RETURN 1 AS x
      \"\"\"
    Then the result should be empty
"""


def _runtime_error() -> Iterator[tuple[Any, ...]]:
    raise CypherTypeError("InvalidArgumentValue", "wrong value")
    yield ()  # a generator: the error surfaces while rows are pulled


def _create(graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
    graph.add_node(["A"], name="a")
    return [], []


def _match_all(graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
    rows = [(Node(i, frozenset(labels), props),) for i, (labels, props) in graph.nodes.items()]
    return ["n"], rows


def _undefined(_graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
    raise CypherSyntaxError(
        "UndefinedVariable", "Variable `nope` not defined", phase="compile time"
    )


HANDLERS: dict[str, Handler] = {
    "RETURN 1 AS x": lambda g, p: (["x"], [(1,)]),
    "RETURN 2 AS x": lambda g, p: (["x"], [(2.0,)]),  # wrong type on purpose
    "RETURN 3 AS x": lambda g, p: (["x"], [(3,)]),
    "CREATE (:A {name: 'a'})": _create,
    "MATCH (n) RETURN n": _match_all,
    "RETURN nope": _undefined,
    "RETURN bad(1)": lambda g, p: ([], _runtime_error()),
}


@pytest.fixture
def features(tmp_path: Path) -> Path:
    (tmp_path / "clauses" / "demo").mkdir(parents=True)
    (tmp_path / "clauses" / "demo" / "Demo1.feature").write_text(FEATURE, encoding="utf-8")
    return tmp_path


def _outcomes(features: Path, handlers: dict[str, Handler] = HANDLERS) -> dict[str, Outcome]:
    cases = load_cases(str(features))
    return {case.id: run_case(case, open_database=lambda: FakeDatabase(handlers)) for case in cases}


# -- loading --------------------------------------------------------------------------------


def test_load_cases_expands_outlines_and_drops_ignored(features: Path) -> None:
    cases = load_cases(str(features))
    ids = [case.id for case in cases]
    prefix = "clauses/demo/Demo1.feature::"
    assert ids == [
        prefix + "[1] Return one",
        prefix + "[2] Return a value #1",
        prefix + "[2] Return a value #2",
        prefix + "[2] Return a value #3",
        prefix + "[3] Create a node",
        prefix + "[4] Undefined variable",
        prefix + "[5] Bad argument at runtime",
    ]
    assert {case.area for case in cases} == {"clauses/demo"}
    assert [case.expects_error for case in cases] == [False] * 5 + [True] * 2
    assert cases[0].steps[0].text == "an empty graph"  # background steps included
    assert cases[3].steps[1].docstring == "RETURN 3 AS x"


def test_find_graphs_dir_handles_both_layouts(tmp_path: Path) -> None:
    (tmp_path / "features").mkdir()
    assert find_graphs_dir(tmp_path / "features") is None
    (tmp_path / "graphs").mkdir()
    assert find_graphs_dir(tmp_path / "features") == tmp_path / "graphs"
    assert find_graphs_dir(tmp_path) == tmp_path / "graphs"


# -- step compilation -----------------------------------------------------------------------


def _steps_of(text: str, table: tuple[tuple[str, ...], ...] | None = None) -> Any:
    from ._gherkin import RawStep

    return compile_steps((RawStep(text, table=table), RawStep("executing query:", "RETURN 1")))


def test_procedure_step_maps_table_columns_to_signature() -> None:
    table = (("out", "in"), ("'nix'", "null"), ("'one'", "1"))
    step = _steps_of(
        "there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?) :", table
    )[0]
    assert step == Procedure(
        "test.my.proc", [("in", "INTEGER?")], [("out", "STRING?")], [(None, "nix"), (1, "one")]
    )
    empty = _steps_of("there exists a procedure test.doNothing() :: ():", ((),))[0]
    assert empty == Procedure("test.doNothing", [], [], [])


def test_parameters_and_side_effect_tables() -> None:
    params = _steps_of("parameters are:", (("a", "[1, 'x']"), ("b", "1.5")))[0]
    assert params.values == {"a": [1, "x"], "b": 1.5}
    effects = _steps_of("the side effects should be:", (("+nodes", "2"), ("-labels", "1")))[0]
    assert effects.expected == {"+nodes": 2, "-labels": 1}


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("a step nobody knows", None),
        ("the side effects should be:", (("+widgets", "1"),)),
        ("the result should be, in any order:", (("x",), ("'unterminated",))),
        ("the result should be, in order:", (("x", "y"), ("1",))),
    ],
)
def test_bad_steps_are_reported(text: str, table: Any) -> None:
    with pytest.raises(StepError):
        _steps_of(text, table)


def test_split_script_respects_strings() -> None:
    script = "CREATE (:A {s: 'a;b'});\nCREATE (:B);\n"
    assert _split_script(script) == ["CREATE (:A {s: 'a;b'})", "CREATE (:B)"]


# -- side effects ---------------------------------------------------------------------------


def test_side_effect_diff() -> None:
    graph = FakeGraph()
    a = graph.add_node(["A"], x=1)
    before = take_snapshot(graph)
    graph.nodes[a][1]["x"] = 1.0  # same number, other type: a change
    b = graph.add_node(["A", "B"], y=2)  # label A already used: only B counts
    graph.add_rel("T", a, b, w=3)
    after = take_snapshot(graph)
    assert diff(before, after) == {
        "+nodes": 1,
        "-nodes": 0,
        "+relationships": 1,
        "-relationships": 0,
        "+properties": 3,
        "-properties": 1,
        "+labels": 1,
        "-labels": 0,
    }
    assert diff(after, after) == dict.fromkeys(diff(after, after), 0)


# -- running cases --------------------------------------------------------------------------


def test_run_case_outcomes(features: Path) -> None:
    outcomes = _outcomes(features)
    by_name = {case_id.split("::")[1]: outcome for case_id, outcome in outcomes.items()}
    assert by_name["[1] Return one"].passed
    assert by_name["[2] Return a value #1"].passed
    wrong_type = by_name["[2] Return a value #2"]
    assert not wrong_type.passed and "2.0" in wrong_type.reason
    assert by_name["[3] Create a node"].passed, by_name["[3] Create a node"].reason
    undefined = by_name["[4] Undefined variable"]
    assert undefined.passed and undefined.expects_error and undefined.type_matched
    runtime = by_name["[5] Bad argument at runtime"]
    assert not runtime.passed and runtime.type_matched  # right type, wrong detail
    assert "InvalidArgumentValue" in runtime.reason


def test_side_effects_are_checked(features: Path) -> None:
    def create_two(graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        graph.add_node(["A"], name="a")
        graph.add_node([])
        return [], []

    outcomes = _outcomes(features, {**HANDLERS, "CREATE (:A {name: 'a'})": create_two})
    outcome = outcomes["clauses/demo/Demo1.feature::[3] Create a node"]
    assert not outcome.passed and "+nodes: expected 1, got 2" in outcome.reason


def test_engine_crash_is_a_failed_case(features: Path) -> None:
    def crash(_graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
        raise KeyError("boom")

    outcomes = _outcomes(features, {**HANDLERS, "RETURN 1 AS x": crash, "RETURN nope": crash})
    plain = outcomes["clauses/demo/Demo1.feature::[1] Return one"]
    assert not plain.passed and "KeyError" in plain.reason
    erroring = outcomes["clauses/demo/Demo1.feature::[4] Undefined variable"]
    assert not erroring.passed and erroring.type_matched is None


def test_missing_error_is_reported(features: Path) -> None:
    outcomes = _outcomes(features, {**HANDLERS, "RETURN nope": lambda g, p: (["x"], [(1,)])})
    outcome = outcomes["clauses/demo/Demo1.feature::[4] Undefined variable"]
    assert not outcome.passed and outcome.type_matched is False
    assert "expected SyntaxError at compile time: UndefinedVariable" in outcome.reason


def test_runaway_case_times_out(features: Path) -> None:
    def forever(_graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], Any]:
        def rows() -> Iterator[tuple[Any, ...]]:
            while True:
                time.sleep(0.01)
                yield from ()

        return ["x"], rows()

    case = load_cases(str(features))[0]
    handlers = {**HANDLERS, "RETURN 1 AS x": forever}
    outcome = run_case(case, open_database=lambda: FakeDatabase(handlers), timeout=0.2)
    assert not outcome.passed and "timed out" in outcome.reason


# -- known failures and the command line ----------------------------------------------------


def test_known_failures_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "known.txt"
    assert load_known_failures(path) == frozenset()
    write_known_failures(["b", "a"], ["a", "b", "c"], path)
    assert load_known_failures(path) == {"a", "b"}
    # A filtered run keeps entries for cases it did not run.
    write_known_failures([], ["a"], path)
    assert load_known_failures(path) == {"b"}
    assert path.read_text().startswith("#")


def test_cli_prints_table_json_and_known_failures(features: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    report = tmp_path / "out.json"
    known = tmp_path / "known.txt"
    status = main(
        [str(features), "--json", str(report), "--write-known-failures"],
        open_database=lambda: FakeDatabase(HANDLERS),
        out=out,
        known_failures=known,
    )
    assert status == 0
    lines = out.getvalue().splitlines()
    assert lines[-1] == "tck: 5 passed, 2 failed"
    area_line = next(line for line in lines if line.startswith("clauses/demo"))
    assert area_line.split() == ["clauses/demo", "4", "1", "1", "1", "2/2"]
    records = json.loads(report.read_text())
    assert len(records) == 7
    assert records[1] == {
        "feature": "clauses/demo/Demo1.feature",
        "scenario": "[2] Return a value",
        "example": 1,
        "area": "clauses/demo",
        "expects_error": False,
        "passed": True,
        "reason": "",
    }
    assert load_known_failures(known) == {
        "clauses/demo/Demo1.feature::[2] Return a value #2",
        "clauses/demo/Demo1.feature::[5] Bad argument at runtime",
    }


def test_cli_filter(features: Path) -> None:
    out = io.StringIO()
    main([str(features), "--filter", "[1]"], open_database=lambda: FakeDatabase(HANDLERS), out=out)
    assert out.getvalue().splitlines()[-1] == "tck: 1 passed, 0 failed"


def test_named_graph_is_loaded(tmp_path: Path) -> None:
    features = tmp_path / "features" / "useCases" / "demo"
    features.mkdir(parents=True)
    (features / "Demo2.feature").write_text(
        textwrap.dedent(
            """\
            Feature: Demo2
              Scenario: [1] Named graph
                Given the tiny graph
                When executing query:
                  \"\"\"
                  MATCH (n) RETURN n
                  \"\"\"
                Then the result should be, in any order:
                  | n    |
                  | (:A) |
                  | (:B) |
                And no side effects
            """
        )
    )
    graph_dir = tmp_path / "graphs" / "tiny"
    graph_dir.mkdir(parents=True)
    (graph_dir / "tiny.cypher").write_text("CREATE (:A);\nCREATE (:B)\n")

    def add(label: str) -> Handler:
        def handler(graph: FakeGraph, _params: dict[str, Any]) -> tuple[list[str], list[Any]]:
            graph.add_node([label])
            return [], []

        return handler

    handlers = {**HANDLERS, "CREATE (:A)": add("A"), "CREATE (:B)": add("B")}
    case = load_cases(str(tmp_path / "features"))[0]
    outcome = run_case(
        case,
        graphs_dir=find_graphs_dir(tmp_path / "features"),
        open_database=lambda: FakeDatabase(handlers),
    )
    assert outcome.passed, outcome.reason
