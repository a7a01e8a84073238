"""End to end: updating queries, their counters, eagerness and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _fake_graph import FakeGraph
from _plan_helpers import compile_query, run, run_with_stats

from graphbolt.errors import (
    ConstraintValidationFailed,
    CypherSemanticError,
    CypherTypeError,
    EntityNotFound,
)


def test_create_counts_and_query_type() -> None:
    g = FakeGraph()
    rows, stats = run_with_stats(g, "CREATE (a:A:B {x: 1, y: null})-[:R {w: 2}]->(b)")
    assert rows == []
    assert (stats.nodes_created, stats.relationships_created) == (2, 1)
    assert (stats.labels_added, stats.properties_set) == (2, 2)
    assert compile_query("CREATE ()").query_type == "w"
    assert compile_query("CREATE (n) RETURN n").query_type == "rw"
    assert compile_query("MATCH (n) SET n.x = 1").query_type == "rw"


def test_match_create_does_not_see_its_own_nodes() -> None:
    g = FakeGraph()
    g.add_node()
    g.add_node()
    run(g, "MATCH (n) CREATE ()")
    assert len(g.nodes) == 4


def test_update_is_visible_to_the_next_clause() -> None:
    g = FakeGraph()
    rows = run(g, "UNWIND [1, 2, 3] AS i CREATE (:N {i: i}) WITH i MATCH (m:N) RETURN count(*)")
    assert rows == [(9,)]


def test_create_with_limit_zero_still_creates() -> None:
    g = FakeGraph()
    assert run(g, "UNWIND [1, 2] AS i CREATE (n) RETURN n LIMIT 0") == []
    assert len(g.nodes) == 2


def test_create_named_path_and_reuse_in_same_clause() -> None:
    g = FakeGraph()
    rows = run(
        g, "CREATE p = (a {n: 1})-[:R]->(b), (b)-[:S]->(c {n: a.n + 1}) RETURN length(p), c.n"
    )
    assert rows == [(1, 2)]
    assert len(g.nodes) == 3 and len(g.rels) == 2


def test_set_remove_and_counters() -> None:
    g = FakeGraph()
    g.add_node("A", x=1, y=2)
    _, stats = run_with_stats(g, "MATCH (n:A) SET n.x = 10, n:B, n += {z: 3, y: null}")
    assert g.node_properties(0) == {"x": 10, "z": 3}
    assert (stats.properties_set, stats.labels_added) == (3, 1)
    _, stats = run_with_stats(g, "MATCH (n:A) REMOVE n:B, n.z, n.missing")
    assert g.node_properties(0) == {"x": 10}
    assert (stats.properties_set, stats.labels_removed) == (1, 1)
    run(g, "MATCH (n:A) SET n = {k: 'v'}")
    assert g.node_properties(0) == {"k": "v"}
    run(g, "MATCH (n:A) SET n['dyn'] = 5")
    assert g.node_property(0, "dyn") == 5


def test_set_invalid_property_values() -> None:
    g = FakeGraph()
    g.add_node()
    for value in ("{a: 1}", "[{a: 1}]", "[1, 'a']", "[1, null]"):
        with pytest.raises(CypherTypeError) as err:
            run(g, f"MATCH (n) SET n.p = {value}")
        assert err.value.detail == "InvalidPropertyType"
    run(g, "MATCH (n) SET n.p = [1, 2.5], n.q = []")
    assert g.node_properties(0) == {"p": [1, 2.5], "q": []}


def test_set_on_null_is_ignored() -> None:
    g = FakeGraph()
    rows = run(g, "OPTIONAL MATCH (n) SET n.x = 1 RETURN n")
    assert rows == [(None,)]


def test_delete_connected_node_fails_and_detach_works() -> None:
    g = FakeGraph()
    a, b = g.add_node("X"), g.add_node()
    g.add_rel(a, "R", b)
    with pytest.raises(ConstraintValidationFailed) as err:
        run(g, "MATCH (n:X) DELETE n")
    assert err.value.detail == "DeleteConnectedNode"
    _, stats = run_with_stats(g, "MATCH (n:X) DETACH DELETE n")
    assert (stats.nodes_deleted, stats.relationships_deleted) == (1, 1)
    assert list(g.nodes) == [b.id] and not g.rels


def test_delete_node_and_its_relationship_in_one_clause() -> None:
    g = FakeGraph()
    a, b = g.add_node(), g.add_node()
    g.add_rel(a, "R", b)
    _, stats = run_with_stats(g, "MATCH (a)-[r]->(b) DELETE a, r, b")
    assert (stats.nodes_deleted, stats.relationships_deleted) == (2, 1)
    assert not g.nodes


def test_delete_path_and_deleted_entity_access() -> None:
    g = FakeGraph()
    a, b = g.add_node(num=0), g.add_node()
    g.add_rel(a, "R", b)
    run(g, "MATCH p = ()-->() DELETE p")
    assert not g.nodes and not g.rels
    g.add_node(num=0)
    with pytest.raises(EntityNotFound):
        run(g, "MATCH (n) DELETE n RETURN n.num")


def test_merge_matches_or_creates_and_sees_earlier_rows() -> None:
    g = FakeGraph()
    rows, stats = run_with_stats(g, "UNWIND [1, 1, 2] AS k MERGE (n:N {k: k}) RETURN n.k")
    assert sorted(rows) == [(1,), (1,), (2,)]
    assert stats.nodes_created == 2
    text = "MERGE (n:N {k: 1}) ON CREATE SET n.c = true ON MATCH SET n.m = true RETURN n.c, n.m"
    assert run(g, text) == [(None, True)]


def test_merge_relationship_between_bound_nodes() -> None:
    g = FakeGraph()
    g.add_node("A")
    g.add_node("B")
    text = "MATCH (a:A), (b:B) MERGE (a)-[r:R]->(b) RETURN type(r)"
    _, stats = run_with_stats(g, text)
    assert stats.relationships_created == 1
    _, stats = run_with_stats(g, text)
    assert stats.relationships_created == 0
    # Undirected MERGE matches the existing relationship in either direction.
    _, stats = run_with_stats(g, "MATCH (a:A), (b:B) MERGE (b)-[:R]-(a)")
    assert stats.relationships_created == 0


def test_call_subquery_with_updates_runs_per_row() -> None:
    g = FakeGraph()
    rows = run(g, "UNWIND [1, 2] AS x CALL { CREATE (:Q) } RETURN x")
    assert rows == [(1,), (2,)]
    assert len(g.nodes) == 2


def test_merge_rejects_null_property_values() -> None:
    g = FakeGraph()
    with pytest.raises(CypherSemanticError) as err:
        run(g, "UNWIND [1, null] AS v MERGE (n:M {x: v}) RETURN n")
    assert err.value.detail == "MergeNullProperty"


class LiveGraph(FakeGraph):
    """A graph whose node scan sees nodes created while it runs (as a storage cursor may)."""

    def all_node_ids(self) -> Iterator[int]:
        node_id = 0
        while node_id < self._next_id:
            if node_id in self.nodes:
                yield node_id
            node_id += 1


@pytest.mark.parametrize(
    ("text", "nodes"),
    [
        ("MATCH (n) CREATE ()", 4),
        ("MATCH (n) CALL { CREATE () }", 4),
        ("MATCH (n) MERGE (m {k: id(n)})", 4),
        # 2 rows create 2 nodes; then 2 rows x 4 nodes create 8 more.
        ("MATCH (n) CREATE () WITH n MATCH (m) CREATE ()", 12),
    ],
)
def test_updates_do_not_feed_the_reads_before_them(text: str, nodes: int) -> None:
    g = LiveGraph()
    g.add_node()
    g.add_node()
    run(g, text)
    assert len(g.nodes) == nodes
