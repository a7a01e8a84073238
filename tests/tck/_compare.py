"""Comparing what the engine returned with what a TCK scenario expects.

Engine values are first turned into canonical values (``_values``); after that every check
is plain tuple equality, multiset (``Counter``) equality, or sequence equality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphbolt.values._graph import Node, Path, Relationship

from ._values import NULL, Canon, make_float, make_map, render_row, sort_lists

MAX_SHOWN_ROWS = 8


def _node(node: Any) -> Canon:
    return ("node", tuple(sorted(node.labels)), _props(node.properties))


def _rel(rel: Any) -> Canon:
    return ("rel", rel.type, _props(rel.properties))


def _props(properties: Mapping[str, Any]) -> Canon:
    return make_map({key: canon_actual(value) for key, value in properties.items()})


def _path(path: Any) -> Canon:
    nodes, rels = path.nodes, path.relationships
    parts: list[Any] = [_node(nodes[0])]
    for i, rel in enumerate(rels):
        # A relationship points forward when it starts at the node before it in the path.
        forward = rel.start_id == nodes[i].id and rel.end_id == nodes[i + 1].id
        parts.append(("->" if forward else "<-", _rel(rel)))
        parts.append(_node(nodes[i + 1]))
    return ("path", tuple(parts))


_BY_TYPE: dict[type, Callable[[Any], Canon]] = {
    type(None): lambda _v: NULL,
    bool: lambda v: ("bool", v),
    int: lambda v: ("int", v),
    float: make_float,
    str: lambda v: ("str", v),
    list: lambda v: ("list", tuple(canon_actual(x) for x in v)),
    tuple: lambda v: ("list", tuple(canon_actual(x) for x in v)),
    dict: lambda v: make_map({k: canon_actual(x) for k, x in v.items()}),
    Node: _node,
    Relationship: _rel,
    Path: _path,
}


def canon_actual(value: Any) -> Canon:
    """The canonical form of a value the engine returned."""
    convert = _BY_TYPE.get(type(value))
    if convert is not None:
        return convert(value)
    return _canon_fallback(value)


def _canon_fallback(value: Any) -> Canon:
    # Subclasses of the basic types, then the engine's own value classes: temporal and spatial
    # values compare by their Cypher string form (the TCK writes them as strings).
    for cls in (Node, Relationship, Path):
        if isinstance(value, cls):
            return _BY_TYPE[cls](value)
    if isinstance(value, bool):
        return ("bool", bool(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return make_float(float(value))
    if isinstance(value, str):
        return ("str", str(value))
    if isinstance(value, Mapping):
        return make_map({str(k): canon_actual(x) for k, x in value.items()})
    module = type(value).__module__
    if module.startswith("graphbolt.values") and type(value).__name__ not in (
        "NodeRef",
        "RelRef",
        "PathRef",
    ):
        return ("str", str(value))
    if isinstance(value, Sequence):
        return ("list", tuple(canon_actual(x) for x in value))
    return ("other", f"{type(value).__name__}: {value!r}")


# -- result tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedResult:
    """A result step: the column names, the rows (canonical), and how to compare."""

    columns: tuple[str, ...] | None  # None: "the result should be empty" (any columns)
    rows: tuple[tuple[Canon, ...], ...]
    ordered: bool
    ignore_list_order: bool

    def describe(self) -> str:
        if self.columns is None:
            return "empty result"
        mode = "in order" if self.ordered else "in any order"
        if self.ignore_list_order:
            mode += ", ignoring list order"
        return f"{len(self.rows)} rows {mode}"


def compare_result(
    expected: ExpectedResult, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> str | None:
    """None when ``columns``/``rows`` match ``expected``, else a readable reason."""
    if expected.columns is None:
        if rows:
            shown = _show(_canon_rows(rows, False))
            return f"expected an empty result, got {len(rows)} rows:\n{shown}"
        return None
    if tuple(columns) != expected.columns:
        return f"columns differ: expected {list(expected.columns)}, got {list(columns)}"
    actual = _canon_rows(rows, expected.ignore_list_order)
    wanted = expected.rows
    if expected.ignore_list_order:
        wanted = tuple(tuple(sort_lists(cell) for cell in row) for row in wanted)
    if expected.ordered:
        if list(wanted) == actual:
            return None
        return _order_reason(list(wanted), actual)
    missing = Counter(wanted)
    missing.subtract(actual)
    if all(count == 0 for count in missing.values()):
        return None
    lacking = [row for row, n in missing.items() for _ in range(n) if n > 0]
    extra = [row for row, n in missing.items() for _ in range(-n) if n < 0]
    return (
        f"rows differ (expected {len(wanted)}, got {len(actual)}):\n"
        f"missing:\n{_show(lacking)}\nunexpected:\n{_show(extra)}"
    )


def _canon_rows(rows: Sequence[Sequence[Any]], ignore_list_order: bool) -> list[tuple[Canon, ...]]:
    if ignore_list_order:
        return [tuple(sort_lists(canon_actual(v)) for v in row) for row in rows]
    return [tuple(canon_actual(v) for v in row) for row in rows]


def _order_reason(wanted: list[tuple[Canon, ...]], actual: list[tuple[Canon, ...]]) -> str:
    if len(wanted) != len(actual) or Counter(wanted) != Counter(actual):
        return (
            f"rows differ (expected {len(wanted)}, got {len(actual)}):\n"
            f"expected:\n{_show(wanted)}\ngot:\n{_show(actual)}"
        )
    first = next(i for i, (w, a) in enumerate(zip(wanted, actual)) if w != a)
    return (
        f"same rows, wrong order (first difference at row {first + 1}):\n"
        f"expected:\n{_show(wanted)}\ngot:\n{_show(actual)}"
    )


def _show(rows: Sequence[tuple[Canon, ...]]) -> str:
    if not rows:
        return "  (none)"
    lines = ["  " + render_row(row) for row in rows[:MAX_SHOWN_ROWS]]
    if len(rows) > MAX_SHOWN_ROWS:
        lines.append(f"  ... {len(rows) - MAX_SHOWN_ROWS} more")
    return "\n".join(lines)


# -- errors ---------------------------------------------------------------------------------

ANY_TYPE = "Error"
ANY_PHASE = "any time"
ANY_DETAIL = "*"


@dataclass(frozen=True)
class ExpectedError:
    """``a <tck_type> should be raised at <phase>: <detail>``; wildcards only on this side."""

    tck_type: str
    phase: str
    detail: str

    def __str__(self) -> str:
        return f"{self.tck_type} at {self.phase}: {self.detail}"

    def type_matches(self, tck_type: str) -> bool:
        return self.tck_type in (ANY_TYPE, tck_type)

    def matches(self, tck_type: str, phase: str, detail: str) -> bool:
        return (
            self.type_matches(tck_type)
            and self.phase in (ANY_PHASE, phase)
            and self.detail in (ANY_DETAIL, detail)
        )
