"""Expression compiler: CASE, comprehensions, quantifiers, reduce, function calls, pattern
predicates, pattern comprehensions and EXISTS subqueries."""

from __future__ import annotations

from typing import Any

import pytest
from _fake_graph import FakeGraph, PatternEnv, compile_text, ev, parse_expr

from graphbolt.cypher import ast
from graphbolt.errors import CypherSyntaxError, CypherTypeError, GraphboltError
from graphbolt.runtime._expressions import StaticEnv, compile_expr
from graphbolt.values._graph import NodeRef, PathRef, RelRef

# -- CASE -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "one"), (2.0, "two"), (3, "other"), (None, "other"), ("1", "other")],
)
def test_simple_case(value: object, expected: str) -> None:
    text = "CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'other' END"
    assert ev(text, {"x": value}) == expected


def test_simple_case_null_never_matches_null() -> None:
    assert ev("CASE x WHEN null THEN 1 ELSE 2 END", {"x": None}) == 2


@pytest.mark.parametrize(("value", "expected"), [(5, "big"), (1, "small"), (None, None)])
def test_generic_case(value: object, expected: object) -> None:
    text = "CASE WHEN x > 3 THEN 'big' WHEN x <= 3 THEN 'small' END"
    assert ev(text, {"x": value}) == expected


def test_case_evaluates_only_the_chosen_branch() -> None:
    assert ev("CASE WHEN true THEN 1 ELSE 1 / 0 END") == 1


# -- list comprehension -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x IN [1, 2, 3] | x * 10]", [10, 20, 30]),
        ("[x IN [1, 2, 3] WHERE x > 1]", [2, 3]),
        ("[x IN [1, 2, 3] WHERE x > 1 | x + y]", [102, 103]),
        ("[x IN [1, null, 3] WHERE x > 1]", [3]),
        ("[x IN l]", None),
        ("[x IN [1, 2] | [y IN [1, 2] | x * y]]", [[1, 2], [2, 4]]),
    ],
)
def test_list_comprehension(text: str, expected: object) -> None:
    assert ev(text, {"y": 100, "l": None}) == expected


def test_comprehension_variable_shadows_and_does_not_leak() -> None:
    row = {"x": "outer"}
    assert ev("[x IN [1, 2] | x]", row) == [1, 2]
    assert row == {"x": "outer"}


def test_comprehension_over_non_list_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("[x IN 5 | x]")


# -- quantifiers ---------------------------------------------------------------------------------


def _quantifier_model(kind: str, results: list[Any]) -> Any:
    trues = results.count(True)
    nulls = results.count(None)
    falses = results.count(False)
    if kind == "all":
        return False if falses else (None if nulls else True)
    if kind == "any":
        return True if trues else (None if nulls else False)
    if kind == "none":
        return False if trues else (None if nulls else True)
    if trues > 1:
        return False
    return None if nulls else trues == 1


LISTS = [[], [2], [0], [None], [2, 2], [2, None], [0, None], [2, 0], [None, None], [2, 2, None]]


@pytest.mark.parametrize("kind", ["all", "any", "none", "single"])
@pytest.mark.parametrize("items", LISTS)
def test_quantifiers_three_valued(kind: str, items: list[Any]) -> None:
    results = [None if x is None else x == 2 for x in items]
    expected = _quantifier_model(kind, results)
    assert ev(f"{kind}(x IN l WHERE x = 2)", {"l": items}) is expected


@pytest.mark.parametrize("kind", ["all", "any", "none", "single"])
def test_quantifier_over_null_is_null(kind: str) -> None:
    assert ev(f"{kind}(x IN l WHERE x = 2)", {"l": None}) is None


def test_quantifier_predicate_must_be_boolean() -> None:
    with pytest.raises(CypherTypeError):
        ev("any(x IN [1] WHERE x)")


def test_quantifier_uses_outer_variables() -> None:
    assert ev("all(x IN [1, 2] WHERE x < y)", {"y": 3}) is True


# -- reduce ---------------------------------------------------------------------------------------


def test_reduce() -> None:
    assert ev("reduce(acc = 0, x IN [1, 2, 3] | acc + x)") == 6
    assert ev("reduce(s = '', x IN ['a', 'b'] | s + x)") == "ab"
    assert ev("reduce(acc = 0, x IN [] | acc + x)") == 0
    assert ev("reduce(acc = 0, x IN l | acc + x)", {"l": None}) is None
    assert ev("reduce(acc = k, x IN [1] | acc + x)", {"k": 10}) == 11


# -- function calls -----------------------------------------------------------------------------


def test_function_call_null_in_null_out() -> None:
    assert ev("toUpper(x)", {"x": None}) is None
    assert ev("toUpper(x)", {"x": "a"}) == "A"
    assert ev("substring(x, 1)", {"x": "abc"}) == "bc"


def test_function_names_are_case_insensitive() -> None:
    assert ev("TOUPPER('a')") == "A"


def test_function_with_own_null_rules() -> None:
    assert ev("coalesce(x, y, 3)", {"x": None, "y": 2}) == 2


def test_unknown_function_is_a_compile_time_syntax_error() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        compile_text("foo(1)")
    assert info.value.detail == "UnknownFunction"


def test_wrong_number_of_arguments() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        compile_text("toUpper(1, 2)")
    assert info.value.detail == "InvalidNumberOfArguments"


