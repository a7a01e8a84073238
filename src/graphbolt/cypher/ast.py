"""The Cypher abstract syntax tree: the contract between parser, semantic analysis and planner.

Every node is a frozen-by-convention dataclass with ``pos``, the character offset of its first
token in the query text (errors point there). Expressions used as unaliased RETURN/WITH items
keep their original source text in ``ReturnItem.text`` (Cypher names such columns by the text
as written, spacing and case included).

Conventions:

- Names (variables, labels, types, property keys, map keys) are plain ``str``, escapes removed.
- Operators are strings, listed in ``BINARY_OPERATORS`` / ``UNARY_OPERATORS``.
- Chained comparisons ``a < b <= c`` are kept as one ``Comparison`` node (each operand is
  evaluated once); single comparisons use ``Comparison`` with one operator too.
- A ``Pattern`` is a list of ``PatternPart``; a part is an alternating chain
  ``node (rel node)*``, stored as ``nodes`` (n+1) and ``relationships`` (n).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Expr:
    """Base of all expressions."""

    pos: int


@dataclass(eq=False)
class Literal(Expr):
    """``1``, ``1.5``, ``'s'``, ``true``, ``null``: value is int, float, str, bool or None."""

    value: object


@dataclass(eq=False)
class Parameter(Expr):
    """``$name`` (or ``$0``): the name as written after ``$``."""

    name: str


@dataclass(eq=False)
class Variable(Expr):
    name: str


@dataclass(eq=False)
class ListLiteral(Expr):
    items: list[Expr]


@dataclass(eq=False)
class MapLiteral(Expr):
    """``{k: v, ...}``; keys in source order (a repeated key: the last one wins)."""

    items: list[tuple[str, Expr]]


@dataclass(eq=False)
class Property(Expr):
    """``subject.key``."""

    subject: Expr
    key: str


@dataclass(eq=False)
class Subscript(Expr):
    """``subject[index]``: list index or dynamic map/property key."""

    subject: Expr
    index: Expr


@dataclass(eq=False)
class Slice(Expr):
    """``subject[start..end]``; either bound may be None."""

    subject: Expr
    start: Expr | None
    end: Expr | None


# Binary operators: arithmetic, boolean, string predicates, membership, regex.
BINARY_OPERATORS = (
    "+", "-", "*", "/", "%", "^",
    "AND", "OR", "XOR",
    "IN", "STARTS WITH", "ENDS WITH", "CONTAINS", "=~",
)  # fmt: skip
COMPARISON_OPERATORS = ("=", "<>", "<", ">", "<=", ">=")
UNARY_OPERATORS = ("NOT", "-", "+")


@dataclass(eq=False)
class BinaryOp(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(eq=False)
class Comparison(Expr):
    """``a op1 b op2 c ...``: operands has one more element than operators."""

    operators: list[str]
    operands: list[Expr]


@dataclass(eq=False)
class UnaryOp(Expr):
    op: str
    operand: Expr


@dataclass(eq=False)
class IsNull(Expr):
    """``x IS NULL`` (negated=False) or ``x IS NOT NULL`` (negated=True)."""

    operand: Expr
    negated: bool


@dataclass(eq=False)
class LabelCheck(Expr):
    """``n:A:B`` used as a predicate: true when subject has every label."""

    subject: Expr
    labels: list[str]


@dataclass(eq=False)
class FunctionCall(Expr):
    """``ns.name(DISTINCT? args)``; ``name`` includes the namespace (``date.truncate``)
    exactly as written; lookups are case-insensitive."""

    name: str
    args: list[Expr]
    distinct: bool = False


@dataclass(eq=False)
class CountStar(Expr):
    """``count(*)``."""


@dataclass(eq=False)
class CaseExpr(Expr):
    """Simple form when ``subject`` is set (``CASE x WHEN 1 THEN ...``), else generic form."""

    subject: Expr | None
    whens: list[tuple[Expr, Expr]]
    default: Expr | None


@dataclass(eq=False)
class ListComprehension(Expr):
    """``[variable IN source WHERE where | projection]``."""

    variable: str
    source: Expr
    where: Expr | None
    projection: Expr | None


@dataclass(eq=False)
class Quantifier(Expr):
    """``all|any|none|single(variable IN source WHERE where)``."""

    kind: str  # "all", "any", "none", "single"
    variable: str
    source: Expr
    where: Expr | None


@dataclass(eq=False)
class Reduce(Expr):
    """``reduce(accumulator = init, variable IN source | expression)``."""

    accumulator: str
    init: Expr
    variable: str
    source: Expr
    expression: Expr


@dataclass(eq=False)
class PatternExpression(Expr):
    """A relationship pattern used as an expression (a list of paths, or a predicate)."""

    pattern: PatternPart


@dataclass(eq=False)
class PatternComprehension(Expr):
    """``[p = (a)-->(b) WHERE where | projection]``."""

    variable: str | None
    pattern: PatternPart
    where: Expr | None
    projection: Expr


@dataclass(eq=False)
class ExistsSubquery(Expr):
    """``EXISTS { pattern [WHERE ...] }`` or ``EXISTS { full query }``.

    Exactly one of ``pattern`` (with optional ``where``) and ``query`` is set.
    """

    pattern: Pattern | None
    where: Expr | None
    query: Query | None


@dataclass(eq=False)
class MapProjectionItem:
    pos: int


@dataclass(eq=False)
class PropertySelector(MapProjectionItem):
    """``.key`` inside a map projection."""

    key: str


@dataclass(eq=False)
class AllPropertiesSelector(MapProjectionItem):
    """``.*`` inside a map projection."""


@dataclass(eq=False)
class LiteralEntry(MapProjectionItem):
    """``key: expr`` inside a map projection."""

    key: str
    value: Expr


@dataclass(eq=False)
class VariableSelector(MapProjectionItem):
    """``name`` inside a map projection: the entry ``name: name``."""

    name: str


@dataclass(eq=False)
class MapProjection(Expr):
    """``variable { items }``."""

    variable: str
    items: list[MapProjectionItem]


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------

OUTGOING = "out"  # (a)-->(b)
INCOMING = "in"  # (a)<--(b)
BOTH = "both"  # (a)--(b) (and the rare <-->, which behaves the same)


@dataclass(eq=False)
class NodePattern:
    """``(variable:L1:L2 {props})``; properties is a MapLiteral or a Parameter."""

    pos: int
    variable: str | None
    labels: list[str] = field(default_factory=list)
    properties: Expr | None = None


@dataclass(eq=False)
class RelationshipPattern:
    """``-[variable:T1|T2 *min..max {props}]->``.

    ``length`` is None for a single hop; for a variable-length pattern it is
    ``(min, max)`` where either may be None (``*`` = ``(None, None)``, ``*2`` = ``(2, 2)``,
    ``*..3`` = ``(None, 3)``).
    """

    pos: int
    variable: str | None
    types: list[str] = field(default_factory=list)
    properties: Expr | None = None
    direction: str = BOTH
    length: tuple[int | None, int | None] | None = None


@dataclass(eq=False)
class PatternPart:
    """``p = (a)-[r]->(b)...``; ``shortest`` is None, "shortestPath" or "allShortestPaths"."""

    pos: int
    variable: str | None
    nodes: list[NodePattern]
    relationships: list[RelationshipPattern]
    shortest: str | None = None


Pattern = list[PatternPart]


# ---------------------------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Clause:
    pos: int


@dataclass(eq=False)
class ReturnItem:
    """``expr [AS alias]``; ``text`` is the expression's source text (the default column name)."""

    pos: int
    expr: Expr
    alias: str | None
    text: str

    @property
    def name(self) -> str:
        return self.alias if self.alias is not None else self.text


