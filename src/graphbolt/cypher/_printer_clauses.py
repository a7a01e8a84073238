"""Printing of clauses and queries (the expression and pattern printers are in ``_printer``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.cypher._printer import labels, name, pattern, pattern_part, to_expr


def print_query(query: ast.Query) -> str:
    if isinstance(query, ast.UnionQuery):
        text = print_single(query.queries[0])
        for all_flag, single in zip(query.all_flags, query.queries[1:]):
            text += (" UNION ALL " if all_flag else " UNION ") + print_single(single)
        return text
    return print_single(query)


def print_single(query: ast.SingleQuery) -> str:
    return " ".join(print_clause(c) for c in query.clauses)


def print_clause(clause: ast.Clause) -> str:
    printer = _CLAUSE_PRINTERS.get(type(clause))
    if printer is None:
        raise TypeError(f"cannot print {type(clause).__name__}")
    return printer(clause)


def _where(expr: ast.Expr | None) -> str:
    return "" if expr is None else f" WHERE {to_expr(expr)}"


def _match(c: ast.Match) -> str:
    return ("OPTIONAL MATCH " if c.optional else "MATCH ") + pattern(c.pattern) + _where(c.where)


def set_item(item: ast.SetItem) -> str:
    if isinstance(item, ast.SetProperty):
        return f"{to_expr(item.target)} = {to_expr(item.value)}"
    if isinstance(item, ast.SetDynamicProperty):
        return f"{to_expr(item.target)} = {to_expr(item.value)}"
    if isinstance(item, ast.SetProperties):
        return f"{name(item.variable)} {'+=' if item.merge else '='} {to_expr(item.value)}"
    assert isinstance(item, ast.SetLabels)
    return name(item.variable) + labels(item.labels)


def _remove_item(item: ast.RemoveItem) -> str:
    if isinstance(item, ast.RemoveProperty):
        return to_expr(item.target)
    assert isinstance(item, ast.RemoveLabels)
    return name(item.variable) + labels(item.labels)


def _merge(c: ast.Merge) -> str:
    text = "MERGE " + pattern_part(c.pattern)
    if c.on_create:
        text += " ON CREATE SET " + ", ".join(set_item(i) for i in c.on_create)
    if c.on_match:
        text += " ON MATCH SET " + ", ".join(set_item(i) for i in c.on_match)
    return text


def _return_item(item: ast.ReturnItem) -> str:
    text = item.text or to_expr(item.expr)
    return text if item.alias is None else f"{text} AS {name(item.alias)}"


def projection(p: ast.Projection) -> str:
    parts = ["DISTINCT"] if p.distinct else []
    items = (["*"] if p.star else []) + [_return_item(i) for i in p.items]
    parts.append(", ".join(items))
    if p.order_by:
        sort = ", ".join(to_expr(s.expr) + ("" if s.ascending else " DESC") for s in p.order_by)
        parts.append("ORDER BY " + sort)
    if p.skip is not None:
        parts.append("SKIP " + to_expr(p.skip))
    if p.limit is not None:
        parts.append("LIMIT " + to_expr(p.limit))
    return " ".join(parts)


def _call(c: ast.Call) -> str:
    text = "CALL " + ".".join(name(part) for part in c.procedure.split("."))
    if c.args is not None:
        text += "(" + ", ".join(to_expr(a) for a in c.args) + ")"
    if c.yield_star:
        text += " YIELD *"
    elif c.yield_items is not None:
        items = (
            name(i.field) + ("" if i.alias is None else f" AS {name(i.alias)}")
            for i in c.yield_items
        )
        text += " YIELD " + ", ".join(items)
    return text + _where(c.where)


def _create_index(c: ast.CreateIndex) -> str:
    text = "CREATE INDEX"
    if c.name is not None:
        text += " " + name(c.name)
    if c.if_not_exists:
        text += " IF NOT EXISTS"
    target = f"()-[x:{name(c.label)}]-()" if c.relationship else f"(x:{name(c.label)})"
    props = ", ".join("x." + name(p) for p in c.properties)
    return f"{text} FOR {target} ON ({props})"


_CLAUSE_PRINTERS: dict[type, Callable[[Any], str]] = {
    ast.Match: _match,
    ast.Create: lambda c: "CREATE " + pattern(c.pattern),
    ast.Merge: _merge,
    ast.SetClause: lambda c: "SET " + ", ".join(set_item(i) for i in c.items),
    ast.Remove: lambda c: "REMOVE " + ", ".join(_remove_item(i) for i in c.items),
    ast.Delete: lambda c: (
        ("DETACH DELETE " if c.detach else "DELETE ") + ", ".join(to_expr(e) for e in c.exprs)
    ),
    ast.Unwind: lambda c: f"UNWIND {to_expr(c.expr)} AS {name(c.variable)}",
    ast.With: lambda c: "WITH " + projection(c.projection) + _where(c.where),
    ast.Return: lambda c: "RETURN " + projection(c.projection),
    ast.Call: _call,
    ast.CallSubquery: lambda c: "CALL { " + print_query(c.query) + " }",
    ast.CreateIndex: _create_index,
    ast.DropIndex: lambda c: f"DROP INDEX {name(c.name)}" + (" IF EXISTS" if c.if_exists else ""),
    ast.ShowIndexes: lambda c: "SHOW INDEXES" + _where(c.where),
}
