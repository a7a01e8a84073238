"""The write half of ``GraphAccess``: every write goes to the private write set only.

Writes to an entity this transaction deleted raise ``EntityNotFound("DeletedEntityAccess")``;
writes to an id that is not visible at all raise ``EntityNotFound("EntityNotFound")``.
Deleting something already deleted is a no-op. ``delete_node`` does not check relationships
(the runtime detaches first, and may delete a node before its relationships within one
statement); ``commit`` refuses a write set that leaves a deleted node with relationships
(``ConstraintValidationFailed("DeleteConnectedNode")``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphbolt.errors import EntityNotFound
from graphbolt.storage._codec import check_value
from graphbolt.tx._index import IndexReads
from graphbolt.tx._state import props_of

_MIN_INT, _MAX_INT = -(2**63), 2**63 - 1  # the integers a property can hold


class Writes(IndexReads):
    def _encode_props(self, properties: dict[str, Any]) -> dict[int, Any]:
        """Properties keyed by token, nulls dropped, values checked (plain scalars inline:
        this runs for every created entity)."""
        tokens = self._key_tokens
        known = tokens.ids
        out: dict[int, Any] = {}
        for k, v in properties.items():
            t = type(v)
            if t is str or t is float or t is bool or (t is int and _MIN_INT <= v <= _MAX_INT):
                pass
            elif v is None:
                continue
            else:
                v = check_value(v)
            tok = known.get(k)
            out[tokens.get_or_create(k) if tok is None else tok] = v
        return out

    def create_node(self, labels: Iterable[str], properties: dict[str, Any]) -> int:
        if not self._writable:
            self._refuse()
        label_tok = self._label_tokens.get_or_create
        label_set = frozenset(labels)
        for label in label_set:
            label_tok(label)
        props = self._encode_props(properties) if properties else {}
        node_id = self._store.alloc_node_id()
        self._dirty_nodes[node_id] = [label_set, props]
        self._created_nodes.append(node_id)
        self._created_node_set.add(node_id)
        if self._schema.indexes:
            self._reindex(node_id)
        return node_id

    def create_rel(self, rel_type: str, start: int, end: int, properties: dict[str, Any]) -> int:
        if not self._writable:
            self._refuse()
        if not self._node_visible(start) or not self._node_visible(end):
            node_id = end if self._node_visible(start) else start
            raise EntityNotFound(
                "DeletedEntityAccess", f"Node with id {node_id} does not exist or was deleted"
            )
        if rel_type not in self._type_tokens.ids:
            self._type_tokens.get_or_create(rel_type)
        props = self._encode_props(properties) if properties else {}
        rel_id = self._store.alloc_rel_id()
        self._dirty_rels[rel_id] = (rel_type, start, end, props)  # a tuple: see _state
        self._created_rels.append(rel_id)
        self._created_rel_set.add(rel_id)  # adjacency: indexed when first read (_new_adj)
        return rel_id

    def set_node_property(self, node_id: int, key: str, value: Any) -> None:
        rec = self._node_for_write(node_id)
        props = props_of(rec, 1)
        if value is None:
            tok = self._key_tokens.ids.get(key)
            if tok is not None:
                props.pop(tok, None)
        else:
            props[self._key_tokens.get_or_create(key)] = check_value(value)
        if self._schema.indexes:
            self._reindex(node_id)

    def set_rel_property(self, rel_id: int, key: str, value: Any) -> None:
        rec = self._rel_for_write(rel_id)
        props = props_of(rec, 3)
        if value is None:
            tok = self._key_tokens.ids.get(key)
            if tok is not None:
                props.pop(tok, None)
        else:
            props[self._key_tokens.get_or_create(key)] = check_value(value)

    def add_label(self, node_id: int, label: str) -> bool:
        rec = self._node_for_write(node_id)
        if label in rec[0]:
            return False
        tok = self._label_tokens.get_or_create(label)
        rec[0] = rec[0] | {label}
        if node_id not in self._created_node_set and tok not in self._snapshot_labels(node_id):
            self._label_gain.setdefault(label, set()).add(node_id)
        if self._schema.indexes:
            self._reindex(node_id)
        return True

    def remove_label(self, node_id: int, label: str) -> bool:
        rec = self._node_for_write(node_id)
        if label not in rec[0]:
            return False
        rec[0] = rec[0] - {label}
        gained = self._label_gain.get(label)
        if gained is not None:
            gained.discard(node_id)
        if self._schema.indexes:
            self._reindex(node_id)
        return True

    def delete_node(self, node_id: int) -> None:
        if not self._writable:
            self._refuse()
        if self._node(node_id) is None:
            return
        self._dirty_nodes[node_id] = None
        self._del_nodes.add(node_id)
        if self._schema.indexes:
            self._reindex(node_id)

    def delete_rel(self, rel_id: int) -> None:
        if not self._writable:
            self._refuse()
        if self._rel(rel_id) is None:
            return
        self._dirty_rels[rel_id] = None
        self._del_rels.add(rel_id)