@dataclass(eq=False)
class SortItem:
    pos: int
    expr: Expr
    ascending: bool = True


@dataclass(eq=False)
class Projection:
    """The body shared by WITH and RETURN."""

    pos: int
    distinct: bool
    star: bool  # RETURN * / WITH *: every variable in scope, then the items
    items: list[ReturnItem]
    order_by: list[SortItem] = field(default_factory=list)
    skip: Expr | None = None
    limit: Expr | None = None


@dataclass(eq=False)
class Match(Clause):
    optional: bool
    pattern: Pattern
    where: Expr | None = None


@dataclass(eq=False)
class Create(Clause):
    pattern: Pattern


@dataclass(eq=False)
class SetItem:
    pos: int


@dataclass(eq=False)
class SetProperty(SetItem):
    """``target.key = value`` (target is any expression evaluating to an entity or null)."""

    target: Property
    value: Expr


@dataclass(eq=False)
class SetDynamicProperty(SetItem):
    """``target[keyExpr] = value``."""

    target: Subscript
    value: Expr


@dataclass(eq=False)
class SetProperties(SetItem):
    """``n = map`` (replace all properties; merge=False) or ``n += map`` (merge=True)."""

    variable: str
    value: Expr
    merge: bool


@dataclass(eq=False)
class SetLabels(SetItem):
    """``n:A:B``."""

    variable: str
    labels: list[str]


