"""What every engine adapter shares: the phases, the timing, the memory probe, the JSON.

Stdlib only (adapters run inside each engine's own virtual environment). An adapter subclasses
``Adapter``, implements the engine calls, and ends with ``main(MyAdapter)``.

Phases, in order, each recorded even when another fails:
  1. fast load into a fresh store (the engine's fastest path), resident memory after it;
  2. lookup, one_hop, two_hop (warm-up, then ``--queries`` parameterised queries each),
     aggregate (``--agg-queries``), stream (all persons, records/s); answers are checked;
  3. single-row durable commits, one client, then ``--clients`` concurrent clients;
  4. Cypher ``UNWIND`` batch load into a second fresh store (``--batch`` rows a batch).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import workload as W

SINGLE_ID_BASE = 1_000_000_000  # ids of benchmark-created nodes: never clash with the graph
CONCURRENT_ID_BASE = 2_000_000_000


class NotSupported(Exception):
    """The engine has no way to do this phase; the message says why (shown as 'not run')."""


class Adapter:
    """One engine. Override the calls; the defaults raise ``NotSupported``."""

    name = "engine"
    durable_note = "durable"  # said next to the commit numbers

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.notes: list[str] = []

    # -- lifecycle --------------------------------------------------------------------------
    def version(self) -> str:
        return "?"

    def open(self, path: str) -> None:
        """Open a fresh, empty store in directory ``path`` (it exists and is empty)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def extra_pids(self) -> list[int]:
        """Other processes whose memory belongs to the engine (a server, say)."""
        return []

    # -- loading ----------------------------------------------------------------------------
    def load_fast(self, wl: W.Workload, tmp: str) -> None:
        raise NotSupported("no fast path")

    def write_batch(self, query: str, rows: list[dict[str, Any]]) -> None:
        """Run one ``UNWIND $rows`` write query in its own committed transaction."""
        raise NotSupported("no Cypher UNWIND")

    def create_index(self) -> None:
        """Index ``:Person(id)`` before an UNWIND load (no-op where the schema has a key)."""

    # -- queries: return raw answers, ``workload.normalize`` shapes them ---------------------
    def query(self, kind: str, param: int | None) -> Any:
        raise NotImplementedError

    def query_fn(self, kind: str) -> Callable[[int | None], Any]:
        """The fastest callable for one query kind (adapters may bind prepared statements)."""
        return lambda p: self.query(kind, p)

    def measure(
        self, kind: str, params: list[Any], warmup: list[Any], budget_s: float
    ) -> tuple[list[int], list[Any], float]:
        """Time one query kind (``kind == "commit"``: ``commit_one``); see ``time_calls``.

        Async adapters override this to run the loop inside their event loop."""
        fn = self.commit_one if kind == "commit" else self.query_fn(kind)
        return time_calls(fn, params, warmup, budget_s)

    # -- commits ----------------------------------------------------------------------------
    def commit_one(self, node_id: int) -> None:
        raise NotSupported("no durable single-row commit")

    def client(self) -> Callable[[int], None]:
        """A commit function with its own connection, for one concurrent client."""
        return self.commit_one

    def concurrent_commits(self, ids_by_client: list[list[int]]) -> None:
        """Default: one thread per client, all started together."""
        fns = [self.client() for _ in ids_by_client]
        barrier = threading.Barrier(len(ids_by_client))
        errors: list[BaseException] = []

        def work(fn: Callable[[int], None], ids: list[int]) -> None:
            barrier.wait()
            try:
                for i in ids:
                    fn(i)
            except BaseException as exc:  # reported after join
                errors.append(exc)

        threads = [threading.Thread(target=work, args=a) for a in zip(fns, ids_by_client)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]


# -- measuring ---------------------------------------------------------------------------------
def rss_mb(pids: Sequence[int] = ()) -> float:
    """Resident memory of this process plus ``pids``, in MiB (Linux ``/proc``)."""
    total = 0
    for pid in ("self", *pids):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


def summarize(lat_ns: list[int], total_s: float) -> dict[str, Any]:
    lat = sorted(lat_ns)
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    return {
        "n": len(lat),
        "median_us": round(statistics.median(lat) / 1000, 2),
        "p95_us": round(p95 / 1000, 2),
        "per_s": round(len(lat) / total_s, 1) if total_s > 0 else None,
    }


