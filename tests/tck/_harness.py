"""Running one TCK case against the engine.

Per case: a fresh in-memory database; every query ("having executed", the query under test,
the control query) runs in its own write transaction and is committed (rolled back when it
raises). Side effects are measured around the query under test only, from snapshots taken in
read transactions. Anything unexpected the engine does (including exceptions that are not
``CypherError``) makes the case fail with a reason; it never crashes the harness.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._compare import compare_result
from ._effects import Snapshot, compare_effects, diff, take_snapshot
from ._gherkin import Case
from ._steps import (
    CheckEffects,
    CheckError,
    CheckResult,
    Execute,
    Parameters,
    Procedure,
    Setup,
    Step,
    StepError,
    UseGraph,
    compile_steps,
)

DEFAULT_TIMEOUT = 20.0


@dataclass
class Outcome:
    """How a case went. ``type_matched`` is set for error-expecting cases only: whether the
    engine raised an error of the expected type (phase and detail not considered)."""

    passed: bool
    reason: str = ""
    expects_error: bool = False
    type_matched: bool | None = None


@dataclass
class Result:
    """What one query produced: columns and rows, or an error triple."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    error: tuple[str, str, str] | None = None
    message: str = ""

    def describe(self) -> str:
        if self.error is not None:
            tck_type, phase, detail = self.error
            return f"{tck_type} at {phase}: {detail} ({self.message})"
        return f"a result with columns {self.columns} and {len(self.rows)} rows"


class CaseFailed(Exception):
    """Ends a case early with a reason."""


class CaseTimeout(BaseException):
    """Raised by the timer; a BaseException so engine code catching Exception lets it pass."""


def default_open_database() -> Any:
    from graphbolt.engine import Database

    return Database.open(None)


def _split_script(script: str) -> list[str]:
    """Statements of a named-graph script, split on ``;`` outside string literals."""
    statements: list[str] = []
    current: list[str] = []
    quote = ""
    for char in script:
        if quote:
            quote = "" if char == quote and (not current or current[-1] != "\\") else quote
        elif char in "'\"":
            quote = char
        elif char == ";":
            statements.append("".join(current))
            current = []
            continue
        current.append(char)
    statements.append("".join(current))
    return [s.strip() for s in statements if s.strip()]


def _error_triple(error: BaseException, phase: str) -> tuple[str, str, str] | None:
    tck_type = getattr(error, "tck_type", None)
    detail = getattr(error, "detail", None)
    if tck_type is None or detail is None:
        return None
    return (str(tck_type), str(getattr(error, "phase", None) or phase), str(detail))


