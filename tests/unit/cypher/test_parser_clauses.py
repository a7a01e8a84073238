"""Clause, pattern, query and schema-command parsing."""

from __future__ import annotations

import pytest

from graphbolt.cypher import ast, parse
from graphbolt.errors import CypherSyntaxError


def clauses(text: str) -> list[ast.Clause]:
    query = parse(text).query
    assert isinstance(query, ast.SingleQuery)
    return query.clauses


def test_match_pattern_details() -> None:
    match = clauses("OPTIONAL MATCH p = (a:A:B {x: 1})<-[r:T1|:T2*2..5 $props]-(b) RETURN p")[0]
    assert isinstance(match, ast.Match) and match.optional
    part = match.pattern[0]
    assert part.variable == "p" and part.pos == 15
    a, b = part.nodes
    assert (a.variable, a.labels, a.pos) == ("a", ["A", "B"], 19)
    assert isinstance(a.properties, ast.MapLiteral)
    assert b.variable == "b" and b.labels == [] and b.properties is None
    rel = part.relationships[0]
    assert (rel.variable, rel.types, rel.direction, rel.length) == (
        "r", ["T1", "T2"], ast.INCOMING, (2, 5),
    )  # fmt: skip
    assert isinstance(rel.properties, ast.Parameter)


@pytest.mark.parametrize(
    ("rel", "length", "direction"),
    [
        ("-->", None, ast.OUTGOING),
        ("<--", None, ast.INCOMING),
        ("--", None, ast.BOTH),
        ("<-->", None, ast.BOTH),
        ("-[*]->", (None, None), ast.OUTGOING),
        ("-[*2]-", (2, 2), ast.BOTH),
        ("-[*1..3]-", (1, 3), ast.BOTH),
        ("-[*..3]-", (None, 3), ast.BOTH),
        ("-[*2..]-", (2, None), ast.BOTH),
        ("-[r*0..1]-", (0, 1), ast.BOTH),
    ],
)
def test_relationship_forms(rel: str, length: object, direction: str) -> None:
    match = clauses(f"MATCH (a){rel}(b) RETURN a")[0]
    assert isinstance(match, ast.Match)
    pattern = match.pattern[0].relationships[0]
    assert (pattern.length, pattern.direction) == (length, direction)


def test_negative_bound_is_invalid_relationship_pattern() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        parse("MATCH (a)-[:LIKES*-2]->(c) RETURN c")
    assert info.value.detail == "InvalidRelationshipPattern"


def test_several_pattern_parts_and_where() -> None:
    match = clauses("MATCH (a), (b)-->(c) WHERE a.x = 1 RETURN *")[0]
    assert isinstance(match, ast.Match)
    assert len(match.pattern) == 2 and isinstance(match.where, ast.Comparison)


def test_shortest_path() -> None:
    match = clauses("MATCH p = shortestPath((a)-[*]-(b)) RETURN p")[0]
    assert isinstance(match, ast.Match)
    assert match.pattern[0].shortest == "shortestPath" and match.pattern[0].variable == "p"


def test_return_items_keep_source_text() -> None:
    ret = clauses("RETURN coUnt( dIstInct p ) ,  a.b+1 AS x, `c`")[-1]
    assert isinstance(ret, ast.Return)
    items = ret.projection.items
    assert [(i.text, i.alias, i.name) for i in items] == [
        ("coUnt( dIstInct p )", None, "coUnt( dIstInct p )"),
        ("a.b+1", "x", "x"),
        ("`c`", None, "`c`"),
    ]
    assert [i.pos for i in items] == [7, 30, 42]


def test_projection_modifiers() -> None:
    with_clause, ret = clauses(
        "WITH DISTINCT *, a AS b ORDER BY b DESC, c ASCENDING SKIP 1 LIMIT $n WHERE b > 1 RETURN b"
    )
    assert isinstance(with_clause, ast.With)
    proj = with_clause.projection
    assert proj.distinct and proj.star and [i.alias for i in proj.items] == ["b"]
    assert [s.ascending for s in proj.order_by] == [False, True]
    assert isinstance(proj.skip, ast.Literal) and isinstance(proj.limit, ast.Parameter)
    assert with_clause.where is not None
    assert isinstance(ret, ast.Return)


def test_unaliased_with_expression_parses() -> None:
    # Semantic analysis raises NoExpressionAlias; the parser keeps the text.
    with_clause = clauses("MATCH (a) WITH a, count(*) RETURN a")[1]
    assert isinstance(with_clause, ast.With)
    assert [(i.alias, i.text) for i in with_clause.projection.items] == [
        (None, "a"),
        (None, "count(*)"),
    ]


def test_create_merge_delete() -> None:
    create, merge, delete = clauses(
        "CREATE (a:A)-[:T {w: 1}]->(b) "
        "MERGE (c:C {k: 1}) ON CREATE SET c.new = true ON MATCH SET c += {seen: 1}, c:Seen "
        "DETACH DELETE a, b"
    )
    assert isinstance(create, ast.Create) and len(create.pattern[0].nodes) == 2
    assert isinstance(merge, ast.Merge)
    assert [type(i).__name__ for i in merge.on_create] == ["SetProperty"]
    assert [type(i).__name__ for i in merge.on_match] == ["SetProperties", "SetLabels"]
    assert isinstance(delete, ast.Delete) and delete.detach and len(delete.exprs) == 2


