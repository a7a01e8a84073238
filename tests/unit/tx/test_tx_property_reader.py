"""``property_reader(key)`` answers exactly as ``node_property`` (snapshot records, this
transaction's writes and deletions, keys created meanwhile) without filling the record
cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graphbolt.storage import Store
from graphbolt.tx import Transaction


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store.open(None)
    yield s
    s.close()


def _seed(store: Store) -> list[int]:
    tx = Transaction(store, True)
    ids = [tx.create_node(["P"], {"age": i, "name": f"p{i}"} if i % 3 else {}) for i in range(12)]
    tx.commit()
    return ids


def test_reader_equals_node_property_and_leaves_the_cache_alone(store: Store) -> None:
    ids = _seed(store)
    tx, other = Transaction(store, False), Transaction(store, False)
    store.props_cache.clear()  # the seeding commit wrote its nodes through
    keys = ("age", "name", "missing")
    got = {key: [tx.property_reader(key)(n) for n in ids] for key in keys}
    assert not store.props_cache.entries  # uncached reads, shared cache included
    for key in keys:
        assert got[key] == [other.node_property(n, key) for n in ids]
    assert tx._clean_nodes == {}  # uncached reads
    assert store.props_cache.entries  # node_property caches (in the store's shared cache)
    tx.node_property(ids[1], "age")  # a cached record is used as is
    assert tx.property_reader("age")(ids[1]) == 1
    tx.rollback()
    other.rollback()


def test_reader_sees_own_writes_deletions_and_new_keys(store: Store) -> None:
    ids = _seed(store)
    tx = Transaction(store, True)
    read_age, read_new = tx.property_reader("age"), tx.property_reader("brand_new")
    tx.set_node_property(ids[1], "age", 100)
    tx.delete_node(ids[2])
    created = tx.create_node(["P"], {"age": -1, "brand_new": True})
    tx.set_node_property(ids[4], "brand_new", "x")  # the key's token appears now
    assert read_age(ids[1]) == 100
    assert read_age(ids[2]) is None
    assert read_age(created) == -1
    assert read_new(created) is True and read_new(ids[4]) == "x" and read_new(ids[5]) is None
    assert [read_age(n) for n in ids] == [tx.node_property(n, "age") for n in ids]
    tx.rollback()
