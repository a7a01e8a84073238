"""The openCypher TCK as pytest cases: one test per compiled scenario (outline rows expanded).

Cases are read from ``$GRAPHBOLT_TCK_DIR`` or ``../shared/tck`` beside the repository root.
A case listed in ``known_failures.txt`` is expected to fail (xfail); when it passes the test
fails, so that the list only shrinks.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ._gherkin import Case, find_graphs_dir, load_cases
from ._harness import run_case
from ._known import load_known_failures

REPO_ROOT = Path(__file__).resolve().parents[2]
TCK_DIR = Path(os.environ.get("GRAPHBOLT_TCK_DIR") or REPO_ROOT.parent / "shared" / "tck")

if not TCK_DIR.is_dir():
    pytest.skip(
        f"openCypher TCK not found at {TCK_DIR} (set GRAPHBOLT_TCK_DIR)", allow_module_level=True
    )

CASES = load_cases(str(TCK_DIR.resolve()))
GRAPHS_DIR = find_graphs_dir(TCK_DIR)
KNOWN_FAILURES = load_known_failures()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_tck(case: Case) -> None:
    outcome = run_case(case, graphs_dir=GRAPHS_DIR)
    listed = case.id in KNOWN_FAILURES
    if outcome.passed:
        if listed:
            pytest.fail("now passes: remove it from known_failures.txt", pytrace=False)
        return
    if listed:
        pytest.xfail(outcome.reason)
    pytest.fail(outcome.reason, pytrace=False)