@dataclass(eq=False)
class SetClause(Clause):
    items: list[SetItem]


@dataclass(eq=False)
class RemoveItem:
    pos: int


@dataclass(eq=False)
class RemoveProperty(RemoveItem):
    target: Property


@dataclass(eq=False)
class RemoveLabels(RemoveItem):
    variable: str
    labels: list[str]


@dataclass(eq=False)
class Remove(Clause):
    items: list[RemoveItem]


@dataclass(eq=False)
class Delete(Clause):
    exprs: list[Expr]
    detach: bool


@dataclass(eq=False)
class Merge(Clause):
    pattern: PatternPart
    on_create: list[SetItem] = field(default_factory=list)
    on_match: list[SetItem] = field(default_factory=list)


@dataclass(eq=False)
class Unwind(Clause):
    expr: Expr
    variable: str


@dataclass(eq=False)
class With(Clause):
    projection: Projection
    where: Expr | None = None


@dataclass(eq=False)
class Return(Clause):
    projection: Projection


@dataclass(eq=False)
class YieldItem:
    """``field [AS alias]`` in CALL ... YIELD."""

    pos: int
    field: str
    alias: str | None

    @property
    def name(self) -> str:
        return self.alias if self.alias is not None else self.field


@dataclass(eq=False)
class Call(Clause):
    """``CALL ns.proc(args) YIELD a, b AS c WHERE ...``.

    ``args`` is None for the implicit-argument form ``CALL ns.proc`` (standalone only, the
    arguments come from parameters of the same names). ``yield_items`` is None without YIELD;
    ``yield_star`` marks ``YIELD *``.
    """

    procedure: str
    args: list[Expr] | None
    yield_items: list[YieldItem] | None
    yield_star: bool = False
    where: Expr | None = None


@dataclass(eq=False)
class CallSubquery(Clause):
    """``CALL { query }``."""

    query: Query


# ---------------------------------------------------------------------------------------------
# Schema commands (indexes; constraints later)
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class CreateIndex(Clause):
    """``CREATE INDEX [name] [IF NOT EXISTS] FOR (v:Label) ON (v.p1, v.p2)``."""

    name: str | None
    if_not_exists: bool
    label: str
    properties: list[str]
    relationship: bool = False


@dataclass(eq=False)
class DropIndex(Clause):
    name: str
    if_exists: bool


@dataclass(eq=False)
class ShowIndexes(Clause):
    """``SHOW INDEXES [YIELD ...] [WHERE ...]`` (kept simple: the full table, optional where)."""

    where: Expr | None = None


# ---------------------------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class SingleQuery:
    pos: int
    clauses: list[Clause]


@dataclass(eq=False)
class UnionQuery:
    """``q1 UNION [ALL] q2 UNION [ALL] q3``; ``all_flags[i]`` joins queries i and i+1."""

    pos: int
    queries: list[SingleQuery]
    all_flags: list[bool]


Query = SingleQuery | UnionQuery


@dataclass(eq=False)
class Statement:
    """A parsed statement: the query, plus the ``EXPLAIN`` / ``PROFILE`` prefix if any."""

    query: Query
    mode: str | None = None  # None, "EXPLAIN" or "PROFILE"


# ---------------------------------------------------------------------------------------------
# Traversal
# ---------------------------------------------------------------------------------------------


def property_key_of(expr: Expr, var: str) -> str | None:
    """The key of ``var.key`` (a property of the variable ``var``), else None."""
    if (
        isinstance(expr, Property)
        and isinstance(expr.subject, Variable)
        and expr.subject.name == var
    ):
        return expr.key
    return None


def walk(node: object) -> Iterator[object]:
    """Every AST node under ``node`` (itself included), depth first, in field order.

    Descends through dataclass fields, lists and tuples; for compile-time passes only (it is
    generic, so it is not meant for per-row work).
    """
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (list, tuple)):
            stack.extend(reversed(current))
            continue
        if not hasattr(current, "__dataclass_fields__"):
            continue
        yield current
        children = [getattr(current, name) for name in current.__dataclass_fields__]
        stack.extend(reversed(children))
