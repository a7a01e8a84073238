"""A running backend on a free port, and a memory:// driver created through it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# testkit_backend lives at the repository root, outside src/: make it importable.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from _testkit_client import Client  # noqa: E402
from testkit_backend._server import Server  # noqa: E402


@pytest.fixture
def client() -> Iterator[Client]:
    server = Server("127.0.0.1", 0)
    server.serve_in_thread()
    c = Client(server.port)
    try:
        yield c
    finally:
        c.close()
        server.shutdown()
        server.server_close()


@pytest.fixture
def driver_id(client: Client) -> int:
    response = client.request(
        "NewDriver",
        uri="memory://",
        authorizationToken={
            "name": "AuthorizationToken",
            "data": {"scheme": "basic", "principal": "neo4j", "credentials": "pass"},
        },
        authTokenManagerId=None,
        userAgent=None,
        resolverRegistered=False,
    )
    assert response["name"] == "Driver", response
    return int(response["data"]["id"])
