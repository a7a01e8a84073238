"""benchmarks/stream.py at tiny scale: its server, its clients and its answer check work.

Untimed: the rates it measures are only printed, never asserted.
"""

from __future__ import annotations

import argparse

from benchmarks import stream


def _args(rows: int) -> argparse.Namespace:
    return argparse.Namespace(rows=rows, runs=1, timeout=120.0)


def test_each_client_streams_every_row_and_the_last_one_is_right() -> None:
    results = stream.run_all(["raw-bolt-1000", "graphbolt-async", "graphbolt-sync"], _args(1500))
    for name, result in results.items():
        assert "error" not in result, (name, result.get("error"))
        (run,) = result["runs"]
        assert run["count"] == 1500
        assert run["last"][0] == 1500
        assert result["median"] > 0
    assert results["graphbolt-async"]["runs"][0]["last"][1] == "person1500"
    assert abs(results["graphbolt-sync"]["runs"][0]["last"][2] - 1500 / 7) < 1e-9


def test_a_wrong_answer_is_reported_not_counted() -> None:
    run = {"count": 10, "last": [10, "person10", 10 / 7]}
    assert stream._right(run, 10, raw=False)
    assert not stream._right({**run, "count": 9}, 10, raw=False)
    assert not stream._right({**run, "last": [10, "person9", 10 / 7]}, 10, raw=False)
    assert stream._right({"count": 10, "last": [10]}, 10, raw=True)


def test_the_table_names_the_target_and_each_ratio() -> None:
    results = {
        "graphbolt-async": {"median": 300.0, "min": 290.0, "max": 310.0, "first_ms": 1.0,
                            "version": "graphbolt"},
        "neo4j-async": {"median": 100.0, "min": 90.0, "max": 110.0, "first_ms": 1.0,
                        "version": "neo4j"},
        "neo4j-rust-async": {"client": "neo4j-rust-async", "error": "not available: no wheel"},
    }  # fmt: skip
    table = stream.render(results, 1000)
    assert "graphbolt-async / neo4j-async: 3.00x" in table
    assert "target graphbolt-async >= 2x neo4j-async: met" in table
    assert "not available: no wheel" in table
    assert "neo4j-rust-async:" not in table.split("\n\n")[1]  # no ratio without a rate
