"""Driver decoding: stream one large result over Bolt through each driver, records/s.

Starts ``graphbolt serve`` (temporary data directory, a free port on 127.0.0.1) and has each
client stream ONE result of ``--rows`` rows of an int, a string and a float, ``--runs`` times,
each client in its own process:

  raw-bolt, raw-bolt-1000  the server's production rate: a raw Bolt client that frames
                           messages and counts RECORDs without decoding them (``PULL -1``,
                           then ``PULL 1000`` batches as the drivers do): the ceiling;
  graphbolt-async/-sync    graphbolt's ``AsyncGraphDatabase`` / ``GraphDatabase``;
  neo4j-async/-sync        the official driver, pure Python (the repo venv's ``neo4j``);
  neo4j-rust-async/-sync   the official driver with ``neo4j-rust-ext`` (its own venv,
                           ``benchmarks/.venvs/neo4j-rust-ext``, created on first use);
  *-all                    the same with ``fetch_size=-1`` (one PULL for everything).

Drivers consume records the ordinary way (``async for record in result`` reading the three
values by position) with the default fetch size. The table gives the median records/s (and
the spread), the median time to the first record, and graphbolt-async's ratio to the
official async driver, pure Python (the issue's target: >= 2x) and with the Rust extension.

    python benchmarks/stream.py                          # 1,000,000 rows, 3 runs, every client
    python benchmarks/stream.py --rows 100000 --runs 5 --clients graphbolt-async,neo4j-async
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.metadata
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venvs", "neo4j-rust-ext")
RESULTS = os.path.join(HERE, "results")
AUTH = ("neo4j", "benchmark-password")
QUERY = "UNWIND range(1, $n) AS i RETURN i, 'person' + toString(i) AS name, toFloat(i) / 7 AS score"
WARMUP_ROWS = 2000

# name -> (kind, library, fetch size); kind: raw | async | sync. None: the driver's default.
CLIENTS: dict[str, tuple[str, str, int | None]] = {
    "raw-bolt": ("raw", "graphbolt", -1),
    "raw-bolt-1000": ("raw", "graphbolt", 1000),
    "graphbolt-async": ("async", "graphbolt", None),
    "graphbolt-sync": ("sync", "graphbolt", None),
    "neo4j-async": ("async", "neo4j", None),
    "neo4j-sync": ("sync", "neo4j", None),
    "neo4j-rust-async": ("async", "neo4j-rust", None),
    "neo4j-rust-sync": ("sync", "neo4j-rust", None),
    "graphbolt-async-all": ("async", "graphbolt", -1),
    "neo4j-async-all": ("async", "neo4j", -1),
    "neo4j-rust-async-all": ("async", "neo4j-rust", -1),
}
RATIOS = (  # (numerator, denominator): rates, so above 1 graphbolt is ahead
    ("graphbolt-async", "neo4j-async"),
    ("graphbolt-async", "neo4j-rust-async"),
    ("graphbolt-sync", "neo4j-sync"),
    ("graphbolt-sync", "neo4j-rust-sync"),
    ("graphbolt-async-all", "neo4j-async-all"),
    ("graphbolt-async-all", "neo4j-rust-async-all"),
)
TARGET = ("graphbolt-async", "neo4j-async", 2.0)


# -- the clients (child processes: stdlib and one driver only) --------------------------------
class Run:
    """One timed stream: its clock, the first record's time, the count and the last row."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.first = 0.0
        self.count = 0
        self.last: tuple[Any, ...] = ()

    def result(self) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.start
        return {
            "seconds": elapsed,
            "records_per_s": self.count / elapsed,
            "first_ms": (self.first - self.start) * 1000,
            "count": self.count,
            "last": list(self.last),
        }


async def async_client(lib: Any, uri: str, rows: int, runs: int, fetch: int | None) -> list[Any]:
    config = {} if fetch is None else {"fetch_size": fetch}
    out = []
    async with lib.AsyncGraphDatabase.driver(uri, auth=AUTH) as driver:
        for n in [WARMUP_ROWS] + [rows] * runs:
            async with driver.session(**config) as session:
                run = Run()
                result = await session.run(QUERY, n=n)
                async for record in result:
                    if not run.count:
                        run.first = time.perf_counter()
                    i, name, score = record[0], record[1], record[2]
                    run.count += 1
                run.last = (i, name, score)
                out.append(run.result())
    return out[1:]


