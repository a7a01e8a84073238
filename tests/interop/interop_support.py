"""Shared by the interop tests: where the seed programs and the other drivers live."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
# Each seed program's expected output with the people fixture's Alice and Bob.
SEED_PROGRAMS = {
    "example_execute_query.py": "['Alice', 'Bob']",
    "example_session.py": "[['Alice'], ['Bob']]",
}
SCHEMES = ["bolt", "neo4j"]

# The other drivers, as made by `make interop-deps` (mk/interop.mk); variables override them.
NEO4J5_PYTHON_VAR = "GRAPHBOLT_NEO4J5_PYTHON"
NODE_MODULES_VAR = "GRAPHBOLT_NODE_MODULES"


def neo4j5_python() -> Path:
    """The python of the venv holding the neo4j 5.28 driver (may not exist)."""
    configured = os.environ.get(NEO4J5_PYTHON_VAR)
    return Path(configured) if configured else ROOT / ".venv-neo4j5" / "bin" / "python"


def node_modules() -> Path:
    """The node_modules directory holding neo4j-driver (may not exist)."""
    configured = os.environ.get(NODE_MODULES_VAR)
    return Path(configured) if configured else ROOT / ".interop-js" / "node_modules"


def node() -> str | None:
    """The node executable, if installed."""
    return shutil.which("node")


def start_server(data: Path, *extra: str) -> tuple[subprocess.Popen[str], int]:
    """Start ``graphbolt serve`` and wait for its "listening" line; returns (process, port)."""
    env = {k: v for k, v in os.environ.items() if k != "GRAPHBOLT_AUTH"}
    # stderr goes to a file: an unread pipe would block the server once it filled up.
    log = open(f"{data}.stderr.log", "w")  # noqa: SIM115 - the child keeps its own copy
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphbolt.cli.main", "serve", "--listen", "127.0.0.1:0",
         "--data", str(data), *extra],
        env=env, stdout=subprocess.PIPE, stderr=log, text=True,
    )  # fmt: skip
    log.close()
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        proc.wait(timeout=10)
        raise RuntimeError(f"graphbolt serve did not start: {line!r} {server_log(data)}")
    return proc, int(line.rsplit(":", 1)[1])


def server_log(data: Path) -> str:
    """What the server of data directory ``data`` wrote to stderr so far."""
    with open(f"{data}.stderr.log") as handle:
        return handle.read()


def stop_server(proc: subprocess.Popen[str], data: Path) -> str:
    """Stop the server; returns what it wrote to stderr."""
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    return server_log(data)
