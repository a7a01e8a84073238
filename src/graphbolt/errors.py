"""Every error graphbolt raises, with its Neo4j status code and GQL status, in one table.

Each error class carries:

- ``code``: the Neo4j status code (``Neo.ClientError.Statement.SyntaxError``) that Bolt
  FAILURE messages and the driver's exception mapping use;
- ``gql_status``: the GQLSTATUS code reported by Bolt 5.7+;
- for Cypher errors, the openCypher TCK triple ``(tck_type, phase, detail)``: ``tck_type`` is
  the TCK error type (``SyntaxError``, ``TypeError`` ...), ``detail`` the TCK detail
  (``UndefinedVariable`` ...), and ``phase`` is set by the engine: errors raised while
  compiling a query are ``compile time``, errors raised while pulling rows are ``runtime``.

Raise sites pick the class by *kind* and pass the *detail*::

    raise CypherSyntaxError("UndefinedVariable", "Variable `x` not defined", position=pos)
"""

from __future__ import annotations

from dataclasses import dataclass

COMPILE_TIME = "compile time"
RUNTIME = "runtime"


@dataclass(frozen=True, slots=True)
class Status:
    """One row of the status table: Neo4j code, GQL status, and the TCK error type."""

    code: str
    gql_status: str
    tck_type: str | None = None

    @property
    def classification(self) -> str:
        """``ClientError``, ``TransientError`` or ``DatabaseError``."""
        return self.code.split(".")[1]


# The one table. Keys are the names used by the error classes below.
STATUS: dict[str, Status] = {
    # Cypher statement errors (TCK types in the third column).
    "SyntaxError": Status("Neo.ClientError.Statement.SyntaxError", "42001", "SyntaxError"),
    "SemanticError": Status("Neo.ClientError.Statement.SemanticError", "42N00", "SemanticError"),
    "TypeError": Status("Neo.ClientError.Statement.TypeError", "22G03", "TypeError"),
    "ArgumentError": Status("Neo.ClientError.Statement.ArgumentError", "22N00", "ArgumentError"),
    "ArithmeticError": Status(
        "Neo.ClientError.Statement.ArithmeticError", "22N01", "ArithmeticError"
    ),
    "EntityNotFound": Status("Neo.ClientError.Statement.EntityNotFound", "22N02", "EntityNotFound"),
    "ParameterMissing": Status(
        "Neo.ClientError.Statement.ParameterMissing", "42N51", "ParameterMissing"
    ),
    "ProcedureNotFound": Status(
        "Neo.ClientError.Procedure.ProcedureNotFound", "42N08", "ProcedureError"
    ),
    "ProcedureCallFailed": Status(
        "Neo.ClientError.Procedure.ProcedureCallFailed", "52N37", "ProcedureError"
    ),
    "ConstraintValidationFailed": Status(
        "Neo.ClientError.Schema.ConstraintValidationFailed", "22N77", "ConstraintValidationFailed"
    ),
    "NotSystemDatabase": Status("Neo.ClientError.Statement.NotSystemDatabaseError", "42N17"),
    "IndexAlreadyExists": Status("Neo.ClientError.Schema.IndexAlreadyExists", "22N71"),
    "IndexWithNameAlreadyExists": Status(
        "Neo.ClientError.Schema.IndexWithNameAlreadyExists", "22N71"
    ),
    "EquivalentSchemaRuleAlreadyExists": Status(
        "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists", "22N70"
    ),
    "IndexNotFound": Status("Neo.ClientError.Schema.IndexDropFailed", "50N11"),
    # Transactions.
    "Outdated": Status("Neo.TransientError.Transaction.Outdated", "40N01"),
    "DeadlockDetected": Status("Neo.TransientError.Transaction.DeadlockDetected", "40N01"),
    "BookmarkTimeout": Status("Neo.TransientError.Transaction.BookmarkTimeout", "40N01"),
    "Terminated": Status("Neo.TransientError.Transaction.Terminated", "25N05"),
    "TransactionTimedOut": Status(
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "25N05"
    ),
    "TransactionNotFound": Status("Neo.ClientError.Transaction.TransactionNotFound", "25N07"),
    "TransactionClosed": Status("Neo.ClientError.Transaction.TransactionNotFound", "25N07"),
    "ForbiddenDueToTransactionType": Status(
        "Neo.ClientError.Transaction.ForbiddenDueToTransactionType", "25N03"
    ),
    "AccessMode": Status("Neo.ClientError.Statement.AccessMode", "08N06"),
    "InvalidBookmark": Status("Neo.ClientError.Transaction.InvalidBookmark", "08N12"),
    # Databases, security, requests.
    "DatabaseNotFound": Status("Neo.ClientError.Database.DatabaseNotFound", "22N51"),
    "Unauthorized": Status("Neo.ClientError.Security.Unauthorized", "42NFF"),
    "Forbidden": Status("Neo.ClientError.Security.Forbidden", "42NFF"),
    "CredentialsExpired": Status("Neo.ClientError.Security.CredentialsExpired", "42NFF"),
    "Invalid": Status("Neo.ClientError.Request.Invalid", "08N06"),
    "InvalidFormat": Status("Neo.ClientError.Request.InvalidFormat", "22N01"),
    "DatabaseUnavailable": Status("Neo.TransientError.General.DatabaseUnavailable", "51N23"),
    "UnknownError": Status("Neo.DatabaseError.General.UnknownError", "50N42"),
    "StorageError": Status("Neo.DatabaseError.General.StorageDamageDetected", "50N42"),
}


