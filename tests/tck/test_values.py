"""Unit tests of the TCK value notation parser and of result/error comparison."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.values._graph import Node, Path, Relationship

from ._compare import ExpectedError, ExpectedResult, canon_actual, compare_result
from ._values import (
    NULL,
    Canon,
    NotationError,
    make_map,
    parse_value,
    render,
    sort_lists,
    to_python,
)

EMPTY = make_map({})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("null", NULL),
        ("true", ("bool", True)),
        ("false", ("bool", False)),
        ("0", ("int", 0)),
        ("-9223372036854775808", ("int", -9223372036854775808)),
        ("1.0", ("float", 1.0)),
        (".5", ("float", 0.5)),
        ("1e-305", ("float", 1e-305)),
        ("-1.2635418652381264e305", ("float", -1.2635418652381264e305)),
        ("3985764.3405892686", ("float", 3985764.3405892686)),
        ("NaN", ("float", "NaN")),
        ("-Inf", ("float", -math.inf)),
        ("''", ("str", "")),
        ("'it\\'s'", ("str", "it's")),
        ("'a\\\\b'", ("str", "a\\b")),
        ("'a\\nb'", ("str", "a\\nb")),  # only \' and \\ are escapes
        ("'x, y'", ("str", "x, y")),
        ("[]", ("list", ())),
        ("[1, 'a', [null]]", ("list", (("int", 1), ("str", "a"), ("list", (NULL,))))),
        ("{}", EMPTY),
        ("{b: 2, a: 1}", make_map({"a": ("int", 1), "b": ("int", 2)})),
        ("{``: 1}", make_map({"": ("int", 1)})),
        ("()", ("node", (), EMPTY)),
        ("(:B:A {name: 'x'})", ("node", ("A", "B"), make_map({"name": ("str", "x")}))),
        ("[:T]", ("rel", "T", EMPTY)),
        ("[:T {w: 1}]", ("rel", "T", make_map({"w": ("int", 1)}))),
        ("[[:T]]", ("list", (("rel", "T", EMPTY),))),
        (
            "<(:A)-[:T]->(:B)<-[:U]-()>",
            (
                "path",
                (
                    ("node", ("A",), EMPTY),
                    ("->", ("rel", "T", EMPTY)),
                    ("node", ("B",), EMPTY),
                    ("<-", ("rel", "U", EMPTY)),
                    ("node", (), EMPTY),
                ),
            ),
        ),
        ("<()>", ("path", (("node", (), EMPTY),))),
        ("  [ 1 ,2 ]  ", ("list", (("int", 1), ("int", 2)))),
    ],
)
def test_parse_value(text: str, expected: Canon) -> None:
    assert parse_value(text) == expected


@pytest.mark.parametrize(
    "text", ["", "nul", "'open", "[1, 2", "{a 1}", "(:A", "1 2", "{a: 1, a: 2}", "<(:A)-[:T]-(:B)>"]
)
def test_parse_value_rejects_bad_notation(text: str) -> None:
    with pytest.raises(NotationError):
        parse_value(text)


def test_numbers_of_different_types_differ() -> None:
    values = [parse_value(t) for t in ("1", "1.0", "true", "'1'")]
    assert len(set(values)) == 4
    assert parse_value("NaN") == parse_value("NaN")


# -- round trip -----------------------------------------------------------------------------

_names = st.text(st.characters(blacklist_characters="`", blacklist_categories=["Cs"]), max_size=5)
_scalars = st.one_of(
    st.just(NULL),
    st.booleans().map(lambda b: ("bool", b)),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(lambda i: ("int", i)),
    st.floats().map(lambda f: ("float", "NaN" if math.isnan(f) else f)),
    st.text(st.characters(blacklist_categories=["Cs"])).map(lambda s: ("str", s)),
)


def _maps(values: st.SearchStrategy[Canon]) -> st.SearchStrategy[Canon]:
    return st.dictionaries(_names, values, max_size=3).map(make_map)


_nodes = st.builds(
    lambda labels, props: ("node", tuple(sorted(labels)), props),
    st.sets(_names.filter(bool), max_size=2),
    _maps(_scalars),
)
_rels = st.builds(lambda t, props: ("rel", t, props), _names.filter(bool), _maps(_scalars))


def _path(first: Canon, steps: list[tuple[str, Canon, Canon]]) -> Canon:
    parts: list[Any] = [first]
    for direction, rel, node in steps:
        parts += [(direction, rel), node]
    return ("path", tuple(parts))


_paths = st.builds(
    _path, _nodes, st.lists(st.tuples(st.sampled_from(["->", "<-"]), _rels, _nodes), max_size=3)
)
_values = st.recursive(
    st.one_of(_scalars, _nodes, _rels, _paths),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda items: ("list", tuple(items))), _maps(inner)
    ),
    max_leaves=8,
)


@given(_values)
def test_render_then_parse_round_trips(value: Canon) -> None:
    assert parse_value(render(value)) == value


@given(_values)
def test_sort_lists_ignores_element_order(value: Canon) -> None:
    reversed_list = ("list", (value, NULL, ("int", 1)))
    original = ("list", (("int", 1), NULL, value))
    assert sort_lists(reversed_list) == sort_lists(original)
    assert sort_lists(sort_lists(value)) == sort_lists(value)


def test_to_python_for_parameters() -> None:
    value = to_python(parse_value("{a: [1, 2.5, 'x', null, true]}"))
    assert value == {"a": [1, 2.5, "x", None, True]}
    assert type(value["a"][0]) is int and type(value["a"][1]) is float
    with pytest.raises(NotationError):
        to_python(parse_value("(:A)"))


# -- engine values --------------------------------------------------------------------------


def _n(node_id: int, *labels: str, **props: Any) -> Node:
    return Node(node_id, frozenset(labels), props)


def _r(rel_id: int, rel_type: str, start: int, end: int, **props: Any) -> Relationship:
    return Relationship(rel_id, rel_type, start, end, props)


def test_canon_actual_keeps_types_apart() -> None:
    assert canon_actual(True) != canon_actual(1) != canon_actual(1.0)
    assert canon_actual(1) == parse_value("1")
    assert canon_actual(1.0) == parse_value("1.0")
    assert canon_actual(math.nan) == parse_value("NaN")
    assert canon_actual([1, (2,)]) == parse_value("[1, [2]]")
    assert canon_actual({"b": None, "a": "x"}) == parse_value("{a: 'x', b: null}")


def test_canon_actual_graph_values() -> None:
    assert canon_actual(_n(7, "B", "A", name="x")) == parse_value("(:A:B {name: 'x'})")
    assert canon_actual(_r(3, "T", 1, 2, w=1.5)) == parse_value("[:T {w: 1.5}]")
    a, b, c = _n(1, "A"), _n(2, "B"), _n(3)
    path = Path((a, b, c), (_r(10, "T", 1, 2), _r(11, "U", 3, 2)))
    assert canon_actual(path) == parse_value("<(:A)-[:T]->(:B)<-[:U]-()>")
    backwards = Path((b, a), (_r(10, "T", 1, 2),))
    assert canon_actual(backwards) == parse_value("<(:B)<-[:T]-(:A)>")


def test_canon_actual_unknown_objects_never_match() -> None:
    class Opaque:
        pass

    assert canon_actual(Opaque())[0] == "other"


# -- result comparison ----------------------------------------------------------------------


def _expected(
    header: list[str], rows: list[list[str]], ordered: bool = False, lists: bool = False
) -> ExpectedResult:
    parsed = tuple(tuple(parse_value(cell) for cell in row) for row in rows)
    return ExpectedResult(tuple(header), parsed, ordered, lists)


def test_any_order_is_a_multiset() -> None:
    expected = _expected(["x"], [["1"], ["1"], ["2"]])
    assert compare_result(expected, ["x"], [(2,), (1,), (1,)]) is None
    reason = compare_result(expected, ["x"], [(1,), (2,), (2,)])
    assert reason is not None and "missing" in reason and "| 1 |" in reason
    assert compare_result(expected, ["x"], [(1,), (2,)]) is not None


def test_strict_types_in_rows() -> None:
    expected = _expected(["x"], [["1"]])
    assert compare_result(expected, ["x"], [(1.0,)]) is not None
    assert compare_result(expected, ["x"], [(True,)]) is not None
    assert compare_result(expected, ["x"], [("1",)]) is not None
    assert compare_result(_expected(["x"], [["NaN"]]), ["x"], [(math.nan,)]) is None


def test_in_order_compares_sequences() -> None:
    expected = _expected(["x"], [["1"], ["2"]], ordered=True)
    assert compare_result(expected, ["x"], [(1,), (2,)]) is None
    reason = compare_result(expected, ["x"], [(2,), (1,)])
    assert reason is not None and "wrong order" in reason


def test_ignoring_list_order() -> None:
    expected = _expected(["x"], [["[1, [3, 2], {a: [5, 4]}]"]], lists=True)
    assert compare_result(expected, ["x"], [([[2, 3], {"a": [4, 5]}, 1],)]) is None
    strict = _expected(["x"], [["[1, 2]"]])
    assert compare_result(strict, ["x"], [([2, 1],)]) is not None


def test_columns_must_match_in_order() -> None:
    expected = _expected(["a", "b"], [])
    assert compare_result(expected, ["a", "b"], []) is None
    assert compare_result(expected, ["b", "a"], []) is not None
    assert compare_result(expected, ["a", "b"], [(1, 2)]) is not None


def test_empty_result() -> None:
    empty = ExpectedResult(None, (), False, False)
    assert compare_result(empty, [], []) is None
    assert compare_result(empty, ["x"], []) is None
    assert compare_result(empty, ["x"], [(1,)]) is not None


def test_maps_and_nodes_ignore_order_and_identity() -> None:
    expected = _expected(["n", "m"], [["(:A:B {x: 1, y: 2})", "{k: 1, j: 2}"]])
    row = (_n(99, "B", "A", y=2, x=1), {"j": 2, "k": 1})
    assert compare_result(expected, ["n", "m"], [row]) is None


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "actual", "full", "type_only"),
    [
        (
            ("SyntaxError", "compile time", "UndefinedVariable"),
            ("SyntaxError", "compile time", "UndefinedVariable"),
            True,
            True,
        ),
        (
            ("SyntaxError", "compile time", "UndefinedVariable"),
            ("SyntaxError", "runtime", "UndefinedVariable"),
            False,
            True,
        ),
        (
            ("SyntaxError", "compile time", "UndefinedVariable"),
            ("SyntaxError", "compile time", "VariableTypeConflict"),
            False,
            True,
        ),
        (
            ("TypeError", "runtime", "InvalidArgumentType"),
            ("SyntaxError", "runtime", "InvalidArgumentType"),
            False,
            False,
        ),
        (("Error", "any time", "*"), ("TypeError", "runtime", "InvalidArgumentValue"), True, True),
        (
            ("TypeError", "any time", "InvalidArgumentType"),
            ("TypeError", "compile time", "InvalidArgumentType"),
            True,
            True,
        ),
        # Wildcards count on the expected side only.
        (("TypeError", "runtime", "InvalidArgumentType"), ("Error", "any time", "*"), False, False),
    ],
)
def test_error_matching(
    expected: tuple[str, str, str], actual: tuple[str, str, str], full: bool, type_only: bool
) -> None:
    check = ExpectedError(*expected)
    assert check.matches(*actual) is full
    assert check.type_matches(actual[0]) is type_only