def sync_client(lib: Any, uri: str, rows: int, runs: int, fetch: int | None) -> list[Any]:
    config = {} if fetch is None else {"fetch_size": fetch}
    out = []
    with lib.GraphDatabase.driver(uri, auth=AUTH) as driver:
        for n in [WARMUP_ROWS] + [rows] * runs:
            with driver.session(**config) as session:
                run = Run()
                result = session.run(QUERY, n=n)
                for record in result:
                    if not run.count:
                        run.first = time.perf_counter()
                    i, name, score = record[0], record[1], record[2]
                    run.count += 1
                run.last = (i, name, score)
                out.append(run.result())
    return out[1:]


def raw_client(uri: str, rows: int, runs: int, fetch: int) -> list[Any]:
    """Bolt by hand with graphbolt's sans-IO pieces; RECORDs are framed and counted only."""
    from graphbolt.bolt import MessageWriter, client_hello, read_server_reply, unpack
    from graphbolt.bolt._messages import HELLO, LOGON, PULL, RUN, SUCCESS
    from graphbolt.bolt._versions import SERVER_VERSIONS, has_logon

    host, port = uri.removeprefix("bolt://").rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.sendall(client_hello())
    got = b""
    while (reply := read_server_reply(got, SERVER_VERSIONS)) is None:
        got += sock.recv(64)
    version, answer, _ = reply
    sock.sendall(answer)
    writer = MessageWriter()
    token = {"scheme": "basic", "principal": AUTH[0], "credentials": AUTH[1]}
    hello = {"user_agent": "stream-bench/1", "bolt_agent": {"product": "stream-bench/1"}}
    writer.message(HELLO, hello if has_logon(version) else {**hello, **token})
    if has_logon(version):
        writer.message(LOGON, token)
    sock.sendall(writer.take())
    framer = _Framer(sock, unpack)
    for _ in range(1 + has_logon(version)):
        if framer.next_summary()[0] != SUCCESS:
            raise RuntimeError("raw client: HELLO/LOGON refused")
    out = []
    for n in [WARMUP_ROWS] + [rows] * runs:
        run = Run()
        writer.message(RUN, QUERY, {"n": n}, {})
        writer.message(PULL, {"n": fetch})
        sock.sendall(writer.take())
        framer.next_summary()  # RUN's SUCCESS
        while True:
            tag, meta = framer.next_summary(run)
            if tag != SUCCESS or not meta.get("has_more"):
                break
            writer.message(PULL, {"n": fetch})
            sock.sendall(writer.take())
        run.last = (n,)  # the raw client reads no values
        out.append(run.result())
    sock.close()
    return out[1:]


class _Framer:
    """Splits the byte stream into messages; counts RECORDs, decodes only the summaries."""

    def __init__(self, sock: socket.socket, unpack: Any) -> None:
        self.sock = sock
        self.unpack = unpack
        self.buf = b""
        self.pos = 0

    def next_summary(self, run: Run | None = None) -> tuple[int, dict[str, Any]]:
        """Count the RECORDs (into ``run``) up to the next other message: its tag and map."""
        while True:
            count, summary = self._scan()
            if run is not None and count:
                if not run.count:
                    run.first = time.perf_counter()
                run.count += count
            if summary is not None:
                return summary
            data = self.sock.recv(1 << 18)
            if not data:
                raise ConnectionError("the server closed the connection")
            self.buf = self.buf[self.pos :] + data
            self.pos = 0

    def _scan(self) -> tuple[int, tuple[int, dict[str, Any]] | None]:
        buf, pos, count, end = self.buf, self.pos, 0, len(self.buf)
        try:
            while pos + 4 <= end:
                size = (buf[pos] << 8) | buf[pos + 1]
                if size == 0:  # a NOOP
                    pos += 2
                    continue
                nxt = pos + 2 + size
                if nxt + 2 <= end and buf[pos + 3] == 0x71 and not buf[nxt] | buf[nxt + 1]:
                    count += 1  # a one-chunk RECORD: not decoded
                    pos = nxt + 2
                    continue
                message, after = _message(buf, pos)
                if message is None:
                    break
                pos = after
                if message[1] == 0x71:
                    count += 1
                    continue
                meta = self.unpack(message[2:]) if message[0] == 0xB1 else {}
                return count, (message[1], meta if isinstance(meta, dict) else {})
            return count, None
        finally:
            self.pos = pos


