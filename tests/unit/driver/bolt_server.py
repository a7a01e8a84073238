"""A real ``graphbolt serve`` subprocess for the Bolt connector's tests (in-memory data)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "neo4j", "bolt-test-pw"


@dataclass(frozen=True)
class BoltServer:
    host: str
    port: int

    def uri(self, scheme: str = "bolt") -> str:
        return f"{scheme}://{self.host}:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    auth = (USER, PASSWORD)


@contextmanager
def serve(*extra: str, data: str = ":memory:") -> Iterator[BoltServer]:
    """Run a server until the block ends (its stderr is shown if it fails to start)."""
    env = {k: v for k, v in os.environ.items() if k != "GRAPHBOLT_AUTH"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphbolt.cli.main", "serve", "--listen", "127.0.0.1:0",
         "--data", data, "--auth", f"{USER}/{PASSWORD}", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    try:
        if "listening on" not in line:
            raise RuntimeError(f"graphbolt serve did not start: {line!r}")
        host, port = line.strip().rsplit("//", 1)[1].rsplit(":", 1)
        yield BoltServer(host, int(port))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def make_certificate(directory: Path) -> tuple[Path, Path] | None:
    """A self-signed certificate for ``localhost`` (None without openssl)."""
    if shutil.which("openssl") is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key
