"""kuzu 0.11 embedded, on disk."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kuzu
from _kuzu_family import H, KuzuFamily


class Kuzu(KuzuFamily):
    name = "kuzu"
    module = kuzu
    durable_note = "durable (WAL)"


if __name__ == "__main__":
    H.main(Kuzu)
