"""The plain-Python floor: dicts and lists, hand-written queries, no query language."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import workload as W


class PythonDicts(H.Adapter):
    name = "python-dicts"
    durable_note = "in memory only"

    def version(self) -> str:
        return sys.version.split()[0]

    def open(self, path: str) -> None:
        self.persons: dict[int, dict[str, Any]] = {}
        self.out: dict[int, list[int]] = {}

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        persons = {r["id"]: r for r in wl.person_rows()}
        out: dict[int, list[int]] = {i: [] for i in persons}
        for src, dst, _since in wl.rels:
            out[src].append(dst)
        self.persons, self.out = persons, out

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        persons, out = self.persons, self.out
        if kind == "lookup":
            return lambda i: persons[i]["name"]  # type: ignore[index]
        if kind == "one_hop":
            return lambda i: [persons[d]["name"] for d in out[i]]  # type: ignore[index]
        if kind == "two_hop":
            return lambda i: len({d for a in out[i] for d in out[a]})  # type: ignore[index]
        if kind == "aggregate":

            def aggregate(_: Any) -> list[tuple[int, int]]:
                counts: Counter[int] = Counter()
                for src, targets in out.items():
                    if targets:
                        counts[persons[src]["age"]] += len(targets)
                return sorted(counts.items())

            return aggregate
        return lambda _: len([(p["id"], p["name"], p["age"]) for p in persons.values()])

    def commit_one(self, node_id: int) -> None:
        raise H.NotSupported("in-memory dicts: nothing is durable")

    def concurrent_commits(self, ids_by_client: list[list[int]]) -> None:
        raise H.NotSupported("in-memory dicts: nothing is durable")


if __name__ == "__main__":
    H.main(PythonDicts)
