"""Expression atoms: literals, lists and maps, CASE, function calls and the special forms
(count(*), quantifiers, reduce, comprehensions, pattern expressions, EXISTS, map projections).
"""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import IDENT, QIDENT
from graphbolt.cypher._parser_expressions import ExpressionParser
from graphbolt.errors import CypherSyntaxError

# Words that end an expression instead of naming a variable (clause and operator keywords).
RESERVED = frozenset(
    {
        "ALL", "AND", "AS", "ASC", "ASCENDING", "BY", "CALL", "CASE", "CONTAINS", "CREATE",
        "DELETE", "DESC", "DESCENDING", "DETACH", "DISTINCT", "ELSE", "END", "ENDS", "EXISTS",
        "IN", "IS", "LIMIT", "MATCH", "MERGE", "NOT", "OPTIONAL", "OR", "ORDER", "REMOVE",
        "RETURN", "SET", "SKIP", "STARTS", "THEN", "UNION", "UNWIND", "WHEN", "WHERE", "WITH",
        "XOR", "YIELD",
    }
)  # fmt: skip

_QUANTIFIERS = ("ALL", "ANY", "NONE", "SINGLE")
SHORTEST = {"SHORTESTPATH": "shortestPath", "ALLSHORTESTPATHS": "allShortestPaths"}


