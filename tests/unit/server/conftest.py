"""Fixtures for server tests: an in-memory DBMS and a user store with user ``neo4j``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphbolt.engine._dbms import Dbms
from graphbolt.server import Authenticator, ServerContext, UserStore

PASSWORD = "s3cret-pw"
AGENT = "Neo4j/5.26.0 compatible graphbolt/test"


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(scope="module")
def users() -> UserStore:
    store = UserStore(None)
    store.set_password("neo4j", PASSWORD)
    return store


@pytest.fixture
def dbms() -> Iterator[Dbms]:
    with Dbms.open(None) as instance:
        yield instance


@pytest.fixture
def ctx(dbms: Dbms, users: UserStore) -> ServerContext:
    return ServerContext(dbms, Authenticator(users), AGENT, "localhost:7687")
