"""Shared adapter for kuzu and its fork Ladybug: same Cypher dialect, same Python API.

Schema with ``PRIMARY KEY (id)`` (their index on ``:Person(id)``); fast load is ``COPY FROM``
the generated CSV files; queries are parameterised (prepared once, executed many times).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import workload as W

SCHEMA = (
    "CREATE NODE TABLE Person(id INT64, name STRING, age INT64, PRIMARY KEY (id))",
    "CREATE REL TABLE KNOWS(FROM Person TO Person, since INT64)",
)
# The one Cypher difference that matters here: no ORDER BY on an unprojected alias issue, but
# kuzu wants the aggregate's grouping key projected; the workload query already does that.
WRITE_CONFLICT = ("write transaction", "Only one write")


class KuzuFamily(H.Adapter):
    module: ModuleType
    prepare_explicitly = True  # kuzu: prepare once; Ladybug caches prepared statements itself

    def version(self) -> str:
        return str(getattr(self.module, "__version__", "?"))

    def open(self, path: str) -> None:
        self.db = self.module.Database(os.path.join(path, "db"))
        self.conn = self.module.Connection(self.db)
        for ddl in SCHEMA:
            self.conn.execute(ddl)

    def close(self) -> None:
        self.conn.close()
        self.db.close()

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        persons, knows = wl.write_csv(tmp)
        self.conn.execute(f"COPY Person FROM '{persons}' (header=false)")
        self.conn.execute(f"COPY KNOWS FROM '{knows}' (header=false)")

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        self.conn.execute(query, {"rows": rows})

    def _runner(self, conn: Any, text: str) -> Callable[[dict[str, Any]], list[Any]]:
        if self.prepare_explicitly:
            stmt = conn.prepare(text)
            return lambda params: conn.execute(stmt, params).get_all()
        return lambda params: conn.execute(text, params).get_all()

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        text = W.QUERY_TEXT[kind]
        if kind in W.POINT_QUERIES:
            run = self._runner(self.conn, text)
            return lambda i: run({"id": i})
        if kind == "stream":
            return lambda _: len(self.conn.execute(text).get_all())
        return lambda _: self.conn.execute(text).get_all()

    def commit_one(self, node_id: int) -> None:
        self._commit_fn(self.conn)(node_id)

    def _commit_fn(self, conn: Any) -> Callable[[int], None]:
        run = self._runner(conn, W.CREATE_ONE)

        def commit(node_id: int) -> None:
            while True:  # one writer at a time: a busy writer is retried, as a client would
                try:
                    run({"id": node_id})
                    return
                except RuntimeError as exc:
                    if not any(s in str(exc) for s in WRITE_CONFLICT):
                        raise
                    self.retries += 1
                    time.sleep(0.0001)

        return commit

    retries = 0

    def client(self) -> Callable[[int], None]:
        # One write transaction at a time: retrying clients starve each other (Ladybug
        # livelocked with 32), so clients queue on a lock, as an application would.
        commit = self._commit_fn(self.module.Connection(self.db))
        lock = self._write_lock

        def queued(node_id: int) -> None:
            with lock:
                commit(node_id)

        return queued

    def concurrent_commits(self, ids_by_client: list[list[int]]) -> None:
        self._write_lock = threading.Lock()
        super().concurrent_commits(ids_by_client)
        self.notes.append("concurrent clients: one writer at a time, queued on a client-side lock")
        if self.retries:
            self.notes.append(f"{self.retries} write-conflict retries in concurrent commits")
