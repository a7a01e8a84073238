"""Interop fixtures: a real ``graphbolt serve`` subprocess on a free port, temp data dir.

The tests talk to it with the official drivers: the ``neo4j`` Python driver 6.x of the main
venv (the ``dev`` extras), the 5.28 driver in ``.venv-neo4j5`` and the JavaScript
``neo4j-driver`` in ``.interop-js`` (both made by ``make interop-deps``, see mk/interop.mk).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from interop_support import SEEDS, start_server, stop_server

PASSWORD = "interop-pw"


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    data: Path
    auth: tuple[str, str] = ("neo4j", PASSWORD)

    def uri(self, scheme: str = "bolt") -> str:
        return f"{scheme}://{self.host}:{self.port}"


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


@pytest.fixture
def people(server: Server) -> None:
    """Exactly the Person nodes the seed programs expect: Alice, then Bob."""
    import neo4j

    with neo4j.GraphDatabase.driver(server.uri(), auth=server.auth) as driver:
        driver.execute_query("MATCH (p:Person) DETACH DELETE p")
        driver.execute_query("CREATE (:Person {name: 'Alice'}), (:Person {name: 'Bob'})")


@pytest.fixture
def seed_program(tmp_path: Path) -> Callable[[str, str, tuple[str, str]], Path]:
    """Writes a seed program, verbatim but for its URI and AUTH lines, into a temp file."""

    def write(program: str, uri: str, auth: tuple[str, str]) -> Path:
        source = SEEDS / program
        if not source.exists():
            pytest.skip(f"seed program not found at {source}")
        text = source.read_text()
        assert '"<URI for Neo4j database>"' in text and '("<Username>", "<Password>")' in text
        text = text.replace('"<URI for Neo4j database>"', repr(uri))
        text = text.replace('("<Username>", "<Password>")', repr(tuple(auth)))
        script = tmp_path / program
        script.write_text(text)
        return script

    return write
