"""Print an AST back as Cypher text (``to_cypher``), for EXPLAIN output, logs and round trips.

Expressions are printed with the fewest parentheses the precedence levels of the parser
allow, so that ``parse(to_cypher(e))`` rebuilds the same tree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.cypher._parser_atoms import RESERVED

_SIMPLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DIGITS = re.compile(r"[0-9]+\Z")
_COMPREHENSION_HEAD = re.compile(r"(?:[A-Za-z_][A-Za-z0-9_]*|`(?:[^`]|``)*`) IN ")
_NEEDS_QUOTES = RESERVED | {"TRUE", "FALSE", "NULL"}
# Names the parser reads as special forms when followed by `(`.
_SPECIAL_FORMS = {"ALL", "ANY", "NONE", "SINGLE", "REDUCE", "SHORTESTPATH", "ALLSHORTESTPATHS"}

# Precedence levels, loosest first (mirrors _parser_expressions).
OR, XOR, AND, NOT, COMPARISON, PREDICATE, ADDITIVE, MULTIPLICATIVE, POWER, UNARY, POSTFIX, ATOM = (
    range(1, 13)
)
_BINARY_LEVEL = {
    "OR": OR,
    "XOR": XOR,
    "AND": AND,
    "IN": PREDICATE,
    "STARTS WITH": PREDICATE,
    "ENDS WITH": PREDICATE,
    "CONTAINS": PREDICATE,
    "=~": PREDICATE,
    "+": ADDITIVE,
    "-": ADDITIVE,
    "*": MULTIPLICATIVE,
    "/": MULTIPLICATIVE,
    "%": MULTIPLICATIVE,
    "^": POWER,
}
_STRING_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def name(text: str) -> str:
    """A symbolic name, backticked when it is not a plain identifier or is a keyword."""
    if _SIMPLE_NAME.match(text) and text.upper() not in _NEEDS_QUOTES:
        return text
    return "`" + text.replace("`", "``") + "`"


def string_literal(value: str) -> str:
    out = []
    for ch in value:
        esc = _STRING_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def literal(value: object) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"{value} has no Cypher literal")
        return repr(value)
    return str(value)


def level(expr: ast.Expr) -> int:
    """The precedence level of ``expr`` as printed."""
    if isinstance(expr, ast.BinaryOp):
        return _BINARY_LEVEL[expr.op]
    if isinstance(expr, ast.Comparison):
        return COMPARISON
    if isinstance(expr, ast.IsNull):
        return PREDICATE
    if isinstance(expr, ast.UnaryOp):
        return NOT if expr.op == "NOT" else UNARY
    if (
        isinstance(expr, ast.Literal)
        and isinstance(expr.value, (int, float))
        and not isinstance(expr.value, bool)
    ):
        return UNARY if expr.value < 0 or str(expr.value).startswith("-") else ATOM
    if isinstance(expr, (ast.Property, ast.Subscript, ast.Slice, ast.LabelCheck)):
        return POSTFIX
    return ATOM


def expr_at(expr: ast.Expr, minimum: int) -> str:
    """Print ``expr``, parenthesized when its level is looser than ``minimum``."""
    text = to_expr(expr)
    return f"({text})" if level(expr) < minimum else text


def _binary(e: ast.BinaryOp) -> str:
    lvl = _BINARY_LEVEL[e.op]
    return f"{expr_at(e.left, lvl)} {e.op} {expr_at(e.right, lvl + 1)}"


def _comparison(e: ast.Comparison) -> str:
    parts = [expr_at(e.operands[0], PREDICATE)]
    for op, operand in zip(e.operators, e.operands[1:]):
        parts.append(f"{op} {expr_at(operand, PREDICATE)}")
    return " ".join(parts)


def _unary(e: ast.UnaryOp) -> str:
    if e.op == "NOT":
        return f"NOT {expr_at(e.operand, NOT)}"
    operand = e.operand
    if e.op == "-" and level(operand) == ATOM and isinstance(operand, ast.Literal):
        # `-1` would parse back as the folded literal -1, not as negation of 1.
        return f"-({to_expr(operand)})"
    text = expr_at(operand, UNARY)
    return f"{e.op} {text}" if text.startswith(("-", "+")) else e.op + text


def _function(e: ast.FunctionCall) -> str:
    if e.name.upper() in _SPECIAL_FORMS:
        # `any(x)` would read as a quantifier: a plain call to such a name needs backticks.
        fn = "`" + e.name + "`"
    else:
        fn = ".".join(name(part) for part in e.name.split("."))
    args = ", ".join(to_expr(a) for a in e.args)
    return f"{fn}({'DISTINCT ' if e.distinct else ''}{args})"


def _case(e: ast.CaseExpr) -> str:
    parts = ["CASE"]
    if e.subject is not None:
        parts.append(to_expr(e.subject))
    for cond, value in e.whens:
        parts.append(f"WHEN {to_expr(cond)} THEN {to_expr(value)}")
    if e.default is not None:
        parts.append(f"ELSE {to_expr(e.default)}")
    parts.append("END")
    return " ".join(parts)


def _list_comprehension(e: ast.ListComprehension) -> str:
    text = f"[{name(e.variable)} IN {to_expr(e.source)}"
    if e.where is not None:
        text += f" WHERE {to_expr(e.where)}"
    if e.projection is not None:
        text += f" | {to_expr(e.projection)}"
    return text + "]"


def _quantifier(e: ast.Quantifier) -> str:
    where = f" WHERE {to_expr(e.where)}" if e.where is not None else ""
    return f"{e.kind}({name(e.variable)} IN {to_expr(e.source)}{where})"


def _reduce(e: ast.Reduce) -> str:
    return (
        f"reduce({name(e.accumulator)} = {to_expr(e.init)}, {name(e.variable)} IN "
        f"{to_expr(e.source)} | {to_expr(e.expression)})"
    )


def _pattern_comprehension(e: ast.PatternComprehension) -> str:
    text = "[" + pattern_part(e.pattern)
    if e.where is not None:
        text += f" WHERE {to_expr(e.where)}"
    return text + f" | {to_expr(e.projection)}]"


def _exists(e: ast.ExistsSubquery) -> str:
    from graphbolt.cypher._printer_clauses import print_query  # clauses print expressions

    if e.query is not None:
        return "EXISTS { " + print_query(e.query) + " }"
    body = pattern(e.pattern or [])
    if e.where is not None:
        body += f" WHERE {to_expr(e.where)}"
    return "EXISTS { " + body + " }"


def _projection_item(item: ast.MapProjectionItem) -> str:
    if isinstance(item, ast.PropertySelector):
        return "." + name(item.key)
    if isinstance(item, ast.AllPropertiesSelector):
        return ".*"
    if isinstance(item, ast.LiteralEntry):
        return f"{name(item.key)}: {to_expr(item.value)}"
    assert isinstance(item, ast.VariableSelector)
    return name(item.name)


def _list_literal(e: ast.ListLiteral) -> str:
    items = [to_expr(i) for i in e.items]
    if items and _COMPREHENSION_HEAD.match(items[0]):
        items[0] = f"({items[0]})"  # `[x IN l]` would read as a list comprehension
    return "[" + ", ".join(items) + "]"


def _slice(e: ast.Slice) -> str:
    start = to_expr(e.start) if e.start is not None else ""
    end = to_expr(e.end) if e.end is not None else ""
    return f"{expr_at(e.subject, POSTFIX)}[{start}..{end}]"


def _parameter(e: ast.Parameter) -> str:
    return "$" + (e.name if _DIGITS.match(e.name) else name(e.name))


_EXPR_PRINTERS: dict[type, Callable[[Any], str]] = {
    ast.Literal: lambda e: literal(e.value),
    ast.Parameter: _parameter,
    ast.Variable: lambda e: name(e.name),
    ast.ListLiteral: lambda e: _list_literal(e),
    ast.MapLiteral: lambda e: map_literal(e),
    ast.Property: lambda e: f"{expr_at(e.subject, POSTFIX)}.{name(e.key)}",
    ast.Subscript: lambda e: f"{expr_at(e.subject, POSTFIX)}[{to_expr(e.index)}]",
    ast.Slice: _slice,
    ast.BinaryOp: _binary,
    ast.Comparison: _comparison,
    ast.UnaryOp: _unary,
    ast.IsNull: lambda e: f"{expr_at(e.operand, PREDICATE)} IS {'NOT ' if e.negated else ''}NULL",
    ast.LabelCheck: lambda e: expr_at(e.subject, POSTFIX) + labels(e.labels),
    ast.FunctionCall: _function,
    ast.CountStar: lambda e: "count(*)",
    ast.CaseExpr: _case,
    ast.ListComprehension: _list_comprehension,
    ast.Quantifier: _quantifier,
    ast.Reduce: _reduce,
    ast.PatternExpression: lambda e: pattern_part(e.pattern),
    ast.PatternComprehension: _pattern_comprehension,
    ast.ExistsSubquery: _exists,
    ast.MapProjection: lambda e: (
        name(e.variable) + " {" + ", ".join(_projection_item(i) for i in e.items) + "}"
    ),
}


def to_expr(expr: ast.Expr) -> str:
    printer = _EXPR_PRINTERS.get(type(expr))
    if printer is None:
        raise TypeError(f"cannot print {type(expr).__name__}")
    return printer(expr)


def map_literal(e: ast.MapLiteral) -> str:
    return "{" + ", ".join(f"{name(k)}: {to_expr(v)}" for k, v in e.items) + "}"


def labels(names: list[str]) -> str:
    return "".join(":" + name(label) for label in names)


# -- patterns ------------------------------------------------------------------------------


def node_pattern(node: ast.NodePattern) -> str:
    parts = name(node.variable) if node.variable is not None else ""
    parts += labels(node.labels)
    if node.properties is not None:
        parts += (" " if parts else "") + to_expr(node.properties)
    return f"({parts})"


def relationship_pattern(rel: ast.RelationshipPattern) -> str:
    inner = name(rel.variable) if rel.variable is not None else ""
    if rel.types:
        inner += ":" + "|".join(name(t) for t in rel.types)
    if rel.length is not None:
        low, high = rel.length
        if low is not None and low == high:
            inner += f"*{low}"
        elif low is None and high is None:
            inner += "*"
        else:
            inner += f"*{'' if low is None else low}..{'' if high is None else high}"
    if rel.properties is not None:
        inner += (" " if inner else "") + to_expr(rel.properties)
    body = f"-[{inner}]-" if inner else "--"
    if rel.direction == ast.OUTGOING:
        return body + ">"
    if rel.direction == ast.INCOMING:
        return "<" + body
    return body


def pattern_part(part: ast.PatternPart) -> str:
    text = node_pattern(part.nodes[0])
    for rel, node in zip(part.relationships, part.nodes[1:]):
        text += relationship_pattern(rel) + node_pattern(node)
    if part.shortest is not None:
        text = f"{part.shortest}({text})"
    if part.variable is not None:
        text = f"{name(part.variable)} = {text}"
    return text


def pattern(parts: ast.Pattern) -> str:
    return ", ".join(pattern_part(p) for p in parts)


# -- entry point ---------------------------------------------------------------------------


def to_cypher(node: object) -> str:
    """Cypher text for an AST node: a statement, query, clause, pattern or expression."""
    from graphbolt.cypher._printer_clauses import print_clause, print_query

    if isinstance(node, ast.Statement):
        prefix = f"{node.mode} " if node.mode else ""
        return prefix + print_query(node.query)
    if isinstance(node, (ast.SingleQuery, ast.UnionQuery)):
        return print_query(node)
    if isinstance(node, ast.Clause):
        return print_clause(node)
    if isinstance(node, ast.PatternPart):
        return pattern_part(node)
    if isinstance(node, ast.NodePattern):
        return node_pattern(node)
    if isinstance(node, ast.RelationshipPattern):
        return relationship_pattern(node)
    if isinstance(node, ast.Expr):
        return to_expr(node)
    if isinstance(node, list):
        return pattern(node)
    raise TypeError(f"cannot print {type(node).__name__}")
