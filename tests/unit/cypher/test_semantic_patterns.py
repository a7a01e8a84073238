"""Semantic analysis: CREATE / MERGE / MATCH pattern rules."""

from __future__ import annotations

import pytest
from _semantic_helpers import analyze_detail, detail_of

from graphbolt.cypher import ast, parse

VALID = [
    "CREATE (a)-[:T]->(b)",
    "CREATE (a:A {x: 1})<-[:T {y: 2}]-(b:B)",
    "CREATE (a), (b), (a)-[:T]->(b)",
    "CREATE (a:Foo)-[:T1]->(), (a)-[:T2]->()",
    "MATCH (a) CREATE (a)-[:T]->(b)",
    "MATCH (a), (b) CREATE (a)-[r:T]->(b) RETURN r",
    "CREATE (a {x: 1})-[:T]->(b {x: a.x})",
    "CREATE p = (a)-[:T]->(b) RETURN p",
    "CREATE (n $props) RETURN n",
    "CREATE (a)-[:T $props]->(b)",
    "MERGE (a:A {x: 1})",
    "MERGE (a)-[:T]-(b)",
    "MATCH (a), (b) MERGE (a)-[r:T]->(b) ON CREATE SET r.x = 1 ON MATCH SET r.y = 2",
    "MERGE (a:Foo)-[:R]->(a)",
    "MERGE (n {x: $x}) RETURN n",
    "MATCH (a)-[:T*0..2]->(b) RETURN b",
    "MATCH (a)-[:T*]->(b) RETURN b",
    "MATCH p = shortestPath((a)-[*]->(b)) RETURN p",
    "MATCH (n {x: $x}) RETURN n",
    "MATCH (a)-[r]->(b) WITH r MATCH ()-[r]->() RETURN r",
    "UNWIND [1] AS x CREATE (n {x: x})",
]


@pytest.mark.parametrize("query", VALID)
def test_valid_patterns_pass(query: str) -> None:
    assert detail_of(query) is None


INVALID = [
    ("MATCH (a) CREATE (a)", "VariableAlreadyBound"),
    ("MATCH (a) CREATE (a {name: 'foo'}) RETURN a", "VariableAlreadyBound"),
    ("MATCH (a) CREATE (a:L)-[:T]->()", "VariableAlreadyBound"),
    ("CREATE (n:Foo)-[:T1]->(), (n:Bar)-[:T2]->()", "VariableAlreadyBound"),
    ("CREATE ()<-[:T2]-(n:Foo), (n:Bar)<-[:T1]-()", "VariableAlreadyBound"),
    ("CREATE (n:Foo) CREATE (n:Bar)-[:OWNS]->(:Dog)", "VariableAlreadyBound"),
    ("CREATE (n {}) CREATE (n:Bar)-[:OWNS]->(:Dog)", "VariableAlreadyBound"),
    ("CREATE (a), (a)", "VariableAlreadyBound"),
    ("MATCH ()-[r]->() CREATE ()-[r]->()", "VariableAlreadyBound"),
    ("MATCH ()-[r]->() CREATE ()-[r:T]->()", "VariableAlreadyBound"),
    ("CREATE (a)-[r:T]->(b), (b)-[r:T]->(a)", "VariableAlreadyBound"),
    ("CREATE p = (a)-[:T]->(b), p = (c)-[:T]->(d)", "VariableAlreadyBound"),
    ("MATCH (a) MERGE (a)", "VariableAlreadyBound"),
    ("CREATE (a:Foo) MERGE (a)-[r:KNOWS]->(a:Bar)", "VariableAlreadyBound"),
    ("MATCH (a)-[r]->(b) MERGE (a)-[r]->(b)", "VariableAlreadyBound"),
    ("MATCH (a)-[r]->(b) MERGE (a)-[r:T]->(b)", "VariableAlreadyBound"),
    ("WITH 1 AS a CREATE (a)-[:T]->(b)", "VariableTypeConflict"),
    ("CREATE ()-->()", "NoSingleRelationshipType"),
    ("CREATE ()-[:A|:B]->()", "NoSingleRelationshipType"),
    ("MATCH (a), (b) MERGE (a)-[NO_COLON]->(b)", "NoSingleRelationshipType"),
    ("CREATE (a), (b) MERGE (a)-[:A|:B]->(b)", "NoSingleRelationshipType"),
    ("CREATE (a)-[:FOO]-(b)", "RequiresDirectedRelationship"),
    ("CREATE (a)<-[:FOO]->(b)", "RequiresDirectedRelationship"),
    ("CREATE ()-[:FOO*2]->()", "CreatingVarLength"),
    ("MERGE (a) MERGE (b) MERGE (a)-[:FOO*2]->(b)", "CreatingVarLength"),
    ("MATCH (n $param) RETURN n", "InvalidParameterUse"),
]


@pytest.mark.parametrize(("query", "detail"), INVALID)
def test_invalid_patterns_raise_their_detail(query: str, detail: str) -> None:
    assert detail_of(query) == detail


def test_negative_var_length_bound_is_rejected() -> None:
    # The parser rejects `*-2`; a tree carrying a negative bound must still fail analysis.
    statement = parse("MATCH (a)-[:LIKES*2]->(c) RETURN c")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    match = query.clauses[0]
    assert isinstance(match, ast.Match)
    match.pattern[0].relationships[0].length = (-2, -2)
    assert analyze_detail(statement) == "InvalidRelationshipPattern"


@pytest.mark.parametrize("element", [0, 1])
def test_parameter_map_in_merge_is_rejected(element: int) -> None:
    # The parser rejects `MERGE (n $param)`; the analyzer must too for an edited tree.
    statement = parse("MERGE (a {x: 1})-[:T {y: 2}]->(b)")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    merge = query.clauses[0]
    assert isinstance(merge, ast.Merge)
    part = merge.pattern
    target = part.nodes[0] if element == 0 else part.relationships[0]
    target.properties = ast.Parameter(target.pos, "param")
    assert analyze_detail(statement) == "InvalidParameterUse"


def test_yield_star_inside_a_larger_query_is_a_syntax_error() -> None:
    assert detail_of("CALL test.proc() YIELD * RETURN x") == "UnexpectedSyntax"
