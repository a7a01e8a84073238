"""graphbolt embedded: ``graphbolt.engine.Database`` on a durable directory, in this process."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import workload as W

from graphbolt.engine import Database

FAST_BATCH = 10_000
CREATE_RETURNING_ID = (
    "UNWIND $rows AS r CREATE (p:Person {id: r.id, name: r.name, age: r.age}) RETURN id(p)"
)
# Internal ids seek directly (NodeByIdSeek): the fast path needs no property index.
CREATE_KNOWS_BY_ID = (
    "UNWIND $rows AS r MATCH (a) WHERE id(a) = r.s MATCH (b) WHERE id(b) = r.d "
    "CREATE (a)-[:KNOWS {since: r.y}]->(b)"
)


class GraphboltEmbedded(H.Adapter):
    name = "graphbolt"
    durable_note = "durable (one O_DSYNC redo-log write per group commit)"

    def version(self) -> str:
        import graphbolt

        return str(graphbolt.__version__)

    def open(self, path: str) -> None:
        self.db = Database.open(path)

    def close(self) -> None:
        self.db.close()

    def create_index(self) -> None:
        try:
            self.db.run(W.CREATE_INDEX).consume()
        except Exception as exc:
            if "not supported" in str(exc):
                raise H.NotSupported(f"{type(exc).__name__}: {exc}") from exc
            raise

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        """One write transaction: persons in big UNWIND batches, then KNOWS by internal id."""
        try:
            self.create_index()
        except H.NotSupported as exc:
            self.notes.append(f"index on :Person(id) not created, lookups scan the label: {exc}")
        tx = self.db.begin("w")
        try:
            rows = list(wl.person_rows())
            ids: list[int] = []
            for i in range(0, len(rows), FAST_BATCH):
                cur = tx.run(CREATE_RETURNING_ID, {"rows": rows[i : i + FAST_BATCH]})
                ids.extend(r[0] for r in cur.fetch(-1))
            rels = [{"s": ids[s], "d": ids[d], "y": y} for s, d, y in wl.rels]
            for i in range(0, len(rels), FAST_BATCH):
                tx.run(CREATE_KNOWS_BY_ID, {"rows": rels[i : i + FAST_BATCH]}).consume()
            tx.commit()
        except BaseException:
            tx.rollback()
            raise

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        self.db.run(query, {"rows": rows}).consume()

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        db, text = self.db, W.QUERY_TEXT[kind]
        if kind == "stream":
            return lambda _: len(db.run(text, mode="r").fetch(-1))
        if kind == "aggregate":
            return lambda _: db.run(text, mode="r").fetch(-1)
        return lambda i: db.run(text, {"id": i}, mode="r").fetch(-1)

    def commit_one(self, node_id: int) -> None:
        self.db.run(W.CREATE_ONE, {"id": node_id}).consume()


if __name__ == "__main__":
    H.main(GraphboltEmbedded)
