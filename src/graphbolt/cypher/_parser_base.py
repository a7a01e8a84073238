"""Token-stream plumbing shared by the parser modules (cursor, expectations, errors).

The parser is split by concept into mixins (expressions, patterns, clauses) that all derive
from ``ParserBase``; methods a mixin needs from a later one are declared here so each module
type-checks on its own.
"""

from __future__ import annotations

from typing import NoReturn

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import EOF, IDENT, OP, QIDENT, Token, tokenize
from graphbolt.errors import CypherSyntaxError

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class ParserBase:
    """A cursor over the token list with the helpers every grammar rule uses."""

    text: str
    tokens: list[Token]
    i: int  # index of the current token
    # Speculative node-pattern parses by start token: (result or None, token index after it).
    node_cache: dict[int, tuple[ast.NodePattern | None, int]]

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[Token] = tokenize(text)
        self.i = 0
        self.node_cache = {}

    # -- cursor ----------------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        j = min(self.i + k, len(self.tokens) - 1)
        return self.tokens[j]

    def mark(self) -> int:
        """The cursor position, to backtrack to with ``reset``."""
        return self.i

    def reset(self, mark: int) -> None:
        self.i = mark

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != EOF:
            self.i += 1
        return tok

    @property
    def prev_end(self) -> int:
        """End offset of the last consumed token (for source slices)."""
        return self.tokens[self.i - 1].end if self.i > 0 else 0

    # -- tests -----------------------------------------------------------------------------

    def at_op(self, *ops: str) -> bool:
        tok = self.tokens[self.i]
        return tok.kind == OP and tok.value in ops

    def at_kw(self, *words: str) -> bool:
        return self.tokens[self.i].upper in words

    def peek_kw(self, k: int, *words: str) -> bool:
        return self.peek(k).upper in words

    def peek_op(self, k: int, *ops: str) -> bool:
        tok = self.peek(k)
        return tok.kind == OP and tok.value in ops

    def accept_op(self, op: str) -> Token | None:
        if self.at_op(op):
            return self.advance()
        return None

    def accept_kw(self, *words: str) -> Token | None:
        """Consume the keyword sequence ``words`` if it is next (all or nothing)."""
        for k, word in enumerate(words):
            if self.peek(k).upper != word:
                return None
        first = self.tok
        self.i += len(words)
        return first

    def expect_op(self, op: str) -> Token:
        if not self.at_op(op):
            self.fail(f"expected '{op}'")
        return self.advance()

    def expect_kw(self, *words: str) -> Token:
        tok = self.accept_kw(*words)
        if tok is None:
            self.fail(f"expected {' '.join(words)}")
        return tok

    def at_name(self) -> bool:
        return self.tok.kind in (IDENT, QIDENT)

    def expect_name(self, what: str = "a name") -> str:
        """A symbolic name: a bare word (keywords allowed) or a backticked name."""
        tok = self.tok
        if tok.kind not in (IDENT, QIDENT):
            self.fail(f"expected {what}")
        self.i += 1
        return tok.value

    # -- errors ----------------------------------------------------------------------------

    def fail(self, what: str, detail: str = "UnexpectedSyntax", pos: int | None = None) -> NoReturn:
        tok = self.tok
        where = "end of input" if tok.kind == EOF else repr(self.text[tok.pos : tok.end])
        raise CypherSyntaxError(
            detail, f"Invalid input {where}: {what}", position=tok.pos if pos is None else pos
        )

    def error(self, detail: str, message: str, pos: int) -> NoReturn:
        raise CypherSyntaxError(detail, message, position=pos)

    # -- rules implemented by the mixins ---------------------------------------------------

    def parse_expr(self) -> ast.Expr:
        raise NotImplementedError

    def parse_atom(self) -> ast.Expr:
        raise NotImplementedError

    def parse_map_literal(self) -> ast.MapLiteral:
        raise NotImplementedError

    def parse_pattern(self) -> ast.Pattern:
        raise NotImplementedError

    def parse_pattern_part(self) -> ast.PatternPart:
        raise NotImplementedError

    def parse_relationship_chain(self, first: ast.NodePattern, pos: int) -> ast.PatternPart:
        raise NotImplementedError

    def parse_node_pattern(self) -> ast.NodePattern:
        raise NotImplementedError

    def parse_query(self) -> ast.Query:
        raise NotImplementedError

    def at_query_start(self) -> bool:
        raise NotImplementedError
