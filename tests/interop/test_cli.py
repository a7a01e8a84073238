"""``graphbolt serve`` as ``make serve`` runs it: a fresh data directory and no password given.

The first start creates user neo4j with a random password printed once on stderr; later starts
keep the stored user and print nothing; ``--auth none`` turns authentication off only when asked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from interop_support import server_log, start_server, stop_server

neo4j = pytest.importorskip(
    "neo4j", reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'"
)
INITIAL = re.compile(
    r"initial password for user neo4j: (\S+) \(set GRAPHBOLT_AUTH=neo4j/<password> to choose one\)"
)


def connects(port: int, auth: tuple[str, str] | None) -> bool:
    with neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=auth) as driver:
        try:
            records, _, _ = driver.execute_query("RETURN 1 AS one")
        except neo4j.exceptions.AuthError:
            return False
        return bool(records[0]["one"] == 1)


def test_fresh_start_generates_prints_and_keeps_the_initial_password(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, port = start_server(data)  # no --auth, no GRAPHBOLT_AUTH
    try:
        printed = INITIAL.findall(server_log(data))
        assert len(printed) == 1, server_log(data)
        password = printed[0]
        assert connects(port, ("neo4j", password))
        assert not connects(port, ("neo4j", "neo4j"))
        assert not connects(port, None)
    finally:
        stop_server(proc, data)
    assert password not in (data / "users.json").read_text()

    proc, port = start_server(data)  # a later start reuses the stored user
    try:
        assert "initial password" not in server_log(data)
        assert connects(port, ("neo4j", password))
    finally:
        assert "Traceback" not in stop_server(proc, data)


def test_auth_none_disables_authentication_only_when_asked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc, port = start_server(data, "--auth", "none")
    try:
        assert connects(port, None) and connects(port, ("anyone", "anything"))
    finally:
        err = stop_server(proc, data)
    assert "initial password" not in err and "Traceback" not in err
    assert not (data / "users.json").exists()
