"""Ladybug (the C++ kuzu fork) embedded, on disk."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ladybug
from _kuzu_family import H, KuzuFamily


class Ladybug(KuzuFamily):
    name = "ladybug"
    module = ladybug
    prepare_explicitly = False  # execute(text, params) keeps its own prepared-statement cache
    durable_note = "durable (WAL)"


if __name__ == "__main__":
    H.main(Ladybug)
