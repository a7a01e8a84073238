"""Random operations against a plain-dict model: the transaction view and the committed state
must always match it (hypothesis stateful testing)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from graphbolt.storage import Store, verify
from graphbolt.tx import BOTH, IN, OUT, Transaction

LABELS = st.sampled_from(["A", "B", "C"])
TYPES = st.sampled_from(["X", "Y"])
KEYS = st.sampled_from(["k", "m", "n"])
VALUES = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.sampled_from([0.5, 1.0, -2.5, 2.0]),
    st.text(max_size=3),
    st.lists(st.integers(0, 3), max_size=3),
)
# (lower, lower inclusive, upper, upper inclusive) of the range lookups checked
RANGES = [
    (None, True, 1, True), (0, False, None, True), (-2.5, True, 1.0, False), (1, True, 1, True),
    ("", True, None, True), ("a", False, "b", True), (None, True, "b", False), (0, True, "z", True),
]  # fmt: skip

Graph = dict[str, dict[int, Any]]


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _cypher_equal(a: Any, b: Any) -> bool:
    """Cypher ``=`` on the model's value types (1 = 1.0; no cross-type equality)."""
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if type(a) is list and type(b) is list:
        return len(a) == len(b) and all(_cypher_equal(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _in_range(value: Any, low: Any, low_incl: bool, high: Any, high_incl: bool) -> bool:
    """Cypher ``low < value < high``: only numbers against numbers, strings against strings."""
    for bound, incl, sign in ((low, low_incl, 1), (high, high_incl, -1)):
        if bound is None:
            continue
        if not ((_is_number(value) and _is_number(bound)) or type(value) is type(bound) is str):
            return False
        if (sign == 1 and value < bound) or (sign == -1 and value > bound):
            return False
        if not incl and value == bound:
            return False
    return True


def _view(tx: Transaction) -> Graph:
    nodes = {n: (set(tx.node_labels(n)), tx.node_properties(n)) for n in tx.all_node_ids()}
    rels = {r: (t, s, e, tx.rel_properties(r)) for r, t, s, e in tx.all_rels()}
    return {"nodes": nodes, "rels": rels}


class GraphModel(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.store = Store.open(None)
        self.store.create_index("A", "k")  # every write also maintains a property index
        self.committed: Graph = {"nodes": {}, "rels": {}}
        self.pending: Graph = {"nodes": {}, "rels": {}}
        self.tx = Transaction(self.store, True)

    def teardown(self) -> None:
        self.tx.rollback()
        self.store.close()

    @property
    def nodes(self) -> dict[int, Any]:
        return self.pending["nodes"]

    @property
    def rels(self) -> dict[int, Any]:
        return self.pending["rels"]

    @rule(labels=st.sets(LABELS, max_size=2), props=st.dictionaries(KEYS, VALUES, max_size=2))
    def create_node(self, labels: set[str], props: dict[str, Any]) -> None:
        node_id = self.tx.create_node(labels, props)
        assert node_id not in self.nodes
        self.nodes[node_id] = (set(labels), {k: v for k, v in props.items() if v is not None})

    @precondition(lambda self: self.nodes)
    @rule(data=st.data(), rel_type=TYPES, props=st.dictionaries(KEYS, VALUES, max_size=2))
    def create_rel(self, data: st.DataObject, rel_type: str, props: dict[str, Any]) -> None:
        ids = sorted(self.nodes)
        start, end = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
        rel_id = self.tx.create_rel(rel_type, start, end, props)
        clean = {k: v for k, v in props.items() if v is not None}
        self.rels[rel_id] = (rel_type, start, end, clean)

    @precondition(lambda self: self.nodes)
    @rule(data=st.data(), key=KEYS, value=VALUES)
    def set_node_property(self, data: st.DataObject, key: str, value: Any) -> None:
        node_id = data.draw(st.sampled_from(sorted(self.nodes)))
        self.tx.set_node_property(node_id, key, value)
        props = self.nodes[node_id][1]
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value

    @precondition(lambda self: self.rels)
    @rule(data=st.data(), key=KEYS, value=VALUES)
    def set_rel_property(self, data: st.DataObject, key: str, value: Any) -> None:
        rel_id = data.draw(st.sampled_from(sorted(self.rels)))
        self.tx.set_rel_property(rel_id, key, value)
        props = self.rels[rel_id][3]
        if value is None:
            props.pop(key, None)
        else:
            props[key] = value

    @precondition(lambda self: self.nodes)
    @rule(data=st.data(), label=LABELS, add=st.booleans())
    def change_label(self, data: st.DataObject, label: str, add: bool) -> None:
        node_id = data.draw(st.sampled_from(sorted(self.nodes)))
        labels = self.nodes[node_id][0]
        if add:
            assert self.tx.add_label(node_id, label) == (label not in labels)
            labels.add(label)
        else:
            assert self.tx.remove_label(node_id, label) == (label in labels)
            labels.discard(label)

    @precondition(lambda self: self.rels)
    @rule(data=st.data())
    def delete_rel(self, data: st.DataObject) -> None:
        rel_id = data.draw(st.sampled_from(sorted(self.rels)))
        self.tx.delete_rel(rel_id)
        del self.rels[rel_id]

    @precondition(lambda self: self.nodes)
    @rule(data=st.data())
    def detach_delete_node(self, data: st.DataObject) -> None:
        node_id = data.draw(st.sampled_from(sorted(self.nodes)))
        for rel_id, _, _, _ in list(self.tx.expand(node_id, BOTH, None)):
            self.tx.delete_rel(rel_id)
            del self.rels[rel_id]
        self.tx.delete_node(node_id)
        del self.nodes[node_id]

    @rule()
    def commit(self) -> None:
        self.tx.commit()
        self.committed = copy.deepcopy(self.pending)
        self.tx = Transaction(self.store, True)

    @rule()
    def rollback(self) -> None:
        self.tx.rollback()
        self.pending = copy.deepcopy(self.committed)
        self.tx = Transaction(self.store, True)

    @invariant()
    def transaction_view_matches_model(self) -> None:
        view = _view(self.tx)
        expected = {
            "nodes": {n: (labels, props) for n, (labels, props) in self.nodes.items()},
            "rels": self.rels,
        }
        assert view == expected
        assert list(self.tx.all_node_ids()) == sorted(self.nodes)
        assert [r[0] for r in self.tx.all_rels()] == sorted(self.rels)
        for label in ("A", "B", "C"):
            want = sorted(n for n, (labels, _) in self.nodes.items() if label in labels)
            assert list(self.tx.node_ids_by_label(label)) == want
        for rel_type in ("X", "Y"):
            want_rels = sorted(r for r, v in self.rels.items() if v[0] == rel_type)
            assert [r[0] for r in self.tx.rels_by_type(rel_type)] == want_rels
        self._check_expansion()
        self._check_index()

    def _check_index(self) -> None:
        for value in (-1, 0, 1, 1.0, 2, 0.5, -2.5, "", "a", [0, 1]):
            want = sorted(
                n
                for n, (labels, props) in self.nodes.items()
                if "A" in labels and "k" in props and _cypher_equal(props["k"], value)
            )
            found = self.tx.find_nodes("A", "k", value)
            assert found is not None
            assert list(found) == want
        for low, low_incl, high, high_incl in RANGES:
            found = self.tx.find_range("A", "k", low, low_incl, high, high_incl)
            assert found is not None
            got = list(found)
            want = sorted(
                n
                for n, (labels, props) in self.nodes.items()
                if "A" in labels and "k" in props
                and _in_range(props["k"], low, low_incl, high, high_incl)
            )  # fmt: skip
            assert sorted(got) == want and len(got) == len(want)
            values = [self.nodes[n][1]["k"] for n in got]
            assert values == sorted(values)  # (value, id) order
        for prefix in ("", "a", "ab"):
            prefixed = self.tx.find_prefix("A", "k", prefix)
            assert prefixed is not None
            want = sorted(
                n
                for n, (labels, props) in self.nodes.items()
                if "A" in labels and type(props.get("k")) is str and props["k"].startswith(prefix)
            )
            assert sorted(prefixed) == want

    def _check_expansion(self) -> None:
        for node_id in self.nodes:
            for direction in (OUT, IN, BOTH):
                for types in (None, ("X",), ("Y", "X")):
                    want = sorted(
                        (r, t, s, e)
                        for r, (t, s, e, _) in self.rels.items()
                        if (types is None or t in types)
                        and (
                            (direction == OUT and s == node_id)
                            or (direction == IN and e == node_id)
                            or (direction == BOTH and node_id in (s, e))
                        )
                    )
                    assert sorted(self.tx.expand(node_id, direction, types)) == want
                    assert self.tx.degree(node_id, direction, types) == len(want)

    @invariant()
    def committed_state_matches_model(self) -> None:
        reader = Transaction(self.store, False)
        try:
            assert _view(reader) == self.committed
        finally:
            reader.rollback()
        assert verify(self.store) == []


GraphModel.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
TestGraphModel = GraphModel.TestCase
