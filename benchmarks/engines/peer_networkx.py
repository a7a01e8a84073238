"""networkx: an in-memory ``DiGraph``, queries written against its API (no query language)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import networkx as nx
import workload as W


class NetworkX(H.Adapter):
    name = "networkx"
    durable_note = "in memory only"

    def version(self) -> str:
        return str(nx.__version__)

    def open(self, path: str) -> None:
        self.g = nx.DiGraph()

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        self.g.add_nodes_from((r["id"], r) for r in wl.person_rows())
        self.g.add_edges_from((s, d, {"since": y}) for s, d, y in wl.rels)

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        g = self.g
        nodes, succ = g.nodes, g.succ
        if kind == "lookup":
            return lambda i: nodes[i]["name"]
        if kind == "one_hop":
            return lambda i: [nodes[d]["name"] for d in succ[i]]
        if kind == "two_hop":
            return lambda i: len({d for a in succ[i] for d in succ[a]})
        if kind == "aggregate":

            def aggregate(_: Any) -> list[tuple[int, int]]:
                counts: Counter[int] = Counter()
                for n, deg in g.out_degree():
                    if deg:
                        counts[nodes[n]["age"]] += deg
                return sorted(counts.items())

            return aggregate
        return lambda _: len([(n, d["name"], d["age"]) for n, d in nodes(data=True)])

    def commit_one(self, node_id: int) -> None:
        raise H.NotSupported("in memory only: no durable commit")

    def concurrent_commits(self, ids_by_client: list[list[int]]) -> None:
        raise H.NotSupported("in memory only: no durable commit")


if __name__ == "__main__":
    H.main(NetworkX)
