"""Pattern grammar: ``p = (a:L {k: v})-[r:T1|T2*1..3 {k: v}]->(b), ...``."""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import INTEGER, PARAM
from graphbolt.cypher._parser_atoms import SHORTEST, AtomParser


class PatternParser(AtomParser):
    """Node, relationship and path patterns (used by clauses and by pattern expressions)."""

    def parse_pattern(self) -> ast.Pattern:
        parts = [self.parse_pattern_part()]
        while self.accept_op(","):
            parts.append(self.parse_pattern_part())
        return parts

    def parse_pattern_part(self) -> ast.PatternPart:
        pos = self.tok.pos
        variable: str | None = None
        if self.at_name() and self.peek_op(1, "="):
            variable = self.expect_name()
            self.advance()
        shortest = SHORTEST.get(self.tok.upper)
        if shortest is not None and self.peek_op(1, "("):
            self.advance()
            self.advance()
            part = self._parse_chain()
            self.expect_op(")")
            part.shortest = shortest
        else:
            part = self._parse_chain()
        part.pos = pos
        part.variable = variable
        return part

    def _parse_chain(self) -> ast.PatternPart:
        # A pattern may be wrapped in extra parentheses: ((a)-->(b)).
        if self.at_op("(") and self.peek_op(1, "("):
            self.advance()
            part = self._parse_chain()
            self.expect_op(")")
            return part
        first = self.parse_node_pattern()
        return self.parse_relationship_chain(first, first.pos)

    def parse_relationship_chain(self, first: ast.NodePattern, pos: int) -> ast.PatternPart:
        nodes = [first]
        rels: list[ast.RelationshipPattern] = []
        while self.at_relationship_start():
            rels.append(self._parse_relationship())
            nodes.append(self.parse_node_pattern())
        return ast.PatternPart(pos, None, nodes, rels)

    def parse_node_pattern(self) -> ast.NodePattern:
        pos = self.expect_op("(").pos
        variable = self._pattern_variable()
        labels = self.parse_labels()
        properties = self._parse_properties()
        self.expect_op(")")
        return ast.NodePattern(pos, variable, labels, properties)

    def _pattern_variable(self) -> str | None:
        if not self.at_name():
            return None
        if self.tok.upper in ("TRUE", "FALSE", "NULL"):
            # Literals, not names: `(null) - -(null)` is arithmetic, not a pattern.
            self.fail("expected a variable")
        return self.expect_name()

    def _parse_properties(self) -> ast.Expr | None:
        if self.at_op("{"):
            return self.parse_map_literal()
        if self.tok.kind == PARAM:
            tok = self.advance()
            return ast.Parameter(tok.pos, tok.value)
        return None

    def _parse_relationship(self) -> ast.RelationshipPattern:
        pos = self.tok.pos
        incoming = self.accept_op("<") is not None
        self.expect_op("-")
        rel = ast.RelationshipPattern(pos, None)
        if self.accept_op("["):
            self._parse_relationship_detail(rel)
            self.expect_op("]")
        self.expect_op("-")
        outgoing = self.accept_op(">") is not None
        if incoming and not outgoing:
            rel.direction = ast.INCOMING
        elif outgoing and not incoming:
            rel.direction = ast.OUTGOING
        else:
            rel.direction = ast.BOTH
        return rel

    def _parse_relationship_detail(self, rel: ast.RelationshipPattern) -> None:
        rel.variable = self._pattern_variable()
        if self.accept_op(":"):
            rel.types.append(self.expect_name("a relationship type"))
            while self.accept_op("|"):
                self.accept_op(":")
                rel.types.append(self.expect_name("a relationship type"))
        if self.at_op("*"):
            rel.length = self._parse_range()
        rel.properties = self._parse_properties()

    def _parse_range(self) -> tuple[int | None, int | None]:
        self.expect_op("*")
        if self.at_op("-"):
            self.fail("a variable-length bound must not be negative", "InvalidRelationshipPattern")
        low = self._range_bound()
        if not self.accept_op(".."):
            return (low, low) if low is not None else (None, None)
        if self.at_op("-"):
            self.fail("a variable-length bound must not be negative", "InvalidRelationshipPattern")
        return (low, self._range_bound())

    def _range_bound(self) -> int | None:
        if self.tok.kind != INTEGER:
            return None
        return int(self.advance().value)
