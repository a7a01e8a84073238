"""The Cypher front end: lexer, parser, AST and semantic analysis.

``parse(text)`` turns one statement into an ``ast.Statement``; ``to_cypher(node)`` prints an
AST node back as Cypher text; ``analyze(statement, procedures)`` raises the
compile-time errors of a parsed statement.
"""

from graphbolt.cypher._parser import parse
from graphbolt.cypher._printer import to_cypher
from graphbolt.cypher._semantic import analyze

__all__ = ["analyze", "parse", "to_cypher"]
