"""engine.Dbms: the neo4j and system databases of one location."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbolt.engine._dbms import Dbms
from graphbolt.errors import DatabaseNotFound


def test_names_default_and_unknown() -> None:
    with Dbms.open(None) as dbms:
        assert dbms.database().name == "neo4j"
        assert dbms.database("NEO4J") is dbms.database("neo4j")
        assert dbms.database("system").name == "system"
        assert dbms.database("system") is not dbms.database("neo4j")
        with pytest.raises(DatabaseNotFound) as error:
            dbms.database("other")
        assert error.value.code == "Neo.ClientError.Database.DatabaseNotFound"


def test_databases_are_separate_and_durable(tmp_path: Path) -> None:
    with Dbms.open(str(tmp_path)) as dbms:
        dbms.database("neo4j").run("CREATE (:A)")
        rows = dbms.database("system").run("MATCH (n) RETURN count(n)").fetch(-1)
        assert rows == [(0,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j", "system"]
    with Dbms.open(str(tmp_path)) as dbms:
        assert dbms.database().run("MATCH (n:A) RETURN count(n)").fetch(-1) == [(1,)]


def test_closed_dbms_refuses() -> None:
    dbms = Dbms.open(None)
    dbms.close()
    with pytest.raises(Exception):  # noqa: B017 - any engine error will do
        dbms.database("neo4j")
