"""The command-line runner behind ``tests/tck/run.py``: run a TCK features directory, print a
score table per area, optionally write JSON and regenerate the known-failures list."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ._gherkin import Case, find_graphs_dir, load_cases
from ._harness import DEFAULT_TIMEOUT, Outcome, default_open_database, run_case
from ._known import KNOWN_FAILURES, write_known_failures


@dataclass
class AreaScore:
    positive_passed: int = 0
    positive_failed: int = 0
    error_passed: int = 0
    error_failed: int = 0
    error_type_matched: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome.expects_error:
            if outcome.passed:
                self.error_passed += 1
            else:
                self.error_failed += 1
            if outcome.type_matched:
                self.error_type_matched += 1
        elif outcome.passed:
            self.positive_passed += 1
        else:
            self.positive_failed += 1

    def merge(self, other: AreaScore) -> None:
        self.positive_passed += other.positive_passed
        self.positive_failed += other.positive_failed
        self.error_passed += other.error_passed
        self.error_failed += other.error_failed
        self.error_type_matched += other.error_type_matched


def score_table(cases: Sequence[Case], outcomes: Sequence[Outcome]) -> str:
    """One line per area plus a total: positive and error-expecting cases apart, and the
    error cases whose error *type* matched (phase and detail ignored)."""
    areas: dict[str, AreaScore] = {}
    for case, outcome in zip(cases, outcomes):
        areas.setdefault(case.area, AreaScore()).add(outcome)
    total = AreaScore()
    width = max([len(area) for area in areas] + [5])
    header = (
        f"{'area':<{width}}  {'pos pass':>8} {'pos fail':>8}  "
        f"{'err pass':>8} {'err fail':>8}  {'err type ok':>11}"
    )
    lines = [header, "-" * len(header)]

    def line(name: str, s: AreaScore) -> str:
        errors = s.error_passed + s.error_failed
        type_ok = f"{s.error_type_matched}/{errors}"
        return (
            f"{name:<{width}}  {s.positive_passed:>8} {s.positive_failed:>8}  "
            f"{s.error_passed:>8} {s.error_failed:>8}  {type_ok:>11}"
        )

    for area in sorted(areas):
        lines.append(line(area, areas[area]))
        total.merge(areas[area])
    lines += ["-" * len(header), line("total", total)]
    return "\n".join(lines)


# Set in the parent before forking workers, so workers inherit the loaded cases.
_WORKER_STATE: dict[str, Any] = {}


def _run_one(index: int) -> Outcome:
    state = _WORKER_STATE
    return run_case(
        state["cases"][index],
        graphs_dir=state["graphs_dir"],
        open_database=state["open_database"],
        timeout=state["timeout"],
    )


def run_all(
    cases: Sequence[Case],
    graphs_dir: Path | None,
    *,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    open_database: Callable[[], Any] = default_open_database,
) -> list[Outcome]:
    """Outcomes in case order; ``jobs`` > 1 runs in forked worker processes."""
    _WORKER_STATE.update(
        cases=cases, graphs_dir=graphs_dir, open_database=open_database, timeout=timeout
    )
    if jobs <= 1 or len(cases) < 2:
        return [_run_one(i) for i in range(len(cases))]
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs) as pool:
        return list(pool.imap(_run_one, range(len(cases)), chunksize=4))


def to_json(cases: Sequence[Case], outcomes: Sequence[Outcome]) -> list[dict[str, Any]]:
    return [
        {
            "feature": case.feature,
            "scenario": case.scenario,
            "example": case.example,
            "area": case.area,
            "expects_error": outcome.expects_error,
            "passed": outcome.passed,
            "reason": outcome.reason,
        }
        for case, outcome in zip(cases, outcomes)
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run.py", description="Run openCypher TCK feature files against graphbolt."
    )
    parser.add_argument("features_dir", help="directory holding the .feature files")
    parser.add_argument("--json", metavar="FILE", help="write per-case outcomes as JSON")
    parser.add_argument("--filter", metavar="SUBSTRING", help="only cases whose id contains it")
    parser.add_argument(
        "--write-known-failures",
        action="store_true",
        help=f"rewrite {KNOWN_FAILURES.name} from this run's failures",
    )
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per case (0: none)"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="print every failing case and its reason"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    open_database: Callable[[], Any] = default_open_database,
    out: TextIO | None = None,
    known_failures: Path = KNOWN_FAILURES,
) -> int:
    """Entry point; returns the process exit status: 0 after a run (failing cases are a
    score, not an error), 2 for a bad features directory."""
    args = _parser().parse_args(argv)
    out = out or sys.stdout
    features = Path(args.features_dir)
    if not features.is_dir():
        print(f"error: not a directory: {features}", file=sys.stderr)
        return 2
    cases = list(load_cases(str(features.resolve())))
    if args.filter:
        cases = [case for case in cases if args.filter in case.id]
    started = time.perf_counter()
    outcomes = run_all(
        cases,
        find_graphs_dir(features),
        jobs=args.jobs,
        timeout=args.timeout or None,
        open_database=open_database,
    )
    elapsed = time.perf_counter() - started
    if args.verbose:
        for case, outcome in zip(cases, outcomes):
            if not outcome.passed:
                print(f"FAIL {case.id}\n    {outcome.reason.splitlines()[0]}", file=out)
    print(f"TCK features: {features} ({len(cases)} cases, {elapsed:.1f} s)", file=out)
    print(score_table(cases, outcomes), file=out)
    if args.json:
        Path(args.json).write_text(
            json.dumps(to_json(cases, outcomes), indent=1, ensure_ascii=False), encoding="utf-8"
        )
    if args.write_known_failures:
        failing = [case.id for case, outcome in zip(cases, outcomes) if not outcome.passed]
        count = write_known_failures(failing, [case.id for case in cases], known_failures)
        print(f"wrote {count} entries to {known_failures}", file=out)
    passed = sum(1 for outcome in outcomes if outcome.passed)
    print(f"tck: {passed} passed, {len(outcomes) - passed} failed", file=out)
    return 0
