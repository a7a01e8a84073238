"""Semantic analysis: aggregation placement, grouping keys, ORDER BY after aggregation,
SKIP/LIMIT constancy."""

from __future__ import annotations

import pytest
from _semantic_helpers import detail_of

from graphbolt.cypher import parse

VALID = [
    "MATCH (n) RETURN count(*)",
    "MATCH (n) RETURN n, count(*)",
    "MATCH (n) RETURN n.x, count(*) AS c",
    "MATCH (n) RETURN n.x AS x, count(*) + n.x AS y",
    "MATCH (n) RETURN n, count(*) * n.x AS y",
    "MATCH (n) RETURN count(*) + 1 AS c, $p + sum(n.x) AS s",
    "MATCH (n) RETURN collect(DISTINCT n.x) AS xs",
    "MATCH (n) RETURN count(DISTINCT n) AS c",
    "MATCH (n) WITH n.x AS x, count(*) AS c WHERE c > 1 RETURN x, c",
    "MATCH (n) RETURN n.division, max(n.age) ORDER BY max(n.age)",
    "MATCH (n) RETURN n.division, count(*) ORDER BY count(*) DESC, n.division ASC",
    "MATCH (n) RETURN n, count(*) AS c ORDER BY n.name, c",
    "MATCH (n) RETURN avg(n.age) AS a ORDER BY $age + avg(n.age) - 1000",
    "MATCH (me)--(you) RETURN me.age AS age, count(you.age) AS c ORDER BY age, age + count(you.age)",
    "MATCH (me)--(you) WITH me.age AS age, count(you.age) AS c ORDER BY age + count(you.age) RETURN age",
    "MATCH (a) WITH a.num2 % 3 AS mod, sum(a.num + a.num2) AS s ORDER BY sum(a.num + a.num2) RETURN mod",
    "MATCH (n) WITH * , count(*) AS c RETURN c",
    "MATCH (n) RETURN [x IN collect(n.x) WHERE x > 1] AS big",
    "MATCH (n) RETURN size(collect(n)) AS s",
    "MATCH (n) RETURN percentileCont(n.x, 0.5) AS p",
    "MATCH (n) RETURN count(*) AS c, rand() AS r",
    "MATCH (n) RETURN n SKIP 1 LIMIT 2",
    "MATCH (n) RETURN n SKIP $s LIMIT $l",
    "MATCH (n) RETURN n SKIP 1 + 1 LIMIT toInteger(2.5)",
    "MATCH (n) RETURN n LIMIT 0",
    "MATCH (n) WITH n ORDER BY n.x SKIP 1 LIMIT 1 RETURN n",
    "RETURN count(*) AS c",
]


@pytest.mark.parametrize("query", VALID)
def test_valid_queries_pass(query: str) -> None:
    assert detail_of(query) is None


