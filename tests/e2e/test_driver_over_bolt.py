"""graphbolt's own driver over Bolt against a ``graphbolt serve`` subprocess, end to end.

The seed programs run unchanged (import line and placeholders aside) with bolt:// and
neo4j:// URIs; the concurrency scenarios run on both the embedded connector and Bolt.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_driver_concurrency import increment_concurrently, increment_from_threads
from test_seed_programs import NAMES, SEEDS, adapt, run_program

from graphbolt import AsyncGraphDatabase

AUTH = ("neo4j", "password")  # what ``adapt`` puts in the seed programs


@pytest.fixture(scope="module")
def bolt_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A durable server (so concurrent writers really conflict on the storage)."""
    data = tmp_path_factory.mktemp("bolt-e2e") / "data"
    env = {k: v for k, v in os.environ.items() if k != "GRAPHBOLT_AUTH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphbolt.cli.main", "serve", "--listen", "127.0.0.1:0",
         "--data", str(data), "--auth", "/".join(AUTH)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    try:
        assert "listening on bolt://" in line, line
        yield line.strip().rsplit(" ", 1)[1]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()


def with_scheme(uri: str, scheme: str) -> str:
    return scheme + uri[uri.index("://") :]


async def reset_people(uri: str) -> None:
    async with AsyncGraphDatabase.driver(uri, auth=AUTH) as driver:
        await driver.execute_query("MATCH (n) DETACH DELETE n")
        await driver.execute_query(
            "UNWIND $names AS name CREATE (:Person {name: name})", names=NAMES
        )


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("example_execute_query.py", f"{NAMES}\n"),
        ("example_session.py", f"{[[n] for n in NAMES]}\n"),
    ],
)
def test_seed_programs_over_bolt(bolt_uri: str, scheme: str, seed: str, expected: str) -> None:
    uri = with_scheme(bolt_uri, scheme)
    asyncio.run(reset_people(uri))
    program = adapt((SEEDS / seed).read_text(encoding="utf-8"), uri)
    assert run_program(program) == expected


@pytest.mark.parametrize("where", ["memory", "bolt", "neo4j"])
def test_200_tasks_increment_one_counter(where: str, bolt_uri: str) -> None:
    uri = "memory://" if where == "memory" else with_scheme(bolt_uri, where)
    count, retries = asyncio.run(increment_concurrently(uri, AUTH))
    assert count == 200
    assert retries > 0  # the tasks really conflicted and were retried


@pytest.mark.parametrize("where", ["file", "bolt"])
def test_threads_share_a_sync_driver(where: str, bolt_uri: str, tmp_path: Path) -> None:
    uri = f"file://{tmp_path / 'db'}" if where == "file" else bolt_uri
    count, errors = increment_from_threads(uri, AUTH)
    assert not errors
    assert count == 80


def test_large_result_streams_over_bolt(bolt_uri: str) -> None:
    async def main() -> Any:
        driver = AsyncGraphDatabase.driver(bolt_uri, auth=AUTH, fetch_size=1000)
        async with driver, driver.session() as session:
            result = await session.run(
                "UNWIND range(1, 100000) AS i RETURN i, 'name' + i AS s, i * 1.5 AS f"
            )
            total = 0
            async for record in result:
                total += record["i"]
                assert record["s"] == f"name{record['i']}"
            return total

    assert asyncio.run(main()) == 100000 * 100001 // 2
