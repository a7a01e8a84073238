"""Property indexes: creation, lookups merged with the write set, maintenance, conflicts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.errors import TransactionError, WriteConflict
from graphbolt.storage import Store, _schema, verify
from graphbolt.tx import Transaction


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _people(store: Store, n: int) -> list[int]:
    tx = Transaction(store, True)
    ids = [tx.create_node(["Person"], {"id": i % 5, "name": f"p{i}"}) for i in range(n)]
    tx.create_node(["Other"], {"id": 1})
    tx.commit()
    return ids


def test_no_index_means_none(store: Store) -> None:
    _people(store, 3)
    tx = Transaction(store, False)
    assert tx.find_nodes("Person", "id", 1) is None
    assert not tx.has_index("Person", "id")


def test_create_index_populates_and_finds(store: Store) -> None:
    ids = _people(store, 20)
    assert store.create_index("Person", "id")
    assert not store.create_index("Person", "id")
    assert store.indexes() == [("Person", "id")]
    tx = Transaction(store, False)
    found = tx.find_nodes("Person", "id", 1)
    assert found is not None
    assert list(found) == [n for i, n in enumerate(ids) if i % 5 == 1]
    assert list(tx.find_nodes("Person", "id", 1.0) or []) == list(
        tx.find_nodes("Person", "id", 1) or []
    )
    assert list(tx.find_nodes("Person", "id", "1") or []) == []
    assert list(tx.find_nodes("Person", "id", None) or []) == []
    assert list(tx.find_nodes("Person", "id", float("nan")) or []) == []
    assert verify(store) == []


def test_lookup_sees_own_writes(store: Store) -> None:
    ids = _people(store, 5)
    store.create_index("Person", "id")
    tx = Transaction(store, True)
    tx.set_node_property(ids[1], "id", 42)  # moves out of id=1 into id=42
    new = tx.create_node(["Person"], {"id": 1})
    unlabelled = tx.create_node([], {"id": 1})
    tx.add_label(unlabelled, "Person")
    tx.remove_label(ids[3], "Person")
    assert list(tx.find_nodes("Person", "id", 1) or []) == [new, unlabelled]
    assert list(tx.find_nodes("Person", "id", 42) or []) == [ids[1]]
    assert list(tx.find_nodes("Person", "id", 3) or []) == []
    tx.delete_node(new)
    assert list(tx.find_nodes("Person", "id", 1) or []) == [unlabelled]
    tx.commit()
    rx = Transaction(store, False)
    assert list(rx.find_nodes("Person", "id", 1) or []) == [unlabelled]
    assert list(rx.find_nodes("Person", "id", 42) or []) == [ids[1]]
    assert verify(store) == []


def test_drop_index(store: Store) -> None:
    _people(store, 5)
    store.create_index("Person", "id")
    assert store.drop_index("Person", "id")
    assert not store.drop_index("Person", "id")
    assert Transaction(store, False).find_nodes("Person", "id", 1) is None
    assert verify(store) == []


def test_transaction_keeps_its_snapshot_schema(store: Store) -> None:
    _people(store, 5)
    old = Transaction(store, False)
    store.create_index("Person", "id")
    assert old.find_nodes("Person", "id", 1) is None
    assert Transaction(store, False).find_nodes("Person", "id", 1) is not None


def test_writer_conflicts_with_concurrent_index_creation(store: Store) -> None:
    ids = _people(store, 5)
    tx = Transaction(store, True)
    tx.set_node_property(ids[0], "id", 9)
    store.create_index("Person", "id")
    with pytest.raises(WriteConflict):
        tx.commit()
    assert verify(store) == []


def test_index_survives_reopen(tmp_path: Path) -> None:
    path = str(tmp_path / "g")
    with Store.open(path) as store:
        ids = _people(store, 10)
        store.create_index("Person", "id")
    with Store.open(path) as store:
        assert store.indexes() == [("Person", "id")]
        rx = Transaction(store, False)
        assert list(rx.find_nodes("Person", "id", 2) or []) == [ids[2], ids[7]]
        rx.rollback()


def test_merge_loop_in_one_transaction(store: Store) -> None:
    store.create_index("Person", "id")
    tx = Transaction(store, True)
    for i in range(2000):
        found = tx.find_nodes("Person", "id", i % 1000)
        assert found is not None
        if next(found, None) is None:
            tx.create_node(["Person"], {"id": i % 1000})
    tx.commit()
    assert len(list(Transaction(store, False).node_ids_by_label("Person"))) == 1000


values = st.one_of(
    st.integers(-3, 3),
    st.floats(-3, 3).map(lambda f: round(f)),
    st.sampled_from([1.5, -0.0, 0.0, "a", "", True, False]),
    st.lists(st.integers(0, 2), max_size=2),
)


@settings(max_examples=100)
@given(values, values)
def test_value_key_equality_matches_cypher_equality(a: object, b: object) -> None:
    def norm(v: object) -> object:
        if isinstance(v, bool):
            return ("b", v)
        if isinstance(v, (int, float)):
            return ("n", float(v))
        if isinstance(v, list):
            return ("l", tuple(norm(x) for x in v))
        return ("s", v)

    assert (_schema.value_key(a) == _schema.value_key(b)) == (norm(a) == norm(b))


def test_nodes_written_without_index_change_stay_findable(store: Store) -> None:
    ids = _people(store, 5)
    store.create_index("Person", "id")
    tx = Transaction(store, True)
    assert not tx.add_label(ids[1], "Person")  # a no-op write still makes the node written
    assert not tx.remove_label(ids[6 % 5], "Absent")
    tx.set_node_property(ids[3], "name", "renamed")
    assert list(tx.find_nodes("Person", "id", 1) or []) == [ids[1]]
    assert list(tx.find_nodes("Person", "id", 3) or []) == [ids[3]]
    tx.commit()
    assert verify(store) == []


def test_equality_seeker_answers_as_find_nodes(store: Store) -> None:
    """The batch seeker (one cursor, eager for single matches) agrees with ``find_nodes``
    for unique and repeated values, own writes, rewrites and deletions, lookup after lookup."""
    tx = Transaction(store, True)
    unique = [tx.create_node(["U"], {"k": i}) for i in range(30)]
    shared = [tx.create_node(["U"], {"k": "s"}) for _ in range(3)]
    tx.create_node(["U"], {"k": 1.5})
    tx.commit()
    store.create_index("U", "k")
    tx = Transaction(store, True)
    assert tx.equality_seeker("U", "nope") is None
    seek = tx.equality_seeker("U", "k")
    assert seek is not None
    tx.set_node_property(unique[3], "k", 300)  # rewritten: leaves value 3, gains 300
    tx.delete_node(unique[4])
    tx.delete_node(shared[1])
    fresh = tx.create_node(["U"], {"k": 5})  # a second node with 5: one snapshot, one own
    probes: list[object] = [*range(-1, 32), 300, "s", 1.5, 2.0, None, float("nan"), "x", True]
    for value in probes * 2:  # interleaved, repeated: the shared cursor is repositioned
        expected = tx.find_nodes("U", "k", value)
        assert expected is not None
        assert list(seek(value)) == list(expected), value
    assert list(seek(5)) == [unique[5], fresh]
    assert list(seek("s")) == [shared[0], shared[2]]
    # One seeker per (label, key) serves the transaction's later queries, writes included.
    assert tx.equality_seeker("U", "k") is seek
    later = tx.create_node(["U"], {"k": "late"})
    assert list(tx.equality_seeker("U", "k")("late")) == [later]  # type: ignore[misc]
    assert list(seek(3)) == [] and list(seek(300)) == [unique[3]] and list(seek(4)) == []
    tx.rollback()
    with pytest.raises(TransactionError):
        seek(7)