class _Run:
    """The state of one case while it runs."""

    def __init__(self, open_database: Callable[[], Any], graphs_dir: Path | None) -> None:
        self.open_database = open_database
        self.graphs_dir = graphs_dir
        self.db: Any = None
        self.params: dict[str, Any] = {}
        self.result: Result | None = None
        self.before: Snapshot | None = None
        self.after: Snapshot | None = None
        self.type_matched: bool | None = None

    def database(self) -> Any:
        if self.db is None:
            self.db = self.open_database()
        return self.db

    def query(self, text: str, params: dict[str, Any]) -> Result:
        """Run ``text`` in its own write transaction; commit, or roll back on error."""
        tx = self.database().begin("w")
        phase = "compile time"
        try:
            cursor = tx.run(text, params)
            phase = "runtime"
            columns = list(cursor.keys)
            rows = [tuple(row) for row in cursor]
            cursor.consume()
            tx.commit()
        except Exception as error:
            _quiet_rollback(tx)
            triple = _error_triple(error, phase)
            if triple is None:
                raise CaseFailed(f"engine raised {type(error).__name__}: {error}") from error
            return Result(error=triple, message=str(error).splitlines()[0] if str(error) else "")
        return Result(columns=columns, rows=rows)

    def snapshot(self) -> Snapshot:
        tx = self.database().begin("r")
        try:
            return take_snapshot(tx.graph)
        finally:
            _quiet_rollback(tx)

    def step(self, step: Step) -> None:
        if isinstance(step, UseGraph):
            self.use_graph(step.name)
        elif isinstance(step, Setup):
            result = self.query(step.query, {})
            if result.error is not None:
                raise CaseFailed(f"setup query failed: {result.describe()}\n{step.query}")
        elif isinstance(step, Parameters):
            self.params.update(step.values)
        elif isinstance(step, Procedure):
            self.database().procedures.register(step.name, step.inputs, step.outputs, step.rows)
        elif isinstance(step, Execute):
            self.execute(step)
        elif isinstance(step, CheckResult):
            self.check_result(step)
        elif isinstance(step, CheckError):
            self.check_error(step)
        else:
            self.check_effects(step)

    def use_graph(self, name: str | None) -> None:
        db = self.database()
        if name is None:
            return
        if self.graphs_dir is None:
            raise CaseFailed(f"no graphs directory for named graph {name!r}")
        script = self.graphs_dir / name / f"{name}.cypher"
        if not script.is_file():
            raise CaseFailed(f"named graph script not found: {script}")
        for statement in _split_script(script.read_text(encoding="utf-8")):
            tx = db.begin("w")
            try:
                tx.run(statement, {}).consume()
                tx.commit()
            except Exception as error:
                _quiet_rollback(tx)
                raise CaseFailed(f"loading graph {name!r} failed: {error}") from error

    def execute(self, step: Execute) -> None:
        if step.control:
            self.result = self.query(step.query, self.params)
            return
        self.before = self.snapshot()
        self.result = self.query(step.query, self.params)
        self.after = self.snapshot()

    def check_result(self, step: CheckResult) -> None:
        result = self._current()
        if result.error is not None:
            raise CaseFailed(f"expected {step.expected.describe()}, got {result.describe()}")
        reason = compare_result(step.expected, result.columns, result.rows)
        if reason is not None:
            raise CaseFailed(reason)

    def check_error(self, step: CheckError) -> None:
        result = self._current()
        expected = step.expected
        if result.error is None:
            self.type_matched = False
            raise CaseFailed(f"expected {expected}, got {result.describe()}")
        self.type_matched = expected.type_matches(result.error[0])
        if not expected.matches(*result.error):
            raise CaseFailed(f"expected {expected}, got {result.describe()}")
        # An error step is last; "no side effects" is implied and checked.
        self.check_effects(CheckEffects({}))

    def check_effects(self, step: CheckEffects) -> None:
        if self.before is None or self.after is None:
            raise CaseFailed("side effects checked before the query ran")
        reason = compare_effects(step.expected, diff(self.before, self.after))
        if reason is not None:
            raise CaseFailed(reason)

    def _current(self) -> Result:
        if self.result is None:
            raise CaseFailed("result checked before a query ran")
        return self.result

    def close(self) -> None:
        if self.db is not None:
            # A failing close must not hide the case's own outcome.
            with contextlib.suppress(Exception):
                self.db.close()


def _quiet_rollback(tx: Any) -> None:
    # The engine may already have closed the transaction after the error.
    with contextlib.suppress(Exception):
        tx.rollback()


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt a runaway case (main thread on Unix only; elsewhere no limit)."""
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        raise CaseTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_case(
    case: Case,
    *,
    graphs_dir: Path | None = None,
    open_database: Callable[[], Any] = default_open_database,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Outcome:
    """Run one case and say whether it passed, and why not."""
    expects_error = case.expects_error
    try:
        steps = compile_steps(case.steps)
    except StepError as error:
        return Outcome(False, f"harness: {error}", expects_error)
    run = _Run(open_database, graphs_dir)
    try:
        with _time_limit(timeout):
            for step in steps:
                run.step(step)
    except CaseFailed as failure:
        return Outcome(False, str(failure), expects_error, run.type_matched)
    except CaseTimeout:
        return Outcome(False, f"timed out after {timeout} s", expects_error, run.type_matched)
    except Exception as error:
        reason = f"engine raised {type(error).__name__}: {error}"
        return Outcome(False, reason, expects_error, run.type_matched)
    finally:
        run.close()
    return Outcome(True, "", expects_error, True if expects_error else None)