def _message(buf: bytes, pos: int) -> tuple[bytes | None, int]:
    """The message at ``pos`` (its chunks joined) and the offset after it; None if partial."""
    parts = []
    while pos + 2 <= len(buf):
        size = (buf[pos] << 8) | buf[pos + 1]
        if size == 0:
            return b"".join(parts), pos + 2
        if pos + 2 + size > len(buf):
            break
        parts.append(buf[pos + 2 : pos + 2 + size])
        pos += 2 + size
    return None, pos


def child(name: str, uri: str, rows: int, runs: int) -> None:
    """Run one client (in this process) and print its runs as one JSON line."""
    kind, lib_name, fetch = CLIENTS[name]
    if kind == "raw":
        runs_out = raw_client(uri, rows, runs, fetch or -1)
        version = "graphbolt.bolt (sans-IO)"
    else:
        lib = __import__("neo4j" if lib_name.startswith("neo4j") else "graphbolt")
        if kind == "async":
            runs_out = asyncio.run(async_client(lib, uri, rows, runs, fetch))
        else:
            runs_out = sync_client(lib, uri, rows, runs, fetch)
        version = f"{lib.__name__} {lib.__version__}"
        if lib_name == "neo4j-rust":
            version += f" + neo4j-rust-ext {importlib.metadata.version('neo4j-rust-ext')}"
        elif lib_name == "neo4j" and _has_rust_ext():
            raise RuntimeError("the pure-Python client found neo4j-rust-ext installed")
    print(json.dumps({"client": name, "version": version, "runs": runs_out}), flush=True)


def _has_rust_ext() -> bool:
    try:
        importlib.metadata.version("neo4j-rust-ext")
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


# -- the parent: server, venv, one process per client, table ----------------------------------
def start_server(data: str) -> tuple[subprocess.Popen[str], str]:
    """``graphbolt serve`` on a free port; its process and ``bolt://`` URI."""
    cmd = [sys.executable, "-m", "graphbolt.cli.main", "serve", "--listen", "127.0.0.1:0"]
    cmd += ["--data", os.path.join(data, "db"), "--auth", "/".join(AUTH)]
    log = open(os.path.join(data, "server.log"), "w")  # noqa: SIM115 - the server owns it
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True)
    assert server.stdout is not None
    line = server.stdout.readline()  # "graphbolt listening on bolt://host:port"
    if "listening on bolt://" not in line:
        server.kill()
        with open(os.path.join(data, "server.log")) as f:
            raise RuntimeError(f"graphbolt serve did not start: {line!r} {f.read()[-500:]}")
    return server, line.split()[-1]


