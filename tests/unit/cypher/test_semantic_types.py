"""Semantic analysis: static type checks, functions, DELETE targets and procedure calls."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graphbolt.cypher import parse
from graphbolt.cypher._scope import ANY, INT, NODE, NULL, STRING, join, list_of
from graphbolt.cypher._semantic import analyze
from graphbolt.cypher._semantic_functions import FALLBACK_FUNCTIONS, resolve_function
from graphbolt.cypher._semantic_procedures import ProcedureLookup, ProcedureSignature
from graphbolt.errors import CypherError


def error_of(query: str, procedures: ProcedureLookup | None = None) -> tuple[str, str] | None:
    statement = parse(query)
    try:
        analyze(statement, procedures)
    except CypherError as error:
        return (error.tck_type, error.detail)
    return None


VALID = [
    "RETURN true OR null AND NOT false XOR (1 < 2) AS b",
    "WITH {a: 1} AS m RETURN m.a AS a",
    "MATCH (n) RETURN n.x AS x",
    "MATCH ()-[r]->() RETURN r.x AS x",
    "RETURN date().year AS y, duration('P1D').days AS d, point({x: 1, y: 2}).x AS x",
    "WITH [1, 'a'] AS l RETURN [x IN l WHERE x % 2 = 0] AS evens",
    "UNWIND [1, 2] AS x RETURN x % 2 = 0 AS even",
    "RETURN any(x IN [1, 2] WHERE x % 2 = 0) AS b",
    "RETURN [x IN [1, 2.5] | x * 2] AS l",
    "RETURN 'a' + 1 AS s, [1] + 2 AS l, 1 + 2.0 AS f",
    "MATCH p = (a)-->(b) RETURN length(p) AS l, nodes(p) AS ns, relationships(p) AS rs",
    "MATCH (a)-[r]->(b) RETURN type(r), startNode(r), endNode(r), id(r), keys(r)",
    "MATCH (a) RETURN labels(a), keys(a), properties(a), id(a)",
    "RETURN properties({a: 1}) AS p, keys({a: 1}) AS k, size('abc') AS s, size([1]) AS t",
    "RETURN labels(null) AS l, type(null) AS t, size(null) AS s",
    "MATCH (a) WITH [a, 1] AS list RETURN labels(list[1]) AS l",
    "MATCH (n)-[r]->() RETURN [x IN [r, 0] | type(x)] AS list",
    "RETURN toUpper('a'), toLower('A'), coalesce(null, 1), head([1]), last([1]), tail([1])",
    "RETURN date.truncate('day', date()), datetime.fromepochmillis(0), duration.between(date(), date())",
    "RETURN CoUnT(*) AS c",
    "MATCH (n) DELETE n",
    "MATCH p = ()-->() DELETE p",
    "MATCH (n) DELETE [n][0]",
    "MATCH (n) WHERE n:Person AND n.name STARTS WITH 'A' RETURN n",
    "MATCH (n) WHERE exists(n.name) RETURN n",
    "RETURN CASE WHEN true THEN 1 ELSE 'a' END AS x",
    "RETURN {a: 1}['a'] AS a, [1, 2][0] AS b",
]


@pytest.mark.parametrize("query", VALID)
def test_valid_queries_pass(query: str) -> None:
    assert error_of(query) is None


INVALID = [
    ("RETURN 123 OR true", "InvalidArgumentType"),
    ("RETURN true AND 'foo'", "InvalidArgumentType"),
    ("RETURN [] XOR false", "InvalidArgumentType"),
    ("RETURN NOT {a: 1}", "InvalidArgumentType"),
    ("RETURN NOT 0", "InvalidArgumentType"),
    ("MATCH (n) WHERE (n) RETURN n", "InvalidArgumentType"),
    ("MATCH (n) WHERE n.x = 1 AND 1 RETURN n", "InvalidArgumentType"),
    ("WITH 123 AS x RETURN x.num", "InvalidArgumentType"),
    ("WITH 'string' AS x RETURN x.num", "InvalidArgumentType"),
    ("WITH [123, true] AS x RETURN x.num", "InvalidArgumentType"),
    ("MATCH (n) MATCH r = (n)-[*]->() WHERE r.name = 'apa' RETURN r", "InvalidArgumentType"),
    ("MATCH p = (a) RETURN labels(p) AS l", "InvalidArgumentType"),
    ("MATCH (r) RETURN type(r)", "InvalidArgumentType"),
    ("RETURN properties('Cypher')", "InvalidArgumentType"),
    ("MATCH p = (a)-[*]->(b) RETURN size(p)", "InvalidArgumentType"),
    ("MATCH (n) RETURN length(n)", "InvalidArgumentType"),
    ("MATCH ()-[r]->() RETURN length(r)", "InvalidArgumentType"),
    ("MATCH (n) RETURN startNode(n)", "InvalidArgumentType"),
    ("RETURN single(x IN ['Clara'] WHERE x % 2 = 0) AS result", "InvalidArgumentType"),
    ("RETURN all(x IN [false, true] WHERE x % 2 = 0) AS result", "InvalidArgumentType"),
    ("RETURN [x IN ['a'] | x * 2] AS result", "InvalidArgumentType"),
    ("RETURN 'a' - 1 AS r", "InvalidArgumentType"),
    ("MATCH (n) RETURN n * 2 AS r", "InvalidArgumentType"),
    ("MATCH () DELETE 1 + 1", "InvalidArgumentType"),
    ("MATCH (n) DELETE 'a' + 'b'", "InvalidArgumentType"),
    ("MATCH (n) DELETE n:Person", "InvalidDelete"),
    ("RETURN {a: 1}[0] AS x", "MapElementAccessByNonString"),
    ("MATCH (a) RETURN foo(a)", "UnknownFunction"),
    ("RETURN toUpper('a', 'b')", "InvalidNumberOfArguments"),
    ("RETURN rand(1)", "InvalidNumberOfArguments"),
    ("MATCH (n) RETURN count(n, n)", "InvalidNumberOfArguments"),
    ("RETURN 123.4 OR 123.4", "InvalidArgumentType"),
]


@pytest.mark.parametrize(("query", "detail"), INVALID)
def test_invalid_queries_raise_their_detail(query: str, detail: str) -> None:
    assert error_of(query) == ("SyntaxError", detail)


def test_join_and_list_types() -> None:
    assert join(INT, INT) == INT
    assert join(INT, STRING) == ANY
    assert join(NULL, INT) == ANY
    assert join(list_of(NODE), list_of(NODE)) == list_of(NODE)
    assert join(list_of(NODE), list_of(INT)) == list_of(ANY)


def test_fallback_functions_resolve_case_insensitively() -> None:
    for name in ("id", "labels", "type", "keys", "properties", "startNode", "endNode", "nodes"):
        info = resolve_function(name.upper())
        assert info is not None and not info.aggregate
    count = resolve_function("COUNT")
    assert count is not None and count.aggregate
    assert resolve_function("no.such.function") is None
    assert "coalesce" in FALLBACK_FUNCTIONS


# -- procedures -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]


PROCS: dict[str, ProcedureSignature] = {
    "test.my.proc": Proc((("name", "STRING?"), ("id", "INTEGER?")), (("out", "STRING?"),)),
    "test.labels": Proc((), (("label", "STRING?"),)),
    "test.num": Proc((("in", "INTEGER?"),), (("a", "STRING?"), ("b", "STRING?"))),
}


def lookup(name: str) -> ProcedureSignature | None:
    return PROCS.get(name)


VALID_CALLS = [
    "CALL test.my.proc('a', 1)",
    "CALL test.my.proc",
    "CALL test.my.proc('a', 1) YIELD out RETURN out",
    "CALL test.labels() YIELD label RETURN label",
    "CALL test.labels YIELD label RETURN label",
    "CALL test.num(null) YIELD a, b AS c RETURN a, c",
    "CALL test.num($x) YIELD a WHERE a <> 'x' RETURN a",
    "CALL test.num(1) YIELD *",
    "WITH 1 AS x CALL test.num(x) YIELD a RETURN x, a",
]


@pytest.mark.parametrize("query", VALID_CALLS)
def test_valid_calls_pass(query: str) -> None:
    assert error_of(query, lookup) is None


INVALID_CALLS = [
    ("CALL test.nope()", ("ProcedureError", "ProcedureNotFound")),
    ("CALL test.nope() YIELD out RETURN out", ("ProcedureError", "ProcedureNotFound")),
    ("CALL test.my.proc('a')", ("SyntaxError", "InvalidNumberOfArguments")),
    (
        "CALL test.my.proc('a', 1, 2) YIELD out RETURN out",
        ("SyntaxError", "InvalidNumberOfArguments"),
    ),
    ("CALL test.my.proc YIELD out RETURN out", ("SyntaxError", "InvalidArgumentPassingMode")),
    ("CALL test.my.proc(true, 1)", ("SyntaxError", "InvalidArgumentType")),
    ("CALL test.num('1') YIELD a RETURN a", ("SyntaxError", "InvalidArgumentType")),
    ("CALL test.num(1) RETURN a", ("SyntaxError", "UndefinedVariable")),
    (
        "WITH 'Hi' AS label CALL test.labels() YIELD label RETURN *",
        ("SyntaxError", "VariableAlreadyBound"),
    ),
    ("CALL test.num(null) YIELD a, b AS a RETURN a", ("SyntaxError", "VariableAlreadyBound")),
    ("CALL test.num(null) YIELD a AS c, b AS c RETURN c", ("SyntaxError", "VariableAlreadyBound")),
    ("MATCH (n) CALL test.num(count(n)) YIELD a RETURN a", ("SyntaxError", "InvalidAggregation")),
]


@pytest.mark.parametrize(("query", "expected"), INVALID_CALLS)
def test_invalid_calls_raise_their_detail(query: str, expected: tuple[str, str]) -> None:
    assert error_of(query, lookup) == expected


def test_calls_without_a_registry_check_only_what_needs_no_signature() -> None:
    assert error_of("CALL test.nope()") is None
    assert error_of("CALL test.nope(1, 2) YIELD x RETURN x") is None
    assert error_of("CALL test.nope(1) YIELD x, y AS x RETURN x") == (
        "SyntaxError",
        "VariableAlreadyBound",
    )
