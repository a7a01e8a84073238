"""``to_cypher`` round trips: print an AST, parse the text, print again, compare."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphbolt.cypher import ast, parse, to_cypher

# Names: plain identifiers, keywords and odd text (the printer must backtick the latter two).
names = st.one_of(
    st.sampled_from(["a", "n", "x1", "_y", "count", "end", "where", "true", "In", "any"]),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=6),
)
function_names = st.sampled_from(
    ["foo", "toUpper", "size", "date.truncate", "a.b.c", "any", "exists", "count", "reduce"]
)

integers = st.integers(min_value=-(2**63), max_value=2**63 - 1)
floats = st.floats(allow_nan=False, allow_infinity=False)
strings = st.text(alphabet=st.characters(codec="utf-8"), max_size=8)

literals = st.builds(
    ast.Literal, st.just(0), st.one_of(st.none(), st.booleans(), integers, floats, strings)
)
leaves = st.one_of(
    literals,
    st.builds(ast.Variable, st.just(0), names),
    st.builds(
        ast.Parameter, st.just(0), st.one_of(names, st.from_regex(r"[0-9]{1,3}", fullmatch=True))
    ),
    st.builds(ast.CountStar, st.just(0)),
)

BINARY = [op for op in ast.BINARY_OPERATORS]


def _composite(children: st.SearchStrategy[ast.Expr]) -> st.SearchStrategy[ast.Expr]:
    pairs = st.lists(st.tuples(children, children), min_size=1, max_size=2)
    return st.one_of(
        st.builds(ast.BinaryOp, st.just(0), st.sampled_from(BINARY), children, children),
        st.builds(ast.UnaryOp, st.just(0), st.sampled_from(ast.UNARY_OPERATORS), children),
        st.integers(min_value=1, max_value=3).flatmap(
            lambda n: st.builds(
                ast.Comparison,
                st.just(0),
                st.lists(st.sampled_from(ast.COMPARISON_OPERATORS), min_size=n, max_size=n),
                st.lists(children, min_size=n + 1, max_size=n + 1),
            )
        ),
        st.builds(ast.IsNull, st.just(0), children, st.booleans()),
        st.builds(ast.Property, st.just(0), children, names),
        st.builds(ast.Subscript, st.just(0), children, children),
        st.builds(ast.Slice, st.just(0), children, st.none() | children, st.none() | children),
        st.builds(ast.LabelCheck, st.just(0), children, st.lists(names, min_size=1, max_size=2)),
        st.builds(ast.ListLiteral, st.just(0), st.lists(children, max_size=3)),
        st.builds(ast.MapLiteral, st.just(0), st.lists(st.tuples(names, children), max_size=2)),
        st.builds(
            ast.FunctionCall,
            st.just(0),
            function_names,
            st.lists(children, max_size=2),
            st.booleans(),
        ),
        st.builds(ast.CaseExpr, st.just(0), st.none() | children, pairs, st.none() | children),
        st.builds(
            ast.ListComprehension,
            st.just(0),
            names,
            children,
            st.none() | children,
            st.none() | children,
        ),
        st.builds(
            ast.Quantifier,
            st.just(0),
            st.sampled_from(["all", "any", "none", "single"]),
            names,
            children,
            st.none() | children,
        ),
        st.builds(ast.Reduce, st.just(0), names, children, names, children, children),
    )


expressions = st.recursive(leaves, _composite, max_leaves=12)


def _reprint(text: str) -> str:
    statement = parse(f"RETURN {text} AS result")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    clause = query.clauses[0]
    assert isinstance(clause, ast.Return)
    return to_cypher(clause.projection.items[0].expr)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_expression_round_trip(expr: ast.Expr) -> None:
    printed = to_cypher(expr)
    assert _reprint(printed) == printed


@pytest.mark.parametrize(
    "query",
    [
        "MATCH p = (a:A {x: 1})-[r:T|U*1..3]->(b) WHERE a.x > 1 RETURN p, count(*) AS c",
        "OPTIONAL MATCH (a)<-[:T]-(b) WITH DISTINCT a, b ORDER BY a.x DESC SKIP 1 LIMIT 2 RETURN *",
        "MERGE (n:N {k: 1}) ON CREATE SET n.a = 1 ON MATCH SET n += {b: 2}, n:L",
        "MATCH (n) SET n = $props REMOVE n:A, n.b DETACH DELETE n",
        "UNWIND [1, 2] AS x RETURN x UNION ALL RETURN 3 AS x",
        "CALL db.proc(1) YIELD a AS b WHERE b > 1 RETURN b",
        "MATCH (n) WHERE EXISTS { MATCH (n)-->(m) RETURN m } RETURN n {.a, .*, k: 1, v}",
        "MATCH (n) RETURN [p = (n)-->(m) WHERE m.x | m.y] AS l",
        "EXPLAIN CREATE INDEX idx IF NOT EXISTS FOR (p:P) ON (p.a, p.b)",
        "DROP INDEX idx IF EXISTS",
    ],
)
def test_statement_round_trip(query: str) -> None:
    printed = to_cypher(parse(query))
    assert to_cypher(parse(printed)) == printed


@pytest.mark.parametrize(
    "rel", ["-->", "<--", "--", "-[*]->", "-[*2]-", "-[*0..]-", "-[*..3]-", "-[*1..3]-"]
)
def test_relationship_lengths_print_exactly(rel: str) -> None:
    query = f"MATCH (a){rel}(b) RETURN a"
    assert to_cypher(parse(query)) == query


def test_printer_output_is_readable() -> None:
    assert to_cypher(parse("RETURN -3 ^ 2 AS a, -(3 ^ 2) AS b, 1 - (2 - 3) AS c")) == (
        "RETURN -3 ^ 2 AS a, -(3 ^ 2) AS b, 1 - (2 - 3) AS c"
    )
    node = ast.UnaryOp(0, "-", ast.Literal(0, 1))
    assert to_cypher(node) == "-(1)"  # not the folded literal -1
    assert to_cypher(ast.Variable(0, "a b")) == "`a b`"
    assert to_cypher(ast.Parameter(0, "²")) == "$`²`"  # a digit to str.isdigit, not to Cypher
    assert to_cypher(ast.Parameter(0, "0")) == "$0"
    assert to_cypher(ast.Literal(0, "it's\n")) == "'it\\'s\\n'"
