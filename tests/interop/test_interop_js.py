"""The official JavaScript driver (neo4j-driver) against ``graphbolt serve``.

Needs ``node`` and the ``neo4j-driver`` npm package; point ``GRAPHBOLT_NODE_MODULES`` at the
``node_modules`` directory holding it (e.g. after ``npm install neo4j-driver`` somewhere).
Skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).with_name("js") / "smoke.cjs"


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_javascript_driver(server: Any, scheme: str) -> None:
    node = shutil.which("node")
    modules = os.environ.get("GRAPHBOLT_NODE_MODULES")
    if node is None or not modules or not (Path(modules) / "neo4j-driver").is_dir():
        pytest.skip("needs node and GRAPHBOLT_NODE_MODULES pointing at a neo4j-driver install")
    done = subprocess.run(
        [node, str(SCRIPT), server.uri(scheme), *server.auth],
        env={**os.environ, "NODE_PATH": modules}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok ")