def test_merge_with_parameter_properties_parses() -> None:
    # Semantic analysis raises InvalidParameterUse.
    merge = clauses("MERGE (n $param) RETURN n")[0]
    assert isinstance(merge, ast.Merge)
    assert isinstance(merge.pattern.nodes[0].properties, ast.Parameter)


def test_set_forms() -> None:
    set_clause = clauses(
        "MATCH (n) SET n = {a: 1}, n += $m, n:A:B, n.p = 1, (n).q = 2, n['k'] = 3"
    )[1]
    assert isinstance(set_clause, ast.SetClause)
    items = set_clause.items
    assert isinstance(items[0], ast.SetProperties) and not items[0].merge
    assert isinstance(items[1], ast.SetProperties) and items[1].merge
    assert isinstance(items[2], ast.SetLabels) and items[2].labels == ["A", "B"]
    assert isinstance(items[3], ast.SetProperty) and items[3].target.key == "p"
    assert isinstance(items[4], ast.SetProperty) and items[4].target.key == "q"
    assert isinstance(items[5], ast.SetDynamicProperty)


def test_remove_forms() -> None:
    remove = clauses("MATCH (n) REMOVE n:A:B, n.p")[1]
    assert isinstance(remove, ast.Remove)
    labels, prop = remove.items
    assert isinstance(labels, ast.RemoveLabels) and labels.labels == ["A", "B"]
    assert isinstance(prop, ast.RemoveProperty) and prop.target.key == "p"


def test_unwind() -> None:
    unwind = clauses("UNWIND [1, 2] AS x RETURN x")[0]
    assert isinstance(unwind, ast.Unwind) and unwind.variable == "x"


def test_call_forms() -> None:
    (standalone,) = clauses("CALL db.labels")
    assert isinstance(standalone, ast.Call)
    assert standalone.procedure == "db.labels" and standalone.args is None
    call = clauses("CALL test.my.proc(1, $x) YIELD a, b AS c WHERE c > 1 RETURN a")[0]
    assert isinstance(call, ast.Call) and call.args is not None and len(call.args) == 2
    assert call.yield_items is not None
    assert [i.name for i in call.yield_items] == ["a", "c"] and call.where is not None
    star = clauses("CALL p() YIELD *")[0]
    assert isinstance(star, ast.Call) and star.yield_star


def test_union() -> None:
    query = parse("RETURN 1 AS a UNION ALL RETURN 2 AS a UNION ALL RETURN 3 AS a").query
    assert isinstance(query, ast.UnionQuery)
    assert len(query.queries) == 3 and query.all_flags == [True, True]
    # Mixing UNION and UNION ALL is rejected by semantic analysis, not here.
    mixed = parse("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a").query
    assert isinstance(mixed, ast.UnionQuery) and mixed.all_flags == [False, True]


def test_explain_profile_and_semicolon() -> None:
    assert parse("EXPLAIN MATCH (n) RETURN n").mode == "EXPLAIN"
    assert parse("profile RETURN 1;").mode == "PROFILE"
    assert parse("RETURN 1").mode is None


def test_schema_commands() -> None:
    (create,) = clauses("CREATE INDEX idx IF NOT EXISTS FOR (p:Person) ON (p.name, p.age)")
    assert isinstance(create, ast.CreateIndex)
    assert (create.name, create.if_not_exists, create.label, create.properties) == (
        "idx", True, "Person", ["name", "age"],
    )  # fmt: skip
    (rel,) = clauses("CREATE INDEX FOR ()-[r:KNOWS]-() ON (r.since)")
    assert isinstance(rel, ast.CreateIndex) and rel.relationship and rel.name is None
    (legacy,) = clauses("CREATE INDEX ON :Person(name)")
    assert isinstance(legacy, ast.CreateIndex) and legacy.properties == ["name"]
    (drop,) = clauses("DROP INDEX idx IF EXISTS")
    assert isinstance(drop, ast.DropIndex) and drop.if_exists
    (show,) = clauses("SHOW INDEXES WHERE name = 'idx'")
    assert isinstance(show, ast.ShowIndexes) and show.where is not None
    assert isinstance(clauses("SHOW INDEX")[0], ast.ShowIndexes)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "MATCH",
        "MATCH (n RETURN n",
        "RETURN 1 AS",
        "MATCH (n) RETURN n ORDER n",
        "FOO (n)",
        "MATCH (n)-[:T]>(m) RETURN n",
    ],
)
def test_syntax_errors(query: str) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        parse(query)
    assert info.value.detail == "UnexpectedSyntax"
    assert info.value.position is not None


def test_keywords_are_case_insensitive() -> None:
    query = clauses("match (n) where n.x is not null return distinct n order by n.x desc limit 1")
    assert isinstance(query[0], ast.Match) and isinstance(query[1], ast.Return)
    assert query[1].projection.distinct and query[1].projection.limit is not None


def test_deep_nesting_is_a_syntax_error_not_a_crash() -> None:
    with pytest.raises(CypherSyntaxError) as info:
        parse("RETURN " + "(" * 500 + "1" + ")" * 500)
    assert info.value.detail == "UnexpectedSyntax"
    assert parse("RETURN " + "[" * 30 + "]" * 30) is not None
