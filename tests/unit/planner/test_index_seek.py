"""Planning NodeIndexSeek: which predicates become seeks, which node starts the pattern, and
that the predicates stay in the plan (results never depend on the seek), except the plain
equality the first seek answers, which moves into the seek operator (``exact``)."""

from __future__ import annotations

from graphbolt.cypher import ast, parse
from graphbolt.planner import _logical as lp
from graphbolt.planner import plan, planning_indexes

INDEXES = [("Person", "id"), ("Person", "age"), ("Person", "name"), ("City", "name")]


def _ops(text: str, indexes: list[tuple[str, str]] = INDEXES) -> list[lp.LogicalOp]:
    op: lp.LogicalOp | None = plan(parse(text), indexes).root
    out: list[lp.LogicalOp] = []
    while op is not None:
        out.append(op)
        op = getattr(op, "source", None)
    return out[::-1]


def _seek(text: str, indexes: list[tuple[str, str]] = INDEXES) -> lp.NodeIndexSeek:
    seeks = [op for op in _ops(text, indexes) if isinstance(op, lp.NodeIndexSeek)]
    assert len(seeks) == 1, [type(o).__name__ for o in _ops(text, indexes)]
    return seeks[0]


def _filters(text: str) -> int:
    return sum(isinstance(op, lp.Filter) for op in _ops(text))


def test_property_map_equality_becomes_an_exact_seek_without_a_filter() -> None:
    seek = _seek("MATCH (p:Person {id: $id}) RETURN p.name")
    assert (seek.var, seek.label) == ("p", "Person")
    (first, *_) = seek.seeks
    assert (first.label, first.key, first.kind) == ("Person", "id", "=")
    assert isinstance(seek.exact, ast.Comparison) and seek.exact.operators == ["="]
    assert _filters("MATCH (p:Person {id: $id}) RETURN p.name") == 0  # the seek answers it


def test_only_the_answered_equality_leaves_the_filters() -> None:
    assert _seek("MATCH (p:Person) WHERE $x = p.id RETURN p").exact is not None
    query = "MATCH (p:Person {id: $id}) WHERE p.age > 3 AND p.name = 'a' RETURN p"
    assert _seek(query).exact is not None and _filters(query) == 2
    for kept in (
        "MATCH (p:Person) WHERE p.id IN $list RETURN p",
        "MATCH (p:Person) WHERE p.age > 30 RETURN p",
        "MATCH (p:Person) WHERE 1 = p.id = $x RETURN p",  # chained: the seek answers one link
    ):
        assert _seek(kept).exact is None and _filters(kept) == 1, kept


def test_where_forms() -> None:
    kinds = {
        "MATCH (p:Person) WHERE p.id = 1 RETURN p": ("id", "="),
        "MATCH (p:Person) WHERE $x = p.id RETURN p": ("id", "="),
        "MATCH (p:Person) WHERE p.id IN $list RETURN p": ("id", "IN"),
        "MATCH (p:Person) WHERE p.age > 30 RETURN p": ("age", "range"),
        "MATCH (p:Person) WHERE 30 >= p.age RETURN p": ("age", "range"),
        "MATCH (p:Person) WHERE p.name STARTS WITH 'A' RETURN p": ("name", "prefix"),
    }
    for query, (key, kind) in kinds.items():
        first = _seek(query).seeks[0]
        assert (first.key, first.kind) == (key, kind), query


def test_range_bounds_and_inclusivity() -> None:
    seek = _seek("MATCH (p:Person) WHERE 18 <= p.age AND p.age < 65 RETURN p").seeks[0]
    low, high = seek.exprs
    assert low is not None and high is not None
    assert seek.inclusive == (True, False)
    flipped = _seek("MATCH (p:Person) WHERE 30 > p.age RETURN p").seeks[0]
    assert flipped.exprs[0] is None and flipped.exprs[1] is not None
    assert flipped.inclusive[1] is False
    chained = _seek("MATCH (p:Person) WHERE 1 < p.age <= 9 RETURN p").seeks[0]
    assert chained.inclusive == (False, True) and None not in chained.exprs


def test_equality_preferred_over_range() -> None:
    seeks = _seek("MATCH (p:Person) WHERE p.age > 3 AND p.id = 7 RETURN p").seeks
    assert [s.kind for s in seeks] == ["=", "range"]


def test_no_index_no_seek_and_unusable_predicates() -> None:
    assert not any(
        isinstance(op, lp.NodeIndexSeek) for op in _ops("MATCH (p:Person {id: 1}) RETURN p", [])
    )
    for query in (
        "MATCH (p:Person) WHERE p.id <> 1 RETURN p",
        "MATCH (p:Person) WHERE p.id = p.age RETURN p",
        "MATCH (p:Person) WHERE p.other = 1 RETURN p",
        "MATCH (p:Person) WHERE p.name ENDS WITH 'x' RETURN p",
        "MATCH (p:Person) WHERE p.id = 1 OR p.id = 2 RETURN p",
    ):
        assert not any(isinstance(op, lp.NodeIndexSeek) for op in _ops(query)), query


def test_seek_value_may_come_from_an_earlier_variable() -> None:
    ops = _ops("MATCH (c:City) MATCH (p:Person) WHERE p.id = c.mayor RETURN p")
    seek = next(op for op in ops if isinstance(op, lp.NodeIndexSeek))
    assert seek.var == "p"
    kinds = [type(op).__name__ for op in ops]
    assert kinds.index("NodeByLabelScan") < kinds.index("NodeIndexSeek")


def test_indexed_node_starts_the_pattern() -> None:
    ops = _ops("MATCH (a:Person)-[:KNOWS]->(c:City {name: 'X'}) RETURN a")
    assert isinstance(ops[1], lp.NodeIndexSeek) and ops[1].var == "c"
    assert ops[1].exact is not None  # c.name = 'X' answered before expanding
    assert any(isinstance(op, lp.Expand) for op in ops[2:])


def test_other_label_index_is_a_candidate() -> None:
    seek = _seek("MATCH (x:Thing:Person {id: 1}) RETURN x")
    assert seek.label == "Thing"  # scanned when no index applies
    assert [(s.label, s.key) for s in seek.seeks] == [("Person", "id")]


def test_planning_indexes_context_reaches_merge() -> None:
    with planning_indexes(INDEXES):
        root = plan(parse("MERGE (p:Person {id: 1}) RETURN p")).root
    stack, found = [root], False
    while stack:
        op = stack.pop()
        found = found or isinstance(op, lp.NodeIndexSeek)
        stack.extend(op.children())
    assert found
