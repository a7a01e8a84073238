"""Unread internal variables: Expand skips binding them, and answers do not change."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from graphbolt.engine import Database
from graphbolt.engine._database import compile_query
from graphbolt.runtime._liveness import NameUses
from graphbolt.runtime._op_expand import ExpandOp
from graphbolt.runtime._operators import Operator


def _expands(ops: tuple[Operator, ...] | list[Operator]) -> Iterator[ExpandOp]:
    for op in ops:
        if isinstance(op, ExpandOp):
            yield op
        inner = getattr(op, "inner", None)
        if inner is not None:
            yield from _expands(inner.ops)


def _flags(query: str) -> list[tuple[bool, bool]]:
    compiled = compile_query(query)
    pipeline = compiled.execute.__self__.pipeline  # type: ignore[attr-defined]
    return [(e.bind_rel, e.bind_to) for e in _expands(pipeline.ops)]


def test_name_uses_count_every_mention_once_per_object() -> None:
    uses = NameUses()
    shared = ["\x00a", "\x00b", "\x00b", "c"]
    uses.add_plan({"x": shared, "y": ("\x00c",)})
    assert uses.unread("\x00a") and not uses.unread("\x00b") and uses.unread("\x00c")
    assert uses.unread("\x00never")
    assert not uses.unread("c")  # user variables are always bound


def test_only_unread_internal_variables_are_skipped() -> None:
    assert _flags("MATCH (a)-[:T]->(f) RETURN f") == [(False, True)]
    assert _flags("MATCH (a)-[r]->() RETURN r") == [(True, False)]
    # the first anonymous relationship stays bound: the second hop must not reuse it
    assert _flags("MATCH (a)-->()-->(b) RETURN b") == [(True, True), (False, True)]
    assert _flags("MATCH p = (a)-->() RETURN p") == [(True, True)]
    assert _flags("MATCH (a)-->(:L {k: 1}) RETURN a") == [(False, True)]


@pytest.fixture
def db() -> Iterator[Database]:
    rng = random.Random(7)
    database = Database.open(None)
    database.run("UNWIND range(0, 11) AS i CREATE (:N {i: i, k: i % 3})")
    pairs = [{"a": rng.randrange(12), "b": rng.randrange(12)} for _ in range(40)]
    database.run(
        "UNWIND $pairs AS p MATCH (a:N {i: p.a}), (b:N {i: p.b}) CREATE (a)-[:T]->(b)",
        {"pairs": pairs},
    )
    yield database
    database.close()


@pytest.mark.parametrize(
    ("anonymous", "named"),
    [
        (
            "MATCH (a)-->()-->(b) RETURN a.i, b.i",
            "MATCH (a)-[r1]->(m)-[r2]->(b) RETURN a.i, b.i",
        ),
        (
            "MATCH (a)--()--(b) RETURN a.i, b.i",
            "MATCH (a)-[r1]-(m)-[r2]-(b) RETURN a.i, b.i",
        ),
        (
            "MATCH (a)-->(:N {k: 1})<--(b) RETURN a.i, b.i",
            "MATCH (a)-[r1]->(m:N {k: 1})<-[r2]-(b) RETURN a.i, b.i",
        ),
        (
            "MATCH (a:N) OPTIONAL MATCH (a)-->()-->(a) RETURN a.i",
            "MATCH (a:N) OPTIONAL MATCH (a)-[r1]->(m)-[r2]->(a) RETURN a.i",
        ),
    ],
)
def test_answers_match_the_fully_bound_pattern(db: Database, anonymous: str, named: str) -> None:
    got = sorted(db.run(anonymous).fetch(-1), key=repr)
    want = sorted(db.run(named).fetch(-1), key=repr)
    assert got == want and got
