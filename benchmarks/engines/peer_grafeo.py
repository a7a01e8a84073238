"""grafeo (Rust) embedded, persistent directory, Cypher through ``execute_cypher``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import grafeo
import harness as H
import workload as W

FAST_BATCH = 100_000


class Grafeo(H.Adapter):
    name = "grafeo"
    # GrafeoDB(path) keeps a WAL but its Python constructor offers no per-commit fsync option.
    durable_note = "WAL without per-commit fsync (not durable per commit)"

    def version(self) -> str:
        return str(grafeo.__version__)

    def open(self, path: str) -> None:
        self.db = grafeo.GrafeoDB(os.path.join(path, "graph"))

    def close(self) -> None:
        self.db.close()

    def create_index(self) -> None:
        self.db.create_property_index("id")

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        """Native batch calls: nodes with property maps, then edges by the returned ids."""
        rows = list(wl.person_rows())
        ids: list[int] = []
        for i in range(0, len(rows), FAST_BATCH):
            ids.extend(self.db.batch_create_nodes_with_props("Person", rows[i : i + FAST_BATCH]))
        edges = [(ids[s], ids[d], "KNOWS", {"since": y}) for s, d, y in wl.rels]
        for i in range(0, len(edges), FAST_BATCH):
            self.db.batch_create_edges(edges[i : i + FAST_BATCH])
        self.create_index()

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        self.db.execute_cypher(query, {"rows": rows})

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        run, text = self.db.execute_cypher, W.QUERY_TEXT[kind]
        if kind == "stream":
            return lambda _: len([tuple(r.values()) for r in run(text)])
        if kind == "aggregate":
            return lambda _: [tuple(r.values()) for r in run(text)]
        return lambda i: [tuple(r.values()) for r in run(text, {"id": i})]

    def commit_one(self, node_id: int) -> None:
        self.db.execute_cypher(W.CREATE_ONE, {"id": node_id})


if __name__ == "__main__":
    H.main(Grafeo)
