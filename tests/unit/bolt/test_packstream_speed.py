"""Decoding speed: graphbolt's Unpacker against the official driver's pure-Python one.

The driver streams every record through ``Unpacker``; the goal is at least twice the official
pure-Python decoder's speed on record-shaped data. Timings are best-of-N of the same work for
both decoders, so machine load affects both alike.
"""

from __future__ import annotations

import time
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


def _best_of(ours: Callable[[], None], theirs: Callable[[], None], repeat: int = 15) -> float:
    """Best time of each, interleaved so a burst of machine load hits both alike; the ratio."""
    best_ours = best_theirs = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        ours()
        best_ours = min(best_ours, time.perf_counter() - started)
        started = time.perf_counter()
        theirs()
        best_theirs = min(best_theirs, time.perf_counter() - started)
    return best_theirs / best_ours


@pytest.mark.parametrize("make", [_scalar_row, _node_row], ids=["scalars", "nodes"])
def test_at_least_twice_the_official_pure_python_decoder(make: Callable[[int], list[Any]]) -> None:
    messages = _records(make)

    def ours() -> None:
        for message in messages:
            Unpacker(message).unpack_message()

    def theirs() -> None:
        for message in messages:
            unpacker = official.Unpacker(common.UnpackableBuffer(message))
            size, _tag = unpacker.unpack_structure_header()
            for _ in range(size):
                unpacker._unpack()  # the pure-Python path, even if a Rust extension exists

    # Same results first: a fast wrong decoder is no use.
    check = official.Unpacker(common.UnpackableBuffer(messages[7]))
    check.unpack_structure_header()
    assert _plain(Unpacker(messages[7]).unpack_message()[1][0]) == _plain(check._unpack())
    ratio = _best_of(ours, theirs)
    assert ratio >= 2.0, f"only {ratio:.2f}x the official decoder's speed"
