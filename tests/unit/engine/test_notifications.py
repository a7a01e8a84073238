"""Notifications in result summaries: the cartesian product warning."""

from __future__ import annotations

import pytest

from graphbolt.engine import Database


def _codes(query: str) -> list[str]:
    with Database.open(None) as db, db.begin("w") as tx:
        cursor = tx.run(query)
        cursor.fetch()
        return [note.code for note in cursor.consume().notifications]


@pytest.mark.parametrize(
    "query", ["EXPLAIN MATCH (n), (m) RETURN n, m", "MATCH (n:A), (m:B) RETURN n, m"]
)
def test_disconnected_patterns_warn(query: str) -> None:
    assert _codes(query) == ["Neo.ClientNotification.Statement.CartesianProduct"]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n)-->(m) RETURN n",
        "UNWIND [1, 2] AS x MATCH (n) RETURN n",
        "MATCH (n) CALL { WITH n MATCH (n)-->(m) RETURN m } RETURN n, m",
        "CREATE (n) RETURN n",
    ],
)
def test_connected_or_single_patterns_do_not(query: str) -> None:
    assert _codes(query) == []
