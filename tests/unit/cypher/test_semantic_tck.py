"""Semantic analysis against the openCypher TCK feature files (skipped when they are absent).

- Every scenario expecting an error at compile time: parse + analyze must raise the expected
  TCK type and detail (the parser may raise it first). The share is printed.
- Every query the TCK expects to compile (setup queries, queries with a result or a runtime
  error, control queries) must pass analysis: a valid query rejected is the worst bug.

Procedures declared by ``there exists a procedure`` steps are handed to ``analyze`` as its
procedure lookup, as the engine does with its registry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graphbolt.cypher import parse
from graphbolt.cypher._semantic import analyze
from graphbolt.cypher._semantic_procedures import ProcedureSignature
from graphbolt.errors import CypherError

TCK_ROOT = Path("/work/shared/tck")

# Compile-time errors analyze() cannot decide: they need the query parameters.
NEEDS_PARAMETERS = frozenset({"MissingParameter"})

_ERROR = re.compile(r"an? (\w+) should be raised at ([a-z ]+): (\S+)")
_PROCEDURE = re.compile(r"there exists a procedure ([\w.]+)\(([^)]*)\)\s*::\s*\(([^)]*)\)")


@dataclass(frozen=True)
class Signature:
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]


@dataclass
class TckCase:
    name: str
    query: str
    other_queries: list[str] = field(default_factory=list)  # setup and control queries
    error: tuple[str, str, str] | None = None  # (type, phase, detail)
    procedures: dict[str, Signature] = field(default_factory=dict)

    def lookup(self, name: str) -> ProcedureSignature | None:
        return self.procedures.get(name)


def _signature_items(text: str) -> tuple[tuple[str, str], ...]:
    items = []
    for item in text.split(","):
        if item.strip():
            name, _, declared = item.partition("::")
            items.append((name.strip(), declared.strip()))
    return tuple(items)


def _case(path: Path, pickle: Mapping[str, Any]) -> TckCase | None:
    queries: list[tuple[str, str]] = []
    error = None
    procedures: dict[str, Signature] = {}
    for step in pickle["steps"]:
        text = step["text"]
        doc = (step.get("argument") or {}).get("docString")
        if doc is not None and "executing" in text:
            queries.append((text, doc["content"]))
        if (m := _ERROR.match(text)) is not None:
            error = (m.group(1), m.group(2), m.group(3))
        if (m := _PROCEDURE.match(text)) is not None:
            procedures[m.group(1)] = Signature(
                _signature_items(m.group(2)), _signature_items(m.group(3))
            )
    main = [q for text, q in queries if text.startswith("executing query")]
    if not main:
        return None
    others = [q for text, q in queries if not text.startswith("executing query")]
    name = f"{path.relative_to(TCK_ROOT)}::{pickle['name']}"
    return TckCase(name, main[0], others, error, procedures)


def _load_cases() -> list[TckCase]:
    gherkin = pytest.importorskip("gherkin")
    from gherkin.pickles.compiler import Compiler
    from gherkin.token_scanner import TokenScanner

    cases = []
    for path in sorted(TCK_ROOT.rglob("*.feature")):
        document = gherkin.Parser().parse(TokenScanner(path.read_text(encoding="utf-8")))
        document["uri"] = str(path)
        for pickle in Compiler().compile(document):
            case = _case(path, pickle)
            if case is not None:
                cases.append(case)
    return cases


@pytest.fixture(scope="module")
def cases() -> list[TckCase]:
    if not TCK_ROOT.is_dir():
        pytest.skip("openCypher TCK not available")
    return _load_cases()


def _outcome(query: str, case: TckCase) -> tuple[str, str] | None:
    """(TCK type, detail) raised by parse + analyze, or None."""
    try:
        analyze(parse(query), case.lookup)
    except CypherError as error:
        return (error.tck_type, error.detail)
    return None


def _parses(query: str) -> bool:
    try:
        parse(query)
    except CypherError:
        return False
    return True


def _matches(expected: tuple[str, str, str], got: tuple[str, str] | None) -> bool:
    if got is None:
        return False
    kind, _phase, detail = expected
    return (kind in ("Error", got[0])) and detail in ("*", got[1])


def test_compile_time_errors_are_raised(cases: list[TckCase]) -> None:
    expected = [c for c in cases if c.error is not None and c.error[1] == "compile time"]
    checked = [c for c in expected if c.error is not None and c.error[2] not in NEEDS_PARAMETERS]
    wrong = []
    reached = reached_right = 0  # cases the parser accepts: the analyzer's own share
    for case in expected:
        assert case.error is not None
        got = _outcome(case.query, case)
        if _parses(case.query):
            reached += 1
            reached_right += _matches(case.error, got)
        if case in checked and not _matches(case.error, got):
            wrong.append(f"{case.name}: expected {case.error}, got {got}\n{case.query}")
    right = len(checked) - len(wrong)
    print(
        f"\nTCK compile-time errors: {right}/{len(expected)} right with the parser "
        f"({len(expected) - len(checked)} need parameters); analyzer alone: "
        f"{reached_right}/{reached} of the cases that parse"
    )
    assert not wrong, f"{len(wrong)} wrong:\n" + "\n".join(wrong[:20])


def test_valid_queries_are_not_rejected(cases: list[TckCase]) -> None:
    seen: set[str] = set()
    rejected = []
    for case in cases:
        queries = list(case.other_queries)
        if case.error is None or case.error[1] == "runtime":
            queries.append(case.query)
        for query in queries:
            if query in seen:
                continue
            seen.add(query)
            got = _outcome(query, case)
            if got is not None:
                rejected.append(f"{case.name}: {got}\n{query}")
    print(f"\nTCK valid queries: {len(seen) - len(rejected)}/{len(seen)} pass analysis")
    assert not rejected, f"{len(rejected)} valid queries rejected:\n" + "\n".join(rejected[:20])
