"""GraphAccess through Transaction: CRUD, own writes, scans under writes, rollback, modes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from graphbolt.errors import (
    ConstraintValidationFailed,
    CypherArgumentError,
    CypherTypeError,
    EntityNotFound,
    TransactionError,
)
from graphbolt.storage import Store
from graphbolt.tx import BOTH, IN, OUT, GraphAccess, Transaction
from graphbolt.values._spatial import Point


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _graph(tx: Transaction) -> tuple[dict[int, tuple], dict[int, tuple]]:
    nodes = {n: (tx.node_labels(n), tx.node_properties(n)) for n in tx.all_node_ids()}
    rels = {r: (t, s, e, tx.rel_properties(r)) for r, t, s, e in tx.all_rels()}
    return nodes, rels


def test_transaction_satisfies_protocol(store: Store) -> None:
    tx: GraphAccess = Transaction(store, True)
    assert tx.all_node_ids is not None


def test_create_and_read_back_after_commit(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node(["Person", "Admin"], {"name": "Ann", "age": 30, "none": None})
    b = tx.create_node([], {"when": Point(7203, (1.0, 2.0))})
    r = tx.create_rel("KNOWS", a, b, {"since": 2001})
    cid = tx.commit()
    assert cid == 1 == store.last_commit_id
    rx = Transaction(store, False)
    assert list(rx.all_node_ids()) == [a, b]
    assert rx.node_labels(a) == {"Person", "Admin"}
    assert rx.node_has_label(a, "Admin") and not rx.node_has_label(b, "Admin")
    assert rx.node_properties(a) == {"name": "Ann", "age": 30}
    assert rx.node_property(a, "none") is None
    assert rx.node_property(a, "missing-key-never-seen") is None
    assert rx.node_property(b, "when") == Point(7203, (1.0, 2.0))
    assert rx.rel(r) == ("KNOWS", a, b)
    assert rx.rel_property(r, "since") == 2001
    assert list(rx.all_rels()) == [(r, "KNOWS", a, b)]
    assert list(rx.rels_by_type("KNOWS")) == [(r, "KNOWS", a, b)]
    assert list(rx.rels_by_type("OTHER")) == []
    assert list(rx.node_ids_by_label("Person")) == [a]
    assert list(rx.expand(a, OUT, None)) == [(r, "KNOWS", a, b)]
    assert list(rx.expand(a, IN, None)) == []
    assert list(rx.expand(b, IN, ("KNOWS",))) == [(r, "KNOWS", a, b)]
    assert list(rx.expand(b, BOTH, ("NOPE",))) == []
    assert rx.degree(a, BOTH, None) == 1
    rx.rollback()


def test_own_writes_visible_before_commit(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node(["A"], {"x": 1})
    tx.set_node_property(a, "x", 2)
    tx.set_node_property(a, "y", [1, 2])
    assert tx.node_properties(a) == {"x": 2, "y": [1, 2]}
    tx.set_node_property(a, "x", None)
    assert tx.node_property(a, "x") is None
    assert tx.add_label(a, "B") and not tx.add_label(a, "B")
    assert tx.remove_label(a, "A") and not tx.remove_label(a, "A")
    assert list(tx.node_ids_by_label("B")) == [a]
    assert list(tx.node_ids_by_label("A")) == []
    tx.commit()
    rx = Transaction(store, False)
    assert rx.node_labels(a) == {"B"}
    assert rx.node_properties(a) == {"y": [1, 2]}
    assert list(rx.node_ids_by_label("A")) == []


def test_updates_to_committed_entities(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node(["A"], {"k": 1}), tx.create_node(["A"], {})
    r = tx.create_rel("T", a, b, {"w": 1})
    tx.commit()
    tx = Transaction(store, True)
    tx.set_node_property(a, "k", "one")
    tx.remove_label(b, "A")
    tx.add_label(b, "C")
    tx.set_rel_property(r, "w", None)
    tx.set_rel_property(r, "v", 2.5)
    assert list(tx.node_ids_by_label("A")) == [a]
    assert list(tx.node_ids_by_label("C")) == [b]
    tx.commit()
    rx = Transaction(store, False)
    assert rx.node_property(a, "k") == "one"
    assert list(rx.node_ids_by_label("A")) == [a]
    assert list(rx.node_ids_by_label("C")) == [b]
    assert rx.rel_properties(r) == {"v": 2.5}


def test_label_only_change_keeps_undecoded_properties(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {"p": "kept"})
    tx.commit()
    tx = Transaction(store, True)
    tx.add_label(a, "L")
    tx.commit()
    assert Transaction(store, False).node_properties(a) == {"p": "kept"}


def test_delete_node_and_rel(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node(["A"], {}), tx.create_node(["A"], {})
    r = tx.create_rel("T", a, b, {})
    tx.commit()
    tx = Transaction(store, True)
    tx.delete_rel(r)
    tx.delete_rel(r)  # deleting twice is a no-op
    assert not tx.rel_exists(r) and tx.rel(r) is None
    assert list(tx.expand(a, BOTH, None)) == []
    tx.delete_node(a)
    assert not tx.node_exists(a)
    assert tx.node_labels(a) == frozenset() and tx.node_properties(a) == {}
    assert list(tx.all_node_ids()) == [b]
    assert list(tx.node_ids_by_label("A")) == [b]
    with pytest.raises(EntityNotFound) as info:
        tx.set_node_property(a, "x", 1)
    assert info.value.detail == "DeletedEntityAccess"
    with pytest.raises(EntityNotFound):
        tx.create_rel("T", a, b, {})
    tx.commit()
    rx = Transaction(store, False)
    assert list(rx.all_node_ids()) == [b]
    assert list(rx.all_rels()) == [] and list(rx.rels_by_type("T")) == []
    assert list(rx.node_ids_by_label("A")) == [b]


def test_delete_connected_node_refused_at_commit(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node([], {}), tx.create_node([], {})
    tx.create_rel("T", a, b, {})
    tx.commit()
    tx = Transaction(store, True)
    tx.delete_node(a)  # the runtime may delete the relationship later in the statement
    with pytest.raises(ConstraintValidationFailed):
        tx.check_deleted_nodes_detached()
    assert tx.is_open
    with pytest.raises(ConstraintValidationFailed) as info:
        tx.commit()
    assert info.value.detail == "DeleteConnectedNode"
    assert not tx.is_open
    assert Transaction(store, False).node_exists(a)


def test_delete_node_then_its_rels_in_same_tx_commits(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node([], {}), tx.create_node([], {})
    r1, r2 = tx.create_rel("T", a, b, {}), tx.create_rel("T", a, a, {})
    tx.commit()
    tx = Transaction(store, True)
    tx.delete_node(a)
    tx.delete_rel(r1)
    tx.delete_rel(r2)
    tx.commit()
    rx = Transaction(store, False)
    assert list(rx.all_node_ids()) == [b] and list(rx.all_rels()) == []
    assert list(rx.expand(b, BOTH, None)) == []


def test_self_loop_yielded_once_for_both(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {})
    r = tx.create_rel("L", a, a, {})
    assert list(tx.expand(a, BOTH, None)) == [(r, "L", a, a)]
    tx.commit()
    rx = Transaction(store, False)
    assert list(rx.expand(a, BOTH, None)) == [(r, "L", a, a)]
    assert list(rx.expand(a, BOTH, ("L", "L"))) == [(r, "L", a, a)]
    assert list(rx.expand(a, OUT, None)) == [(r, "L", a, a)]
    assert list(rx.expand(a, IN, None)) == [(r, "L", a, a)]
    assert rx.degree(a, BOTH, None) == 1


def test_expand_merges_snapshot_and_new_rels_with_type_filter(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node([], {}), tx.create_node([], {})
    r1 = tx.create_rel("X", a, b, {})
    r2 = tx.create_rel("Y", b, a, {})
    tx.commit()
    tx = Transaction(store, True)
    r3 = tx.create_rel("X", b, a, {})
    assert sorted(tx.expand(a, BOTH, None)) == [
        (r1, "X", a, b), (r2, "Y", b, a), (r3, "X", b, a)
    ]  # fmt: skip
    assert list(tx.expand(a, IN, ("X",))) == [(r3, "X", b, a)]
    assert list(tx.expand(a, OUT, ("X", "Y"))) == [(r1, "X", a, b)]
    assert tx.degree(a, IN, None) == 2
    tx.delete_rel(r3)
    assert tx.degree(a, IN, None) == 1


def test_scan_does_not_see_nodes_created_while_open(store: Store) -> None:
    tx = Transaction(store, True)
    first = tx.create_node(["L"], {})
    tx.commit()
    tx = Transaction(store, True)
    own = tx.create_node(["L"], {})
    seen = []
    for node_id in tx.all_node_ids():
        seen.append(node_id)
        tx.create_node(["L"], {})  # MATCH (n) CREATE (): must not feed itself
    assert seen == [first, own]
    seen = []
    for node_id in tx.node_ids_by_label("L"):
        seen.append(node_id)
        tx.create_node(["L"], {})
    assert seen[:2] == [first, own] and len(seen) == 4


def test_scan_skips_entities_deleted_while_open(store: Store) -> None:
    tx = Transaction(store, True)
    ids = [tx.create_node([], {}) for _ in range(4)]
    hub = tx.create_node([], {})
    rels = [tx.create_rel("T", hub, n, {}) for n in ids]
    tx.commit()
    tx = Transaction(store, True)
    scan = tx.all_node_ids()
    assert next(scan) == ids[0]
    tx.delete_node(ids[1])
    assert list(scan) == [ids[2], ids[3], hub]
    expansion = tx.expand(hub, OUT, None)
    assert next(expansion)[0] == rels[0]
    tx.delete_rel(rels[1])
    assert [r[0] for r in expansion] == rels[2:]


def test_rollback_leaves_nothing(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node(["A"], {"x": 1})
    tx.create_rel("T", a, a, {})
    tx.rollback()
    assert not tx.is_open
    rx = Transaction(store, False)
    assert _graph(rx) == ({}, {})
    assert store.last_commit_id == 0


def test_read_only_transaction_refuses_writes(store: Store) -> None:
    rx = Transaction(store, False)
    with pytest.raises(TransactionError) as info:
        rx.create_node([], {})
    assert info.value.status_name == "ForbiddenDueToTransactionType"
    assert rx.commit() == 0


def test_closed_transaction_refuses_use(store: Store) -> None:
    tx = Transaction(store, True)
    tx.commit()
    with pytest.raises(TransactionError):
        tx.commit()
    with pytest.raises(TransactionError):
        tx.node_property(0, "x")
    with pytest.raises(TransactionError):
        tx.create_node([], {})


def test_writes_to_missing_entities(store: Store) -> None:
    tx = Transaction(store, True)
    with pytest.raises(EntityNotFound):
        tx.set_node_property(99, "x", 1)
    with pytest.raises(EntityNotFound):
        tx.set_rel_property(99, "x", 1)
    tx.delete_node(99)  # invisible: nothing to delete
    assert not tx.has_writes()


def test_created_then_deleted_commits_nothing(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {})
    tx.delete_node(a)
    assert tx.commit() == 0
    assert list(Transaction(store, False).all_node_ids()) == []


def test_ids_are_never_reused(store: Store) -> None:
    tx = Transaction(store, True)
    a = tx.create_node([], {})
    tx.commit()
    tx = Transaction(store, True)
    tx.delete_node(a)
    tx.commit()
    tx = Transaction(store, True)
    assert tx.create_node([], {}) > a


def test_open_scan_after_close_raises_transaction_error(store: Store) -> None:
    tx = Transaction(store, True)
    for _ in range(3):
        tx.create_node(["A"], {})
    tx.commit()
    tx = Transaction(store, False)
    scans = [tx.all_node_ids(), tx.node_ids_by_label("A")]
    for scan in scans:
        next(scan)
    tx.rollback()
    for scan in scans:
        with pytest.raises(TransactionError):
            list(scan)


def test_store_begin_returns_transaction(store: Store) -> None:
    tx = store.begin(write=True)
    assert isinstance(tx, Transaction) and tx.is_write
    node = tx.create_node([], {})
    tx.commit()
    rx = store.begin(write=False)
    assert not rx.is_write and rx.node_exists(node)


@pytest.mark.parametrize("degree", [5, 400])  # small: fetch and filter; large: seek per type
def test_typed_expansion_matches_filtered_expansion(store: Store, degree: int) -> None:
    tx = Transaction(store, True)
    hub = tx.create_node([], {})
    others = [tx.create_node([], {}) for _ in range(10)]
    for i in range(degree):
        other = hub if i % 17 == 0 else others[i % 10]
        start, end = (hub, other) if i % 2 else (other, hub)
        tx.create_rel(("A", "B", "C")[i % 3], start, end, {})
    tx.commit()
    tx = Transaction(store, True)
    doomed = [r for r, _, _, _ in tx.expand(hub, BOTH, None)][::7]
    for rel_id in doomed:
        tx.delete_rel(rel_id)
    tx.create_rel("A", hub, others[0], {})
    for direction in (OUT, IN, BOTH):
        every = list(tx.expand(hub, direction, None))
        assert len(every) == tx.degree(hub, direction, None)
        for types in (("A",), ("C", "A"), ("Z",), ("B", "Z")):
            want = sorted(r for r in every if r[1] in types)
            assert sorted(tx.expand(hub, direction, types)) == want
            assert tx.degree(hub, direction, types) == len(want)


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_closing_releases_the_write_set(store: Store, finish: str) -> None:
    """A finished transaction still referenced somewhere keeps none of its writes alive."""
    store.create_index("N", "k")
    tx = Transaction(store, True)
    ids = [tx.create_node(["N"], {"k": i}) for i in range(50)]
    for a, b in itertools.pairwise(ids):
        tx.create_rel("R", a, b, {"w": a})
    tx.delete_rel(tx.create_rel("R", ids[0], ids[0], {}))
    getattr(tx, finish)()
    held = [
        tx._dirty_nodes, tx._dirty_rels, tx._created_nodes, tx._created_node_set,
        tx._created_rels, tx._created_rel_set, tx._del_rels, tx._adj_new, tx._tx_index,
        tx._tx_index_of, tx._clean_nodes,
    ]  # fmt: skip
    assert [len(c) for c in held] == [0] * len(held)
    with pytest.raises(TransactionError):
        tx.create_node([], {})


def test_create_rel_checks_both_endpoints_and_property_values(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node([], {}), tx.create_node([], {})
    tx.commit()
    tx = Transaction(store, True)
    c = tx.create_node([], {})
    tx.delete_node(b)
    for start, end, missing in [(a, b, b), (b, a, b), (a, 999, 999), (999, c, 999)]:
        with pytest.raises(EntityNotFound) as info:
            tx.create_rel("T", start, end, {})
        assert str(missing) in str(info.value)
    with pytest.raises(CypherArgumentError):
        tx.create_rel("T", a, c, {"big": 2**63})
    with pytest.raises(CypherTypeError):
        tx.create_rel("T", a, c, {"map": {"x": 1}})
    values = {"i": -(2**63), "f": 0.5, "s": "x", "b": False, "l": (1, 2), "none": None}
    r = tx.create_rel("T", a, c, values)
    assert tx.rel_properties(r) == {"i": -(2**63), "f": 0.5, "s": "x", "b": False, "l": [1, 2]}
    tx.commit()
    assert Transaction(store, False).rel_properties(r)["l"] == [1, 2]


def test_own_relationships_expand_whenever_they_are_first_read(store: Store) -> None:
    """Adjacency of created relationships is indexed on first read: relationships created,
    deleted or changed before and after that read all expand and count as they should."""
    tx = Transaction(store, True)
    a, b = tx.create_node([], {}), tx.create_node([], {})
    tx.commit()
    tx = Transaction(store, True)
    c = tx.create_node([], {})
    r1 = tx.create_rel("T", a, b, {})
    gone = tx.create_rel("T", a, c, {})
    loop = tx.create_rel("L", a, a, {})
    tx.delete_rel(gone)  # deleted before anything indexed it
    count = tx.degree_counter(BOTH, None)
    assert count(a) == tx.degree(a, BOTH, None) == 2
    assert [r[0] for r in tx.expand(a, OUT, None)] == [r1, loop]
    r2 = tx.create_rel("T", c, a, {"w": 1})  # after the first read
    tx.set_rel_property(r2, "w", 2)
    assert [r[0] for r in tx.expand(a, IN, ("T",))] == [r2]
    assert [r[0] for r in tx.expand(a, BOTH, None)] == [r1, loop, r2]
    assert count(a) == 3 and count(c) == 1 and tx.degree(b, IN, None) == 1
    assert tx.rel_properties(r2) == {"w": 2}
    tx.commit()
    rx = Transaction(store, False)
    assert sorted(r[0] for r in rx.expand(a, BOTH, None)) == [r1, loop, r2]
    assert rx.rel_properties(r2) == {"w": 2}


def test_neighbour_ids_include_relationships_created_in_the_transaction(store: Store) -> None:
    tx = Transaction(store, True)
    a, b = tx.create_node(["P"], {}), tx.create_node(["P"], {})
    tx.create_rel("K", a, b, {})
    tx.commit()
    tx = Transaction(store, True)
    c = tx.create_node(["P"], {})
    tx.create_rel("K", a, c, {})  # no expansion has indexed the new relationship yet
    for types in (None, ("K",)):
        assert tx.neighbour_ids(a, OUT, types) == [b, c]
        assert tx.neighbour_ids(c, IN, types) == [a]
        assert tx.neighbour_ids(a, OUT, types) == [e for _, _, _, e in tx.expand(a, OUT, types)]
    tx.rollback()
