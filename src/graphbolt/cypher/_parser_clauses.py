"""Clause grammar: reading, updating and projection clauses, CALL, and query composition.

Rules the openCypher grammar does not express (mixing UNION with UNION ALL, clauses after
RETURN, updates inside EXISTS, unaliased WITH expressions, parameter maps in MERGE) are left
to semantic analysis (``_semantic*``), so each rule has one home and one error detail.
"""

from __future__ import annotations

from collections.abc import Callable

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import EOF
from graphbolt.cypher._parser_patterns import PatternParser

# First keyword of a clause -> the ClauseParser method that parses it.
_CLAUSE_METHODS = {
    "MATCH": "_parse_match",
    "OPTIONAL": "_parse_match",
    "CREATE": "parse_create",
    "MERGE": "_parse_merge",
    "SET": "_parse_set",
    "REMOVE": "_parse_remove",
    "DELETE": "_parse_delete",
    "DETACH": "_parse_delete",
    "UNWIND": "_parse_unwind",
    "WITH": "_parse_with",
    "RETURN": "_parse_return",
    "CALL": "_parse_call",
}


class ClauseParser(PatternParser):
    """Single queries, UNION, and every clause."""

    def at_query_start(self) -> bool:
        return self.tok.upper in _CLAUSE_METHODS

    def parse_query(self) -> ast.Query:
        """``single (UNION [ALL] single)*``."""
        first = self.parse_single_query()
        queries = [first]
        flags: list[bool] = []
        while self.at_kw("UNION"):
            self.advance()
            flags.append(self.accept_kw("ALL") is not None)
            queries.append(self.parse_single_query())
        if not flags:
            return first
        return ast.UnionQuery(first.pos, queries, flags)

    def parse_single_query(self) -> ast.SingleQuery:
        pos = self.tok.pos
        clauses: list[ast.Clause] = []
        while self.tok.kind != EOF and not self.at_op("}", ";") and not self.at_kw("UNION"):
            clauses.append(self.parse_clause())
        if not clauses:
            self.fail("expected a clause")
        return ast.SingleQuery(pos, clauses)

    def parse_clause(self) -> ast.Clause:
        method = _CLAUSE_METHODS.get(self.tok.upper)
        if method is not None:
            handler: Callable[[], ast.Clause] = getattr(self, method)
            return handler()
        self.fail("expected a clause")

    # -- reading ---------------------------------------------------------------------------

    def _parse_match(self) -> ast.Clause:
        pos = self.tok.pos
        optional = self.accept_kw("OPTIONAL") is not None
        self.expect_kw("MATCH")
        pattern = self.parse_pattern()
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        return ast.Match(pos, optional, pattern, where)

    def _parse_unwind(self) -> ast.Clause:
        pos = self.advance().pos
        expr = self.parse_expr()
        self.expect_kw("AS")
        return ast.Unwind(pos, expr, self.expect_name("a variable"))

    # -- updating --------------------------------------------------------------------------

    def parse_create(self) -> ast.Clause:
        pos = self.expect_kw("CREATE").pos
        return ast.Create(pos, self.parse_pattern())

    def _parse_merge(self) -> ast.Clause:
        pos = self.advance().pos
        merge = ast.Merge(pos, self.parse_pattern_part())
        while self.at_kw("ON"):
            if self.accept_kw("ON", "CREATE", "SET"):
                merge.on_create.extend(self._parse_set_items())
            elif self.accept_kw("ON", "MATCH", "SET"):
                merge.on_match.extend(self._parse_set_items())
            else:
                self.advance()
                self.fail("expected CREATE SET or MATCH SET")
        return merge

    def _parse_set(self) -> ast.Clause:
        pos = self.advance().pos
        return ast.SetClause(pos, self._parse_set_items())

    def _parse_set_items(self) -> list[ast.SetItem]:
        items = [self._parse_set_item()]
        while self.accept_op(","):
            items.append(self._parse_set_item())
        return items

    def _parse_set_item(self) -> ast.SetItem:
        pos = self.tok.pos
        target = self.parse_postfix()
        if isinstance(target, ast.LabelCheck) and isinstance(target.subject, ast.Variable):
            return ast.SetLabels(pos, target.subject.name, target.labels)
        if isinstance(target, ast.Variable) and self.at_op("=", "+="):
            merge = self.advance().value == "+="
            return ast.SetProperties(pos, target.name, self.parse_expr(), merge)
        if isinstance(target, ast.Property):
            self.expect_op("=")
            return ast.SetProperty(pos, target, self.parse_expr())
        if isinstance(target, ast.Subscript):
            self.expect_op("=")
            return ast.SetDynamicProperty(pos, target, self.parse_expr())
        self.fail("expected a property, a label or a variable to set", pos=pos)

    def _parse_remove(self) -> ast.Clause:
        pos = self.advance().pos
        items = [self._parse_remove_item()]
        while self.accept_op(","):
            items.append(self._parse_remove_item())
        return ast.Remove(pos, items)

    def _parse_remove_item(self) -> ast.RemoveItem:
        pos = self.tok.pos
        target = self.parse_postfix()
        if isinstance(target, ast.LabelCheck) and isinstance(target.subject, ast.Variable):
            return ast.RemoveLabels(pos, target.subject.name, target.labels)
        if isinstance(target, ast.Property):
            return ast.RemoveProperty(pos, target)
        self.fail("expected a property or a label to remove", pos=pos)

    def _parse_delete(self) -> ast.Clause:
        pos = self.tok.pos
        detach = self.accept_kw("DETACH") is not None
        self.expect_kw("DELETE")
        exprs = [self.parse_expr()]
        while self.accept_op(","):
            exprs.append(self.parse_expr())
        return ast.Delete(pos, exprs, detach)

    # -- projections -----------------------------------------------------------------------

    def _parse_with(self) -> ast.Clause:
        pos = self.advance().pos
        projection = self.parse_projection(pos)
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        return ast.With(pos, projection, where)

    def _parse_return(self) -> ast.Clause:
        pos = self.advance().pos
        return ast.Return(pos, self.parse_projection(pos))

    def parse_projection(self, pos: int) -> ast.Projection:
        distinct = self.accept_kw("DISTINCT") is not None
        star = self.accept_op("*") is not None
        items: list[ast.ReturnItem] = []
        if not star or self.accept_op(","):
            items.append(self._parse_return_item())
            while self.accept_op(","):
                items.append(self._parse_return_item())
        projection = ast.Projection(pos, distinct, star, items)
        if self.accept_kw("ORDER"):
            self.expect_kw("BY")
            projection.order_by.append(self._parse_sort_item())
            while self.accept_op(","):
                projection.order_by.append(self._parse_sort_item())
        if self.accept_kw("SKIP"):
            projection.skip = self.parse_expr()
        if self.accept_kw("LIMIT"):
            projection.limit = self.parse_expr()
        return projection

    def _parse_return_item(self) -> ast.ReturnItem:
        start = self.tok.pos
        expr = self.parse_expr()
        text = self.text[start : self.prev_end]
        alias = self.expect_name("an alias") if self.accept_kw("AS") else None
        return ast.ReturnItem(start, expr, alias, text)

    def _parse_sort_item(self) -> ast.SortItem:
        pos = self.tok.pos
        expr = self.parse_expr()
        ascending = True
        if self.accept_kw("DESC") or self.accept_kw("DESCENDING"):
            ascending = False
        elif not self.accept_kw("ASC"):
            self.accept_kw("ASCENDING")
        return ast.SortItem(pos, expr, ascending)

    # -- CALL ------------------------------------------------------------------------------

    def _parse_call(self) -> ast.Clause:
        pos = self.advance().pos
        if self.accept_op("{"):
            query = self.parse_query()
            self.expect_op("}")
            return ast.CallSubquery(pos, query)
        parts = [self.expect_name("a procedure name")]
        while self.accept_op("."):
            parts.append(self.expect_name("a procedure name"))
        args: list[ast.Expr] | None = None
        if self.accept_op("("):
            args = []
            if not self.at_op(")"):
                args.append(self.parse_expr())
                while self.accept_op(","):
                    args.append(self.parse_expr())
            self.expect_op(")")
        call = ast.Call(pos, ".".join(parts), args, None)
        if self.accept_kw("YIELD"):
            self._parse_yield(call)
        return call

    def _parse_yield(self, call: ast.Call) -> None:
        if self.accept_op("*"):
            call.yield_star = True
        else:
            items = [self._parse_yield_item()]
            while self.accept_op(","):
                items.append(self._parse_yield_item())
            call.yield_items = items
        if self.accept_kw("WHERE"):
            call.where = self.parse_expr()

    def _parse_yield_item(self) -> ast.YieldItem:
        pos = self.tok.pos
        name = self.expect_name("a procedure output")
        alias = self.expect_name("an alias") if self.accept_kw("AS") else None
        return ast.YieldItem(pos, name, alias)
