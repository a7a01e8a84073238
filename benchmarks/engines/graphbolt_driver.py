"""graphbolt through a Neo4j-style async driver, one adapter for three variants.

``--variant``:
  file-async    graphbolt's ``AsyncGraphDatabase`` on ``file:///dir`` (in this process);
  bolt-async    graphbolt's ``AsyncGraphDatabase`` over Bolt to ``graphbolt serve``;
  bolt-neo4j    the official (pure-Python) ``neo4j.AsyncGraphDatabase`` to ``graphbolt serve``.
The same async code drives both libraries (graphbolt's driver has the official API), so the
Bolt rows compare the drivers and nothing else. Timing loops run inside the event loop.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import harness as H
import workload as W

AUTH = ("neo4j", "benchmark-password")
FAST_BATCH = 10_000
CREATE_RETURNING_ID = (
    "UNWIND $rows AS r CREATE (p:Person {id: r.id, name: r.name, age: r.age}) RETURN id(p)"
)
CREATE_KNOWS_BY_ID = (
    "UNWIND $rows AS r MATCH (a) WHERE id(a) = r.s MATCH (b) WHERE id(b) = r.d "
    "CREATE (a)-[:KNOWS {since: r.y}]->(b)"
)
VARIANTS = ("file-async", "bolt-async", "bolt-neo4j")


class GraphboltDriver(H.Adapter):
    durable_note = "durable (one O_DSYNC redo-log write per group commit)"

    def __init__(self, args: Any) -> None:
        super().__init__(args)
        self.variant = args.variant or "file-async"
        if self.variant not in VARIANTS:
            raise ValueError(f"--variant must be one of {VARIANTS}")
        self.name = f"graphbolt-{self.variant}"
        self.lib: Any = __import__("neo4j" if self.variant == "bolt-neo4j" else "graphbolt")
        self.loop = asyncio.new_event_loop()
        self.server: subprocess.Popen[bytes] | None = None

    def version(self) -> str:
        return f"{self.lib.__name__} {self.lib.__version__}"

    # -- lifecycle ------------------------------------------------------------------------------
    def open(self, path: str) -> None:
        if self.variant == "file-async":
            uri, auth = f"file://{os.path.abspath(path)}/db", None
        else:
            uri, auth = self._start_server(path), AUTH
        try:
            self.driver = self.lib.AsyncGraphDatabase.driver(uri, auth=auth)
            self.loop.run_until_complete(self.driver.verify_connectivity())
        except Exception as exc:
            self._stop_server()
            if "not available" in str(exc):
                raise H.NotSupported(f"{type(exc).__name__}: {exc}") from exc
            raise

    def _start_server(self, path: str) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        exe = os.path.join(os.path.dirname(sys.executable), "graphbolt")
        log = open(os.path.join(path, "server.log"), "wb")  # noqa: SIM115 - the server owns it
        self.server = subprocess.Popen(
            [
                exe,
                "serve",
                "--listen",
                f"127.0.0.1:{port}",
                "--data",
                os.path.join(path, "db"),
                "--auth",
                "/".join(AUTH),
                "--log-level",
                "WARNING",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return f"bolt://127.0.0.1:{port}"
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f"graphbolt serve did not start (see {path}/server.log)")

    def close(self) -> None:
        try:
            self.loop.run_until_complete(self.driver.close())
        finally:
            self._stop_server()

    def _stop_server(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=5)
            except subprocess.TimeoutExpired:  # it ignored SIGTERM: say so, then make sure
                self.notes.append("graphbolt serve did not exit within 5 s of SIGTERM: killed")
                self.server.kill()
                self.server.wait(timeout=10)
            self.server = None

    def extra_pids(self) -> list[int]:
        return [self.server.pid] if self.server is not None else []

    # -- loading --------------------------------------------------------------------------------
    def _run(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        async def go() -> list[list[Any]]:
            async with self.driver.session() as s:
                return list(await (await s.run(query, params or {})).values())

        return self.loop.run_until_complete(go())

    def create_index(self) -> None:
        try:
            self._run(W.CREATE_INDEX)
        except Exception as exc:
            if "not supported" in str(exc):
                raise H.NotSupported(f"{type(exc).__name__}: {exc}") from exc
            raise

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        self._run(query, {"rows": rows})

    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        """One explicit transaction: persons in big batches, KNOWS by internal id."""
        try:
            self.create_index()
        except H.NotSupported as exc:
            self.notes.append(f"index on :Person(id) not created: {exc}")
        self.loop.run_until_complete(self._load_fast(wl))

    async def _load_fast(self, wl: W.Workload) -> None:
        async with self.driver.session() as s:
            tx = await s.begin_transaction()
            rows = list(wl.person_rows())
            ids: list[int] = []
            for i in range(0, len(rows), FAST_BATCH):
                res = await tx.run(CREATE_RETURNING_ID, {"rows": rows[i : i + FAST_BATCH]})
                ids.extend(v[0] for v in await res.values())
            rels = [{"s": ids[s], "d": ids[d], "y": y} for s, d, y in wl.rels]
            for i in range(0, len(rels), FAST_BATCH):
                await (
                    await tx.run(CREATE_KNOWS_BY_ID, {"rows": rels[i : i + FAST_BATCH]})
                ).consume()
            await tx.commit()

    # -- measuring ------------------------------------------------------------------------------
    def measure(
        self, kind: str, params: list[Any], warmup: list[Any], budget_s: float
    ) -> tuple[list[int], list[Any], float]:
        return self.loop.run_until_complete(self._measure(kind, params, warmup, budget_s))

    async def _measure(
        self, kind: str, params: list[Any], warmup: list[Any], budget_s: float
    ) -> tuple[list[int], list[Any], float]:
        access = "WRITE" if kind == "commit" else "READ"
        async with self.driver.session(default_access_mode=access) as s:
            fn = self._call(s, kind)
            for p in warmup:
                await fn(p)
            clock = time.perf_counter_ns
            lat: list[int] = []
            answers: list[Any] = []
            deadline = clock() + int(budget_s * 1e9)
            start = clock()
            for p in params:
                t = clock()
                answers.append(await fn(p))
                end = clock()
                lat.append(end - t)
                if end > deadline:
                    break
            return lat, answers, (clock() - start) / 1e9

    def _call(self, s: Any, kind: str) -> Callable[[Any], Awaitable[Any]]:
        text = W.CREATE_ONE if kind == "commit" else W.QUERY_TEXT[kind]

        async def call(p: Any) -> Any:
            res = await s.run(text, {"id": p} if p is not None else {})
            if kind == "commit":
                return await res.consume()
            rows = await res.values()
            return len(rows) if kind == "stream" else rows

        return call

    def concurrent_commits(self, ids_by_client: list[list[int]]) -> None:
        async def client(ids: list[int]) -> None:
            async with self.driver.session() as s:
                for i in ids:
                    await (await s.run(W.CREATE_ONE, {"id": i})).consume()

        async def all_clients() -> None:
            await asyncio.gather(*(client(ids) for ids in ids_by_client))

        self.loop.run_until_complete(all_clients())


def main() -> None:
    a = H.parser().parse_args()

    class Variant(GraphboltDriver):
        name = f"graphbolt-{a.variant or 'file-async'}"

    H.main(Variant)


if __name__ == "__main__":
    main()
