"""graphbolt's Unpacker decodes record-shaped data exactly as the official driver's pure-Python
decoder does (its speed against that decoder is measured by ``benchmarks/decode.py`` and
``benchmarks/stream.py``, never here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphbolt.bolt._packstream import Packer, Structure
from graphbolt.bolt._unpack import Unpacker

official = pytest.importorskip("neo4j._codec.packstream.v1", reason="official driver absent")
common = pytest.importorskip("neo4j._codec.packstream._common")


def _records(make: Callable[[int], list[Any]], count: int = 2000) -> list[bytes]:
    packer = Packer()
    messages = []
    for i in range(count):
        out = bytearray()
        packer.structure(out, 0x71, [make(i)])
        messages.append(bytes(out))
    return messages


def _scalar_row(i: int) -> list[Any]:
    return [i, f"name-{i}", i * 1.5, None, True, [1, 2, 3, "x"],
            {"a": i, "b": "bee", "c": [i, -i]}, 100_000 + i, "a string longer than sixteen"]  # fmt: skip


def _node_row(i: int) -> list[Any]:
    props = {"name": f"n{i}", "age": i % 90, "score": 0.5}
    return [Structure(0x4E, [i, ["Person", "Employee"], props, str(i)])]


def _plain(value: Any) -> Any:
    """Structures of either library as ``(tag, fields)`` for comparison."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "fields") and hasattr(value, "tag"):
        tag = value.tag[0] if isinstance(value.tag, bytes) else value.tag
        return (tag, _plain(list(value.fields)))
    return value


@pytest.mark.parametrize("make", [_scalar_row, _node_row], ids=["scalars", "nodes"])
def test_decodes_like_the_official_pure_python_decoder(make: Callable[[int], list[Any]]) -> None:
    for message in _records(make, count=300):
        theirs = official.Unpacker(common.UnpackableBuffer(message))
        size, _tag = theirs.unpack_structure_header()
        want = [theirs._unpack() for _ in range(size)]  # the pure-Python path
        tag, fields = Unpacker(message).unpack_message()
        assert tag == 0x71
        assert _plain(fields) == _plain(want)
