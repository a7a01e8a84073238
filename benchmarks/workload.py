"""The benchmark workload: a seeded social graph, its queries, and the answer checker.

Stdlib only: every engine adapter imports this module inside its own virtual environment.

The graph: ``n`` ``Person`` nodes with ``id`` (0..n-1), ``name`` (``person<i>``) and ``age``;
``10 * n`` distinct ``KNOWS`` relationships without self loops, each with a ``since`` year.
The same seed gives the same graph, the same query parameters and the same answers everywhere.
"""

from __future__ import annotations

import csv
import os
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

LOOKUP = "MATCH (p:Person {id: $id}) RETURN p.name"
ONE_HOP = "MATCH (p:Person {id: $id})-[:KNOWS]->(f) RETURN f.name"
TWO_HOP = "MATCH (p:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(fof) RETURN count(DISTINCT fof)"
AGGREGATE = "MATCH (p:Person)-[:KNOWS]->(f) RETURN p.age, count(*) ORDER BY p.age"
STREAM = "MATCH (p:Person) RETURN p.id, p.name, p.age"
CREATE_ONE = "CREATE (:Person {id: $id})"
CREATE_INDEX = "CREATE INDEX person_id IF NOT EXISTS FOR (p:Person) ON (p.id)"
UNWIND_PERSONS = "UNWIND $rows AS r CREATE (:Person {id: r.id, name: r.name, age: r.age})"
UNWIND_KNOWS = (
    "UNWIND $rows AS r MATCH (a:Person {id: r.src}) MATCH (b:Person {id: r.dst}) "
    "CREATE (a)-[:KNOWS {since: r.since}]->(b)"
)

# Query kinds, in the order the harness runs them.
POINT_QUERIES = ("lookup", "one_hop", "two_hop")
QUERY_TEXT = {
    "lookup": LOOKUP,
    "one_hop": ONE_HOP,
    "two_hop": TWO_HOP,
    "aggregate": AGGREGATE,
    "stream": STREAM,
}
REL_FACTOR = 10


@dataclass
class Workload:
    """The generated data plus everything needed to check answers."""

    n: int
    seed: int
    ages: list[int]
    rels: list[tuple[int, int, int]]  # (src id, dst id, since)
    out: list[list[int]] = field(default_factory=list)  # out-neighbour ids by source id

    @property
    def rel_count(self) -> int:
        return len(self.rels)

    @staticmethod
    def name(i: int) -> str:
        return f"person{i}"

    # -- rows in the shapes loaders want --------------------------------------------------------
    def person_rows(self) -> Iterator[dict[str, Any]]:
        for i, age in enumerate(self.ages):
            yield {"id": i, "name": f"person{i}", "age": age}

    def rel_rows(self) -> Iterator[dict[str, Any]]:
        for src, dst, since in self.rels:
            yield {"src": src, "dst": dst, "since": since}

    def write_csv(self, directory: str) -> tuple[str, str]:
        """Write ``persons.csv`` (id,name,age) and ``knows.csv`` (src,dst,since); no header."""
        persons = os.path.join(directory, "persons.csv")
        knows = os.path.join(directory, "knows.csv")
        with open(persons, "w", newline="") as f:
            w = csv.writer(f)
            w.writerows((i, f"person{i}", age) for i, age in enumerate(self.ages))
        with open(knows, "w", newline="") as f:
            csv.writer(f).writerows(self.rels)
        return persons, knows

    # -- query parameters and expected answers --------------------------------------------------
    def query_ids(self, count: int, salt: int = 1) -> list[int]:
        rng = random.Random(self.seed * 1_000_003 + salt)
        return [rng.randrange(self.n) for _ in range(count)]

    def expected(self, kind: str, param: int | None) -> Any:
        """The canonical answer of one query (see ``normalize`` for the engine side)."""
        if kind == "lookup":
            return f"person{param}"
        if kind == "one_hop":
            return sorted(f"person{d}" for d in self.out[param])  # type: ignore[index]
        if kind == "two_hop":
            out = self.out
            return len({d for a in out[param] for d in out[a]})  # type: ignore[index]
        if kind == "aggregate":
            return self.expected_aggregate()
        if kind == "stream":
            return self.n
        raise ValueError(kind)

    def expected_aggregate(self) -> list[tuple[int, int]]:
        counts: Counter[int] = Counter()
        for src, targets in enumerate(self.out):
            if targets:
                counts[self.ages[src]] += len(targets)
        return sorted(counts.items())


def normalize(kind: str, answer: Any) -> Any:
    """Bring an adapter's answer to the canonical shape of ``Workload.expected``.

    Adapters return: lookup -> the name (or a one-row, one-column result); one_hop -> an
    iterable of names; two_hop -> the count; aggregate -> rows of (age, count); stream -> the
    number of rows.
    """
    if kind == "lookup":
        while isinstance(answer, (list, tuple)) and len(answer) == 1:
            answer = answer[0]
        return answer
    if kind == "one_hop":
        return sorted(_scalar(x) for x in answer)
    if kind == "two_hop":
        return int(_scalar(answer))
    if kind == "aggregate":
        return [(int(a), int(c)) for a, c in answer]
    return answer


def _scalar(x: Any) -> Any:
    while isinstance(x, (list, tuple)) and len(x) == 1:
        x = x[0]
    return x


def check(wl: Workload, kind: str, params: list[Any], answers: list[Any]) -> int:
    """Number of wrong answers (an exception while normalizing counts as wrong)."""
    wrong = 0
    for param, answer in zip(params, answers):
        try:
            ok = normalize(kind, answer) == wl.expected(kind, param)
        except Exception:
            ok = False
        wrong += not ok
    return wrong


def generate(n: int, seed: int = 42) -> Workload:
    """The graph for ``n`` persons: deterministic for a given ``(n, seed)``."""
    if n < 2:
        raise ValueError("need at least 2 persons")
    rng = random.Random(seed)
    ages = [rng.randint(18, 90) for _ in range(n)]
    want = min(REL_FACTOR * n, n * (n - 1))
    seen: set[int] = set()
    rels: list[tuple[int, int, int]] = []
    randrange, randint = rng.randrange, rng.randint
    while len(rels) < want:
        src, dst = randrange(n), randrange(n)
        key = src * n + dst
        if src == dst or key in seen:
            continue
        seen.add(key)
        rels.append((src, dst, randint(1990, 2025)))
    out: list[list[int]] = [[] for _ in range(n)]
    for src, dst, _ in rels:
        out[src].append(dst)
    return Workload(n=n, seed=seed, ages=ages, rels=rels, out=out)
