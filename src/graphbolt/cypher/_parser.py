"""Cypher parser entry point: statements (EXPLAIN/PROFILE), queries and schema commands.

The grammar is spread over mixins, loosest concept last:
``_parser_base`` (token cursor) <- ``_parser_expressions`` (operators) <- ``_parser_atoms``
<- ``_parser_patterns`` <- ``_parser_clauses`` <- ``Parser`` here.
"""

from __future__ import annotations

from graphbolt.cypher import ast
from graphbolt.cypher._lexer import EOF, FLOAT, IDENT, INTEGER, STRING
from graphbolt.cypher._parser_clauses import ClauseParser
from graphbolt.errors import CypherSyntaxError

# Index kinds accepted (and ignored) before INDEX, as in Neo4j 5.
_INDEX_KINDS = ("RANGE", "TEXT", "POINT", "LOOKUP", "BTREE")


class Parser(ClauseParser):
    """Recursive-descent parser over the token list of one statement."""

    def parse_statement(self) -> ast.Statement:
        mode: str | None = None
        self._skip_query_options()
        if self.at_kw("EXPLAIN", "PROFILE"):
            mode = self.advance().upper
        query = self._parse_schema_command() or self.parse_query()
        self.accept_op(";")
        if self.tok.kind != EOF:
            self.fail("expected the end of the query")
        return ast.Statement(query, mode)

    def _skip_query_options(self) -> None:
        """``CYPHER [version] [option=value ...]`` before a query: accepted and ignored
        (graphbolt has one Cypher version and one runtime)."""
        if not (self.at_kw("CYPHER") and self.peek().kind in (IDENT, INTEGER, FLOAT)):
            return
        self.advance()
        if self.tok.kind in (INTEGER, FLOAT):
            self.advance()
        while self.tok.kind == IDENT and self.peek_op(1, "="):
            self.advance()
            self.advance()
            if self.tok.kind in (IDENT, INTEGER, FLOAT, STRING):
                self.advance()
            else:
                self.fail("expected a value for the query option")

    # -- schema commands -------------------------------------------------------------------

    def _parse_schema_command(self) -> ast.SingleQuery | None:
        pos = self.tok.pos
        clause: ast.Clause | None = None
        if self.at_kw("CREATE") and self._at_create_index():
            clause = self._parse_create_index()
        elif self.at_kw("DROP") and self.peek_kw(1, "INDEX"):
            clause = self._parse_drop_index()
        elif self.at_kw("SHOW"):
            clause = self._parse_show_indexes()
        if clause is None:
            return None
        return ast.SingleQuery(pos, [clause])

    def _at_create_index(self) -> bool:
        if self.peek_kw(1, "INDEX"):
            return True
        return self.peek_kw(1, *_INDEX_KINDS) and self.peek_kw(2, "INDEX")

    def _parse_create_index(self) -> ast.Clause:
        pos = self.advance().pos
        if not self.accept_kw("INDEX"):
            self.advance()
            self.expect_kw("INDEX")
        if self.accept_kw("ON"):
            return self._parse_legacy_index(pos)
        name: str | None = None
        if not self.at_kw("FOR", "IF"):
            name = self.expect_name("an index name")
        if_not_exists = self.accept_kw("IF", "NOT", "EXISTS") is not None
        self.expect_kw("FOR")
        relationship, variable, label = self._parse_index_target()
        self.expect_kw("ON")
        self.expect_op("(")
        properties = [self._parse_index_property(variable)]
        while self.accept_op(","):
            properties.append(self._parse_index_property(variable))
        self.expect_op(")")
        return ast.CreateIndex(pos, name, if_not_exists, label, properties, relationship)

    def _parse_index_target(self) -> tuple[bool, str, str]:
        """``(v:Label)`` or ``()-[v:TYPE]-()``: (is relationship, variable, label or type)."""
        first = self.parse_node_pattern()
        if not self.at_relationship_start():
            if first.variable is None or len(first.labels) != 1:
                self.fail("expected (variable:Label)", pos=first.pos)
            return False, first.variable, first.labels[0]
        part = self.parse_relationship_chain(first, first.pos)
        rel = part.relationships[0]
        if len(part.relationships) != 1 or rel.variable is None or len(rel.types) != 1:
            self.fail("expected ()-[variable:TYPE]-()", pos=first.pos)
        return True, rel.variable, rel.types[0]

    def _parse_index_property(self, variable: str) -> str:
        pos = self.tok.pos
        if self.expect_name("a variable") != variable:
            self.fail(f"expected the variable {variable}", pos=pos)
        self.expect_op(".")
        return self.expect_name("a property key")

    def _parse_legacy_index(self, pos: int) -> ast.Clause:
        """``CREATE INDEX ON :Label(p1, p2)``."""
        self.expect_op(":")
        label = self.expect_name("a label")
        self.expect_op("(")
        properties = [self.expect_name("a property key")]
        while self.accept_op(","):
            properties.append(self.expect_name("a property key"))
        self.expect_op(")")
        return ast.CreateIndex(pos, None, False, label, properties)

    def _parse_drop_index(self) -> ast.Clause:
        pos = self.advance().pos
        self.expect_kw("INDEX")
        name = self.expect_name("an index name")
        if_exists = self.accept_kw("IF", "EXISTS") is not None
        return ast.DropIndex(pos, name, if_exists)

    def _parse_show_indexes(self) -> ast.Clause:
        pos = self.advance().pos
        if self.at_kw("ALL", *_INDEX_KINDS):
            self.advance()
        if not (self.accept_kw("INDEX") or self.accept_kw("INDEXES")):
            self.fail("expected INDEX or INDEXES")
        where = self.parse_expr() if self.accept_kw("WHERE") else None
        return ast.ShowIndexes(pos, where)


def parse(text: str) -> ast.Statement:
    """Parse one Cypher statement into an ``ast.Statement``.

    Raises ``graphbolt.errors.CypherSyntaxError`` with a TCK detail (``UnexpectedSyntax``,
    ``IntegerOverflow``, ``InvalidNumberLiteral``, ``InvalidUnicodeLiteral`` ...) and the
    character offset of the offending token.
    """
    parser = Parser(text)
    try:
        return parser.parse_statement()
    except RecursionError:
        # Recursive descent spends about a dozen frames per nesting level.
        raise CypherSyntaxError(
            "UnexpectedSyntax", "The query is nested too deeply", position=parser.tok.pos
        ) from None
