"""Helpers for the semantic-analysis tests: the detail of the error ``analyze`` raises."""

from __future__ import annotations

from graphbolt.cypher import ast, parse
from graphbolt.cypher._semantic import analyze
from graphbolt.errors import CypherError


def analyze_detail(statement: ast.Statement) -> str | None:
    """The TCK detail of the analyzer's error for ``statement`` (None if it passes); the error
    must be a SyntaxError, as every compile-time rejection is."""
    try:
        analyze(statement)
    except CypherError as error:
        assert error.tck_type == "SyntaxError"
        return error.detail
    return None


def detail_of(query: str) -> str | None:
    """``analyze_detail`` of the parsed ``query``.

    The query must parse: the analyzer, not the parser, is under test.
    """
    return analyze_detail(parse(query))
