"""Checks of the benchmark's data generator and answer checker (untimed; not in ``make test``).

.venv/bin/pytest benchmarks/test_workload.py
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workload as W


def test_same_seed_same_graph_other_seed_other_graph() -> None:
    a, b, c = W.generate(500, 7), W.generate(500, 7), W.generate(500, 8)
    assert a.rels == b.rels and a.ages == b.ages
    assert a.rels != c.rels


def test_relationships_are_distinct_without_self_loops() -> None:
    wl = W.generate(300, 1)
    pairs = [(s, d) for s, d, _ in wl.rels]
    assert len(pairs) == 10 * 300 == len(set(pairs))
    assert all(s != d and 0 <= s < 300 and 0 <= d < 300 for s, d in pairs)
    assert all(1990 <= y <= 2025 for _, _, y in wl.rels)


def test_expected_answers_agree_with_a_brute_force_count() -> None:
    wl = W.generate(200, 3)
    pid = 17
    firsts = [d for s, d, _ in wl.rels if s == pid]
    fof = {d for s, d, _ in wl.rels if s in firsts}
    assert wl.expected("two_hop", pid) == len(fof)
    assert wl.expected("one_hop", pid) == sorted(f"person{d}" for d in firsts)
    by_age: dict[int, int] = {}
    for s, _, _ in wl.rels:
        by_age[wl.ages[s]] = by_age.get(wl.ages[s], 0) + 1
    assert wl.expected("aggregate", None) == sorted(by_age.items())


def test_check_counts_wrong_answers_in_any_engine_shape() -> None:
    wl = W.generate(100, 5)
    ids = [3, 4]
    good = [[(f"person{i}",)] for i in ids]
    assert W.check(wl, "lookup", ids, good) == 0
    assert W.check(wl, "lookup", ids, [[("person3",)], [("nobody",)]]) == 1
    hop = [[[f"person{d}"] for d in reversed(wl.out[i])] for i in ids]  # order-free
    assert W.check(wl, "one_hop", ids, hop) == 0
    assert W.check(wl, "two_hop", ids, [[[wl.expected("two_hop", i)]] for i in ids]) == 0
    assert W.check(wl, "two_hop", ids, [[[-1]], "garbage"]) == 2


def test_csv_files_hold_every_row(tmp_path: object) -> None:
    wl = W.generate(50, 2)
    persons, knows = wl.write_csv(str(tmp_path))
    with open(persons) as f:
        assert f.read().splitlines()[4] == f"4,person4,{wl.ages[4]}"
    with open(knows) as f:
        assert len(f.read().splitlines()) == wl.rel_count
