"""Planning CREATE and MERGE: which pattern elements to create, in which order."""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.planner._build_match import Namer, name_pattern, plan_pattern


def create_part(part: ast.PatternPart, bound: set[str]) -> lp.CreatePart:
    """A named pattern part (see ``name_pattern``) as creation steps. ``bound`` grows with the
    nodes this part creates, so a later part of the same CREATE reuses them."""
    nodes: list[lp.CreateNode] = []
    for node in part.nodes:
        var = node.variable or ""
        if var not in bound and not any(n.var == var for n in nodes):
            nodes.append(lp.CreateNode(var, tuple(node.labels), node.properties, False))
    rels: list[lp.CreateRel] = []
    for i, rel in enumerate(part.relationships):
        left = part.nodes[i].variable or ""
        right = part.nodes[i + 1].variable or ""
        start, end = (right, left) if rel.direction == ast.INCOMING else (left, right)
        rel_type = rel.types[0] if rel.types else ""
        rels.append(lp.CreateRel(rel.variable or "", rel_type, rel.properties, start, end))
    steps: list[str] = [part.nodes[0].variable or ""]
    for rel, node in zip(part.relationships, part.nodes[1:]):
        steps.extend((rel.variable or "", node.variable or ""))
    bound.update(n.var for n in nodes)
    bound.update(r.var for r in rels)
    return lp.CreatePart(nodes, rels, part.variable, tuple(steps))


def plan_create(
    op: lp.LogicalOp, clause: ast.Create, bound: set[str], namer: Namer
) -> lp.LogicalOp:
    known = set(bound)
    parts = [create_part(part, known) for part in name_pattern(clause.pattern, namer)]
    return lp.Create(op, parts)


def plan_merge(op: lp.LogicalOp, clause: ast.Merge, bound: set[str], namer: Namer) -> lp.LogicalOp:
    (part,) = name_pattern([clause.pattern], namer)
    inner = plan_pattern(lp.Argument(tuple(sorted(bound))), [part], None, set(bound), namer)
    created = create_part(part, set(bound))
    return lp.Merge(op, inner, created, list(clause.on_create), list(clause.on_match))
