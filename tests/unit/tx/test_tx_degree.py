"""``degree`` and ``degree_counter`` always equal the number of rows ``expand`` yields, and
``neighbour_ids`` lists their far ends in order (types, directions, loops, this transaction's
own creations and deletions)."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.errors import TransactionError
from graphbolt.storage import Store
from graphbolt.tx import BOTH, IN, OUT, Transaction

TYPES = ("A", "B", "C")
TYPE_SETS = [None, ("A",), ("B",), ("A", "C"), ("Missing",), ("C", "Missing")]


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _check(tx: Transaction, nodes: list[int]) -> None:
    for node in nodes:
        for direction in (OUT, IN, BOTH):
            for types in TYPE_SETS:
                rows = list(tx.expand(node, direction, types))
                want = len(rows)
                assert tx.degree(node, direction, types) == want, (node, direction, types)
                far = [end if start == node else start for _, _, start, end in rows]
                assert tx.neighbour_ids(node, direction, types) == far, (node, direction, types)
                # every other relationship already bound by the MATCH: skipped
                skip = {r for r, _, _, _ in rows[::2]}
                kept = [e if s == node else s for r, _, s, e in rows if r not in skip]
                got = tx.neighbour_ids(node, direction, types, skip)
                assert got == kept, ("exclude", node, direction, types)
                counter = tx.degree_counter(direction, types)
                assert counter(node) == want, ("counter", node, direction, types)


def _random_rels(tx: Transaction, nodes: list[int], rng: random.Random, n: int) -> list[int]:
    return [
        tx.create_rel(rng.choice(TYPES), rng.choice(nodes), rng.choice(nodes), {}) for _ in range(n)
    ]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), one_type=st.booleans())
def test_degree_matches_expand(seed: int, one_type: bool) -> None:
    rng = random.Random(seed)
    store = Store.open(None)
    try:
        tx = Transaction(store, True)
        nodes = [tx.create_node([], {}) for _ in range(6)]
        for node in nodes[:2]:  # nodes whose relationships all have one type
            for _ in range(rng.randrange(4)):
                tx.create_rel("B", node, rng.choice(nodes), {})
        if not one_type:
            _random_rels(tx, nodes, rng, 25)
        tx.commit()
        reader = Transaction(store, False)
        _check(reader, nodes)  # snapshot only
        reader.rollback()
        writer = Transaction(store, True)
        _random_rels(writer, nodes, rng, 5)  # own creations
        _check(writer, nodes)
        rels = [r for r, *_ in writer.all_rels()]
        for rel in rng.sample(rels, min(3, len(rels))):
            writer.delete_rel(rel)  # own deletions
        _check(writer, nodes)
        writer.rollback()
    finally:
        store.close()


def test_self_loops_count_once_in_both_directions(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {})
    tx.create_rel("A", a, a, {})
    tx.create_rel("B", a, a, {})
    tx.commit()
    tx = Transaction(store, False)
    assert tx.degree(a, BOTH, ("A",)) == 1 and tx.degree(a, OUT, None) == 2
    assert tx.degree(a, IN, ("A", "B")) == 2 and tx.degree(a, BOTH, ("Missing",)) == 0
    tx.rollback()


def test_degree_refuses_once_the_transaction_is_closed(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {})
    tx.create_rel("A", a, a, {})
    tx.commit()
    tx = Transaction(store, False)
    assert tx.degree(a, OUT, None) == 1  # the counting cursor now exists
    tx.rollback()
    with pytest.raises(TransactionError):
        tx.degree(a, OUT, None)


def test_dense_node_counts_and_neighbours(store: Store) -> None:
    # more rows than the fetch-and-filter limit: typed expansion seeks per type instead
    tx = Transaction(store, True)
    hub, *others = [tx.create_node([], {}) for _ in range(5)]
    for i in range(400):
        tx.create_rel(TYPES[i % 3], hub, others[i % 4], {})
        tx.create_rel("A", others[i % 4], hub, {})
    tx.commit()
    _check(Transaction(store, False), [hub])
