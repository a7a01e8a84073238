"""List and map functions: range, head, last, tail, size, isEmpty, keys, coalesce, to*List."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from _function_helpers import call as call_function
from hypothesis import given
from hypothesis import strategies as st

from graphbolt.errors import CypherArgumentError, CypherTypeError, EntityNotFound
from graphbolt.runtime._context import ExecutionContext
from graphbolt.values._graph import NodeRef, RelRef


class FakeTx:
    """Just the GraphAccess reads ``keys()`` uses."""

    def __init__(self) -> None:
        self.nodes: dict[int, dict[str, Any]] = {1: {"name": "Andres", "surname": "Lopez"}, 2: {}}
        self.rels: dict[int, dict[str, Any]] = {5: {"status": "bad", "year": "2015"}}

    def node_exists(self, node_id: int) -> bool:
        return node_id in self.nodes

    def node_properties(self, node_id: int) -> dict[str, Any]:
        return dict(self.nodes[node_id])

    def rel_exists(self, rel_id: int) -> bool:
        return rel_id in self.rels

    def rel_properties(self, rel_id: int) -> dict[str, Any]:
        return dict(self.rels[rel_id])


CTX = ExecutionContext(tx=FakeTx(), params={})  # type: ignore[arg-type]


call = partial(call_function, ctx=CTX)


@pytest.mark.parametrize(
    ("start", "end", "step", "expected"),
    [
        (1381, -3412, -1298, [1381, 83, -1215, -2513]),
        (10, -10, -3, [10, 7, 4, 1, -2, -5, -8]),
        (0, -1, -1, [0, -1]),
        (-1236, -1234, 1, [-1236, -1235, -1234]),
        (0, 1, -123, []),
        (0, -123, 1, []),
        (0, 0, -1, [0]),
        (0, 0, 1, [0]),
        (0, 1, 2, [0]),
        (-10, 10, 3, [-10, -7, -4, -1, 2, 5, 8]),
        (-3412, 1381, 1298, [-3412, -2114, -816, 482]),
    ],
)
def test_range_with_step(start: int, end: int, step: int, expected: list[int]) -> None:
    assert call("range", start, end, step) == expected


def test_range_default_step() -> None:
    assert call("range", 0, 10) == list(range(11))
    assert call("range", 5, 1) == []


@pytest.mark.parametrize(("start", "end"), [(0, 0), (2, 8), (-2, 8), (2, -8)])
def test_range_zero_step(start: int, end: int) -> None:
    with pytest.raises(CypherArgumentError) as info:
        call("range", start, end, 0)
    assert info.value.detail == "NumberOutOfRange"


@pytest.mark.parametrize(
    "args",
    [
        (True, 1, 1), (0, True, 1), (0, 1, True), (-1.1, 1, 1), (-0.0, 1, 1), (0.0, 1, 1),
        (0, 1.1, 1), (0, 1, -1.1), ("xyz", 1, 1), (0, "xyz", 1), ([0], 1, 1), (0, [1], 1),
        (0, 1, [1]), ({"start": 0}, 1, 1), (0, {"end": 1}, 1), (0, 1, {"step": 1}),
    ],
)  # fmt: skip
def test_range_invalid_types(args: tuple[Any, ...]) -> None:
    with pytest.raises(CypherTypeError) as info:
        call("range", *args)
    assert info.value.detail == "InvalidArgumentType"


@given(
    st.integers(-50, 50),
    st.integers(-50, 50),
    st.integers(-7, 7).filter(lambda s: s != 0),
)
def test_range_empty_iff_directions_disagree(start: int, end: int, step: int) -> None:
    result = call("range", start, end, step)
    direction = (end > start) - (end < start)
    assert (len(result) == 0) == (direction != 0 and direction != (step > 0) - (step < 0))
    assert all(start <= x <= end or end <= x <= start for x in result)


@pytest.mark.parametrize(
    ("name", "arg", "expected"),
    [
        ("head", [1, 2, 3], 1),
        ("head", [], None),
        ("head", [None, 2], None),
        ("last", [1, 2, 3], 3),
        ("last", [], None),
        ("tail", [1, 2, 3], [2, 3]),
        ("tail", [], []),
        ("size", [1, 2, None], 3),
        ("size", "abc", 3),
        ("size", "", 0),
        ("isEmpty", [], True),
        ("isEmpty", [None], False),
        ("isEmpty", "", True),
        ("isEmpty", {}, True),
        ("isEmpty", {"a": None}, False),
        ("keys", {"name": "Alice", "age": 38}, ["name", "age"]),
        ("keys", {"k": None, "l": 1}, ["k", "l"]),
        ("keys", {}, []),
        ("keys", NodeRef(1), ["name", "surname"]),
        ("keys", NodeRef(2), []),
        ("keys", RelRef(5, "KNOWS", 1, 2), ["status", "year"]),
        ("toBooleanList", [True, "false", "x", 0, 1.5, None, []], [True, False, None, False, None, None, None]),
        ("toIntegerList", [1, 2.9, "3", "3.7", "x", True, None], [1, 2, 3, 3, None, 1, None]),
        ("toFloatList", [1, 2.5, "3", "x", True, None], [1.0, 2.5, 3.0, None, None, None]),
        ("toStringList", [1, 2.5, "a", True, None, [1]], ["1", "2.5", "a", "true", None, None]),
    ],
)  # fmt: skip
def test_list_functions(name: str, arg: Any, expected: Any) -> None:
    result = call(name, arg)
    assert result == expected
    if isinstance(expected, list):
        assert [type(x) for x in result] == [type(x) for x in expected]


@pytest.mark.parametrize(
    "name", ["head", "last", "tail", "size", "keys", "isEmpty", "toIntegerList"]
)
def test_null_in_null_out(name: str) -> None:
    assert call(name, None) is None


@pytest.mark.parametrize(
    ("name", "arg"),
    [
        ("head", "abc"),
        ("last", 1),
        ("tail", {"a": 1}),
        ("size", 5),
        ("size", {"a": 1}),
        ("size", NodeRef(1)),
        ("isEmpty", 0),
        ("keys", 1),
        ("keys", [1]),
        ("toBooleanList", "abc"),
        ("toStringList", 1),
    ],
)
def test_type_errors(name: str, arg: Any) -> None:
    with pytest.raises(CypherTypeError):
        call(name, arg)


def test_keys_of_deleted_entity() -> None:
    with pytest.raises(EntityNotFound) as info:
        call("keys", NodeRef(99))
    assert info.value.detail == "DeletedEntityAccess"
    with pytest.raises(EntityNotFound):
        call("keys", RelRef(99, "T", 1, 2))


def test_coalesce() -> None:
    assert call("coalesce", None, None, 3, 4) == 3
    assert call("coalesce", None) is None
    assert call("coalesce", "x") == "x"
    assert call("coalesce", None, False) is False
    assert call("coalesce", [None]) == [None]
