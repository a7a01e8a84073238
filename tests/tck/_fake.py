"""A tiny scripted stand-in for the engine, used only by the harness's own unit tests.

Queries are looked up by their exact text in a dict of handlers. A handler receives the
transaction's graph and the parameters and returns ``(columns, rows)``; ``rows`` may be a
generator, whose exceptions then surface while the harness pulls rows (runtime errors).
Transactions work on a copy of the graph that becomes the database's graph on commit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from graphbolt.errors import CypherSyntaxError

Handler = Callable[["FakeGraph", dict[str, Any]], tuple[list[str], Iterable[tuple[Any, ...]]]]


class FakeGraph:
    """The few ``GraphAccess`` reads the snapshots use, plus helpers to write."""

    def __init__(self) -> None:
        self.nodes: dict[int, tuple[set[str], dict[str, Any]]] = {}
        self.rels: dict[int, tuple[str, int, int, dict[str, Any]]] = {}
        self.next_id = 0

    def add_node(self, labels: Iterable[str] = (), **props: Any) -> int:
        self.next_id += 1
        self.nodes[self.next_id] = (set(labels), dict(props))
        return self.next_id

    def add_rel(self, rel_type: str, start: int, end: int, **props: Any) -> int:
        self.next_id += 1
        self.rels[self.next_id] = (rel_type, start, end, dict(props))
        return self.next_id

    def all_node_ids(self) -> Iterator[int]:
        return iter(sorted(self.nodes))

    def node_labels(self, node_id: int) -> frozenset[str]:
        return frozenset(self.nodes[node_id][0])

    def node_properties(self, node_id: int) -> dict[str, Any]:
        return dict(self.nodes[node_id][1])

    def all_rels(self) -> Iterator[tuple[int, str, int, int]]:
        for rel_id in sorted(self.rels):
            rel_type, start, end, _props = self.rels[rel_id]
            yield rel_id, rel_type, start, end

    def rel_properties(self, rel_id: int) -> dict[str, Any]:
        return dict(self.rels[rel_id][3])


class FakeCursor:
    def __init__(self, keys: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        self.keys = keys
        self._rows = iter(rows)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        yield from self._rows

    def consume(self) -> None:
        for _row in self._rows:
            pass


class FakeTransaction:
    def __init__(self, db: FakeDatabase, mode: str) -> None:
        self.db = db
        self.mode = mode
        self.graph = copy.deepcopy(db.graph)

    def run(self, query: str, params: dict[str, Any] | None = None) -> FakeCursor:
        handler = self.db.handlers.get(query.strip())
        if handler is None:
            raise CypherSyntaxError("UnexpectedSyntax", f"unknown query {query!r}")
        self.db.log.append(query.strip())
        columns, rows = handler(self.graph, dict(params or {}))
        return FakeCursor(columns, rows)

    def commit(self) -> None:
        if self.mode == "w":
            self.db.graph = self.graph

    def rollback(self) -> None:
        pass


class FakeProcedures:
    def __init__(self) -> None:
        self.registered: list[tuple[Any, ...]] = []

    def register(
        self,
        name: str,
        inputs: list[tuple[str, str]],
        outputs: list[tuple[str, str]],
        rows: list[tuple[Any, ...]],
    ) -> None:
        self.registered.append((name, inputs, outputs, rows))


class FakeDatabase:
    def __init__(self, handlers: dict[str, Handler]) -> None:
        self.handlers = handlers
        self.graph = FakeGraph()
        self.procedures = FakeProcedures()
        self.log: list[str] = []
        self.closed = False

    def begin(self, mode: str = "w") -> FakeTransaction:
        return FakeTransaction(self, mode)

    def close(self) -> None:
        self.closed = True
