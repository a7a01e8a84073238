"""The official JavaScript driver (neo4j-driver 6.x) against ``graphbolt serve``.

Needs ``node`` and the npm package ``neo4j-driver``: ``make interop-js`` installs it into
``.interop-js/node_modules`` (see mk/interop.mk); ``GRAPHBOLT_NODE_MODULES`` names another
``node_modules``. Skipped, saying so, when either is missing. The scripts are in js/.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from interop_support import NODE_MODULES_VAR, SCHEMES, node, node_modules

SCRIPTS = Path(__file__).with_name("js")


@pytest.fixture(scope="session")
def run_js() -> Any:
    """Runs a js/ script with node and the installed neo4j-driver 6.x; returns its stdout."""
    executable, modules = node(), node_modules()
    if executable is None:
        pytest.skip("node is not installed: the JavaScript driver tests need Node.js 18+")
    package = modules / "neo4j-driver" / "package.json"
    if not package.exists():
        pytest.skip(
            f"neo4j-driver is not installed in {modules}: run `make interop-js` "
            f"(or set {NODE_MODULES_VAR} to a node_modules holding neo4j-driver 6.x)"
        )
    version = json.loads(package.read_text())["version"]
    assert version.startswith("6."), f"{package}: neo4j-driver {version}, not 6.x"

    def run(script: str, server: Any, scheme: str = "bolt") -> str:
        done = subprocess.run(
            [executable, str(SCRIPTS / script), server.uri(scheme), *server.auth],
            env={**os.environ, "NODE_PATH": str(modules)},
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    return run


@pytest.mark.parametrize("scheme", SCHEMES)
def test_seed_query(run_js: Any, server: Any, people: None, scheme: str) -> None:
    assert json.loads(run_js("seed.cjs", server, scheme)) == ["Alice", "Bob"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_values_round_trip(run_js: Any, server: Any, scheme: str) -> None:
    assert run_js("roundtrip.cjs", server, scheme).startswith("ok ")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_smoke(run_js: Any, server: Any, scheme: str) -> None:
    """Server info, fetchSize 2 over 1,000 rows, zoned datetimes, errors, transactions."""
    assert run_js("smoke.cjs", server, scheme).startswith("ok ")
