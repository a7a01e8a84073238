"""End to end: parse -> plan -> build -> execute read queries against the fake graph."""

from __future__ import annotations

from collections import Counter

import pytest
from _fake_graph import FakeGraph
from _plan_helpers import compile_query, names, run

from graphbolt.errors import CypherArgumentError
from graphbolt.values._graph import NodeRef, PathRef


@pytest.fixture
def chain() -> FakeGraph:
    """a -> b -> c -> d, plus a -> d; all :P with a name."""
    g = FakeGraph()
    a, b, c, d = (g.add_node("P", name=n) for n in "abcd")
    g.add_rel(a, "K", b)
    g.add_rel(b, "K", c)
    g.add_rel(c, "K", d)
    g.add_rel(a, "L", d)
    return g


def test_match_expand_and_columns(chain: FakeGraph) -> None:
    plan = compile_query("MATCH (x:P)-[:K]->(y) RETURN x.name AS x, y.name")
    assert plan.columns == ("x", "y.name")
    assert plan.query_type == "r"
    rows = run(chain, "MATCH (x:P)-[:K]->(y) RETURN x.name AS x, y.name")
    assert sorted(rows) == [("a", "b"), ("b", "c"), ("c", "d")]


def test_incoming_and_undirected(chain: FakeGraph) -> None:
    assert run(chain, "MATCH (x {name: 'b'})<--(y) RETURN y.name") == [("a",)]
    both = run(chain, "MATCH (x {name: 'b'})--(y) RETURN y.name")
    assert sorted(both) == [("a",), ("c",)]


def test_pattern_starting_from_the_right_is_equivalent(chain: FakeGraph) -> None:
    left = run(chain, "MATCH (a)-[:K]->(b)-[:K]->(c:P {name: 'c'}) RETURN a.name, b.name")
    assert left == [("a", "b")]


