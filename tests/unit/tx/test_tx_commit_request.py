"""``build_request``: the storage keys a transaction's write set turns into.

Created nodes take their property-index keys from the transaction's own index (kept current
after every write); these tests hold them to the keys the schema derives from the final state.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbolt.storage import Store, _schema, verify
from graphbolt.storage import _layout as L
from graphbolt.tx import Transaction
from graphbolt.tx._commit import build_request
from graphbolt.tx._state import props_of

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=4),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=2),
)
_LABELS = st.sampled_from(["Person", "Other", "Both"])
_KEYS = st.sampled_from(["id", "name", "x"])
_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.lists(_LABELS, max_size=2), _KEYS, _VALUES),
        st.tuples(st.just("set"), st.integers(0, 7), _KEYS, _VALUES),
        st.tuples(st.just("add"), st.integers(0, 7), _LABELS, st.none()),
        st.tuples(st.just("remove"), st.integers(0, 7), _LABELS, st.none()),
        st.tuples(st.just("delete"), st.integers(0, 7), st.none(), st.none()),
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def indexed() -> Iterator[Store]:
    store = Store.open(None)
    for label, key in (("Person", "id"), ("Person", "name"), ("Both", "id"), ("Other", "x")):
        store.create_index(label, key)
    yield store
    store.close()


def _run(tx: Transaction, ops: list[tuple[str, Any, Any, Any]]) -> list[int]:
    created: list[int] = []
    for op, a, b, c in ops:
        if op == "create":
            created.append(tx.create_node(a, {} if c is None else {b: c}))
            continue
        if not created:
            continue
        node = created[a % len(created)]
        if tx._dirty_nodes.get(node) is None:
            continue  # deleted in this transaction
        if op == "set":
            tx.set_node_property(node, b, c)
        elif op == "add":
            tx.add_label(node, b)
        elif op == "remove":
            tx.remove_label(node, b)
        else:
            tx.delete_node(node)
    return created


def _expected(tx: Transaction, created: list[int]) -> list[bytes]:
    """The index keys of the created nodes, derived from their final state by the schema."""
    out: list[bytes] = []
    for node in created:
        rec = tx._dirty_nodes.get(node)
        if rec is not None:
            toks = [tx._label_tokens.get_or_create(label) for label in rec[0]]
            out.extend(_schema.entries(tx._schema, node, toks, props_of(rec, 1)))
    return out


@settings(max_examples=150, deadline=None)
@given(ops=_OPS)
def test_created_nodes_get_the_index_keys_of_their_final_state(
    indexed: Store, ops: list[tuple[str, Any, Any, Any]]
) -> None:
    tx = Transaction(indexed, True)
    try:
        created = _run(tx, ops)
        request = build_request(tx)
        assert sorted(request.idx_put) == sorted(_expected(tx, created))
        assert request.idx_del == []
        live = {n for n in created if tx._dirty_nodes.get(n) is not None}
        assert {L.ID.unpack(k)[0] for k, _ in request.node_put} == live
    finally:
        tx.rollback()


@settings(max_examples=40, deadline=None)
@given(ops=_OPS)
def test_committed_write_sets_keep_the_index_sound(
    indexed: Store, ops: list[tuple[str, Any, Any, Any]]
) -> None:
    tx = Transaction(indexed, True)
    created = _run(tx, ops)
    tx.commit()
    assert verify(indexed) == []
    reader = Transaction(indexed, False)
    try:
        for node in created:
            props = reader.node_properties(node) if reader.node_exists(node) else None
            if props is None or "Person" not in reader.node_labels(node):
                continue
            value = props.get("id")
            found = reader.find_nodes("Person", "id", value)
            assert (node in list(found or [])) == (_schema.value_key(value) is not None)
    finally:
        reader.rollback()
