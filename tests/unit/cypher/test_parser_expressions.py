"""Expression parsing: precedence, literals, special forms, positions and errors."""

from __future__ import annotations

import time

import pytest

from graphbolt.cypher import ast, parse
from graphbolt.errors import CypherSyntaxError


def expr(text: str) -> ast.Expr:
    """The expression of ``RETURN <text>``."""
    query = parse(f"RETURN {text}").query
    assert isinstance(query, ast.SingleQuery)
    clause = query.clauses[0]
    assert isinstance(clause, ast.Return)
    return clause.projection.items[0].expr


def shape(node: object) -> object:
    """A position-free nested tuple of the tree, for structural comparison."""
    if isinstance(node, list):
        return [shape(x) for x in node]
    if isinstance(node, tuple):
        return tuple(shape(x) for x in node)
    fields = getattr(node, "__dataclass_fields__", None)
    if fields is None:
        return node
    if isinstance(node, ast.Literal):
        return node.value
    if isinstance(node, ast.Variable):
        return node.name
    if isinstance(node, ast.ListLiteral):
        return [shape(x) for x in node.items]
    if isinstance(node, ast.BinaryOp):
        return (node.op, shape(node.left), shape(node.right))
    if isinstance(node, ast.UnaryOp):
        return (node.op, shape(node.operand))
    return (type(node).__name__, *(shape(getattr(node, f)) for f in fields if f != "pos"))


def cmp(op: str | list[str], *operands: object) -> object:
    return ("Comparison", [op] if isinstance(op, str) else op, list(operands))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a OR b XOR c", ("OR", "a", ("XOR", "b", "c"))),
        ("a XOR b AND c", ("XOR", "a", ("AND", "b", "c"))),
        ("NOT a AND b", ("AND", ("NOT", "a"), "b")),
        ("NOT a = b", ("NOT", cmp("=", "a", "b"))),
        ("NOT NOT a", ("NOT", ("NOT", "a"))),
        ("a = b IS NULL", cmp("=", "a", ("IsNull", "b", False))),
        ("NOT a IS NOT NULL", ("NOT", ("IsNull", "a", True))),
        ("a < b IN c", cmp("<", "a", ("IN", "b", "c"))),
        ("[1]+2 IN [3]+4", ("IN", ("+", [1], 2), ("+", [3], 4))),
        ("a + b * c", ("+", "a", ("*", "b", "c"))),
        ("a - b - c", ("-", ("-", "a", "b"), "c")),
        ("a * b ^ c", ("*", "a", ("^", "b", "c"))),
        ("4 ^ 3 ^ 2", ("^", ("^", 4, 3), 2)),  # left-associative
        ("-3 ^ 2", ("^", -3, 2)),  # unary minus binds tighter than ^
        ("-a ^ 2", ("^", ("-", "a"), 2)),
        ("-(3 ^ 2)", ("-", ("^", 3, 2))),
        ("- a.b", ("-", ("Property", "a", "b"))),
        ("-0.a", ("-", ("Property", 0, "a"))),
        ("-1[0]", ("-", ("Subscript", 1, 0))),
        ("'abc' STARTS WITH null OR true", ("OR", ("STARTS WITH", "abc", None), True)),
        ("a ENDS WITH b + c", ("ENDS WITH", "a", ("+", "b", "c"))),
        ("a CONTAINS b", ("CONTAINS", "a", "b")),
        ("a =~ 'x.*'", ("=~", "a", "x.*")),
        ("a.b.c", ("Property", ("Property", "a", "b"), "c")),
        ("a[1][2]", ("Subscript", ("Subscript", "a", 1), 2)),
        ("a[1..2]", ("Slice", "a", 1, 2)),
        ("a[..2]", ("Slice", "a", None, 2)),
        ("a[1..]", ("Slice", "a", 1, None)),
        ("n:A:B", ("LabelCheck", "n", ["A", "B"])),
        ("n.p:A", ("LabelCheck", ("Property", "n", "p"), ["A"])),
        ("[1, 2] + [3][0]", ("+", [1, 2], ("Subscript", [3], 0))),
    ],
)
def test_precedence(text: str, expected: object) -> None:
    assert shape(expr(text)) == expected


