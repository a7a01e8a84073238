"""FalkorDB-lite: FalkorDB inside an embedded redis-server child, AOF fsync on every write."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import workload as W
from redislite.falkordb_client import FalkorDB

FAST_BATCH = 10_000
DURABLE = {"appendonly": "yes", "appendfsync": "always"}
CREATE_INDEX = "CREATE INDEX FOR (p:Person) ON (p.id)"


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            time.sleep(0.05)
            os.kill(pid, 0)  # raises once the process is gone
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


class FalkorLite(H.Adapter):
    name = "falkordblite"
    durable_note = "durable (AOF, appendfsync always)"

    def version(self) -> str:
        from importlib.metadata import version

        return version("falkordblite")

    def open(self, path: str) -> None:
        self.db = FalkorDB(os.path.join(path, "falkor.rdb"), serverconfig=dict(DURABLE))
        self.g = self.db.select_graph("bench")

    def close(self) -> None:
        # redislite daemonizes redis-server and close() leaves it running: stop it here.
        pids = self.extra_pids()
        self.db.close()
        for pid in pids:
            _stop(pid)

    def extra_pids(self) -> list[int]:
        pid = getattr(self.db.client, "pid", None)
        return [pid] if pid else []

    def create_index(self) -> None:
        self.g.query(CREATE_INDEX)

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        """No bulk loader in the lite package: the index first, then big UNWIND batches."""
        self.create_index()
        rows = list(wl.person_rows())
        for i in range(0, len(rows), FAST_BATCH):
            self.g.query(W.UNWIND_PERSONS, {"rows": rows[i : i + FAST_BATCH]})
        rels = list(wl.rel_rows())
        for i in range(0, len(rels), FAST_BATCH):
            self.g.query(W.UNWIND_KNOWS, {"rows": rels[i : i + FAST_BATCH]})

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        self.g.query(query, {"rows": rows})

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        ro, text = self.g.ro_query, W.QUERY_TEXT[kind]
        if kind == "stream":
            return lambda _: len(ro(text).result_set)
        if kind == "aggregate":
            return lambda _: ro(text).result_set
        return lambda i: ro(text, {"id": i}).result_set

    def commit_one(self, node_id: int) -> None:
        self.g.query(W.CREATE_ONE, {"id": node_id})


if __name__ == "__main__":
    H.main(FalkorLite)
