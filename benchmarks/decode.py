"""PackStream decoding alone: graphbolt's ``Unpacker`` against the official driver's
pure-Python decoder, on RECORD messages (scalars, and nodes). Prints the speed ratio; reports
only (the end-to-end driver comparison over Bolt is ``stream.py``).

    python benchmarks/decode.py [--rows 20000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from graphbolt.bolt._packstream import Packer, Structure
from graphbolt.bolt._unpack import Unpacker


def scalar_row(i: int) -> list[Any]:
    return [i, f"name-{i}", i * 1.5, None, True, [1, 2, 3, "x"],
            {"a": i, "b": "bee", "c": [i, -i]}, 100_000 + i, "a string longer than sixteen"]  # fmt: skip


def node_row(i: int) -> list[Any]:
    return [Structure(0x4E, [i, ["Person", "Employee"], {"name": f"n{i}", "age": i % 90}, str(i)])]


def records(make: Callable[[int], list[Any]], count: int) -> list[bytes]:
    packer, out = Packer(), []
    for i in range(count):
        buf = bytearray()
        packer.structure(buf, 0x71, [make(i)])
        out.append(bytes(buf))
    return out


def best(fn: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=20_000)
    p.add_argument("--repeat", type=int, default=15)
    args = p.parse_args()
    from neo4j._codec.packstream import _common as common
    from neo4j._codec.packstream import v1 as official

    for name, make in (("scalars", scalar_row), ("nodes", node_row)):
        messages = records(make, args.rows)

        def ours(messages: list[bytes] = messages) -> None:
            for m in messages:
                Unpacker(m).unpack_message()

        def theirs(messages: list[bytes] = messages) -> None:
            for m in messages:
                u = official.Unpacker(common.UnpackableBuffer(m))
                size, _ = u.unpack_structure_header()
                for _ in range(size):
                    u._unpack()  # the pure-Python path, even with the Rust extension present

        a, b = best(ours, args.repeat), best(theirs, args.repeat)
        print(
            f"{name:8s} graphbolt {args.rows / a:12,.0f} records/s   "
            f"official pure Python {args.rows / b:12,.0f} records/s   ratio {b / a:.2f}x"
        )


if __name__ == "__main__":
    main()
