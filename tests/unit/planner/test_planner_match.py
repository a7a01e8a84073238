"""Logical plans of MATCH: scan choice, expansion order, predicate placement, uniqueness."""

from __future__ import annotations

from _plan_chain import chain, kinds

from graphbolt.cypher import ast, parse
from graphbolt.planner import _logical as lp
from graphbolt.planner import plan


def test_labelled_node_is_scanned_first_even_on_the_right() -> None:
    ops = chain("MATCH (a)-[:T]->(b:B) RETURN a")
    assert kinds(ops)[:3] == ["Argument", "NodeByLabelScan", "Expand"]
    scan, expand = ops[1], ops[2]
    assert isinstance(scan, lp.NodeByLabelScan) and scan.var == "b" and scan.label == "B"
    assert isinstance(expand, lp.Expand)
    assert (expand.from_var, expand.to_var, expand.direction) == ("b", "a", ast.INCOMING)
    # The scan's label is not checked again.
    assert not any(isinstance(op, lp.Filter) for op in ops[:3])


def test_node_property_map_prefers_its_node_and_filters_right_after_scan() -> None:
    ops = chain("MATCH (a:A)-->(b:B {k: 1}) RETURN a")
    assert isinstance(ops[1], lp.NodeByLabelScan) and ops[1].var == "b"
    assert isinstance(ops[2], lp.Filter)  # b.k = 1 before expanding
    assert isinstance(ops[3], lp.Expand)
    assert isinstance(ops[4], lp.Filter)  # a:A after binding a


def test_where_conjuncts_are_pushed_to_where_their_variables_are_bound() -> None:
    ops = chain("MATCH (a:A)-->(b)-->(c) WHERE c.x = 1 AND a.y = 2 AND b.z = a.y RETURN c")
    names = kinds(ops)
    first_filter = names.index("Filter")
    assert names[first_filter - 1] == "NodeByLabelScan"
    pred = ops[first_filter]
    assert isinstance(pred, lp.Filter) and isinstance(pred.predicate, ast.Comparison)
    expands = [i for i, n in enumerate(names) if n == "Expand"]
    assert names[expands[0] + 1] == "Filter" and names[expands[1] + 1] == "Filter"


def test_bound_variable_starts_the_next_match() -> None:
    ops = chain("MATCH (a:A) MATCH (b:B)-->(a) RETURN b")
    assert kinds(ops)[:4] == ["Argument", "NodeByLabelScan", "Expand", "Filter"]
    expand = ops[2]
    assert isinstance(expand, lp.Expand) and expand.from_var == "a" and not expand.into


def test_expand_into_when_both_ends_are_bound() -> None:
    ops = chain("MATCH (a:A), (b:B) MATCH (a)-[r]->(b) RETURN r")
    expand = next(op for op in ops if isinstance(op, lp.Expand))
    assert expand.into


def test_id_predicate_becomes_a_seek() -> None:
    ops = chain("MATCH (n) WHERE id(n) = $id RETURN n")
    assert isinstance(ops[1], lp.NodeByIdSeek) and not ops[1].many
    assert not any(isinstance(op, lp.Filter) for op in ops)


def test_relationship_uniqueness_names_earlier_relationships_of_the_same_match() -> None:
    ops = chain("MATCH (a:A)-[r1]->(b)-[r2*]->(c), (c)-[r3]->(d) RETURN d")
    expands = [op for op in ops if isinstance(op, (lp.Expand, lp.VarLengthExpand))]
    assert [e.unique_with for e in expands] == [(), ("r1",), ("r1", "r2")]


def test_uniqueness_does_not_cross_match_clauses() -> None:
    ops = chain("MATCH (a:A)-[r1]->(b) MATCH (b)-[r2]->(c) RETURN c")
    expands = [op for op in ops if isinstance(op, lp.Expand)]
    assert [e.unique_with for e in expands] == [(), ()]


def test_var_length_walked_backwards_is_reversed() -> None:
    ops = chain("MATCH (a)-[rs*1..2]->(b:B) RETURN rs")
    var = next(op for op in ops if isinstance(op, lp.VarLengthExpand))
    assert var.reverse and (var.min_hops, var.max_hops) == (1, 2)


def test_optional_match_wraps_an_inner_plan() -> None:
    ops = chain("MATCH (a:A) OPTIONAL MATCH (a)-->(b) WHERE b.x = 1 RETURN b")
    optional = next(op for op in ops if isinstance(op, lp.Optional))
    assert optional.new_vars == ("b",)
    inner = optional.inner
    assert isinstance(inner, lp.Filter) and isinstance(inner.source, lp.Expand)
    assert isinstance(inner.source.source, lp.Argument)
    assert "a" in inner.source.source.bound


def test_named_path_is_projected_after_its_part() -> None:
    ops = chain("MATCH p = (a:A)-[r]->(b) RETURN p")
    path = next(op for op in ops if isinstance(op, lp.ProjectPath))
    assert path.steps == ("a", "r", "b")


def test_anonymous_elements_get_internal_names() -> None:
    ops = chain("MATCH (:A)-->() RETURN 1 AS one")
    expand = next(op for op in ops if isinstance(op, lp.Expand))
    assert all(name.startswith("\x00") for name in (expand.from_var, expand.rel_var))


def test_query_type_and_parameters() -> None:
    logical = plan(parse("MATCH (n) WHERE n.x = $p SET n.y = $q RETURN n"))
    assert logical.query_type == "rw"
    assert logical.parameters == {"p", "q"}
    assert plan(parse("CREATE (n)")).query_type == "w"
    assert plan(parse("RETURN 1")).query_type == "r"
    assert plan(parse("CREATE INDEX FOR (n:L) ON (n.p)")).query_type == "s"


def test_where_label_predicate_becomes_a_label_scan() -> None:
    ops = chain("MATCH (n) WHERE n:A:B AND n.x = 1 RETURN n")
    scan = ops[1]
    assert isinstance(scan, lp.NodeByLabelScan) and scan.label == "A"
    checks = [op.predicate for op in ops if isinstance(op, lp.Filter)]
    labels = [c.labels for c in checks if isinstance(c, ast.LabelCheck)]
    assert labels == [["B"]]
