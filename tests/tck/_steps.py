"""Turning a case's raw Gherkin steps into typed steps, once, before anything runs.

Steps are matched on their text; the Gherkin keyword (Given/When/Then/And) carries no
meaning. Value tables are parsed here, so a notation error is reported as a harness problem
of that case instead of surfacing halfway through a run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ._compare import ExpectedError, ExpectedResult
from ._effects import KEYS
from ._gherkin import RawStep
from ._values import Canon, parse_value, to_python


class StepError(ValueError):
    """A step the harness does not understand or whose table is malformed."""


@dataclass(frozen=True)
class UseGraph:
    name: str | None  # None: an empty graph ("an empty graph", "any graph")


@dataclass(frozen=True)
class Setup:
    query: str


@dataclass(frozen=True)
class Parameters:
    values: dict[str, Any]


@dataclass(frozen=True)
class Procedure:
    name: str
    inputs: list[tuple[str, str]]
    outputs: list[tuple[str, str]]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Execute:
    query: str
    control: bool


@dataclass(frozen=True)
class CheckResult:
    expected: ExpectedResult


@dataclass(frozen=True)
class CheckError:
    expected: ExpectedError


@dataclass(frozen=True)
class CheckEffects:
    expected: dict[str, int]


Step = UseGraph | Setup | Parameters | Procedure | Execute | CheckResult | CheckError | CheckEffects

_GRAPH = re.compile(r"the ([\w-]+) graph")
_ERROR = re.compile(r"an? (\w+) should be raised at (compile time|runtime|any time): (\S+)")
_RESULT = re.compile(
    r"the result should be(?P<order>, in (?:any )?order)?(?P<lists> \(ignoring element order for lists\))?:"
)
_PROCEDURE = re.compile(
    r"there exists a procedure (?P<name>[\w.]+)\((?P<inputs>[^)]*)\)\s*::\s*\((?P<outputs>[^)]*)\)\s*:"
)
_SIGNATURE_ITEM = re.compile(r"(\w+)\s*::\s*(\w+\??)")


def compile_steps(raw_steps: tuple[RawStep, ...]) -> list[Step]:
    """Typed steps for a case; raises ``StepError`` for anything not understood."""
    steps = [_compile_step(step) for step in raw_steps]
    if sum(1 for s in steps if isinstance(s, Execute) and not s.control) != 1:
        raise StepError("a case needs exactly one 'executing query' step")
    return steps


def _compile_step(step: RawStep) -> Step:
    text = step.text.strip()
    if text in ("an empty graph", "any graph"):
        return UseGraph(None)
    if match := _GRAPH.fullmatch(text):
        return UseGraph(match.group(1))
    if text in ("having executed:", "executing query:", "executing control query:"):
        if step.docstring is None:
            raise StepError(f"step {text!r} needs a query docstring")
        if text == "having executed:":
            return Setup(step.docstring)
        return Execute(step.docstring, control=text == "executing control query:")
    if text == "parameters are:":
        return Parameters(_parameters(_table(step)))
    if match := _PROCEDURE.fullmatch(text):
        return _procedure(match, _table(step))
    if text == "the result should be empty":
        return CheckResult(ExpectedResult(None, (), False, False))
    if match := _RESULT.fullmatch(text):
        return CheckResult(_result(match, _table(step)))
    if match := _ERROR.fullmatch(text):
        return CheckError(ExpectedError(*match.groups()))
    if text == "no side effects":
        return CheckEffects({})
    if text == "the side effects should be:":
        return CheckEffects(_effects(_table(step)))
    raise StepError(f"unsupported step: {text!r}")


def _table(step: RawStep) -> tuple[tuple[str, ...], ...]:
    if step.table is None:
        raise StepError(f"step {step.text!r} needs a table")
    return step.table


def _cell(text: str) -> Canon:
    try:
        return parse_value(text)
    except ValueError as error:
        raise StepError(f"bad value notation: {error}") from None


def _result(match: re.Match[str], table: tuple[tuple[str, ...], ...]) -> ExpectedResult:
    order = match.group("order")
    header, *body = table
    width = len(header)
    rows = []
    for row in body:
        if len(row) != width:
            raise StepError(f"row {row!r} has {len(row)} cells, header has {width}")
        rows.append(tuple(_cell(cell) for cell in row))
    return ExpectedResult(
        columns=tuple(header),
        rows=tuple(rows),
        ordered=order is not None and "any" not in order,
        ignore_list_order=match.group("lists") is not None,
    )


def _parameters(table: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    values = {}
    for row in table:
        if len(row) != 2:
            raise StepError(f"parameter row {row!r} must have 2 cells")
        try:
            values[row[0]] = to_python(_cell(row[1]))
        except ValueError as error:
            raise StepError(str(error)) from None
    return values


def _signature(text: str) -> list[tuple[str, str]]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    out = []
    for item in items:
        match = _SIGNATURE_ITEM.fullmatch(item)
        if match is None:
            raise StepError(f"bad procedure signature item {item!r}")
        out.append((match.group(1), match.group(2)))
    return out


def _procedure(match: re.Match[str], table: tuple[tuple[str, ...], ...]) -> Procedure:
    inputs = _signature(match.group("inputs"))
    outputs = _signature(match.group("outputs"))
    header, *body = table
    columns = [name for name, _type in inputs + outputs]
    if sorted(header) != sorted(columns):
        raise StepError(f"procedure table header {list(header)} does not match {columns}")
    index = [header.index(name) for name in columns]
    rows = []
    for row in body:
        try:
            rows.append(tuple(to_python(_cell(row[i])) for i in index))
        except (ValueError, IndexError) as error:
            raise StepError(f"bad procedure row {row!r}: {error}") from None
    return Procedure(match.group("name"), inputs, outputs, rows)


def _effects(table: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    expected = {}
    for row in table:
        if len(row) != 2 or row[0] not in KEYS:
            raise StepError(f"bad side-effect row {row!r}")
        try:
            expected[row[0]] = int(row[1])
        except ValueError:
            raise StepError(f"bad side-effect count {row[1]!r}") from None
    return expected