def test_relationship_uniqueness_within_one_match(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (a)-[r1]-(b)-[r2]-(c) WHERE a.name = 'a' RETURN r1 = r2")
    assert rows and all(row == (False,) for row in rows)
    # Across two MATCH clauses the same relationship may be bound twice.
    rows = run(chain, "MATCH (a {name: 'a'})-[r1:K]-(b) MATCH (b)-[r2]-(c) RETURN count(*)")
    assert rows == [(2,)]


def test_where_with_bound_variables_and_cartesian_product(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (x:P), (y:P) WHERE x.name < y.name RETURN count(*)")
    assert rows == [(6,)]


def test_id_seek(chain: FakeGraph) -> None:
    assert names(chain, run(chain, "MATCH (n) WHERE id(n) = 2 RETURN n")) == ["c"]
    rows = run(chain, "MATCH (n) WHERE id(n) IN $ids RETURN n.name", {"ids": [0, 3, 99]})
    assert sorted(rows) == [("a",), ("d",)]


def test_optional_match_gives_nulls(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (n:P) OPTIONAL MATCH (n)-[:K]->(m) RETURN n.name, m.name")
    assert sorted(rows, key=str) == sorted(
        [("a", "b"), ("b", "c"), ("c", "d"), ("d", None)], key=str
    )


def test_var_length_and_named_paths(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH p = (a {name: 'a'})-[*2..3]->(x) RETURN x.name, length(p)")
    assert sorted(rows) == [("c", 2), ("d", 3)]
    rows = run(chain, "MATCH (x {name: 'd'})<-[rs*3]-(a) RETURN [r IN rs | startNode(r).name]")
    assert rows == [(["c", "b", "a"],)]
    rows = run(chain, "MATCH (a {name: 'a'})-[*0..0]->(x) RETURN x.name")
    assert rows == [("a",)]


def test_shortest_paths(chain: FakeGraph) -> None:
    rows = run(
        chain,
        "MATCH (a {name: 'a'}), (d {name: 'd'}) MATCH p = shortestPath((a)-[*]->(d)) RETURN p",
    )
    assert len(rows) == 1 and isinstance(rows[0][0], PathRef) and len(rows[0][0]) == 1
    rows = run(
        chain,
        "MATCH (a {name: 'a'}), (c {name: 'c'}) "
        "MATCH p = allShortestPaths((a)-[*]-(c)) RETURN [n IN nodes(p) | n.name]",
    )
    assert sorted(rows) == [(["a", "b", "c"],), (["a", "d", "c"],)]


def test_aggregation_grouping_and_nested_aggregates(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (a)-[r]->() RETURN type(r) AS t, count(*) + 1 AS c ORDER BY t")
    assert rows == [("K", 4), ("L", 2)]
    assert run(chain, "MATCH (n:Missing) RETURN count(*), collect(n)") == [(0, [])]
    assert run(chain, "MATCH (n:Missing) RETURN n.name, count(*)") == []


def test_aggregate_key_reused_in_aggregating_expression(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (n) RETURN n.name AS k, n.name + toString(count(*)) AS s ORDER BY k")
    assert rows == [("a", "a1"), ("b", "b1"), ("c", "c1"), ("d", "d1")]


def test_order_by_variable_not_projected_and_descending(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (n) RETURN n.name AS name ORDER BY id(n) DESC")
    assert rows == [("d",), ("c",), ("b",), ("a",)]


def test_distinct_with_order_by_projected_expression(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH ()-[r]->() RETURN DISTINCT type(r) ORDER BY type(r) DESC")
    assert rows == [("L",), ("K",)]


def test_skip_limit(chain: FakeGraph) -> None:
    text = "MATCH (n) RETURN n.name ORDER BY n.name SKIP $s LIMIT $l"
    assert run(chain, text, {"s": 1, "l": 2}) == [("b",), ("c",)]
    with pytest.raises(CypherArgumentError) as err:
        run(chain, text, {"s": -1, "l": 2})
    assert err.value.detail == "NegativeIntegerArgument"
    with pytest.raises(CypherArgumentError) as err:
        run(chain, text, {"s": 1, "l": 1.5})
    assert err.value.detail == "InvalidArgumentType"


def test_with_where_sees_variables_before_the_projection(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (a) WITH a.name AS name WHERE a.name = 'b' RETURN *")
    assert rows == [("b",)]


def test_with_aggregation_then_match(chain: FakeGraph) -> None:
    rows = run(
        chain,
        "MATCH (a)-->(b) WITH a, count(b) AS n WHERE n > 1 MATCH (a)-[:L]->(x) RETURN x.name, n",
    )
    assert rows == [("d", 2)]


def test_unwind_and_union(chain: FakeGraph) -> None:
    assert run(chain, "UNWIND [1, null, [2]] AS x RETURN x") == [(1,), (None,), ([2],)]
    assert run(chain, "UNWIND null AS x RETURN x") == []
    rows = run(chain, "RETURN 1 AS x UNION RETURN 1 AS x UNION RETURN 2 AS x")
    assert Counter(rows) == Counter([(1,), (2,)])
    rows = run(chain, "RETURN 1 AS x UNION ALL RETURN 1 AS x")
    assert rows == [(1,), (1,)]


def test_pattern_expressions_and_exists(chain: FakeGraph) -> None:
    rows = run(
        chain,
        "MATCH (n:P) RETURN n.name, size([(n)-->(m) | m]) AS deg, "
        "EXISTS { MATCH (n)-[:L]->() } AS l ORDER BY n.name",
    )
    assert rows == [("a", 2, True), ("b", 1, False), ("c", 1, False), ("d", 0, False)]


def test_call_subquery(chain: FakeGraph) -> None:
    rows = run(
        chain,
        "MATCH (n:P) CALL { WITH n MATCH (n)-->(m) RETURN count(m) AS c } "
        "RETURN n.name, c ORDER BY n.name",
    )
    assert rows == [("a", 2), ("b", 1), ("c", 1), ("d", 0)]


def test_streaming_pulls_only_what_is_needed() -> None:
    g = FakeGraph()
    for i in range(100):
        g.add_node("N", i=i)
    executable = compile_query("MATCH (n:N) RETURN n.i")
    g.reads = 0
    rows = executable.execute(g.context())
    first = [next(rows) for _ in range(3)]
    assert first == [(0,), (1,), (2,)]
    assert g.reads == 3


def test_top_k_sort_keeps_order_and_ties(chain: FakeGraph) -> None:
    rows = run(chain, "UNWIND [3, 1, 2, 1, 5] AS x RETURN x ORDER BY x LIMIT 3")
    assert rows == [(1,), (1,), (2,)]
    rows = run(chain, "UNWIND [3, 1, 2, 1, 5] AS x RETURN x ORDER BY x DESC SKIP 1 LIMIT 2")
    assert rows == [(3,), (2,)]


def test_nodes_are_references(chain: FakeGraph) -> None:
    rows = run(chain, "MATCH (n {name: 'a'}) RETURN n")
    assert rows == [(NodeRef(0),)]


def test_nested_subqueries_keep_their_anonymous_elements_apart(chain: FakeGraph) -> None:
    rows = run(
        chain,
        "MATCH (x:P) WHERE EXISTS { MATCH (x)-[:K]->() WHERE EXISTS { MATCH ()-[:K]->(x) } } "
        "RETURN x.name ORDER BY x.name",
    )
    assert rows == [("b",), ("c",)]


def test_lone_bound_null_node_does_not_match(chain: FakeGraph) -> None:
    assert run(chain, "OPTIONAL MATCH (a:Nope) MATCH (a) RETURN a") == []
    assert run(chain, "OPTIONAL MATCH (a:Nope) RETURN a") == [(None,)]