def test_comparison_chain_is_one_node() -> None:
    assert shape(expr("1 < x <= 3 <> y")) == cmp(["<", "<=", "<>"], 1, "x", 3, "y")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-9223372036854775808", -(2**63)),
        ("9223372036854775807", 2**63 - 1),
        ("-0x8000000000000000", -(2**63)),
        ("0x7FFFFFFFFFFFFFFF", 2**63 - 1),
        ("-0o1000000000000000000000", -(2**63)),
        ("-1.5", -1.5),
        ("true", True),
        ("FALSE", False),
        ("Null", None),
        ("'s'", "s"),
    ],
)
def test_literals(text: str, value: object) -> None:
    node = expr(text)
    assert isinstance(node, ast.Literal)
    assert node.value == value and type(node.value) is type(value)
    assert node.pos == 7


@pytest.mark.parametrize(
    "text",
    [
        "9223372036854775808",
        "-9223372036854775809",
        "0x8000000000000000",
        "-0x8000000000000001",
        "-(9223372036854775808)",
    ],
)
def test_integer_overflow(text: str) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        parse(f"RETURN {text} AS x")
    assert info.value.detail == "IntegerOverflow"


def test_collections_and_parameters() -> None:
    assert shape(expr("[1, [2], {}]")) == [1, [2], ("MapLiteral", [])]
    assert shape(expr("{a: 1, `b c`: $p}")) == (
        "MapLiteral",
        [("a", 1), ("b c", ("Parameter", "p"))],
    )
    assert shape(expr("$0")) == ("Parameter", "0")


def test_function_calls() -> None:
    assert shape(expr("count(DISTINCT a)")) == ("FunctionCall", "count", ["a"], True)
    assert shape(expr("date.truncate('day', d)")) == (
        "FunctionCall", "date.truncate", ["day", "d"], False,
    )  # fmt: skip
    assert shape(expr("coUnt( * )")) == ("CountStar",)
    assert shape(expr("exists(n.p)")) == ("FunctionCall", "exists", [("Property", "n", "p")], False)
    assert shape(expr("rand()")) == ("FunctionCall", "rand", [], False)


def test_case_forms() -> None:
    assert shape(expr("CASE x WHEN 1 THEN 'a' ELSE 'b' END")) == ("CaseExpr", "x", [(1, "a")], "b")
    assert shape(expr("CASE WHEN a THEN 1 WHEN b THEN 2 END")) == (
        "CaseExpr", None, [("a", 1), ("b", 2)], None,
    )  # fmt: skip


def test_list_forms() -> None:
    assert shape(expr("[x IN l WHERE x > 1 | x * 2]")) == (
        "ListComprehension", "x", "l", cmp(">", "x", 1), ("*", "x", 2),
    )  # fmt: skip
    assert shape(expr("[x IN l]")) == ("ListComprehension", "x", "l", None, None)
    assert shape(expr("none(x IN l WHERE x)")) == ("Quantifier", "none", "x", "l", "x")
    any_shape = shape(expr("ANY(x IN l WHERE x)"))
    assert isinstance(any_shape, tuple) and any_shape[1] == "any"
    assert shape(expr("reduce(acc = 0, x IN l | acc + x)")) == (
        "Reduce", "acc", 0, "x", "l", ("+", "acc", "x"),
    )  # fmt: skip


def test_pattern_comprehension() -> None:
    node = expr("[p = (a)-[:T]->(b:B) WHERE b.x > 1 | b.name]")
    assert isinstance(node, ast.PatternComprehension)
    assert node.variable == "p" and node.pattern.variable == "p"
    assert [n.variable for n in node.pattern.nodes] == ["a", "b"]
    assert node.pattern.relationships[0].types == ["T"]
    assert node.where is not None
    assert shape(node.projection) == ("Property", "b", "name")
    plain = expr("[(a)-->() | 1]")
    assert isinstance(plain, ast.PatternComprehension) and plain.variable is None