class GraphboltError(Exception):
    """Base class of every error graphbolt raises on purpose; carries a Neo4j status."""

    status_name = "UnknownError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def status(self) -> Status:
        return STATUS[self.status_name]

    @property
    def code(self) -> str:
        return self.status.code

    @property
    def gql_status(self) -> str:
        return self.status.gql_status

    @property
    def classification(self) -> str:
        return self.status.classification

    def __str__(self) -> str:
        return self.message


class CypherError(GraphboltError):
    """An error in a Cypher statement: carries the TCK triple (type, phase, detail).

    ``detail`` names the TCK detail (``UndefinedVariable``); ``position`` is the character
    offset in the query text, when known; the engine fills ``phase`` and, once it knows the
    query text, appends a line/column pointer with a caret to the message.
    """

    status_name = "SyntaxError"

    def __init__(
        self, detail: str, message: str, *, position: int | None = None, phase: str | None = None
    ) -> None:
        super().__init__(message)
        self.detail = detail
        self.position = position
        self.phase = phase

    @property
    def tck_type(self) -> str:
        return self.status.tck_type or "Error"

    def locate(self, query: str) -> None:
        """Append ``(line L, column C)`` and a caret line under the offending text."""
        if self.position is None or getattr(self, "_located", False):
            return
        pos = max(0, min(self.position, len(query)))
        line_no = query.count("\n", 0, pos) + 1
        line_start = query.rfind("\n", 0, pos) + 1
        line_end = query.find("\n", pos)
        if line_end < 0:
            line_end = len(query)
        column = pos - line_start + 1
        line = query[line_start:line_end]
        self.message = (
            f"{self.message} (line {line_no}, column {column} (offset: {pos}))\n"
            f'"{line}"\n' + " " * column + "^"
        )
        self._located = True
        self.args = (self.message,)


class CypherSyntaxError(CypherError):
    status_name = "SyntaxError"


class CypherSemanticError(CypherError):
    status_name = "SemanticError"


class CypherTypeError(CypherError):
    status_name = "TypeError"


class CypherArgumentError(CypherError):
    status_name = "ArgumentError"


class CypherArithmeticError(CypherError):
    status_name = "ArithmeticError"


class EntityNotFound(CypherError):
    status_name = "EntityNotFound"


class ParameterMissing(CypherError):
    status_name = "ParameterMissing"


class ProcedureNotFound(CypherError):
    status_name = "ProcedureNotFound"


class ProcedureCallFailed(CypherError):
    status_name = "ProcedureCallFailed"


class ConstraintValidationFailed(CypherError):
    status_name = "ConstraintValidationFailed"


class SchemaError(GraphboltError):
    """Index and constraint administration errors."""

    def __init__(self, status_name: str, message: str) -> None:
        super().__init__(message)
        self.status_name = status_name


class TransactionError(GraphboltError):
    """Errors of the transaction lifecycle (closed, timed out, wrong mode, bookmarks)."""

    def __init__(self, status_name: str, message: str) -> None:
        super().__init__(message)
        self.status_name = status_name


class TransientError(GraphboltError):
    """A failure worth retrying: the same work may succeed in a new transaction."""

    def __init__(self, status_name: str, message: str) -> None:
        super().__init__(message)
        self.status_name = status_name


class WriteConflict(TransientError):
    """A write conflicts with a transaction committed after this one's snapshot."""

    def __init__(self, message: str) -> None:
        super().__init__("Outdated", message)


class DatabaseNotFound(GraphboltError):
    status_name = "DatabaseNotFound"


class SecurityError(GraphboltError):
    def __init__(self, status_name: str, message: str) -> None:
        super().__init__(message)
        self.status_name = status_name


class RequestError(GraphboltError):
    """A malformed or out-of-state client request (Bolt and engine API misuse)."""

    def __init__(self, message: str, status_name: str = "Invalid") -> None:
        super().__init__(message)
        self.status_name = status_name


class StorageError(GraphboltError):
    status_name = "StorageError"
