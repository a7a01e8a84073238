"""The two programs of the seed documents run unchanged on graphbolt's embedded driver.

Each program's text is read at test time; only its import line and its URI/AUTH
placeholders are substituted. It runs in a subprocess against a database prepared with
Person nodes, and must print exactly the expected names.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
NAMES = ["Alice", "Bob", "Carol"]

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")


def adapt(program: str, uri: str) -> str:
    """The seed program for graphbolt: the import line, URI and AUTH changed, nothing else."""
    lines = program.splitlines(keepends=True)
    imports = [i for i, line in enumerate(lines) if line.startswith("from neo4j import")]
    uris = [i for i, line in enumerate(lines) if line.startswith("URI = ")]
    auths = [i for i, line in enumerate(lines) if line.startswith("AUTH = ")]
    assert len(imports) == len(uris) == len(auths) == 1, "unexpected seed program layout"
    lines[imports[0]] = "from graphbolt import AsyncGraphDatabase\n"
    lines[uris[0]] = f"URI = {uri!r}\n"
    lines[auths[0]] = 'AUTH = ("neo4j", "password")\n'
    return "".join(lines)


def run_program(program: str, prelude: str = "") -> str:
    """Run ``program`` as ``__main__`` in a fresh interpreter; its stdout."""
    completed = subprocess.run(
        [sys.executable, "-c", prelude + program],
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


async def create_people(uri: str) -> None:
    from graphbolt import AsyncGraphDatabase

    async with AsyncGraphDatabase.driver(uri) as driver:
        await driver.execute_query(
            "UNWIND $names AS name CREATE (:Person {name: name})", names=NAMES
        )


# A memory:// database lives inside one driver, so for memory:// the setup runs in the
# program's own process: the prelude wraps AsyncGraphDatabase.driver so that the first
# driver the program opens is seeded with the Person nodes before the program uses it.
MEMORY_PRELUDE = f"""
import graphbolt
_original_driver = graphbolt.AsyncGraphDatabase.driver

class _Seeded:
    def __init__(self, driver):
        self._driver = driver
    async def __aenter__(self):
        await self._driver.execute_query(
            "UNWIND $names AS name CREATE (:Person {{name: name}})", names={NAMES!r})
        return await self._driver.__aenter__()
    async def __aexit__(self, *exc):
        return await self._driver.__aexit__(*exc)

def _seeded_driver(uri, **kwargs):
    return _Seeded(_original_driver(uri, **kwargs))

graphbolt.AsyncGraphDatabase.driver = staticmethod(_seeded_driver)
"""


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("example_execute_query.py", f"{NAMES}\n"),
        ("example_session.py", f"{[[n] for n in NAMES]}\n"),
    ],
)
def test_seed_program_on_file_uri(seed: str, expected: str, tmp_path: Path) -> None:
    uri = f"file://{tmp_path / 'db'}"
    asyncio.run(create_people(uri))
    program = adapt((SEEDS / seed).read_text(encoding="utf-8"), uri)
    assert run_program(program) == expected


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("example_execute_query.py", f"{NAMES}\n"),
        ("example_session.py", f"{[[n] for n in NAMES]}\n"),
    ],
)
def test_seed_program_on_memory_uri(seed: str, expected: str) -> None:
    program = adapt((SEEDS / seed).read_text(encoding="utf-8"), "memory://")
    assert run_program(program, MEMORY_PRELUDE) == expected


def test_adapt_changes_only_import_and_placeholders() -> None:
    original = (SEEDS / "example_session.py").read_text(encoding="utf-8")
    adapted = adapt(original, "memory://")
    changed = [(a, b) for a, b in zip(original.splitlines(), adapted.splitlines()) if a != b]
    assert [a.split(" ")[0] for a, _ in changed] == ["from", "URI", "AUTH"]
