"""Configuration, URIs and the small public value types."""

from __future__ import annotations

import pytest

from graphbolt.driver._api import (
    Auth,
    Bookmarks,
    basic_auth,
    bearer_auth,
    custom_auth,
    normalize_auth,
)
from graphbolt.driver._config import driver_config, parse_uri, session_config
from graphbolt.exceptions import ConfigurationError


def test_uris() -> None:
    assert parse_uri("memory://").path is None
    assert parse_uri("file:///tmp/x%20y").path == "/tmp/x y"
    bolt = parse_uri("neo4j://host?region=eu")
    assert (bolt.host, bolt.port, bolt.routing_context) == ("host", 7687, {"region": "eu"})
    for bad in ("file://relative/path", "ftp://x", "memory://host"):
        with pytest.raises(ConfigurationError):
            parse_uri(bad)


def test_driver_and_session_config() -> None:
    cfg = driver_config({"fetch_size": 10, "max_transaction_retry_time": 1.0})
    session = session_config(cfg, {"database": "neo4j"})
    assert (session.fetch_size, session.max_transaction_retry_time) == (10, 1.0)
    assert session.default_access_mode == "WRITE"
    assert session_config(cfg, {"fetch_size": 5}).fetch_size == 5
    with pytest.raises(ConfigurationError):
        driver_config({"no_such_key": 1})
    with pytest.raises(ConfigurationError):
        driver_config({"fetch_size": 0})
    with pytest.raises(ConfigurationError):
        session_config(cfg, {"default_access_mode": "BOTH"})


def test_auth_tokens() -> None:
    assert basic_auth("u", "p").to_dict() == {"scheme": "basic", "principal": "u",
                                              "credentials": "p"}  # fmt: skip
    assert bearer_auth("t").scheme == "bearer"
    token = custom_auth("u", "c", "r", "s", x=1)
    assert token.to_dict()["parameters"] == {"x": 1}
    assert normalize_auth(("u", "p")) == basic_auth("u", "p")
    assert normalize_auth(None) is None
    assert isinstance(normalize_auth(Auth("basic", "a", "b")), Auth)
    with pytest.raises(TypeError):
        normalize_auth(42)


def test_bookmarks_values() -> None:
    a = Bookmarks.from_raw_values(["x", "y"])
    b = Bookmarks.from_raw_values(["y", "z"])
    assert (a + b).raw_values == {"x", "y", "z"}
    assert not Bookmarks() and a
    with pytest.raises(TypeError):
        Bookmarks.from_raw_values("xy")
