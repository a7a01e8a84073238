"""Which internal variables a plan never reads, so operators may skip binding them.

The planner names anonymous pattern elements ``\\x00...`` (statement-unique, never visible to
user expressions). A name that appears exactly once in the whole logical plan, the operator
field that binds it, is read by nothing: an Expand need not build a ``RelRef`` or a row entry
for it. Counting every string in the plan (operator fields and expression trees alike) is
deliberately coarse: any other mention, however indirect (uniqueness lists, path steps,
OPTIONAL's null bindings, MERGE parts, nested plans), counts as a read.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

INTERNAL_PREFIX = "\x00"


class NameUses:
    """Occurrence counts of the strings in the logical plans walked so far."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()
        self._seen: set[int] = set()

    def add_plan(self, root: Any) -> None:
        """Count the names in ``root`` (once per object: nested plans are already counted)."""
        if id(root) in self._seen:
            return
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                self._counts[node] += 1
            elif isinstance(node, (list, tuple, set, frozenset)):
                stack.extend(node)
            elif isinstance(node, dict):
                stack.extend(node.keys())
                stack.extend(node.values())
            elif dataclasses.is_dataclass(node) and not isinstance(node, type):
                if id(node) in self._seen:
                    continue
                self._seen.add(id(node))
                stack.extend(getattr(node, f.name) for f in dataclasses.fields(node))

    def unread(self, name: str) -> bool:
        """True for an internal variable mentioned only where it is bound."""
        return name.startswith(INTERNAL_PREFIX) and self._counts[name] <= 1