INVALID = [
    ("MATCH (a) WHERE count(a) > 10 RETURN a", "InvalidAggregation"),
    ("MATCH (a) WITH a WHERE count(a) > 10 RETURN a", "InvalidAggregation"),
    ("MATCH (n) WITH n.num1 AS foo ORDER BY count(n) RETURN foo", "InvalidAggregation"),
    ("MATCH (n) WITH n.num1 AS foo ORDER BY n.name, max(n.num2) RETURN foo", "InvalidAggregation"),
    ("MATCH (n) RETURN DISTINCT n.x AS x ORDER BY count(*)", "InvalidAggregation"),
    ("MATCH (n) RETURN n.x AS x ORDER BY count(*)", "InvalidAggregation"),
    ("MATCH (n) RETURN [x IN [1, 2, 3] | count(*)]", "InvalidAggregation"),
    ("MATCH (n) RETURN [x IN [1, 2] WHERE count(*) > 1] AS l", "InvalidAggregation"),
    ("MATCH (n) RETURN any(x IN [1] WHERE count(*) > x) AS b", "InvalidAggregation"),
    ("MATCH (n) RETURN reduce(a = 0, x IN [1] | a + count(*)) AS r", "InvalidAggregation"),
    ("MATCH (n) SET n.c = count(*)", "InvalidAggregation"),
    ("MATCH (n) UNWIND count(*) AS c RETURN c", "InvalidAggregation"),
    ("MATCH (n) CREATE (m {c: count(*)})", "InvalidAggregation"),
    ("MATCH (n) DELETE collect(n)", "InvalidAggregation"),
    ("MATCH (n) CALL test.labels(count(n)) YIELD label RETURN label", "InvalidAggregation"),
    ("RETURN count(count(*))", "NestedAggregation"),
    ("MATCH (n) RETURN sum(n.x + max(n.y))", "NestedAggregation"),
    ("RETURN count(rand())", "NonConstantExpression"),
    ("RETURN collect(randomUUID())", "NonConstantExpression"),
    ("MATCH (me)--(you) RETURN me.age + count(you.age)", "AmbiguousAggregationExpression"),
    (
        "MATCH (me)--(you) RETURN me.age + you.age, me.age + you.age + count(*)",
        "AmbiguousAggregationExpression",
    ),
    (
        "MATCH (me)--(you) WITH me.age + count(you.age) AS agg RETURN *",
        "AmbiguousAggregationExpression",
    ),
    ("MATCH (n) RETURN n.x, n.y + count(*) AS c", "AmbiguousAggregationExpression"),
    ("MATCH (n) RETURN n.x, [n.y, count(*)] AS c", "AmbiguousAggregationExpression"),
    (
        "MATCH (me)--(you) RETURN me.age + you.age, count(*) AS cnt ORDER BY me.age + you.age + count(*)",
        "AmbiguousAggregationExpression",
    ),
    (
        "MATCH (me)--(you) RETURN count(you.age) AS agg ORDER BY me.age + count(you.age)",
        "UndefinedVariable",
    ),
    (
        "MATCH (a) WITH a, a.x AS s WITH a.y AS m, min(s) AS mn ORDER BY sum(s) RETURN m",
        "UndefinedVariable",
    ),
    ("MATCH (a) WITH a.y AS m, min(a.x) AS mn ORDER BY sum(a.x) RETURN m", "UndefinedVariable"),
    ("MATCH (n) RETURN n.x AS x, count(*) AS c ORDER BY n.y", "UndefinedVariable"),
    ("MATCH (n) RETURN n SKIP n.count", "NonConstantExpression"),
    ("MATCH (n) RETURN n LIMIT n.count", "NonConstantExpression"),
    ("MATCH (n) RETURN n LIMIT size([(n)-->() | 1])", "NonConstantExpression"),
    ("MATCH (n) RETURN n SKIP 1.5", "InvalidArgumentType"),
    ("MATCH (n) RETURN n LIMIT 1.7", "InvalidArgumentType"),
    ("MATCH (n) RETURN n LIMIT 'one'", "InvalidArgumentType"),
    ("MATCH (n) RETURN n LIMIT true", "InvalidArgumentType"),
    ("MATCH (n) RETURN n SKIP -1", "NegativeIntegerArgument"),
    ("MATCH (n) WITH n LIMIT -1 RETURN n", "NegativeIntegerArgument"),
]


@pytest.mark.parametrize(("query", "detail"), INVALID)
def test_invalid_queries_raise_their_detail(query: str, detail: str) -> None:
    assert detail_of(query) == detail


def _return_exprs(query: str) -> list[object]:
    from graphbolt.cypher import ast
    from graphbolt.cypher._semantic_walk import expr_key

    statement = parse(query)
    assert isinstance(statement.query, ast.SingleQuery)
    clause = statement.query.clauses[-1]
    assert isinstance(clause, ast.Return)
    return [expr_key(item.expr) for item in clause.projection.items]


def test_expression_keys_ignore_positions_and_function_case() -> None:
    a = _return_exprs("MATCH (n) RETURN count(n.x) + 1, n.y")
    b = _return_exprs("MATCH (n)   RETURN   COUNT( n.x )+1 ,  n.y")
    assert a == b
    assert _return_exprs("RETURN count(DISTINCT 1)") != _return_exprs("RETURN count(1)")


def test_order_by_matches_projected_aggregate_written_differently() -> None:
    assert detail_of("MATCH (n) RETURN n.k AS k, count(n.x) ORDER BY COUNT( n.x )") is None
