"""Interop fixtures: a real ``graphbolt serve`` subprocess on a free port, temp data dir.

Every test here talks to it with the official ``neo4j`` Python driver (6.x); without that
package the tests are skipped (it belongs in the ``dev`` extras: ``neo4j>=6``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORD = "interop-pw"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    data: Path
    auth: tuple[str, str] = ("neo4j", PASSWORD)

    def uri(self, scheme: str = "bolt") -> str:
        return f"{scheme}://{self.host}:{self.port}"


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
        raise RuntimeError(f"graphbolt serve did not start: {line!r} {_read(data)}")
    return proc, int(line.rsplit(":", 1)[1])


def _read(data: Path) -> str:
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
    return _read(data)


@pytest.fixture(scope="session")
def neo4j_driver_module() -> object:
    return pytest.importorskip(
        "neo4j",
        reason="the official neo4j driver (>=6) is not installed: pip install 'neo4j>=6'",
    )


@pytest.fixture(scope="session")
def server(
    neo4j_driver_module: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("graphbolt-data")
    proc, port = start_server(data, "--auth", f"neo4j/{PASSWORD}")
    try:
        yield Server("127.0.0.1", port, data)
    finally:
        err = stop_server(proc, data)
        assert "Traceback" not in err, err


@pytest.fixture
def driver(server: Server) -> Iterator[object]:
    """A synchronous official driver connected with bolt:// to the test server."""
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as instance:
        yield instance


@pytest.fixture(scope="session")
def tls_server(
    neo4j_driver_module: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A second server speaking TLS with a fresh self-signed certificate (needs openssl)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    base = tmp_path_factory.mktemp("graphbolt-tls")
    cert, key = base / "cert.pem", base / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    proc, port = start_server(
        base / "data", "--auth", f"neo4j/{PASSWORD}", "--tls-cert", str(cert), "--tls-key", str(key)
    )
    try:
        yield Server("127.0.0.1", port, base / "data")
    finally:
        stop_server(proc, base / "data")
