"""Semantic analysis: variable scopes through clauses, binding conflicts, clause composition."""

from __future__ import annotations

import pytest
from _semantic_helpers import analyze_detail, detail_of

from graphbolt.cypher import ast, parse
from graphbolt.cypher._semantic import analyze
from graphbolt.errors import CypherSyntaxError

VALID = [
    "MATCH (n) RETURN n",
    "MATCH (a)-[r]->(b) MATCH (a)-[r]->(c) RETURN a, r, b, c",
    "MATCH (a) WITH a MATCH (a)-->(b) RETURN b",
    "MATCH (a) WITH * MATCH (a)-->(b) RETURN a, b",
    "MATCH (n) WITH n.x AS x ORDER BY n.y RETURN x",
    "MATCH (n) RETURN n.x AS x ORDER BY n.y",
    "MATCH (n) WITH n.x AS x WHERE n.y > 1 RETURN x",
    "MATCH (n) WITH n AS m RETURN m",
    "WITH 1 AS x WITH x + 1 AS x RETURN x",
    "UNWIND [1, 2] AS x UNWIND [x] AS y RETURN x, y",
    "MATCH (n) WITH collect(n) AS ns UNWIND ns AS m MATCH (m)-->() RETURN m",
    "MATCH (n) WITH [n] AS ns MATCH (x) WHERE x IN ns RETURN x",
    "MATCH (n) WITH head(collect(n)) AS m MATCH (m)-->(o) RETURN o",
    "MATCH p = (a)-->(b) RETURN p, a, b",
    "MATCH (a)-[rs*]->(b) MATCH (c)-[rs*]->(d) RETURN c",
    "WITH [1, 2] AS xs RETURN [x IN xs WHERE x > 1 | x * 2] AS ys",
    "MATCH (n) RETURN [(n)-->(m) | m.name] AS names",
    "MATCH (n) WHERE exists { (n)-->(m) WHERE m.x = n.x } RETURN n",
    "MATCH (n) WHERE exists { MATCH (n)-->(m) RETURN m } RETURN n",
    "MATCH (n) WHERE (n)-->() RETURN n",
    "MATCH (n) WHERE NOT (n)-[:T]->() AND n.x = 1 RETURN n",
    "MATCH (n) RETURN n {.name, .age} AS m",
    "MATCH (n) WITH n, 1 AS k RETURN n {.name, k} AS m",
    "RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x) AS s",
    "RETURN 1 AS a UNION RETURN 2 AS a",
    "RETURN 1 AS a UNION ALL RETURN 2 AS a UNION ALL RETURN 3 AS a",
    "MATCH (n) CREATE (m) WITH * MATCH (o) CREATE (p)",
    "MATCH () CREATE () WITH * MATCH () CREATE ()",
    "MATCH (n) SET n.x = 1",
    "MATCH (n) DETACH DELETE n",
    "CREATE (n)",
    "MATCH (a) CALL { WITH a MATCH (a)-->(b) RETURN b } RETURN a, b",
    "CALL { MATCH (n) RETURN n } RETURN n",
    "MATCH (n) CALL { CREATE (m) } RETURN n",
    "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN n, r, m",
    "MATCH (n) RETURN DISTINCT n ORDER BY n.name",
    "MATCH (n) RETURN DISTINCT n.name ORDER BY n.name",
    "WITH 1 AS a RETURN *",
    "MATCH (n) RETURN *, n.x AS x",
    "MATCH (n) RETURN n, n.name AS name ORDER BY name",
]


@pytest.mark.parametrize("query", VALID)
def test_valid_queries_pass(query: str) -> None:
    assert detail_of(query) is None


