"""Loading TCK feature files into cases (one per compiled Gherkin pickle).

Scenario outlines are expanded by the Gherkin compiler (placeholders substituted in step text,
docstrings and tables; table escapes such as ``\\|`` and ``\\n`` already undone). Each case
keeps its feature path relative to the features directory, the scenario name as written, and
for outline rows the 1-based row number over all of the scenario's Examples tables.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gherkin import Compiler, Parser
from gherkin.stream.id_generator import IdGenerator

IGNORE_TAG = "@ignore"


@dataclass(frozen=True)
class RawStep:
    """One step: its text (keyword dropped), docstring and table cells, if any."""

    text: str
    docstring: str | None = None
    table: tuple[tuple[str, ...], ...] | None = None


@dataclass(frozen=True)
class Case:
    """One runnable TCK case."""

    feature: str  # path relative to the features directory, with "/" separators
    scenario: str
    example: int | None  # 1-based outline row, None for a plain scenario
    line: int
    tags: tuple[str, ...]
    steps: tuple[RawStep, ...]

    @property
    def id(self) -> str:
        """``path::scenario name #row`` (no ``#row`` for a plain scenario)."""
        base = f"{self.feature}::{self.scenario}"
        return base if self.example is None else f"{base} #{self.example}"

    @property
    def area(self) -> str:
        """The first two parts of the feature path (``clauses/match``)."""
        parts = self.feature.split("/")
        return "/".join(parts[:2]) if len(parts) > 2 else parts[0]

    @property
    def expects_error(self) -> bool:
        return any(" should be raised at " in step.text for step in self.steps)


def _row_numbers(document: dict[str, Any]) -> dict[str, int]:
    """Map each Examples row's AST id to its 1-based number within its scenario."""
    numbers: dict[str, int] = {}
    feature = document.get("feature") or {}
    for child in feature.get("children", []):
        scenarios = [child.get("scenario")]
        rule = child.get("rule")
        if rule:
            scenarios = [c.get("scenario") for c in rule.get("children", [])]
        for scenario in scenarios:
            if not scenario:
                continue
            counter = 0
            for examples in scenario.get("examples", []):
                for row in examples.get("tableBody", []):
                    counter += 1
                    numbers[row["id"]] = counter
    return numbers


def _raw_step(step: Any) -> RawStep:
    argument = step.get("argument") or {}
    docstring = argument.get("docString")
    table = argument.get("dataTable")
    return RawStep(
        text=step["text"],
        docstring=None if docstring is None else (docstring.get("content") or ""),
        table=None
        if table is None
        else tuple(tuple(cell["value"] for cell in row["cells"]) for row in table["rows"]),
    )


def load_feature(path: Path, relative: str) -> list[Case]:
    """Every case of one feature file, ``@ignore`` scenarios excluded."""
    document: Any = Parser().parse(path.read_text(encoding="utf-8"))
    document["uri"] = relative
    rows = _row_numbers(document)
    cases = []
    for pickle in Compiler(IdGenerator()).compile(document):
        tags = tuple(tag["name"] for tag in pickle["tags"])
        if IGNORE_TAG in tags:
            continue
        ast_ids = pickle["astNodeIds"]
        example = rows.get(ast_ids[-1]) if len(ast_ids) > 1 else None
        cases.append(
            Case(
                feature=relative,
                scenario=pickle["name"],
                example=example,
                line=pickle["location"]["line"],
                tags=tags,
                steps=tuple(_raw_step(step) for step in pickle["steps"]),
            )
        )
    return cases


@functools.lru_cache(maxsize=8)
def load_cases(features_dir: str) -> tuple[Case, ...]:
    """Every case under ``features_dir`` in path order (cached per process)."""
    root = Path(features_dir)
    cases: list[Case] = []
    for path in sorted(root.rglob("*.feature")):
        cases.extend(load_feature(path, path.relative_to(root).as_posix()))
    return tuple(cases)


def find_graphs_dir(features_dir: str | Path) -> Path | None:
    """The named-graph directory: ``FEATURES_DIR/graphs`` or, in the upstream layout
    (``tck/features`` beside ``tck/graphs``), the parent's ``graphs``."""
    root = Path(features_dir)
    for candidate in (root / "graphs", root.parent / "graphs"):
        if candidate.is_dir():
            return candidate
    return None
