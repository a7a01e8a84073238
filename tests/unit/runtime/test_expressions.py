"""Expression compiler: leaves, folding, properties, subscripts, slices, labels, projections."""

from __future__ import annotations

import pytest
from _fake_graph import FakeGraph, PatternEnv, compile_text, ev, parse_expr

from graphbolt.cypher import ast
from graphbolt.errors import (
    CypherArithmeticError,
    CypherTypeError,
    EntityNotFound,
    ParameterMissing,
)
from graphbolt.runtime._expressions import Const, StaticEnv, compile_expr, parameters_used
from graphbolt.values._graph import NodeRef, RelRef

# -- leaves and folding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("'s'", "s"),
        ("null", None),
        ("[1, 'a', null]", [1, "a", None]),
        ("{a: 1, b: [2]}", {"a": 1, "b": [2]}),
        ("1 + 2 * 3", 7),
        ("[1, 2][1]", 2),
        ("'abc' STARTS WITH 'a'", True),
        ("toUpper('a')", "A"),
    ],
)
def test_constants_fold_at_compile_time(text: str, expected: object) -> None:
    compiled = compile_text(text)
    assert type(compiled) is Const
    assert compiled.value == expected


def test_failing_constant_expression_fails_when_evaluated_not_when_compiled() -> None:
    compiled = compile_text("1 / 0")  # the TCK expects a runtime error here
    assert type(compiled) is not Const
    with pytest.raises(CypherArithmeticError):
        compiled({}, FakeGraph().context())


def test_nondeterministic_function_is_not_folded() -> None:
    compiled = compile_text("rand()")
    assert type(compiled) is not Const
    ctx = FakeGraph().context()
    assert compiled({}, ctx) != compiled({}, ctx)


def test_list_and_map_with_variables_are_built_per_row() -> None:
    compiled = compile_text("[x, {k: x}]", variables=("x",))
    ctx = FakeGraph().context()
    assert compiled({"x": 1}, ctx) == [1, {"k": 1}]
    assert compiled({"x": 2}, ctx) == [2, {"k": 2}]


def test_repeated_map_key_last_wins() -> None:
    assert ev("{a: 1, a: 2}") == {"a": 2}


def test_parameters_are_read_from_the_context() -> None:
    assert ev("$x + 1", params={"x": 41}) == 42


def test_missing_parameter_raises_parameter_missing() -> None:
    with pytest.raises(ParameterMissing) as info:
        ev("$nope")
    assert info.value.detail == "MissingParameter"


def test_parameters_used_walks_nested_expressions_and_statements() -> None:
    statement = ast.Statement(
        ast.SingleQuery(0, [ast.Return(0, ast.Projection(0, False, False, []))])
    )
    assert parameters_used(statement) == set()
    expr = parse_expr("[x IN $list WHERE x > $min | {k: $k}]")
    assert parameters_used(expr) == {"list", "min", "k"}
    from graphbolt.cypher import parse

    query = parse("MATCH (n {name: $name}) WHERE n.age > $age RETURN n SKIP $s")
    assert parameters_used(query) == {"name", "age", "s"}


def test_variable_reads_the_row() -> None:
    assert ev("x", row={"x": [1]}) == [1]


def test_unbound_variable_is_a_key_error_not_null() -> None:
    compiled = compile_text("x")
    with pytest.raises(KeyError):
        compiled({}, FakeGraph().context())


# -- properties -----------------------------------------------------------------------------


@pytest.fixture
def graph() -> FakeGraph:
    return FakeGraph()


def test_node_and_relationship_properties(graph: FakeGraph) -> None:
    a = graph.add_node("A", name="a", age=3)
    b = graph.add_node()
    r = graph.add_rel(a, "T", b, weight=1.5)
    row = {"a": a, "r": r, "b": b}
    assert ev("a.name", row, graph=graph) == "a"
    assert ev("r.weight", row, graph=graph) == 1.5
    assert ev("b.name", row, graph=graph) is None
    assert ev("[a, r][1].weight", row, graph=graph) == 1.5


def test_property_of_map_null_and_nested(graph: FakeGraph) -> None:
    assert ev("{a: {b: 2}}.a.b") == 2
    assert ev("{a: 1}.missing") is None
    assert ev("m.k", {"m": None}) is None


@pytest.mark.parametrize("value", [1, 1.5, "s", True, [1]])
def test_property_of_non_map_is_a_type_error(value: object) -> None:
    with pytest.raises(CypherTypeError) as info:
        ev("x.num", {"x": value})
    assert info.value.detail == "InvalidArgumentType"


def test_property_of_deleted_node_raises_deleted_entity_access(graph: FakeGraph) -> None:
    n = graph.add_node(num=0)
    graph.delete_node(n.id)
    for text in ("n.num", "n['num']", "(n).num"):
        with pytest.raises(EntityNotFound) as info:
            ev(text, {"n": n}, graph=graph)
        assert info.value.detail == "DeletedEntityAccess"


def test_property_of_deleted_relationship_raises(graph: FakeGraph) -> None:
    a = graph.add_node()
    r = graph.add_rel(a, "T", a, num=0)
    graph.delete_rel(r.id)
    with pytest.raises(EntityNotFound):
        ev("r.num", {"r": r}, graph=graph)


