"""``Record``: one row of a result, a tuple of values that also reads like a mapping."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphbolt.exceptions import BrokenRecordError
from graphbolt.values._graph import Node, Path, Relationship

_tuple_new = tuple.__new__
_tuple_getitem = tuple.__getitem__


class Record(tuple, Mapping):  # type: ignore[type-arg]
    """An immutable row: values by position (tuple) or by key (mapping).

    As in the official driver, iteration and ``in`` work on the values (tuple behaviour);
    ``keys()``, ``items()``, ``get()`` and ``record["key"]`` give the mapping view.
    """

    __keys: tuple[str, ...]

    def __new__(cls, iterable: Any = (), keys: Any = None) -> Record:
        if keys is None:
            if isinstance(iterable, Mapping):
                pairs = list(iterable.items())
            else:
                pairs = list(iterable)
            keys = tuple(k for k, _ in pairs)
            values = tuple(v for _, v in pairs)
        else:
            keys = tuple(keys)
            try:
                values = tuple(iterable)
            except _Broken as broken:  # free unless the record held an undecodable value
                return BrokenRecord(broken.error, keys)
            if len(keys) != len(values):
                raise ValueError("Record needs as many keys as values")
        inst = tuple.__new__(cls, values)
        inst.__keys = keys
        return inst

    def __repr__(self) -> str:
        fields = " ".join(f"{k}={v!r}" for k, v in zip(self.__keys, super().__iter__()))
        return f"<Record {fields}>"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        """Equal to a record or mapping with the same items, or a tuple of the same values."""
        if isinstance(other, Record):
            return dict(self.items()) == dict(other.items()) and tuple(self) == tuple(other)
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return tuple.__hash__(self)

    def __iter__(self) -> Iterator[Any]:
        return tuple.__iter__(self)

    def __contains__(self, value: object) -> bool:
        return tuple.__contains__(self, value)

    def __getitem__(self, key: Any) -> Any:
        # Reading by position is what streaming code does per value: one C call for it.
        if type(key) is int and key >= 0:
            try:
                return _tuple_getitem(self, key)
            except IndexError:
                raise IndexError(key) from None
        if isinstance(key, slice):
            keys = self.__keys[key]
            values = tuple.__getitem__(self, key)
            return Record(values, keys)
        return tuple.__getitem__(self, self.index(key))

    def __getslice__(self, start: int, stop: int) -> Record:  # pragma: no cover - py2 relic
        return self[start:stop]

    def index(self, key: Any) -> int:  # type: ignore[override]
        """The position of ``key`` (a name, or an in-range position)."""
        if isinstance(key, int):
            if 0 <= key < len(self.__keys):
                return key
            raise IndexError(key)
        if isinstance(key, str):
            try:
                return self.__keys.index(key)
            except ValueError:
                raise KeyError(key) from None
        raise TypeError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except (KeyError, IndexError):
            return default

    def value(self, key: Any = 0, default: Any = None) -> Any:
        """The value at ``key`` (name or position), or ``default``."""
        try:
            index = self.index(key)
        except (IndexError, KeyError):
            return default
        return tuple.__getitem__(self, index)

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(self.__keys)

    def values(self, *keys: Any) -> list[Any]:  # type: ignore[override]
        """All values, or those of ``keys`` (missing ones are None)."""
        if not keys:
            return list(self)
        return [self.value(key) for key in keys]

    def items(self, *keys: Any) -> list[tuple[str, Any]]:  # type: ignore[override]
        if not keys:
            return list(zip(self.__keys, tuple.__iter__(self)))
        out = []
        for key in keys:
            index = self.index(key)
            out.append((self.__keys[index], tuple.__getitem__(self, index)))
        return out

    def data(self, *keys: Any) -> dict[str, Any]:
        """A dict of the (selected) items with graph values turned into plain data.

        Nodes become property dicts, relationships ``(start props, type, end props)``,
        paths alternating node dicts and relationship tuples. Unknown keys raise KeyError.
        """
        return {k: to_data(v) for k, v in self.items(*keys)}


def make_records(rows: list[Any], keys: tuple[str, ...]) -> list[Record]:
    """``Record(values, keys)`` for each received row, sharing one ``keys`` tuple.

    The driver's per-record path: a well-formed row (a plain list or tuple as long as ``keys``) skips
    the constructor's checks; anything else (``BrokenValues``) goes through it.
    """
    out: list[Record] = []
    append = out.append
    width = len(keys)
    for values in rows:
        if (type(values) is list or type(values) is tuple) and len(values) == width:
            record = _tuple_new(Record, values)
            record._Record__keys = keys  # type: ignore[attr-defined]
            append(record)
        else:
            append(Record(values, keys))
    return out


class _Broken(Exception):
    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class BrokenValues(list):  # type: ignore[type-arg]
    """Stands for the values of a received record that held a value the driver cannot
    represent (e.g. a DateTime in an unknown time zone). ``Record(values, keys)`` makes it
    a ``BrokenRecord``; the records around it are unaffected."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def __iter__(self) -> Iterator[Any]:
        raise _Broken(self.error)


class BrokenRecord(Record):
    """A record with an undecodable value: its keys are known, reading any value raises
    ``BrokenRecordError`` naming the cause (as the official driver's broken records do)."""

    def __new__(cls, error: BaseException, keys: tuple[str, ...]) -> BrokenRecord:
        inst = tuple.__new__(cls, (None,) * len(keys))
        inst._Record__keys = keys  # type: ignore[attr-defined]
        inst.error = error
        return inst

    error: BaseException

    def _raise(self) -> Any:
        raise BrokenRecordError(f"Record contains broken data: {self.error}") from self.error

    def __iter__(self) -> Iterator[Any]:
        return self._raise()  # type: ignore[no-any-return]

    def __getitem__(self, key: Any) -> Any:
        return self._raise()

    def __contains__(self, value: object) -> bool:
        return self._raise()  # type: ignore[no-any-return]

    def value(self, key: Any = 0, default: Any = None) -> Any:
        return self._raise()

    def items(self, *keys: Any) -> list[tuple[str, Any]]:  # type: ignore[override]
        return self._raise()  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<BrokenRecord keys={self.keys()!r} error={self.error!r}>"

    __str__ = __repr__


def to_data(value: Any) -> Any:
    """``Record.data`` conversion of one value (recursive)."""
    if isinstance(value, Node):
        return dict(value.properties)
    if isinstance(value, Relationship):
        start = getattr(value, "start_node", None)
        end = getattr(value, "end_node", None)
        return (
            dict(start) if start is not None else {},
            value.type,
            dict(end) if end is not None else {},
        )
    if isinstance(value, Path):
        out: list[Any] = [to_data(value.nodes[0])]
        for rel, node in zip(value.relationships, value.nodes[1:]):
            out.append(to_data(rel))
            out.append(to_data(node))
        return out
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    return value