def test_pattern_expression_in_where() -> None:
    query = parse("MATCH (a) WHERE (a)-[:T]->(:B) AND NOT (a)<--() RETURN a").query
    assert isinstance(query, ast.SingleQuery)
    match = query.clauses[0]
    assert isinstance(match, ast.Match) and isinstance(match.where, ast.BinaryOp)
    left = match.where.left
    assert isinstance(left, ast.PatternExpression)
    assert left.pattern.relationships[0].direction == ast.OUTGOING
    assert left.pos == 16


def test_pattern_expression_in_any_position_parses() -> None:
    # The grammar accepts it; semantic analysis rejects it outside predicate positions.
    node = expr("size((a)-->())")
    assert isinstance(node, ast.FunctionCall)
    assert isinstance(node.args[0], ast.PatternExpression)


def test_parenthesized_label_check_is_not_a_pattern() -> None:
    assert shape(expr("(n:A)")) == ("LabelCheck", "n", ["A"])
    assert shape(expr("(a) - (b)")) == ("-", "a", "b")


def test_exists_subquery_forms() -> None:
    short = expr("EXISTS { (n)-->(m) WHERE m.x = 1 }")
    assert isinstance(short, ast.ExistsSubquery)
    assert short.pattern is not None and short.where is not None and short.query is None
    full = expr("exists { MATCH (n)-->(m) RETURN m }")
    assert isinstance(full, ast.ExistsSubquery) and full.query is not None


def test_update_inside_exists_parses() -> None:
    # Grammatical; semantic analysis raises InvalidClauseComposition.
    query = parse("MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.p = 1 } RETURN n").query
    assert isinstance(query, ast.SingleQuery)
    match = query.clauses[0]
    assert isinstance(match, ast.Match) and isinstance(match.where, ast.ExistsSubquery)
    inner = match.where.query
    assert isinstance(inner, ast.SingleQuery) and isinstance(inner.clauses[1], ast.SetClause)


def test_map_projection() -> None:
    assert shape(expr("n {.a, .*, k: 1, v}")) == (
        "MapProjection",
        "n",
        [("PropertySelector", "a"), ("AllPropertiesSelector",), ("LiteralEntry", "k", 1),
         ("VariableSelector", "v")],
    )  # fmt: skip


def test_positions_are_first_token_offsets() -> None:
    node = expr("a.b + foo(1)")
    assert isinstance(node, ast.BinaryOp)
    assert node.pos == 7 and node.left.pos == 7 and node.right.pos == 13


@pytest.mark.parametrize(
    ("query", "position"),
    [
        ("RETURN [, ] AS x", 8),
        ("RETURN [[[]] AS x", 13),
        ("RETURN {1B2c3e67:1} AS x", 8),
        ("RETURN {k1.k: 1} AS x", 10),
        ("RETURN {{}} AS x", 8),
        ("RETURN 1 +", 10),
        ("RETURN a IS 1", 12),
    ],
)
def test_unexpected_syntax(query: str, position: int) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        parse(query)
    assert info.value.detail == "UnexpectedSyntax"
    assert info.value.position == position


def test_nested_parenthesized_maps_parse_in_linear_time() -> None:
    # Each `(` is first tried as a node pattern; cached attempts keep this linear, not 2^n.
    depth = 25
    text = "({a: " * depth + "1" + "})" * depth
    started = time.perf_counter()
    node = expr(text)
    assert time.perf_counter() - started < 1.0
    for _ in range(depth):
        assert isinstance(node, ast.MapLiteral)
        node = node.items[0][1]
    assert isinstance(node, ast.Literal) and node.value == 1


def test_list_literal_starting_with_membership_test() -> None:
    assert shape(expr("[x IN [1], 2]")) == [("IN", "x", [1]), 2]
    assert shape(expr("[null IN [1]]")) == [("IN", None, [1])]
    assert shape(expr("[(x IN [1])]")) == [("IN", "x", [1])]


def test_literal_in_parentheses_is_not_a_node_pattern() -> None:
    assert shape(expr("(null) - -(null)")) == ("-", None, ("-", None))