def test_property_hot_path_reads_once(graph: FakeGraph) -> None:
    n = graph.add_node(age=5)
    compiled = compile_text("n.age", variables=("n",))
    ctx = graph.context()
    graph.reads = 0
    assert compiled({"n": n}, ctx) == 5
    assert graph.reads == 1


def test_point_property() -> None:
    assert ev("point({x: 1, y: 2}).y") == 2


# -- subscripts and slices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2, 3][0]", 1),
        ("[1, 2, 3][-1]", 3),
        ("[1, 2, 3][3]", None),
        ("[1, 2, 3][-4]", None),
        ("[1, 2, 3][null]", None),
        ("null[0]", None),
        ("{a: 1}['a']", 1),
        ("{a: 1}[null]", None),
        ("[[1]][0][0]", 1),
    ],
)
def test_subscript(text: str, expected: object) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize("index", [True, 4.7, "1", [1], {"x": 3}])
def test_list_index_by_non_integer_fails(index: object) -> None:
    with pytest.raises(CypherTypeError) as info:
        ev("list[idx]", {"list": ["Apa"], "idx": index})
    assert info.value.detail == "ListElementAccessByNonInteger"


@pytest.mark.parametrize("index", [0, 12.3, True])
def test_map_index_by_non_string_fails(index: object) -> None:
    with pytest.raises(CypherTypeError) as info:
        ev("m[idx]", {"m": {"name": "Apa"}, "idx": index})
    assert info.value.detail == "MapElementAccessByNonString"


def test_dynamic_property_of_node(graph: FakeGraph) -> None:
    n = graph.add_node(name="x")
    assert ev("n[k]", {"n": n, "k": "name"}, graph=graph) == "x"


def test_subscript_of_scalar_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("x[0]", {"x": 12})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2, 3, 4, 5][1..3]", [2, 3]),
        ("[1, 2, 3][..2]", [1, 2]),
        ("[1, 2, 3][1..]", [2, 3]),
        ("[1, 2, 3][0..1]", [1]),
        ("[1, 2, 3][-3..-1]", [1, 2]),
        ("[1, 2, 3][3..1]", []),
        ("[1, 2, 3][-5..5]", [1, 2, 3]),
        ("[1, 2, 3][null..null]", None),
        ("[1, 2, 3][1..null]", None),
        ("[1, 2, 3][null..3]", None),
        ("[1, 2, 3][..null]", None),
        ("[1, 2, 3][null..]", None),
        ("null[1..2]", None),
    ],
)
def test_slice(text: str, expected: object) -> None:
    assert ev(text) == expected


def test_slice_with_parameters() -> None:
    assert ev("[1, 2, 3, 4][$from..$to]", params={"from": 1, "to": 3}) == [2, 3]


def test_slice_with_non_integer_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("[1, 2][x..]", {"x": 1.5})


# -- label checks -------------------------------------------------------------------------------


def test_label_check(graph: FakeGraph) -> None:
    n = graph.add_node("A", "B")
    m = graph.add_node("A")
    r = graph.add_rel(n, "T", m)
    assert ev("n:A:B", {"n": n}, graph=graph) is True
    assert ev("n:A:B", {"n": m}, graph=graph) is False
    assert ev("n:A", {"n": None}, graph=graph) is None
    assert ev("r:T", {"r": r}, graph=graph) is True
    assert ev("r:U", {"r": r}, graph=graph) is False


def test_label_check_on_non_entity_fails() -> None:
    with pytest.raises(CypherTypeError):
        ev("x:A", {"x": 1})


# -- map projections -------------------------------------------------------------------------------


def test_map_projection_on_node(graph: FakeGraph) -> None:
    n = graph.add_node(name="Ann", age=30)
    row = {"n": n, "x": 7}
    assert ev("n {.name, .missing}", row, graph=graph) == {"name": "Ann", "missing": None}
    assert ev("n {.*, k: x, x}", row, graph=graph) == {"name": "Ann", "age": 30, "k": 7, "x": 7}
    assert ev("n {.name, name: 'over'}", row, graph=graph) == {"name": "over"}


def test_map_projection_on_map_and_null() -> None:
    assert ev("m {.a, .*}", {"m": {"a": 1, "b": 2}}) == {"a": 1, "b": 2}
    assert ev("m {.a}", {"m": None}) is None


def test_map_projection_on_relationship(graph: FakeGraph) -> None:
    a = graph.add_node()
    r = graph.add_rel(a, "T", a, w=2)
    assert ev("r {.w}", {"r": r}, graph=graph) == {"w": 2}


# -- environment ------------------------------------------------------------------------------------


def test_static_env_refuses_patterns() -> None:
    with pytest.raises(NotImplementedError):
        compile_expr(parse_expr("exists { (a)-->() }"), StaticEnv(frozenset({"a"})))


def test_node_and_rel_refs_compare_by_identity(graph: FakeGraph) -> None:
    a = graph.add_node()
    assert ev("a = b", {"a": a, "b": NodeRef(a.id)}, graph=graph) is True
    assert ev("a = b", {"a": a, "b": RelRef(a.id, "T", 0, 0)}, graph=graph) is False


def test_pattern_env_helper_is_used_for_patterns(graph: FakeGraph) -> None:
    graph.add_node()
    env = PatternEnv(graph, frozenset({"a"}))
    compile_expr(parse_expr("exists { (a)-->() }"), env)
    assert env.calls and env.calls[0][3] == frozenset({"a"})