def stop_server(server: subprocess.Popen[str]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def rust_python() -> tuple[str | None, str]:
    """The venv interpreter with neo4j + neo4j-rust-ext of the repo's neo4j version."""
    version = importlib.metadata.version("neo4j")
    pins = f"neo4j=={version} neo4j-rust-ext=={version}.*"
    python = os.path.join(VENV, "bin", "python")
    stamp = os.path.join(VENV, ".installed")
    if os.path.exists(stamp):
        with open(stamp) as f:
            if f.read() == pins:
                return python, ""
    print(f"[stream] installing {pins} into {os.path.relpath(VENV)}", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    steps = ([sys.executable, "-m", "venv", VENV], [python, "-m", "pip", "install", "-q"])
    steps[1].extend(pins.split())
    for cmd in steps:
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"not available: {' '.join(cmd[3:])} failed: {done.stderr[-300:]}"
    with open(stamp, "w") as f:
        f.write(pins)
    return python, ""


def run_client(name: str, python: str, uri: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [python, os.path.abspath(__file__), "--child", name, "--uri", uri]
    cmd += ["--rows", str(args.rows), "--runs", str(args.runs)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"client": name, "error": f"timed out after {args.timeout}s"}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"client": name, "error": (done.stderr.strip() or done.stdout)[-600:]}
    result: dict[str, Any] = json.loads(lines[-1])
    bad = [r for r in result["runs"] if not _right(r, args.rows, name.startswith("raw"))]
    if bad:
        return {"client": name, "error": f"wrong answer: {bad[0]['count']} rows, {bad[0]['last']}"}
    rates = [r["records_per_s"] for r in result["runs"]]
    result["median"] = statistics.median(rates)
    result["min"], result["max"] = min(rates), max(rates)
    result["first_ms"] = statistics.median(r["first_ms"] for r in result["runs"])
    return result


def _right(run: dict[str, Any], rows: int, raw: bool) -> bool:
    """Every row arrived, and the last one holds what the query computes."""
    last = run["last"]
    if run["count"] != rows or last[0] != rows:
        return False
    return raw or (last[1] == f"person{rows}" and abs(last[2] - rows / 7) < 1e-9)


def render(results: dict[str, dict[str, Any]], rows: int) -> str:
    lines = [
        f"Streaming one {rows:,}-row result (int, string, float) over Bolt",
        f"{'client':<22} {'records/s':>11} {'spread (min-max)':>19} {'1st rec ms':>10}  version",
    ]
    for name, r in results.items():
        if "error" in r:
            lines.append(f"{name:<22} {'-':>11}  {r['error'].splitlines()[-1][:90]}")
            continue
        spread = f"{r['min']:,.0f}-{r['max']:,.0f}"
        lines.append(
            f"{name:<22} {r['median']:>11,.0f} {spread:>19} {r['first_ms']:>10.1f}  {r['version']}"
        )
    lines.append("")
    for top, bottom in RATIOS:
        ratio = _ratio(results, top, bottom)
        if ratio is not None:
            lines.append(f"{top} / {bottom}: {ratio:.2f}x")
    target = _ratio(results, TARGET[0], TARGET[1])
    if target is not None:
        verdict = "met" if target >= TARGET[2] else "NOT met"
        lines.append(f"target {TARGET[0]} >= {TARGET[2]:g}x {TARGET[1]}: {verdict}")
    return "\n".join(lines)


def _ratio(results: dict[str, dict[str, Any]], top: str, bottom: str) -> float | None:
    a, b = results.get(top, {}), results.get(bottom, {})
    if "median" not in a or "median" not in b:
        return None
    return float(a["median"] / b["median"])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--clients", default=",".join(CLIENTS), help="comma-separated subset")
    p.add_argument("--timeout", type=float, default=1800.0, help="seconds per client")
    p.add_argument("--out", default=None, help="JSON path (default results/stream-<rows>.json)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--uri", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.uri, args.rows, args.runs)
        return 0
    wanted = [c.strip() for c in args.clients.split(",") if c.strip()]
    unknown = set(wanted) - set(CLIENTS)
    if unknown:
        p.error(f"unknown clients: {', '.join(sorted(unknown))}")
    results = run_all(wanted, args)
    out = args.out or os.path.join(RESULTS, f"stream-{args.rows}.json")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    ratios = {f"{a} / {b}": _ratio(results, a, b) for a, b in RATIOS}
    with open(out, "w") as f:
        json.dump(
            {"rows": args.rows, "runs": args.runs, "query": QUERY, "clients": results,
             "ratios": {k: v for k, v in ratios.items() if v is not None}},
            f, indent=1,
        )  # fmt: skip
    print(render(results, args.rows))
    print(f"\nJSON: {os.path.relpath(out)}")
    return 0


def run_all(wanted: list[str], args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    rust, why = (None, "")
    if any(CLIENTS[c][1] == "neo4j-rust" for c in wanted):
        rust, why = rust_python()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="graphbolt-stream-") as data:
        server, uri = start_server(data)
        try:
            for name in wanted:
                python = rust if CLIENTS[name][1] == "neo4j-rust" else sys.executable
                if python is None:
                    results[name] = {"client": name, "error": why}
                    continue
                print(f"[stream] {name} ({args.rows:,} rows x {args.runs}) ...", flush=True)
                results[name] = run_client(name, python, uri, args)
        finally:
            stop_server(server)
    return results


if __name__ == "__main__":
    sys.exit(main())
