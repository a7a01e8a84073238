"""Logical operators: the planner's output, a tree of dataclasses holding AST expressions.

Every operator except the leaves (``Argument``, ``Union``) has a ``source``: the operator whose
rows it consumes. Operators that run a nested plan per input row (``Optional``, ``Apply``,
``Merge``) hold that plan as ``inner``; the nested plan starts at an ``Argument`` that yields the
outer row. Variable names starting with ``\\x00`` are internal (anonymous pattern elements,
aggregate results) and never reach the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphbolt.cypher import ast


@dataclass(eq=False)
class LogicalOp:
    """Base of every logical operator."""

    def children(self) -> list[LogicalOp]:
        """Operators this one reads from (source first, then nested plans)."""
        out: list[LogicalOp] = []
        for name in ("source", "inner", "left", "right"):
            child = getattr(self, name, None)
            if isinstance(child, LogicalOp):
                out.append(child)
        return out


@dataclass(eq=False)
class Argument(LogicalOp):
    """Leaf: yields the rows handed to the plan (one empty row at top level, the outer row
    for a nested plan). ``bound`` names the variables those rows carry."""

    bound: tuple[str, ...] = ()


@dataclass(eq=False)
class AllNodesScan(LogicalOp):
    source: LogicalOp
    var: str


@dataclass(eq=False)
class NodeByLabelScan(LogicalOp):
    source: LogicalOp
    var: str
    label: str


@dataclass(eq=False)
class NodeByIdSeek(LogicalOp):
    """``id(var) = expr`` / ``id(var) IN expr``: ``ids`` evaluates to one id or a list."""

    source: LogicalOp
    var: str
    ids: ast.Expr
    many: bool


@dataclass(eq=False)
class IndexSeek:
    """One way to find ``var``'s candidates in the property index on ``(label, key)``.

    ``kind`` is ``"="`` (``exprs`` = value), ``"IN"`` (a list), ``"range"`` (lower or None,
    upper or None; ``inclusive`` flags for both) or ``"prefix"`` (``STARTS WITH`` string)."""

    label: str
    key: str
    kind: str
    exprs: tuple[ast.Expr | None, ...]
    inclusive: tuple[bool, bool] = (True, True)


@dataclass(eq=False)
class NodeIndexSeek(LogicalOp):
    """Nodes with ``label`` found through the first of ``seeks`` whose index exists in the
    running transaction, else by scanning ``label``. The predicates the seeks came from stay
    in the plan (as Filters), so the answer never depends on which indexes exist, except
    ``exact``: the ``n.k = e`` predicate the first seek (kind ``"="``) answers by itself. It
    is left out of the Filters; the operator applies it whenever it cannot answer exactly
    (no index at run time, another seek chosen, a value the index cannot compare)."""

    source: LogicalOp
    var: str
    label: str
    seeks: list[IndexSeek]
    exact: ast.Expr | None = None


@dataclass(eq=False)
class Expand(LogicalOp):
    """One hop from ``from_var`` (bound) to ``to_var``; ``into`` when ``to_var`` is bound too.

    ``direction`` is relative to ``from_var`` (``ast.OUTGOING`` ...). ``unique_with`` names the
    relationship variables of the same MATCH already bound (single relationships or lists),
    which the new relationship must differ from.
    """

    source: LogicalOp
    from_var: str
    rel_var: str
    to_var: str
    direction: str
    types: tuple[str, ...]
    into: bool = False
    unique_with: tuple[str, ...] = ()


@dataclass(eq=False)
class VarLengthExpand(LogicalOp):
    """``*min..max`` hops; binds ``rel_var`` to the list of relationships walked.

    ``rel_props`` are property equalities every relationship on the path must satisfy.
    ``reverse`` is set when the pattern is walked right to left: the bound list is then reversed
    so it reads in pattern order.
    """

    source: LogicalOp
    from_var: str
    rel_var: str
    to_var: str
    direction: str
    types: tuple[str, ...]
    min_hops: int
    max_hops: int | None
    into: bool = False
    unique_with: tuple[str, ...] = ()
    rel_props: list[tuple[str, ast.Expr]] = field(default_factory=list)
    reverse: bool = False


@dataclass(eq=False)
class ShortestPath(LogicalOp):
    """``shortestPath`` / ``allShortestPaths`` between two bound nodes (breadth first)."""

    source: LogicalOp
    from_var: str
    rel_var: str | None
    to_var: str
    path_var: str | None
    direction: str
    types: tuple[str, ...]
    min_hops: int
    max_hops: int | None
    all_paths: bool
    rel_props: list[tuple[str, ast.Expr]] = field(default_factory=list)


@dataclass(eq=False)
class ProjectPath(LogicalOp):
    """Binds ``var`` to a path built from ``steps``: node, rel, node, rel ..., node variables
    (a rel variable may hold a list from a var-length hop)."""

    source: LogicalOp
    var: str
    steps: tuple[str, ...]


@dataclass(eq=False)
class Filter(LogicalOp):
    source: LogicalOp
    predicate: ast.Expr


@dataclass(eq=False)
class Projection(LogicalOp):
    """Evaluates ``items``; ``keep`` keeps the incoming variables too (used before ORDER BY)."""

    source: LogicalOp
    items: list[tuple[str, ast.Expr]]
    keep: bool = False


@dataclass(eq=False)
class Aggregation(LogicalOp):
    """Groups by ``keys`` and computes ``aggregates`` (FunctionCall or CountStar) per group."""

    source: LogicalOp
    keys: list[tuple[str, ast.Expr]]
    aggregates: list[tuple[str, ast.Expr]]


@dataclass(eq=False)
class Distinct(LogicalOp):
    source: LogicalOp
    columns: tuple[str, ...]


@dataclass(eq=False)
class Sort(LogicalOp):
    source: LogicalOp
    items: list[tuple[ast.Expr, bool]]  # (expression, ascending)


@dataclass(eq=False)
class Skip(LogicalOp):
    source: LogicalOp
    count: ast.Expr


@dataclass(eq=False)
class Limit(LogicalOp):
    source: LogicalOp
    count: ast.Expr


@dataclass(eq=False)
class Unwind(LogicalOp):
    source: LogicalOp
    expr: ast.Expr
    var: str


@dataclass(eq=False)
class Optional(LogicalOp):
    """Per input row: the rows of ``inner``, or the row with ``new_vars`` null if none."""

    source: LogicalOp
    inner: LogicalOp
    new_vars: tuple[str, ...]


@dataclass(eq=False)
class Apply(LogicalOp):
    """CALL { ... }: per input row, the row extended with ``columns`` of each row of ``inner``
    (which starts from that row); without columns the row passes once after ``inner`` ran."""

    source: LogicalOp
    inner: LogicalOp
    columns: tuple[str, ...] = ()


@dataclass(eq=False)
class CreateNode:
    var: str
    labels: tuple[str, ...]
    properties: ast.Expr | None
    bound: bool  # already bound: reuse, create nothing


@dataclass(eq=False)
class CreateRel:
    var: str
    rel_type: str
    properties: ast.Expr | None
    start: str
    end: str


@dataclass(eq=False)
class CreatePart:
    """One pattern part to create: nodes first, then relationships; ``path`` names the path."""

    nodes: list[CreateNode]
    rels: list[CreateRel]
    path: str | None
    steps: tuple[str, ...]


@dataclass(eq=False)
class Create(LogicalOp):
    source: LogicalOp
    parts: list[CreatePart]


@dataclass(eq=False)
class Merge(LogicalOp):
    """Per input row: the matches of ``inner`` (then ``on_match``), else create ``part``
    (then ``on_create``). Rows are processed one by one so later rows see earlier writes."""

    source: LogicalOp
    inner: LogicalOp
    part: CreatePart
    on_create: list[ast.SetItem]
    on_match: list[ast.SetItem]


@dataclass(eq=False)
class SetItems(LogicalOp):
    source: LogicalOp
    items: list[ast.SetItem]


@dataclass(eq=False)
class Remove(LogicalOp):
    source: LogicalOp
    items: list[ast.RemoveItem]


@dataclass(eq=False)
class Delete(LogicalOp):
    source: LogicalOp
    exprs: list[ast.Expr]
    detach: bool


@dataclass(eq=False)
class ProcedureCall(LogicalOp):
    """``CALL name(args) YIELD ...``. ``args`` None: implicit arguments from parameters.
    ``yields`` None: every output under its own name (standalone call without YIELD)."""

    source: LogicalOp
    name: str
    args: list[ast.Expr] | None
    yields: list[tuple[str, str]] | None  # (output field, variable)
    standalone: bool
    pos: int = 0


@dataclass(eq=False)
class Union(LogicalOp):
    left: LogicalOp
    right: LogicalOp
    all: bool
    columns: tuple[str, ...]


@dataclass(eq=False)
class SchemaCommand(LogicalOp):
    """An index command; the engine runs it against storage, the runtime does not."""

    clause: ast.Clause


@dataclass(eq=False)
class ProduceResults(LogicalOp):
    source: LogicalOp
    columns: tuple[str, ...]


@dataclass(eq=False)
class LogicalPlan:
    """The plan of one statement: the root operator plus facts the engine needs."""

    root: LogicalOp
    columns: tuple[str, ...]
    updates: bool
    reads: bool
    parameters: frozenset[str]
    mode: str | None = None  # EXPLAIN / PROFILE

    @property
    def query_type(self) -> str:
        """Neo4j's query type: 'r', 'w', 'rw' or 's'."""
        if isinstance(self.root, SchemaCommand):
            return "s"
        if not self.updates:
            return "r"
        return "rw" if (self.reads or self.columns) else "w"