class AtomParser(ExpressionParser):
    """The atom rule and its special forms."""

    def parse_atom(self) -> ast.Expr:
        literal = self.parse_literal_token()
        if literal is not None:
            return literal
        tok = self.tok
        if tok.kind == IDENT:
            return self._parse_word_atom()
        if tok.kind == QIDENT:
            call = self._try_function_call()
            if call is not None:
                return call
            self.advance()
            return self._maybe_map_projection(ast.Variable(tok.pos, tok.value))
        if self.at_op("("):
            return self._parse_parenthesized()
        if self.at_op("["):
            return self._parse_bracket()
        if self.at_op("{"):
            return self.parse_map_literal()
        self.fail("expected an expression")

    def _parse_word_atom(self) -> ast.Expr:
        tok = self.tok
        word = tok.upper
        nxt_paren = self.peek_op(1, "(")
        if word in ("TRUE", "FALSE", "NULL"):
            self.advance()
            return ast.Literal(tok.pos, {"TRUE": True, "FALSE": False, "NULL": None}[word])
        if word == "CASE":
            return self._parse_case()
        if word == "EXISTS" and self.peek_op(1, "{"):
            return self._parse_exists_subquery()
        if nxt_paren:
            if word == "COUNT" and self.peek_op(2, "*") and self.peek_op(3, ")"):
                self.i += 4
                return ast.CountStar(tok.pos)
            if word in _QUANTIFIERS:
                return self._parse_quantifier()
            if word == "REDUCE":
                return self._parse_reduce()
            if word in SHORTEST:
                return self._parse_shortest_expression()
        call = self._try_function_call()
        if call is not None:
            return call
        if word in RESERVED:
            self.fail("expected an expression")
        self.advance()
        return self._maybe_map_projection(ast.Variable(tok.pos, tok.value))

    # -- function calls --------------------------------------------------------------------

    def _try_function_call(self) -> ast.Expr | None:
        """``name(...)`` or ``ns.name(...)``; None (cursor unchanged) if no call is next."""
        k = 0
        while self.peek_op(k + 1, ".") and self.peek(k + 2).kind in (IDENT, QIDENT):
            k += 2
        if not self.peek_op(k + 1, "("):
            return None
        pos = self.tok.pos
        parts = [str(self.tokens[self.i + j].value) for j in range(0, k + 1, 2)]
        self.i += k + 2
        distinct = self.accept_kw("DISTINCT") is not None
        args: list[ast.Expr] = []
        if not self.at_op(")"):
            args.append(self.parse_expr())
            while self.accept_op(","):
                args.append(self.parse_expr())
        self.expect_op(")")
        return ast.FunctionCall(pos, ".".join(parts), args, distinct)

    # -- CASE ------------------------------------------------------------------------------

    def _parse_case(self) -> ast.Expr:
        pos = self.advance().pos
        subject = None if self.at_kw("WHEN") else self.parse_expr()
        whens: list[tuple[ast.Expr, ast.Expr]] = []
        while self.accept_kw("WHEN"):
            cond = self.parse_expr()
            self.expect_kw("THEN")
            whens.append((cond, self.parse_expr()))
        if not whens:
            self.fail("expected WHEN")
        default = self.parse_expr() if self.accept_kw("ELSE") else None
        self.expect_kw("END")
        return ast.CaseExpr(pos, subject, whens, default)

    # -- list-like forms -------------------------------------------------------------------

    def _parse_quantifier(self) -> ast.Expr:
        tok = self.advance()
        self.expect_op("(")
        variable = self.expect_name("a variable")
        self.expect_kw("IN")
        source = self.parse_expr()
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        self.expect_op(")")
        return ast.Quantifier(tok.pos, tok.upper.lower(), variable, source, where)

    def _parse_reduce(self) -> ast.Expr:
        pos = self.advance().pos
        self.expect_op("(")
        accumulator = self.expect_name("an accumulator variable")
        self.expect_op("=")
        init = self.parse_expr()
        self.expect_op(",")
        variable = self.expect_name("a variable")
        self.expect_kw("IN")
        source = self.parse_expr()
        self.expect_op("|")
        expression = self.parse_expr()
        self.expect_op(")")
        return ast.Reduce(pos, accumulator, init, variable, source, expression)

    def _parse_bracket(self) -> ast.Expr:
        pos = self.tok.pos
        if self._at_list_comprehension():
            start = self.mark()
            listed = self._try_list_comprehension()
            if listed is not None:
                return listed
            self.reset(start)  # `[x IN a, b]`: a list whose first item is `x IN a`
        comprehension = self._try_pattern_comprehension()
        if comprehension is not None:
            return comprehension
        self.expect_op("[")
        items: list[ast.Expr] = []
        if not self.at_op("]"):
            items.append(self.parse_expr())
            while self.accept_op(","):
                items.append(self.parse_expr())
        self.expect_op("]")
        return ast.ListLiteral(pos, items)

    def _at_list_comprehension(self) -> bool:
        first = self.peek(1)
        if first.kind == IDENT and first.upper in ("TRUE", "FALSE", "NULL"):
            return False  # `[null IN list]` is a list holding a membership test
        return first.kind in (IDENT, QIDENT) and self.peek_kw(2, "IN")

    def _try_list_comprehension(self) -> ast.Expr | None:
        """``[x IN source WHERE pred | projection]``; None if the source is followed by
        neither WHERE, ``|`` nor ``]`` (then the brackets hold a list literal)."""
        pos = self.expect_op("[").pos
        variable = self.expect_name("a variable")
        self.expect_kw("IN")
        source = self.parse_expr()
        if not (self.at_kw("WHERE") or self.at_op("|", "]")):
            return None
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        projection = self.parse_expr() if self.accept_op("|") else None
        self.expect_op("]")
        return ast.ListComprehension(pos, variable, source, where, projection)

    def _try_pattern_comprehension(self) -> ast.Expr | None:
        """``[ [p =] (a)-->(b) [WHERE pred] | projection ]``; None (cursor reset) otherwise."""
        start = self.mark()
        pos = self.tok.pos
        self.advance()
        variable: str | None = None
        if self.at_name() and self.peek_op(1, "=") and self.peek_op(2, "("):
            variable = self.expect_name()
            self.advance()
        if not self.at_op("("):
            self.reset(start)
            return None
        first = self.try_node_pattern()
        if first is None or not self.at_relationship_start():
            self.reset(start)
            return None
        part = self.parse_relationship_chain(first, first.pos)
        part.variable = variable
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        self.expect_op("|")
        projection = self.parse_expr()
        self.expect_op("]")
        return ast.PatternComprehension(pos, variable, part, where, projection)

    # -- parentheses: grouping or a pattern ------------------------------------------------

    def try_node_pattern(self) -> ast.NodePattern | None:
        """Parse a node pattern if one is next (cursor after it), else None (cursor unchanged).

        Results are cached by position: ``({k: ({k: 1})})`` is first tried as a node pattern,
        then re-read as an expression, and without the cache each nesting level would double
        the work.
        """
        start = self.mark()
        cached = self.node_cache.get(start)
        if cached is None:
            try:
                node: ast.NodePattern | None = self.parse_node_pattern()
            except CypherSyntaxError:
                node = None
            cached = (node, self.mark() if node is not None else start)
            self.node_cache[start] = cached
        self.reset(cached[1])
        return cached[0]

    def at_relationship_start(self) -> bool:
        if self.at_op("-"):
            return self.peek_op(1, "-", "[")
        if self.at_op("<"):
            return self.peek_op(1, "-") and self.peek_op(2, "-", "[")
        return False

    def _parse_parenthesized(self) -> ast.Expr:
        start = self.mark()
        first = self.try_node_pattern()
        if first is not None and self.at_relationship_start():
            part = self.parse_relationship_chain(first, first.pos)
            return ast.PatternExpression(part.pos, part)
        self.reset(start)
        self.advance()
        inner = self.parse_expr()
        self.expect_op(")")
        return inner

    def _parse_shortest_expression(self) -> ast.Expr:
        tok = self.advance()
        self.expect_op("(")
        part = self.parse_pattern_part()
        self.expect_op(")")
        part.shortest = SHORTEST[tok.upper]
        part.pos = tok.pos
        return ast.PatternExpression(tok.pos, part)

    # -- EXISTS { ... } --------------------------------------------------------------------

    def _parse_exists_subquery(self) -> ast.Expr:
        pos = self.advance().pos
        self.expect_op("{")
        if self.at_query_start():
            query = self.parse_query()
            self.expect_op("}")
            return ast.ExistsSubquery(pos, None, None, query)
        pattern = self.parse_pattern()
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        self.expect_op("}")
        return ast.ExistsSubquery(pos, pattern, where, None)

    # -- maps ------------------------------------------------------------------------------

    def parse_map_literal(self) -> ast.MapLiteral:
        pos = self.expect_op("{").pos
        items: list[tuple[str, ast.Expr]] = []
        if not self.at_op("}"):
            while True:
                key = self.expect_name("a map key")
                self.expect_op(":")
                items.append((key, self.parse_expr()))
                if not self.accept_op(","):
                    break
        self.expect_op("}")
        return ast.MapLiteral(pos, items)

    def _maybe_map_projection(self, var: ast.Variable) -> ast.Expr:
        if not self.at_op("{"):
            return var
        self.advance()
        items: list[ast.MapProjectionItem] = []
        if not self.at_op("}"):
            items.append(self._parse_projection_item())
            while self.accept_op(","):
                items.append(self._parse_projection_item())
        self.expect_op("}")
        return ast.MapProjection(var.pos, var.name, items)

    def _parse_projection_item(self) -> ast.MapProjectionItem:
        pos = self.tok.pos
        if self.accept_op("."):
            if self.accept_op("*"):
                return ast.AllPropertiesSelector(pos)
            return ast.PropertySelector(pos, self.expect_name("a property key"))
        name = self.expect_name("a map projection entry")
        if self.accept_op(":"):
            return ast.LiteralEntry(pos, name, self.parse_expr())
        return ast.VariableSelector(pos, name)