def time_calls(
    fn: Callable[[Any], Any], params: list[Any], warmup: list[Any], budget_s: float
) -> tuple[list[int], list[Any], float]:
    """Per-call latencies (ns), answers, and wall time; stops early past ``budget_s``."""
    for p in warmup:
        fn(p)
    clock = time.perf_counter_ns
    lat: list[int] = []
    answers: list[Any] = []
    deadline = clock() + int(budget_s * 1e9)
    start = clock()
    for p in params:
        t = clock()
        answers.append(fn(p))
        end = clock()
        lat.append(end - t)
        if end > deadline:
            break
    return lat, answers, (clock() - start) / 1e9


def settle() -> None:
    """Start a timed phase from a collected heap, for every engine alike. The harness itself
    holds the generated workload (a million relationship tuples): a full collection that
    happens to fall inside a phase would otherwise charge that traversal to the engine."""
    gc.collect()


# -- phases ------------------------------------------------------------------------------------
def phase_queries(ad: Adapter, wl: W.Workload, a: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in (*W.POINT_QUERIES, "aggregate", "stream"):
        try:
            if kind in W.POINT_QUERIES:
                params: list[Any] = wl.query_ids(a.queries, salt=1)
                warm: list[Any] = wl.query_ids(a.warmup, salt=2)
            else:
                count = a.agg_queries if kind == "aggregate" else a.stream_queries
                params, warm = [None] * count, [None] * max(1, count // 10)
            settle()
            lat, answers, total = ad.measure(kind, params, warm, a.query_budget)
            res = summarize(lat, total)
            res["wrong"] = W.check(wl, kind, params[: len(answers)], answers)
            if kind == "stream":
                res["records_per_s"] = round(wl.n * len(lat) / total, 1)
            if len(lat) < len(params):
                res["note"] = f"stopped after {len(lat)} of {len(params)}: {a.query_budget}s budget"
            out[kind] = res
        except NotSupported as exc:
            out[kind] = {"not_run": str(exc)}
        except Exception as exc:
            out[kind] = {"error": _err(exc)}
    return out


def phase_commits(ad: Adapter, a: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {"durability": ad.durable_note}
    try:
        ids = list(range(SINGLE_ID_BASE, SINGLE_ID_BASE + a.commits))
        settle()
        lat, _, total = ad.measure("commit", ids, [], a.query_budget)
        out["single"] = summarize(lat, total)
    except NotSupported as exc:
        out["single"] = {"not_run": str(exc)}
    except Exception as exc:
        out["single"] = {"error": _err(exc)}
    try:
        per = max(1, a.commits // a.clients)
        base = CONCURRENT_ID_BASE
        groups = [list(range(base + c * per, base + (c + 1) * per)) for c in range(a.clients)]
        settle()
        start = time.perf_counter()
        ad.concurrent_commits(groups)
        total = time.perf_counter() - start
        n = per * a.clients
        out["concurrent"] = {"clients": a.clients, "n": n, "per_s": round(n / total, 1)}
    except NotSupported as exc:
        out["concurrent"] = {"not_run": str(exc)}
    except Exception as exc:
        out["concurrent"] = {"error": _err(exc)}
    return out


def load_unwind(ad: Adapter, wl: W.Workload, a: argparse.Namespace) -> dict[str, Any]:
    """Cypher UNWIND batches: persons, index, relationships; extrapolated past the cap."""
    res: dict[str, Any] = {"batch": a.batch}
    deadline = time.perf_counter() + a.load_cap
    start = time.perf_counter()
    done = _batches(ad, W.UNWIND_PERSONS, list(wl.person_rows()), a.batch, deadline)
    res["persons_s"] = round(time.perf_counter() - start, 3)
    if done < wl.n:
        return _capped(res, "persons", done, wl.n, start)
    try:
        ad.create_index()
        res["index"] = "created"
    except NotSupported as exc:
        res["index"] = f"not supported: {exc}"
    except Exception as exc:
        res["index"] = f"failed: {_err(exc)}"
    rel_start = time.perf_counter()
    done = _batches(ad, W.UNWIND_KNOWS, list(wl.rel_rows()), a.batch, deadline)
    res["rels_s"] = round(time.perf_counter() - rel_start, 3)
    if done < wl.rel_count:
        return _capped(res, "relationships", done, wl.rel_count, rel_start)
    res["seconds"] = round(time.perf_counter() - start, 3)
    return res


def _batches(ad: Adapter, query: str, rows: list[Any], size: int, deadline: float) -> int:
    done = 0
    for i in range(0, len(rows), size):
        ad.write_batch(query, rows[i : i + size])
        done = min(len(rows), i + size)
        if time.perf_counter() > deadline:
            break
    return done


def _capped(res: dict[str, Any], what: str, done: int, total: int, start: float) -> dict[str, Any]:
    spent = time.perf_counter() - start
    res["incomplete"] = f"{what}: {done} of {total} rows in {spent:.1f}s (load cap)"
    if done:
        res["extrapolated_" + ("rels_s" if what == "relationships" else "persons_s")] = round(
            spent * total / done, 1
        )
    return res


def _err(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def _fresh_dir(root: str, name: str) -> str:
    path = os.path.join(root, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def run(ad: Adapter, a: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"engine": ad.name, "python": platform.python_version()}
    result["version"] = ad.version()
    t = time.perf_counter()
    wl = W.generate(a.scale, a.seed)
    result["scale"] = {"persons": wl.n, "knows": wl.rel_count, "seed": a.seed}
    result["generate_s"] = round(time.perf_counter() - t, 2)
    root = tempfile.mkdtemp(prefix=f"bench-{ad.name}-", dir=a.workdir)
    try:
        result.update(_main_phases(ad, wl, a, root))
        if not a.skip_unwind:
            result["load_unwind"] = _unwind_phase(ad, wl, a, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    result["notes"] = ad.notes
    return result


def _main_phases(ad: Adapter, wl: W.Workload, a: argparse.Namespace, root: str) -> dict:
    out: dict[str, Any] = {}
    rss0 = rss_mb()
    ad.open(_fresh_dir(root, "main"))
    try:
        start = time.perf_counter()
        try:
            ad.load_fast(wl, _fresh_dir(root, "csv"))
            out["load_fast"] = {"seconds": round(time.perf_counter() - start, 3)}
        except NotSupported as exc:
            out["load_fast"] = {"not_run": str(exc)}
            out["load_unwind"] = load_unwind(ad, wl, a)  # the store still needs the data
            a.skip_unwind = True
        # Resident memory of what the load keeps, not of garbage awaiting a collection (one
        # collection moved graphbolt's figure by 70 MiB between otherwise equal runs).
        settle()
        out["rss_mb"] = {"before_load": rss0, "after_load": rss_mb(ad.extra_pids())}
        out["queries"] = phase_queries(ad, wl, a)
        out["commits"] = phase_commits(ad, a)
    finally:
        ad.close()
    return out


def _unwind_phase(ad: Adapter, wl: W.Workload, a: argparse.Namespace, root: str) -> dict:
    try:
        ad.open(_fresh_dir(root, "unwind"))
    except Exception as exc:
        return {"error": _err(exc)}
    try:
        return load_unwind(ad, wl, a)
    except NotSupported as exc:
        return {"not_run": str(exc)}
    except Exception as exc:
        return {"error": _err(exc)}
    finally:
        ad.close()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="run the graph benchmark for one engine")
    p.add_argument("--scale", type=int, default=10_000, help="Person nodes (10x relationships)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--queries", type=int, default=2000, help="timed queries per point query")
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--agg-queries", type=int, default=20)
    p.add_argument("--stream-queries", type=int, default=5)
    p.add_argument("--commits", type=int, default=2000)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--batch", type=int, default=1000, help="UNWIND batch size")
    p.add_argument("--load-cap", type=float, default=300.0, help="seconds before extrapolating")
    p.add_argument("--query-budget", type=float, default=60.0, help="seconds per query kind")
    p.add_argument("--skip-unwind", action="store_true")
    p.add_argument("--variant", default="", help="adapter-specific variant (e.g. the driver)")
    p.add_argument("--workdir", default=None, help="where temporary stores go")
    p.add_argument("--out", default=None, help="JSON result file (default: stdout)")
    return p


def main(adapter_cls: type[Adapter], argv: list[str] | None = None) -> None:
    a = parser().parse_args(argv)
    try:
        ad = adapter_cls(a)
        result = run(ad, a)
    except NotSupported as exc:
        result = {"engine": adapter_cls.name, "not_run": str(exc)}
    except Exception as exc:
        traceback.print_exc()
        result = {"engine": adapter_cls.name, "error": _err(exc)}
    text = json.dumps(result, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")
