"""The engine API: open a database, run Cypher inside transactions, stream typed rows."""

from graphbolt.engine._cursor import Cursor
from graphbolt.engine._database import CompiledQuery, Database, compile_query, parse_bookmark
from graphbolt.engine._summary import Notification, ResultSummary
from graphbolt.engine._transaction import Transaction

__all__ = [
    "CompiledQuery",
    "Cursor",
    "Database",
    "Notification",
    "ResultSummary",
    "Transaction",
    "compile_query",
    "parse_bookmark",
]