@pytest.mark.parametrize("text", ["count(x)", "count(*)", "collect(x)"])
def test_aggregates_must_have_been_replaced_by_the_planner(text: str) -> None:
    with pytest.raises(GraphboltError) as info:
        compile_text(text, variables=("x",))
    assert "internal" in str(info.value)
    assert not isinstance(info.value, CypherSyntaxError)


# -- patterns ----------------------------------------------------------------------------------------


@pytest.fixture
def graph() -> FakeGraph:
    return FakeGraph()


def _triangle(graph: FakeGraph) -> tuple[NodeRef, NodeRef, NodeRef]:
    a = graph.add_node("A", name="a")
    b = graph.add_node("B", name="b")
    c = graph.add_node("C", name="c")
    graph.add_rel(a, "T", b, w=1)
    graph.add_rel(b, "T", c)
    return a, b, c


def _parse_where(text: str) -> ast.Expr:
    from graphbolt.cypher import parse

    query = parse(f"MATCH (n) WHERE {text} RETURN n").query
    assert isinstance(query, ast.SingleQuery)
    match = query.clauses[0]
    assert isinstance(match, ast.Match) and match.where is not None
    return match.where


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(n)-->()", [True, True, False]),
        ("(n)<--()", [False, True, True]),
        ("NOT (n)-->()", [False, False, True]),
        ("(n)-->(:B)", [True, False, False]),
        ("(n)-[:U]-()", [False, False, False]),
        ("exists((n)-->())", [True, True, False]),
    ],
)
def test_pattern_predicate(graph: FakeGraph, text: str, expected: list[bool]) -> None:
    nodes = _triangle(graph)
    compiled = compile_expr(_parse_where(text), PatternEnv(graph, frozenset({"n"})))
    ctx = graph.context()
    assert [compiled({"n": n}, ctx) for n in nodes] == expected


def test_exists_subquery(graph: FakeGraph) -> None:
    nodes = _triangle(graph)
    env = PatternEnv(graph, frozenset({"n"}))
    compiled = compile_expr(_parse_where("EXISTS { (n)-[r]->(m) WHERE r.w = 1 }"), env)
    ctx = graph.context()
    assert [compiled({"n": n}, ctx) for n in nodes] == [True, False, False]
    _pattern, where, query, bound = env.calls[0]
    assert where is not None and query is None and bound == frozenset({"n"})


def test_exists_subquery_stops_at_first_match(graph: FakeGraph) -> None:
    consumed = []

    class LazyEnv(StaticEnv):
        def compile_subquery(self, pattern, where, query, bound):  # type: ignore[no-untyped-def]
            def run(row, ctx):  # type: ignore[no-untyped-def]
                for i in range(10):
                    consumed.append(i)
                    yield {**row, "m": i}

            return run

    compiled = compile_expr(_parse_where("EXISTS { (n)-->(m) }"), LazyEnv(frozenset({"n"})))
    assert compiled({"n": NodeRef(0)}, graph.context()) is True
    assert consumed == [0]


def test_pattern_comprehension_returns_paths(graph: FakeGraph) -> None:
    a, b, c = _triangle(graph)
    compiled = compile_text("[p = (n)-->() | p]", PatternEnv(graph, frozenset({"n"})))
    ctx = graph.context()
    result = compiled({"n": a}, ctx)
    assert len(result) == 1 and type(result[0]) is PathRef
    assert result[0].nodes == (a, b)
    assert compiled({"n": c}, ctx) == []


def test_pattern_comprehension_projection_and_where(graph: FakeGraph) -> None:
    a, b, _ = _triangle(graph)
    env = PatternEnv(graph, frozenset({"n"}))
    compiled = compile_text("[(n)-[r:T]->(m) WHERE m.name <> 'b' | m.name]", env)
    ctx = graph.context()
    assert compiled({"n": a}, ctx) == []
    assert compiled({"n": b}, ctx) == ["c"]
    compiled = compile_text("[(n)-[r:T]->(m) | [m.name, r.w]]", env)
    assert compiled({"n": a}, ctx) == [["b", 1]]
    assert compile_text("[(n)-[r:T]->() | r.w]", env)({"n": b}, ctx) == [None]


def test_pattern_comprehension_binds_path_variable_when_only_on_comprehension(
    graph: FakeGraph,
) -> None:
    a, b, _ = _triangle(graph)
    part = parse_expr("[p = (n)-->() | p]").pattern  # type: ignore[attr-defined]
    part.variable = None  # a parser that keeps the name only on the comprehension
    expr = ast.PatternComprehension(0, "p", part, None, ast.Variable(0, "p"))
    compiled = compile_expr(expr, PatternEnv(graph, frozenset({"n"})))
    assert compiled({"n": a}, graph.context()) == [PathRef((a, b), (_rel_between(graph, a, b),))]


def _rel_between(graph: FakeGraph, a: NodeRef, b: NodeRef) -> RelRef:
    for rel_id, rel_type, s, e in graph.all_rels():
        if (s, e) == (a.id, b.id):
            return RelRef(rel_id, rel_type, s, e)
    raise AssertionError("no relationship")


def test_pattern_inside_list_comprehension_sees_local_variable(graph: FakeGraph) -> None:
    a, b, c = _triangle(graph)
    env = PatternEnv(graph, frozenset({"l"}))
    compiled = compile_text("[x IN l | size([(x)-->() | 1])]", env)
    assert compiled({"l": [a, b, c]}, graph.context()) == [1, 1, 0]
    assert "x" in env.calls[0][3]
