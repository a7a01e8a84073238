"""Test fakes for the runtime: ``FakeGraph``, a small dict-based ``GraphAccess`` (no storage,
no transactions); ``PatternEnv``, a test-only ``CompileEnv`` matching single-hop patterns
against it (the planner supplies the real one); ``parse_expr``/``compile_text``/``ev`` to
compile and evaluate ``RETURN <expr>`` texts.

Nodes keep their labels in insertion order (as a dict) so tests can check label order;
deleted entities stay known to ``node_exists``/``rel_exists`` as deleted, and their property
reads answer None, as the transaction layer does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graphbolt.cypher import ast, parse
from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime._expressions import Compiled, StaticEnv, compile_expr
from graphbolt.tx._access import BOTH, IN, OUT
from graphbolt.values._graph import NodeRef, PathRef, RelRef

Rel = tuple[int, str, int, int]


class FakeGraph:
    """An in-memory graph implementing the ``GraphAccess`` protocol."""

    def __init__(self) -> None:
        self.nodes: dict[int, tuple[dict[str, None], dict[str, Any]]] = {}
        self.rels: dict[int, tuple[str, int, int, dict[str, Any]]] = {}
        self._next_id = 0
        self.reads = 0  # property reads, for tests that check work is avoided

    # -- test helpers ---------------------------------------------------------------------
    def add_node(self, *labels: str, **props: Any) -> NodeRef:
        return NodeRef(self.create_node(labels, props))

    def add_rel(self, start: NodeRef, rel_type: str, end: NodeRef, **props: Any) -> RelRef:
        rel_id = self.create_rel(rel_type, start.id, end.id, props)
        return RelRef(rel_id, rel_type, start.id, end.id)

    def context(self, params: dict[str, Any] | None = None) -> ExecutionContext:
        return ExecutionContext(self, params or {})  # type: ignore[arg-type]

    # -- nodes ----------------------------------------------------------------------------
    def all_node_ids(self) -> Iterator[int]:
        return iter(sorted(self.nodes))

    def node_ids_by_label(self, label: str) -> Iterator[int]:
        return iter(sorted(i for i, (labels, _) in self.nodes.items() if label in labels))

    def node_exists(self, node_id: int) -> bool:
        return node_id in self.nodes

    def node_labels(self, node_id: int) -> Any:
        entry = self.nodes.get(node_id)
        return tuple(entry[0]) if entry else ()

    def node_has_label(self, node_id: int, label: str) -> bool:
        entry = self.nodes.get(node_id)
        return entry is not None and label in entry[0]

    def node_property(self, node_id: int, key: str) -> Any:
        self.reads += 1
        entry = self.nodes.get(node_id)
        return entry[1].get(key) if entry else None

    def node_properties(self, node_id: int) -> dict[str, Any]:
        entry = self.nodes.get(node_id)
        return dict(entry[1]) if entry else {}

    # -- relationships --------------------------------------------------------------------
    def all_rels(self) -> Iterator[Rel]:
        return iter([(i, t, s, e) for i, (t, s, e, _) in sorted(self.rels.items())])

    def rels_by_type(self, rel_type: str) -> Iterator[Rel]:
        return (r for r in self.all_rels() if r[1] == rel_type)

    def rel(self, rel_id: int) -> tuple[str, int, int] | None:
        entry = self.rels.get(rel_id)
        return (entry[0], entry[1], entry[2]) if entry else None

    def rel_exists(self, rel_id: int) -> bool:
        return rel_id in self.rels

    def rel_property(self, rel_id: int, key: str) -> Any:
        self.reads += 1
        entry = self.rels.get(rel_id)
        return entry[3].get(key) if entry else None

    def rel_properties(self, rel_id: int) -> dict[str, Any]:
        entry = self.rels.get(rel_id)
        return dict(entry[3]) if entry else {}

    def expand(self, node_id: int, direction: int, types: tuple[str, ...] | None) -> Iterator[Rel]:
        for rel_id, rel_type, start, end in self.all_rels():
            if types is not None and rel_type not in types:
                continue
            out = start == node_id and direction in (OUT, BOTH)
            inc = end == node_id and direction in (IN, BOTH)
            if out or inc:
                yield rel_id, rel_type, start, end

    def degree(self, node_id: int, direction: int, types: tuple[str, ...] | None) -> int:
        return sum(1 for _ in self.expand(node_id, direction, types))

    # -- writes ---------------------------------------------------------------------------
    def create_node(self, labels: Iterable[str], properties: dict[str, Any]) -> int:
        node_id = self._take_id()
        props = {k: v for k, v in properties.items() if v is not None}
        self.nodes[node_id] = (dict.fromkeys(labels), props)
        return node_id

    def create_rel(self, rel_type: str, start: int, end: int, properties: dict[str, Any]) -> int:
        rel_id = self._take_id()
        props = {k: v for k, v in properties.items() if v is not None}
        self.rels[rel_id] = (rel_type, start, end, props)
        return rel_id

    def set_node_property(self, node_id: int, key: str, value: Any) -> None:
        props = self.nodes[node_id][1]
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value

    def set_rel_property(self, rel_id: int, key: str, value: Any) -> None:
        props = self.rels[rel_id][3]
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value

    def add_label(self, node_id: int, label: str) -> bool:
        labels = self.nodes[node_id][0]
        added = label not in labels
        labels[label] = None
        return added

    def remove_label(self, node_id: int, label: str) -> bool:
        return self.nodes[node_id][0].pop(label, 0) is None

    def delete_node(self, node_id: int) -> None:
        del self.nodes[node_id]

    def delete_rel(self, rel_id: int) -> None:
        del self.rels[rel_id]

    def _take_id(self) -> int:
        node_id = self._next_id
        self._next_id += 1
        return node_id


# -- expression helpers -------------------------------------------------------------------

_DIRECTIONS = {ast.OUTGOING: OUT, ast.INCOMING: IN, ast.BOTH: BOTH}


def parse_expr(text: str) -> ast.Expr:
    statement = parse(f"RETURN {text}")
    query = statement.query
    assert isinstance(query, ast.SingleQuery)
    clause = query.clauses[-1]
    assert isinstance(clause, ast.Return)
    return clause.projection.items[0].expr


def compile_text(text: str, env: Any = None, variables: tuple[str, ...] = ()) -> Compiled:
    if env is None:
        env = StaticEnv(frozenset(variables))
    return compile_expr(parse_expr(text), env)


def ev(
    text: str,
    row: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
    graph: FakeGraph | None = None,
) -> Any:
    """Evaluate one expression text against a row."""
    row = row or {}
    graph = graph or FakeGraph()
    env = PatternEnv(graph, frozenset(row))
    return compile_text(text, env)(row, graph.context(params))


class PatternEnv:
    """Matches ``(a)-[r:T]->(b)`` shaped parts (one hop, labels, types, direction)."""

    def __init__(self, graph: FakeGraph, variables: frozenset[str]) -> None:
        self.graph = graph
        self.variables = variables
        self.calls: list[tuple[Any, ...]] = []

    def compile_subquery(
        self,
        pattern: list[ast.PatternPart] | None,
        where: ast.Expr | None,
        query: Any,
        bound: frozenset[str],
    ) -> Any:
        self.calls.append((pattern, where, query, bound))
        assert pattern is not None and len(pattern) == 1
        part = pattern[0]
        assert len(part.relationships) == 1
        new_vars = frozenset(
            v for v in (part.nodes[0].variable, part.relationships[0].variable,
                        part.nodes[1].variable, part.variable) if v
        ) - bound  # fmt: skip
        predicate = compile_expr(where, PatternEnv(self.graph, bound | new_vars)) if where else None

        def run(row: dict[str, Any], ctx: Any) -> Iterator[dict[str, Any]]:
            for match in self._matches(part, row):
                if predicate is None or predicate(match, ctx) is True:
                    yield match

        return run

    def _matches(self, part: ast.PatternPart, row: dict[str, Any]) -> Iterator[dict[str, Any]]:
        left, right = part.nodes
        rel = part.relationships[0]
        types = tuple(rel.types) or None
        for start in self._candidates(left, row):
            for rel_id, rel_type, s, e in self.graph.expand(
                start.id, _DIRECTIONS[rel.direction], types
            ):
                other = NodeRef(e if s == start.id else s)
                if not self._fits(right, other, row):
                    continue
                ref = RelRef(rel_id, rel_type, s, e)
                out = dict(row)
                for pattern_node, value in ((left, start), (right, other)):
                    if pattern_node.variable:
                        out[pattern_node.variable] = value
                if rel.variable:
                    out[rel.variable] = ref
                if part.variable:
                    out[part.variable] = PathRef((start, other), (ref,))
                yield out

    def _candidates(self, node: ast.NodePattern, row: dict[str, Any]) -> Iterator[NodeRef]:
        for node_id in self.graph.all_node_ids():
            ref = NodeRef(node_id)
            if self._fits(node, ref, row):
                yield ref

    def _fits(self, node: ast.NodePattern, ref: NodeRef, row: dict[str, Any]) -> bool:
        if node.variable in row and row[node.variable] != ref:
            return False
        return all(self.graph.node_has_label(ref.id, label) for label in node.labels)
