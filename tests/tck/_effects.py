"""Side effects of a query, measured as the difference between two graph snapshots.

The TCK defines the counts by snapshot diff, not by the engine's own statistics:

- ``+nodes``/``-nodes``, ``+relationships``/``-relationships``: ids present only after/before;
- ``+labels``/``-labels``: labels used anywhere in the graph only after/before (adding a
  label that another node already carries does not count);
- ``+properties``/``-properties``: multiset of (entity, key, value); changing a value is one
  removal plus one addition.

Snapshots read the graph through the transaction's ``GraphAccess`` so they work before the
engine supports ``id()``, ``keys()`` and ``properties()``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ._compare import canon_actual

KEYS = (
    "+nodes",
    "-nodes",
    "+relationships",
    "-relationships",
    "+properties",
    "-properties",
    "+labels",
    "-labels",
)


@dataclass(frozen=True)
class Snapshot:
    nodes: frozenset[int]
    rels: frozenset[int]
    labels: frozenset[str]
    properties: Counter[tuple[Any, ...]]


def take_snapshot(graph: Any) -> Snapshot:
    """Read every node, relationship, label and property visible to ``graph``."""
    nodes = list(graph.all_node_ids())
    labels: set[str] = set()
    props: Counter[tuple[Any, ...]] = Counter()
    for node_id in nodes:
        labels.update(graph.node_labels(node_id))
        for key, value in graph.node_properties(node_id).items():
            props[("n", node_id, key, canon_actual(value))] += 1
    rels = [rel[0] for rel in graph.all_rels()]
    for rel_id in rels:
        for key, value in graph.rel_properties(rel_id).items():
            props[("r", rel_id, key, canon_actual(value))] += 1
    return Snapshot(frozenset(nodes), frozenset(rels), frozenset(labels), props)


def diff(before: Snapshot, after: Snapshot) -> dict[str, int]:
    """The eight side-effect counts between two snapshots."""
    return {
        "+nodes": len(after.nodes - before.nodes),
        "-nodes": len(before.nodes - after.nodes),
        "+relationships": len(after.rels - before.rels),
        "-relationships": len(before.rels - after.rels),
        "+properties": sum((after.properties - before.properties).values()),
        "-properties": sum((before.properties - after.properties).values()),
        "+labels": len(after.labels - before.labels),
        "-labels": len(before.labels - after.labels),
    }


def compare_effects(expected: dict[str, int], actual: dict[str, int]) -> str | None:
    """None when equal (keys missing from ``expected`` mean 0), else a reason."""
    wrong = [
        f"{key}: expected {expected.get(key, 0)}, got {actual.get(key, 0)}"
        for key in KEYS
        if expected.get(key, 0) != actual.get(key, 0)
    ]
    return "side effects differ: " + "; ".join(wrong) if wrong else None
