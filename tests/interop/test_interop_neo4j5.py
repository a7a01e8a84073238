"""The official neo4j 5.28 Python driver against ``graphbolt serve``.

The 5.28 driver cannot share a venv with the 6.x one, so it lives in ``.venv-neo4j5`` (made by
``make interop-py5``, see mk/interop.mk; ``GRAPHBOLT_NEO4J5_PYTHON`` names another python).
Each check runs as a subprocess of that python against the test server: the two seed programs
verbatim (bolt:// and neo4j://), then py5/checks.py (values, graph types, transactions, errors).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from interop_support import NEO4J5_PYTHON_VAR, SCHEMES, SEED_PROGRAMS, neo4j5_python

CHECKS = Path(__file__).with_name("py5") / "checks.py"


@pytest.fixture(scope="session")
def python5() -> str:
    """The 5.28 venv's python, after checking which driver it really holds."""
    python = neo4j5_python()
    if not python.exists():
        pytest.skip(
            f"no neo4j 5.28 driver venv at {python}: run `make interop-py5` "
            f"(or set {NEO4J5_PYTHON_VAR} to a python with neo4j>=5.28,<6)"
        )
    done = subprocess.run(
        [str(python), "-c", "import neo4j; print(neo4j.__version__)"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    major, minor = (int(part) for part in done.stdout.strip().split(".")[:2])
    assert major == 5 and minor >= 28, f"{python} has neo4j {done.stdout.strip()}, not 5.28+"
    return str(python)


def run5(python5: str, *args: str) -> str:
    done = subprocess.run([python5, *args], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("program", sorted(SEED_PROGRAMS))
def test_seed_programs_with_driver_5(
    python5: str,
    server: Any,
    people: None,
    seed_program: Callable[..., Path],
    scheme: str,
    program: str,
) -> None:
    script = seed_program(program, server.uri(scheme), server.auth)
    assert run5(python5, str(script)) == SEED_PROGRAMS[program]


@pytest.mark.parametrize("check", ["server", "values", "graph", "transactions", "errors"])
def test_driver_5(python5: str, server: Any, check: str) -> None:
    out = run5(python5, str(CHECKS), server.uri(), *server.auth, check)
    assert out.startswith(f"ok {check} "), out
