"""``CYPHER [version] [option=value ...]`` prefixes are accepted and ignored."""

from __future__ import annotations

import pytest

from graphbolt.cypher import parse
from graphbolt.engine import Database
from graphbolt.errors import CypherSyntaxError


@pytest.mark.parametrize(
    "prefix",
    ["CYPHER runtime=interpreted ", "cypher 5 ", "CYPHER 25 planner=cost runtime=slotted "],
)
def test_query_options_are_skipped(prefix: str) -> None:
    statement = parse(prefix + "RETURN 1 AS x, $p AS y")
    assert statement.mode is None
    with Database.open(None) as db, db.begin("r") as tx:
        assert tx.run(prefix + "RETURN 1 AS x, $p AS y", {"p": 2}).fetch() == [(1, 2)]


def test_query_options_before_explain() -> None:
    assert parse("CYPHER runtime=interpreted EXPLAIN RETURN 1").mode == "EXPLAIN"


def test_an_option_needs_a_value() -> None:
    with pytest.raises(CypherSyntaxError):
        parse("CYPHER runtime= RETURN 1")
