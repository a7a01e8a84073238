"""``make bench``: graphbolt against its peers, one engine per process, one after another.

Peers are installed into their own virtual environments under ``benchmarks/.venvs/<engine>``
on first use; graphbolt runs with the interpreter that runs this script (the repo's venv).
Each engine writes ``benchmarks/results/<engine>-<scale>.json``; this script prints a table of
medians and of graphbolt's ratio to each peer and writes ``results/bench-<scale>.json``.

    python benchmarks/run.py                       # N = 10,000, every engine
    python benchmarks/run.py --scale 100000 --engines graphbolt,ladybug,python-dicts
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report  # noqa: E402

VENVS = os.path.join(HERE, ".venvs")
RESULTS = os.path.join(HERE, "results")


@dataclass(frozen=True)
class Engine:
    name: str
    script: str
    variant: str = ""
    pip: str = ""  # a peer: installed into its own venv
    needs_312: bool = False


ENGINES = (
    Engine("python-dicts", "python_dicts.py"),
    Engine("graphbolt", "graphbolt_embedded.py"),
    Engine("graphbolt-file-async", "graphbolt_driver.py", variant="file-async"),
    Engine("graphbolt-bolt-async", "graphbolt_driver.py", variant="bolt-async"),
    Engine("graphbolt-bolt-neo4j", "graphbolt_driver.py", variant="bolt-neo4j"),
    Engine("ladybug", "peer_ladybug.py", pip="ladybug==0.22.0"),
    Engine("kuzu", "peer_kuzu.py", pip="kuzu==0.11.3"),
    Engine("grafeo", "peer_grafeo.py", pip="grafeo==0.6.0", needs_312=True),
    Engine("falkordblite", "peer_falkordb.py", pip="falkordblite==0.11.0", needs_312=True),
    Engine("networkx", "peer_networkx.py", pip="networkx"),
)
FORWARDED = (
    "scale",
    "seed",
    "queries",
    "warmup",
    "agg_queries",
    "stream_queries",
    "commits",
    "clients",
    "batch",
    "load_cap",
    "query_budget",
)


def python_312(given: str | None) -> str | None:
    """An interpreter >= 3.12 for the peers (grafeo and FalkorDB-lite need one)."""
    if given:
        return given
    if sys.version_info >= (3, 12):
        return sys.executable
    # pyenv shims exist even when the version is not selected: try the installs themselves.
    pyenv = os.path.expanduser(os.environ.get("PYENV_ROOT", "~/.pyenv"))
    candidates = [shutil.which(n) for n in ("python3.14", "python3.13", "python3.12")]
    candidates += sorted(
        glob.glob(os.path.join(pyenv, "versions", "3.1[2-9]*", "bin", "python3")), reverse=True
    )
    for found in candidates:
        if found and _works(found):
            return found
    return None


def _works(python: str) -> bool:
    try:
        return (
            subprocess.run([python, "-c", "pass"], capture_output=True, timeout=30).returncode == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


def peer_python(engine: Engine, py312: str | None) -> tuple[str | None, str]:
    """The venv interpreter for a peer, created and installed on first use; or why not."""
    base = py312 or (None if engine.needs_312 else sys.executable)
    if base is None:
        return None, "skipped: needs Python >= 3.12 and none was found"
    venv = os.path.join(VENVS, engine.name)
    python = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, ".installed")
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == engine.pip:
                return python, ""
    print(f"[bench] installing {engine.pip} into {os.path.relpath(venv)}", flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    steps = ([base, "-m", "venv", venv], [python, "-m", "pip", "install", "-q", engine.pip])
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"skipped: {' '.join(cmd[-2:])} failed: {done.stderr.strip()[-300:]}"
    with open(stamp, "w") as f:
        f.write(engine.pip)
    return python, ""


def last_result(engine: Engine, scale: int) -> dict[str, Any]:
    """The result an earlier run left for ``engine`` at ``scale`` (``--report-only``)."""
    path = os.path.join(RESULTS, f"{engine.name}-{scale}.json")
    if not os.path.exists(path):
        return {"engine": engine.name, "not_run": "no earlier result at this scale"}
    with open(path) as f:
        result: dict[str, Any] = json.load(f)
    return result


def run_engine(engine: Engine, python: str, args: argparse.Namespace) -> dict[str, Any]:
    out = os.path.join(RESULTS, f"{engine.name}-{args.scale}.json")
    log = os.path.join(RESULTS, f"{engine.name}-{args.scale}.log")
    cmd = [python, os.path.join(HERE, "engines", engine.script), "--out", out]
    for key in FORWARDED:
        cmd += [f"--{key.replace('_', '-')}", str(getattr(args, key))]
    if engine.variant:
        cmd += ["--variant", engine.variant]
    if args.skip_unwind:
        cmd.append("--skip-unwind")
    if os.path.exists(out):
        os.remove(out)
    start = time.perf_counter()
    try:
        with open(log, "w") as logf:
            subprocess.run(
                cmd,
                stdout=logf,
                stderr=subprocess.STDOUT,
                timeout=args.engine_timeout,
                env={**os.environ, "PYTHONPATH": HERE},
            )
    except subprocess.TimeoutExpired:
        return {"engine": engine.name, "error": f"timed out after {args.engine_timeout}s"}
    if not os.path.exists(out):
        return {"engine": engine.name, "error": f"no result (see {os.path.relpath(log)})"}
    with open(out) as f:
        result: dict[str, Any] = json.load(f)
    result["wall_s"] = round(time.perf_counter() - start, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument(
        "--engines",
        default=",".join(e.name for e in ENGINES),
        help="comma-separated subset (default: all)",
    )
    p.add_argument("--scale", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--queries", type=int, default=2000)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--agg-queries", type=int, default=20)
    p.add_argument("--stream-queries", type=int, default=5)
    p.add_argument("--commits", type=int, default=2000)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--load-cap", type=float, default=300.0)
    p.add_argument("--query-budget", type=float, default=60.0)
    p.add_argument("--engine-timeout", type=float, default=3600.0)
    p.add_argument("--skip-unwind", action="store_true")
    p.add_argument("--peer-python", default=None, help="Python >= 3.12 for the peers' venvs")
    p.add_argument(
        "--report-only",
        action="store_true",
        help="run nothing: render the table from the engines' last results at this scale",
    )
    args = p.parse_args(argv)
    wanted = [n.strip() for n in args.engines.split(",") if n.strip()]
    unknown = set(wanted) - {e.name for e in ENGINES}
    if unknown:
        p.error(f"unknown engines: {', '.join(sorted(unknown))}")
    os.makedirs(RESULTS, exist_ok=True)
    py312 = python_312(args.peer_python)
    results = []
    for engine in (e for e in ENGINES if e.name in wanted):
        python, why = peer_python(engine, py312) if engine.pip else (sys.executable, "")
        if python is None:
            results.append({"engine": engine.name, "not_run": why})
            continue
        if args.report_only:
            results.append(last_result(engine, args.scale))
            continue
        print(f"[bench] {engine.name} (N={args.scale:,}) ...", flush=True)
        results.append(run_engine(engine, python, args))
    combined = {"scale": args.scale, "seed": args.seed, "args": vars(args), "engines": results}
    path = os.path.join(RESULTS, f"bench-{args.scale}.json")
    with open(path, "w") as f:
        json.dump(combined, f, indent=1)
    print(report.render(results))
    print(f"\nJSON: {os.path.relpath(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