INVALID = [
    # Undefined variables.
    ("RETURN x", "UndefinedVariable"),
    ("MATCH (a) RETURN b", "UndefinedVariable"),
    ("MATCH (a) WITH a.x AS x RETURN a", "UndefinedVariable"),
    ("WITH 1 AS a, 2 AS b WITH a RETURN b", "UndefinedVariable"),
    ("WITH 1 AS a WITH a ORDER BY b RETURN a", "UndefinedVariable"),
    ("MATCH (n) WITH DISTINCT n.x AS x ORDER BY n.y RETURN x", "UndefinedVariable"),
    ("MATCH (n) WITH n.x AS x, count(*) AS c WHERE n.y = 1 RETURN x", "UndefinedVariable"),
    ("MATCH (a) DELETE x", "UndefinedVariable"),
    ("MATCH (a) SET a.name = missing", "UndefinedVariable"),
    ("MERGE (n) ON CREATE SET x.num = 1", "UndefinedVariable"),
    ("MERGE (n) ON MATCH SET x.num = 1", "UndefinedVariable"),
    ("CREATE (b {name: missing})", "UndefinedVariable"),
    ("RETURN {k1: k2} AS literal", "UndefinedVariable"),
    ("RETURN [x IN [1] | y] AS l", "UndefinedVariable"),
    ("WITH [1] AS l RETURN [x IN l | x], x", "UndefinedVariable"),
    ("MATCH (n) WHERE (n)-[r]->() RETURN n", "UndefinedVariable"),
    ("MATCH (n) WHERE (n)-->(a) RETURN n", "UndefinedVariable"),
    ("MATCH (n) WHERE (a) RETURN n", "UndefinedVariable"),
    ("MATCH (n) RETURN n {.name, k} AS m", "UndefinedVariable"),
    ("MATCH (a) CALL { MATCH (a)-->(b) RETURN b } RETURN b", None),
    ("MATCH (a) CALL { RETURN a AS b } RETURN b", "UndefinedVariable"),
    ("MATCH (n) SET m:Label", "UndefinedVariable"),
    ("MATCH (n) REMOVE m.x", "UndefinedVariable"),
    # Already bound.
    ("UNWIND [1] AS x UNWIND [2] AS x RETURN x", "VariableAlreadyBound"),
    ("MATCH (n) UNWIND [1] AS n RETURN n", "VariableAlreadyBound"),
    ("MATCH (n) CALL { MATCH (n) RETURN n } RETURN n", "VariableAlreadyBound"),
    ("WITH 1 AS p MATCH p = ()-->() RETURN p", "VariableAlreadyBound"),
    ("MATCH p = ()-[p]->() RETURN p", "VariableAlreadyBound"),
    ("MATCH ()-[p]->() MATCH p = ()-->() RETURN p", "VariableAlreadyBound"),
    # Type conflicts.
    ("MATCH ()-[r]->() MATCH (r) RETURN r", "VariableTypeConflict"),
    ("MATCH (r) MATCH ()-[r]->() RETURN r", "VariableTypeConflict"),
    ("MATCH (r)-[r]->() RETURN r", "VariableTypeConflict"),
    ("MATCH p = ()-->() MATCH (p) RETURN p", "VariableTypeConflict"),
    ("WITH 1 AS n MATCH (n) RETURN n", "VariableTypeConflict"),
    ("WITH 'x' AS r MATCH ()-[r]->() RETURN r", "VariableTypeConflict"),
    ("MATCH (n) WITH [n] AS ns MATCH (ns)-->() RETURN ns", "VariableTypeConflict"),
    ("MATCH ()-[r*]->() MATCH ()-[r]->() RETURN r", "VariableTypeConflict"),
    ("MATCH ()-[r]->() MATCH ()-[r*]->() RETURN r", "VariableTypeConflict"),
    ("MATCH ()-[r]->() WITH r MATCH (r)-->() RETURN r", "VariableTypeConflict"),
    ("MATCH ()-[r]->() RETURN [(r)-->() | 1] AS l", "VariableTypeConflict"),
    # Relationship uniqueness inside one pattern.
    ("MATCH (a)-[r]->()-[r]->(a) RETURN r", "RelationshipUniquenessViolation"),
    ("MATCH (a)-[r]->(), ()-[r]->(a) RETURN r", "RelationshipUniquenessViolation"),
    # Projections.
    ("MATCH () RETURN *", "NoVariablesInScope"),
    ("RETURN 1 AS a, 2 AS a", "ColumnNameConflict"),
    ("WITH 1 AS a, 2 AS a RETURN a", "ColumnNameConflict"),
    ("MATCH (n) RETURN n, n", "ColumnNameConflict"),
    # UNION.
    ("RETURN 1 AS a UNION ALL RETURN 2 AS b", "DifferentColumnsInUnion"),
    ("RETURN 1 AS a, 2 AS b UNION RETURN 2 AS b, 1 AS a", "DifferentColumnsInUnion"),
    # Clause composition.
    ("MATCH (n)", "InvalidClauseComposition"),
    ("MATCH (n) WITH n", "InvalidClauseComposition"),
    ("UNWIND [1] AS x", "InvalidClauseComposition"),
]


