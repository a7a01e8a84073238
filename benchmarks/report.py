"""Tables from benchmark results: medians per engine, graphbolt's ratios, the issue's targets.

python benchmarks/report.py benchmarks/results/bench-10000.json   # re-render a run
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

BASE = "graphbolt"  # the row every ratio is taken against
FLOOR = "python-dicts"

Getter = Callable[[dict[str, Any]], Any]


def _get(*path: str) -> Getter:
    def get(r: dict[str, Any]) -> Any:
        cur: Any = r
        for key in path:
            if not isinstance(cur, dict) or key not in cur:
                return None
            cur = cur[key]
        return cur

    return get


def _unwind_total(r: dict[str, Any]) -> Any:
    u = r.get("load_unwind") or {}
    if "seconds" in u:
        return u["seconds"]
    if "extrapolated_rels_s" in u:
        return f"~{u.get('persons_s', 0) + u['extrapolated_rels_s']:.1f}"
    return None


def _unwind_rels(r: dict[str, Any]) -> Any:
    u = r.get("load_unwind") or {}
    if "extrapolated_rels_s" in u:
        return f"~{u['extrapolated_rels_s']}"
    return u.get("rels_s")


def _us_to_ms(getter: Getter) -> Getter:
    return lambda r: None if getter(r) is None else round(getter(r) / 1000, 2)


# (label, getter, "time" (lower is better) or "rate" (higher is better))
METRICS: list[tuple[str, Getter, str]] = [
    ("load, fastest path (s)", _get("load_fast", "seconds"), "time"),
    ("load, UNWIND batches (s)", _unwind_total, "time"),
    ("  of which KNOWS (s)", _unwind_rels, "time"),
    ("RSS after load (MiB)", _get("rss_mb", "after_load"), "time"),
    ("lookup median (µs)", _get("queries", "lookup", "median_us"), "time"),
    ("lookup p95 (µs)", _get("queries", "lookup", "p95_us"), "time"),
    ("lookup queries/s", _get("queries", "lookup", "per_s"), "rate"),
    ("1-hop median (µs)", _get("queries", "one_hop", "median_us"), "time"),
    ("1-hop p95 (µs)", _get("queries", "one_hop", "p95_us"), "time"),
    ("1-hop queries/s", _get("queries", "one_hop", "per_s"), "rate"),
    ("2-hop median (µs)", _get("queries", "two_hop", "median_us"), "time"),
    ("2-hop p95 (µs)", _get("queries", "two_hop", "p95_us"), "time"),
    ("2-hop queries/s", _get("queries", "two_hop", "per_s"), "rate"),
    ("aggregation median (ms)", _us_to_ms(_get("queries", "aggregate", "median_us")), "time"),
    ("stream records/s", _get("queries", "stream", "records_per_s"), "rate"),
    ("commits/s, 1 client", _get("commits", "single", "per_s"), "rate"),
    ("commit median (µs)", _get("commits", "single", "median_us"), "time"),
    ("commits/s, concurrent", _get("commits", "concurrent", "per_s"), "rate"),
]

# The targets for graphbolt embedded (stated for N = 100,000).
TARGETS: list[tuple[str, str, Getter, str, float]] = [
    ("lookup median", "µs", _get("queries", "lookup", "median_us"), "<=", 25),
    ("1-hop median", "µs", _get("queries", "one_hop", "median_us"), "<=", 50),
    ("2-hop median", "µs", _get("queries", "two_hop", "median_us"), "<=", 250),
    ("commits/s, 1 client", "/s", _get("commits", "single", "per_s"), ">=", 3000),
    ("commits/s, 32 clients", "/s", _get("commits", "concurrent", "per_s"), ">=", 8000),
    ("UNWIND load of the KNOWS", "s", _unwind_rels, "<=", 60),
]


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if (isinstance(v, float) and v >= 1000) or isinstance(v, int):
        return f"{v:,.0f}"
    return f"{v:,.2f}" if v < 100 else f"{v:,.1f}"


def _num(v: Any) -> float | None:
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and v.startswith("~"):
        return float(v[1:])
    return None


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(r):
        return (
            "| "
            + " | ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))
            )
            + " |"
        )

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def _status(r: dict[str, Any]) -> str | None:
    if "not_run" in r:
        return f"not run: {r['not_run']}"
    if "error" in r:
        return f"error: {r['error']}"
    return None


def medians_table(results: list[dict[str, Any]]) -> str:
    ran = [r for r in results if _status(r) is None]
    header = ["metric", *(r["engine"] for r in ran)]
    rows = [[label, *(_fmt(get(r)) for r in ran)] for label, get, _ in METRICS]
    return _table(header, rows)


def ratio_table(results: list[dict[str, Any]]) -> str:
    base = next((r for r in results if r.get("engine") == BASE and _status(r) is None), None)
    if base is None:
        return "(no graphbolt result: no ratios)"
    others = [r for r in results if r is not base and _status(r) is None]
    header = ["graphbolt advantage (>1: graphbolt better)", *(r["engine"] for r in others)]
    rows = []
    for label, get, kind in METRICS:
        mine = _num(get(base))
        cells = []
        for r in others:
            theirs = _num(get(r))
            if not mine or not theirs:
                cells.append("–")
                continue
            ratio = theirs / mine if kind == "time" else mine / theirs
            cells.append(f"{ratio:.2f}×")
        rows.append([label, *cells])
    return _table(header, rows)


def targets_table(results: list[dict[str, Any]]) -> str:
    base = next((r for r in results if r.get("engine") == BASE and _status(r) is None), None)
    if base is None:
        return ""
    rows = []
    for label, unit, get, op, bound in TARGETS:
        v = _num(get(base))
        ok = "–" if v is None else ("yes" if (v <= bound if op == "<=" else v >= bound) else "NO")
        rows.append([label, f"{op} {bound:,} {unit}", _fmt(get(base)), ok])
    floor = next((r for r in results if r.get("engine") == FLOOR), None)
    for peer, limit in ((floor, 10.0), (_find(results, "ladybug"), None)):
        if peer is None:
            continue
        agg = _get("queries", "aggregate", "median_us")
        mine, theirs = _num(agg(base)), _num(agg(peer))
        if mine and theirs:
            ratio = mine / theirs
            ok = "–" if limit is None else ("yes" if ratio <= limit else "NO")
            want = f"<= {limit:.0f}× {peer['engine']}" if limit else f"(vs {peer['engine']})"
            rows.append(["aggregation time ratio", want, f"{ratio:.1f}×", ok])
    ours, official = _find(results, "graphbolt-bolt-async"), _find(results, "graphbolt-bolt-neo4j")
    if ours and official:
        rate = _get("queries", "stream", "records_per_s")
        mine, theirs = _num(rate(ours)), _num(rate(official))
        if mine and theirs:
            ok = "yes" if mine / theirs >= 2 else "NO"
            rows.append(
                ["Bolt stream: own ÷ official driver", ">= 2×", f"{mine / theirs:.2f}×", ok]
            )
    scale = (base.get("scale") or {}).get("persons")
    title = f"Targets from the issue (stated for N = 100,000; this run: N = {scale:,})"
    return title + "\n" + _table(["target", "bound", "graphbolt", "met"], rows)


def _find(results: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    return next((r for r in results if r.get("engine") == name and _status(r) is None), None)


def notes(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        name, status = r.get("engine", "?"), _status(r)
        if status:
            lines.append(f"- {name}: {status}")
            continue
        extra = [f"version {r.get('version')}, Python {r.get('python')}"]
        extra.append(f"commits: {(r.get('commits') or {}).get('durability', '?')}")
        extra += _phase_problems(r)
        extra += r.get("notes") or []
        lines.append(f"- {name}: " + "; ".join(extra))
    return "\n".join(lines)


def _phase_problems(r: dict[str, Any]) -> list[str]:
    found = []
    phases = {
        **(r.get("queries") or {}),
        **{f"commits {k}": v for k, v in (r.get("commits") or {}).items() if isinstance(v, dict)},
    }
    phases["load_fast"] = r.get("load_fast") or {}
    phases["load_unwind"] = r.get("load_unwind") or {}
    for name, res in phases.items():
        for key in ("not_run", "error", "note", "incomplete"):
            if key in res:
                found.append(f"{name} {key.replace('_', ' ')}: {res[key]}")
        if res.get("wrong"):
            found.append(f"{name}: {res['wrong']} WRONG ANSWERS")
        if name == "load_unwind" and str(res.get("index", "created")) != "created":
            found.append(f"UNWIND index: {res['index']}")
    return found


def render(results: list[dict[str, Any]]) -> str:
    parts = [
        "Medians per engine (µs unless said; 'queries/s' from the wall time of the whole run)",
        medians_table(results),
        "",
        "graphbolt (embedded, durable) compared: peer time ÷ graphbolt time, graphbolt rate ÷ peer rate",
        ratio_table(results),
        "",
        targets_table(results),
        "",
        "Notes",
        notes(results),
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        print(render(json.load(f)["engines"]))
