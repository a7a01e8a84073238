"""Every query of the openCypher TCK feature files goes through the parser.

Queries that the TCK does not expect to fail with a SyntaxError must parse; queries whose
expected SyntaxError is grammatical (a detail only the parser can detect) must be rejected by
the parser with that detail. Semantic SyntaxErrors (undefined variables ...) are left to the
semantic analysis; ``test_summary`` prints how many of those the parser already rejects.

The feature files are read with plain text processing (docstrings after the query steps,
Scenario Outline placeholders filled from the Examples rows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from graphbolt.cypher import parse
from graphbolt.errors import CypherSyntaxError

TCK_ROOT = Path("/work/shared/tck")

# Details the parser itself raises: lexical and grammatical errors. Everything else (also
# InvalidClauseComposition, NoExpressionAlias, InvalidParameterUse ...) is semantic analysis.
PARSER_DETAILS = frozenset(
    {
        "UnexpectedSyntax",
        "InvalidNumberLiteral",
        "IntegerOverflow",
        "FloatingPointOverflow",
        "InvalidUnicodeLiteral",
        "InvalidUnicodeCharacter",
        "InvalidRelationshipPattern",
    }
)

# UnexpectedSyntax cases the grammar accepts: a pattern expression outside a predicate position
# (List6 [6], Pattern1 [22-24]) is rejected by semantic analysis, which knows the context.
SEMANTIC_UNEXPECTED_SYNTAX = re.compile(r"(List6|Pattern1)\.feature$")

_QUERY_STEPS = ("When executing query:", "having executed:", "When executing control query:")
_ERROR_STEP = re.compile(r"an? (\w+) should be raised at ([a-z ]+): (\S+)")


@dataclass(frozen=True)
class TckQuery:
    feature: str
    scenario: str
    step: str  # "query", "setup" or "control"
    text: str
    error: tuple[str, str, str] | None  # the scenario's expected (type, phase, detail)

    @property
    def expects_syntax_error(self) -> bool:
        return self.step == "query" and self.error is not None and self.error[0] == "SyntaxError"


def _unescape_cell(cell: str) -> str:
    return re.sub(r"\\([|\\n])", lambda m: "\n" if m.group(1) == "n" else m.group(1), cell)


def _split_row(line: str) -> list[str]:
    # Split on unescaped pipes; drop the empty text before the first and after the last pipe.
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [_unescape_cell(cell.strip()) for cell in cells]


def _read_docstring(lines: list[str], i: int) -> tuple[str, int]:
    """The docstring opening at line ``i``; returns (text, index after the closing line)."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    body: list[str] = []
    i += 1
    while not lines[i].strip().startswith('"""'):
        line = lines[i]
        body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
        i += 1
    return "\n".join(body), i + 1


def _read_examples(lines: list[str], i: int) -> tuple[list[dict[str, str]], int]:
    header: list[str] | None = None
    rows: list[dict[str, str]] = []
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("|"):
            cells = _split_row(stripped)
            if header is None:
                header = cells
            else:
                rows.append(dict(zip(header, cells)))
        elif stripped and not stripped.startswith("#"):
            break
        i += 1
    return rows, i


def _scenarios(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    scenarios: list[dict] = []
    current: dict | None = None
    last_step = ""
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("Scenario"):
            current = {"name": stripped, "queries": [], "error": None, "examples": []}
            scenarios.append(current)
        elif stripped.startswith("Examples") and current is not None:
            rows, i = _read_examples(lines, i + 1)
            current["examples"].extend(rows)
            continue
        elif stripped.startswith('"""'):
            text, i = _read_docstring(lines, i)
            if current is not None and last_step.endswith(_QUERY_STEPS):
                current["queries"].append((last_step, text))
            continue
        elif stripped and not stripped.startswith(("#", "|", "@")):
            last_step = stripped
            match = _ERROR_STEP.search(stripped)
            if match and current is not None:
                current["error"] = match.groups()
        i += 1
    return scenarios


def _step_kind(step: str) -> str:
    if "control query" in step:
        return "control"
    return "query" if "executing query" in step else "setup"


def load_tck_queries(root: Path = TCK_ROOT) -> list[TckQuery]:
    """Every query docstring of every feature under ``root``, outlines expanded."""
    found: list[TckQuery] = []
    for path in sorted(root.rglob("*.feature")):
        feature = str(path.relative_to(root))
        for scenario in _scenarios(path):
            for row in scenario["examples"] or [None]:
                for step, text in scenario["queries"]:
                    for key, value in (row or {}).items():
                        text = text.replace(f"<{key}>", value)
                    found.append(
                        TckQuery(
                            feature, scenario["name"], _step_kind(step), text, scenario["error"]
                        )
                    )
    return found


def _unique(queries: list[TckQuery]) -> list[TckQuery]:
    seen: set[str] = set()
    out = []
    for query in queries:
        if query.text not in seen:
            seen.add(query.text)
            out.append(query)
    return out


_ALL = load_tck_queries() if TCK_ROOT.is_dir() else []
_VALID = _unique([q for q in _ALL if not q.expects_syntax_error])
_GRAMMATICAL_ERRORS = [
    q
    for q in _ALL
    if q.expects_syntax_error
    and q.error is not None
    and q.error[2] in PARSER_DETAILS
    and not SEMANTIC_UNEXPECTED_SYNTAX.search(q.feature)
]
_SKIP_REASON = f"TCK feature files not found at {TCK_ROOT}"


def _case_id(query: TckQuery) -> str:
    return f"{query.feature}::{query.scenario[:60]}::{query.text[:40]}"


@pytest.mark.skipif(not _ALL, reason=_SKIP_REASON)
@pytest.mark.parametrize("query", _VALID, ids=_case_id)
def test_valid_query_parses(query: TckQuery) -> None:
    parse(query.text)


@pytest.mark.skipif(not _ALL, reason=_SKIP_REASON)
@pytest.mark.parametrize("query", _GRAMMATICAL_ERRORS, ids=_case_id)
def test_grammatical_error_is_rejected(query: TckQuery) -> None:
    assert query.error is not None
    with pytest.raises(CypherSyntaxError) as info:
        parse(query.text)
    assert info.value.detail == query.error[2]
    assert info.value.position is not None


@pytest.mark.skipif(not _ALL, reason=_SKIP_REASON)
def test_extraction_finds_the_suite() -> None:
    # The developer split holds thousands of queries; a broken extractor would find few.
    assert len(_ALL) > 2000
    assert any(q.step == "control" for q in _ALL)
    assert all("<" + "name>" not in q.text for q in _ALL)


@pytest.mark.skipif(not _ALL, reason=_SKIP_REASON)
def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    expected_errors = [q for q in _ALL if q.expects_syntax_error]
    rejected = 0
    for query in expected_errors:
        try:
            parse(query.text)
        except CypherSyntaxError:
            rejected += 1
    with capsys.disabled():
        print(
            f"\nTCK parse summary: {len(_VALID)} distinct valid queries parse; "
            f"parser rejects {rejected}/{len(expected_errors)} queries expecting a SyntaxError "
            f"({len(_GRAMMATICAL_ERRORS)} of them grammatical)"
        )
    assert rejected >= len(_GRAMMATICAL_ERRORS)