@pytest.mark.parametrize(("query", "detail"), INVALID)
def test_invalid_queries_raise_their_detail(query: str, detail: str | None) -> None:
    if detail is None:
        # Outer variables are not visible in CALL { } without an importing WITH: the inner
        # MATCH binds a fresh `a`, which is legal; returning `b` is fine too.
        assert detail_of(query) is None
    else:
        assert detail_of(query) == detail


def test_error_carries_position_and_names_the_variable() -> None:
    query = "MATCH (a)\nRETURN a, missing"
    with pytest.raises(CypherSyntaxError) as info:
        analyze(parse(query))
    assert info.value.detail == "UndefinedVariable"
    assert info.value.position == query.index("missing")
    assert "`missing`" in info.value.message


def test_first_error_in_source_order_wins() -> None:
    # Both `x` and `y` are undefined; the one written first is reported.
    with pytest.raises(CypherSyntaxError) as info:
        analyze(parse("RETURN x + y"))
    assert "`x`" in info.value.message


def test_union_parts_have_separate_scopes() -> None:
    assert detail_of("MATCH (a) RETURN a AS x UNION MATCH (b) RETURN b AS x") is None
    assert detail_of("MATCH (a) RETURN a AS x UNION RETURN a AS x") == "UndefinedVariable"


def test_analyze_does_not_modify_the_tree() -> None:
    from graphbolt.cypher import to_cypher

    statement = parse("MATCH (n)-[r*1..2]->(m) WITH n, count(*) AS c ORDER BY c RETURN n, c")
    before = to_cypher(statement)
    analyze(statement)
    assert to_cypher(statement) == before


# The parser already rejects the following; the analyzer must too, for trees built otherwise
# (the trees are parsed from a legal variant, then edited).


def test_with_expression_without_alias_is_rejected() -> None:
    statement = parse("MATCH (a) WITH a, count(*) AS c RETURN a")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    with_clause = query.clauses[1]
    assert isinstance(with_clause, ast.With)
    with_clause.projection.items[1].alias = None
    assert analyze_detail(statement) == "NoExpressionAlias"
    # A bare variable needs no alias.
    with_clause.projection.items = with_clause.projection.items[:1]
    assert analyze_detail(statement) is None


def test_mixing_union_and_union_all_is_rejected() -> None:
    statement = parse("RETURN 1 AS a UNION ALL RETURN 2 AS a UNION ALL RETURN 3 AS a")
    assert analyze_detail(statement) is None
    assert isinstance(statement.query, ast.UnionQuery)
    statement.query.all_flags[1] = False
    assert analyze_detail(statement) == "InvalidClauseComposition"


def test_updating_clause_in_exists_subquery_is_rejected() -> None:
    statement = parse("MATCH (n) WHERE exists { MATCH (n)-->(m) RETURN m } RETURN n")
    assert analyze_detail(statement) is None
    outer = statement.query
    assert isinstance(outer, ast.SingleQuery)
    match = outer.clauses[0]
    assert isinstance(match, ast.Match) and isinstance(match.where, ast.ExistsSubquery)
    inner = match.where.query
    assert isinstance(inner, ast.SingleQuery)
    target = ast.Property(0, ast.Variable(0, "m"), "x")
    inner.clauses[-1] = ast.SetClause(0, [ast.SetProperty(0, target, ast.Literal(0, 1))])
    assert analyze_detail(statement) == "InvalidClauseComposition"


def test_return_before_the_last_clause_is_rejected() -> None:
    statement = parse("MATCH (n) RETURN n")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    query.clauses.append(ast.Create(0, [ast.PatternPart(0, None, [ast.NodePattern(0, None)], [])]))
    assert analyze_detail(statement) == "InvalidClauseComposition"
