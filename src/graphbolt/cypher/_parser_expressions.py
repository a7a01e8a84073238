"""Expression grammar: precedence climbing from OR down to the postfix operators.

Levels, loosest first (openCypher grammar): OR < XOR < AND < NOT < comparison chain <
string/list/null predicates (STARTS WITH, ENDS WITH, CONTAINS, =~, IN, IS [NOT] NULL) <
+ - < * / % < ^ (left-associative) < unary + - < postfix (.key, [i], [a..b], :Label) < atoms.
Unary minus binds tighter than ``^``: ``-3 ^ 2`` is ``(-3) ^ 2``.
"""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import FLOAT, IDENT, INTEGER, OP, PARAM, QIDENT, STRING
from graphbolt.cypher._parser_base import INT64_MAX, INT64_MIN, ParserBase

_COMPARISON_OPS = ("=", "<>", "<", ">", "<=", ">=")


class ExpressionParser(ParserBase):
    """Operator levels of the expression grammar; atoms live in ``_parser_atoms``."""

    def parse_expr(self) -> ast.Expr:
        left = self._parse_xor()
        while self.at_kw("OR"):
            self.advance()
            left = ast.BinaryOp(left.pos, "OR", left, self._parse_xor())
        return left

    def _parse_xor(self) -> ast.Expr:
        left = self._parse_and()
        while self.at_kw("XOR"):
            self.advance()
            left = ast.BinaryOp(left.pos, "XOR", left, self._parse_and())
        return left

    def _parse_and(self) -> ast.Expr:
        left = self._parse_not()
        while self.at_kw("AND"):
            self.advance()
            left = ast.BinaryOp(left.pos, "AND", left, self._parse_not())
        return left

    def _parse_not(self) -> ast.Expr:
        if self.at_kw("NOT"):
            pos = self.advance().pos
            return ast.UnaryOp(pos, "NOT", self._parse_not())
        return self._parse_comparison()

    def _parse_comparison(self) -> ast.Expr:
        first = self._parse_predicates()
        operators: list[str] = []
        operands = [first]
        while self.tok.kind == OP and self.tok.value in _COMPARISON_OPS:
            operators.append(self.advance().value)
            operands.append(self._parse_predicates())
        if not operators:
            return first
        return ast.Comparison(first.pos, operators, operands)

    def _parse_predicates(self) -> ast.Expr:
        left = self._parse_additive()
        while True:
            op = self._predicate_operator()
            if op is None:
                return left
            if op in ("IS NULL", "IS NOT NULL"):
                left = ast.IsNull(left.pos, left, negated=op == "IS NOT NULL")
            else:
                left = ast.BinaryOp(left.pos, op, left, self._parse_additive())

    def _predicate_operator(self) -> str | None:
        """Consume a string/list/null predicate operator and return its name, if one is next."""
        if self.at_op("=~"):
            self.advance()
            return "=~"
        word = self.tok.upper
        if word == "IN" or word == "CONTAINS":
            self.advance()
            return word
        if word in ("STARTS", "ENDS") and self.peek_kw(1, "WITH"):
            self.i += 2
            return word + " WITH"
        if word == "IS":
            if self.accept_kw("IS", "NULL"):
                return "IS NULL"
            if self.accept_kw("IS", "NOT", "NULL"):
                return "IS NOT NULL"
            self.advance()
            self.fail("expected NULL or NOT NULL")
        return None

    def _parse_additive(self) -> ast.Expr:
        left = self._parse_multiplicative()
        while self.at_op("+", "-"):
            op = self.advance().value
            left = ast.BinaryOp(left.pos, op, left, self._parse_multiplicative())
        return left

    def _parse_multiplicative(self) -> ast.Expr:
        left = self._parse_power()
        while self.at_op("*", "/", "%"):
            op = self.advance().value
            left = ast.BinaryOp(left.pos, op, left, self._parse_power())
        return left

    def _parse_power(self) -> ast.Expr:
        left = self._parse_unary()
        while self.at_op("^"):
            self.advance()
            left = ast.BinaryOp(left.pos, "^", left, self._parse_unary())
        return left

    def _parse_unary(self) -> ast.Expr:
        if not self.at_op("-", "+"):
            return self.parse_postfix()
        tok = self.advance()
        nxt = self.tok
        if tok.value == "-" and nxt.kind in (INTEGER, FLOAT) and not self.peek_op(1, ".", "[", ":"):
            # Fold the sign into the literal so that -9223372036854775808 is representable
            # (not when a postfix operator follows: -0.a is -(0.a)).
            self.advance()
            value = -nxt.value
            if nxt.kind == INTEGER:
                self._check_int_range(value, nxt.pos, tok.pos)
            return ast.Literal(tok.pos, value)
        return ast.UnaryOp(tok.pos, tok.value, self._parse_unary())

    def _check_int_range(self, value: int, literal_pos: int, pos: int) -> None:
        if not INT64_MIN <= value <= INT64_MAX:
            text = self.text[pos : self.prev_end]
            self.error("IntegerOverflow", f"Integer literal is too large: {text}", literal_pos)

    # -- postfix ---------------------------------------------------------------------------

    def parse_postfix(self) -> ast.Expr:
        """An atom with its property lookups, subscripts, slices and a trailing label check."""
        return self.parse_postfix_ops(self.parse_atom())

    def parse_postfix_ops(self, expr: ast.Expr) -> ast.Expr:
        while True:
            if self.at_op(".") and self.peek(1).kind in (IDENT, QIDENT):
                self.advance()
                expr = ast.Property(expr.pos, expr, self.expect_name("a property key"))
            elif self.at_op("["):
                expr = self._parse_subscript(expr)
            elif self.at_op(":") and self.peek(1).kind in (IDENT, QIDENT):
                expr = ast.LabelCheck(expr.pos, expr, self.parse_labels())
            else:
                return expr

    def _parse_subscript(self, subject: ast.Expr) -> ast.Expr:
        self.expect_op("[")
        start: ast.Expr | None = None
        if not self.at_op(".."):
            start = self.parse_expr()
            if self.accept_op("]"):
                return ast.Subscript(subject.pos, subject, start)
        self.expect_op("..")
        end = None if self.at_op("]") else self.parse_expr()
        self.expect_op("]")
        return ast.Slice(subject.pos, subject, start, end)

    def parse_labels(self) -> list[str]:
        """``:A:B`` (at least one label)."""
        labels: list[str] = []
        while self.at_op(":"):
            self.advance()
            labels.append(self.expect_name("a label"))
        return labels

    # -- literals used by atoms ------------------------------------------------------------

    def parse_literal_token(self) -> ast.Expr | None:
        """Number, string or parameter token at the cursor, or None."""
        tok = self.tok
        if tok.kind == INTEGER:
            self.advance()
            self._check_int_range(tok.value, tok.pos, tok.pos)
            return ast.Literal(tok.pos, tok.value)
        if tok.kind in (FLOAT, STRING):
            self.advance()
            return ast.Literal(tok.pos, tok.value)
        if tok.kind == PARAM:
            self.advance()
            return ast.Parameter(tok.pos, tok.value)
        return None
