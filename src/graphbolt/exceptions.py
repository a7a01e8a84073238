"""The driver's exceptions, with the class names and hierarchy of ``neo4j.exceptions``.

Server-side failures are ``Neo4jError`` subclasses picked from the Neo4j status code
(``Neo4jError.hydrate``); client-side misuse and connectivity problems are ``DriverError``
subclasses. ``is_retryable()`` tells the transaction functions what to run again.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AuthConfigurationError",
    "AuthError",
    "BrokenRecordError",
    "CertificateConfigurationError",
    "ClientError",
    "ConfigurationError",
    "ConnectionAcquisitionTimeoutError",
    "ConnectionPoolError",
    "ConstraintError",
    "CypherSyntaxError",
    "CypherTypeError",
    "DatabaseError",
    "DatabaseUnavailable",
    "DriverError",
    "Forbidden",
    "ForbiddenOnReadOnlyDatabase",
    "GqlError",
    "IncompleteCommit",
    "Neo4jError",
    "NotALeader",
    "ReadServiceUnavailable",
    "ResultConsumedError",
    "ResultError",
    "ResultFailedError",
    "ResultNotSingleError",
    "RoutingServiceUnavailable",
    "ServiceUnavailable",
    "SessionError",
    "SessionExpired",
    "TokenExpired",
    "TransactionError",
    "TransactionNestingError",
    "TransientError",
    "UnsupportedServerProduct",
    "WriteServiceUnavailable",
]

_UNKNOWN_GQL = "50N42"
_UNKNOWN_DESCRIPTION = "error: general processing exception - unexpected error"
#: What every error's diagnostic record holds unless the server said otherwise.
DEFAULT_DIAGNOSTIC_RECORD: dict[str, Any] = {
    "OPERATION": "",
    "OPERATION_CODE": "0",
    "CURRENT_SCHEMA": "/",
}
#: The GQL error classifications; any other ``_classification`` reads as ``UNKNOWN``.
_GQL_CLASSIFICATIONS = frozenset({"CLIENT_ERROR", "DATABASE_ERROR", "TRANSIENT_ERROR"})


class GqlError(Exception):
    """Base of every driver exception: GQL status fields plus a message."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._message: str | None = str(args[0]) if args else None
        self._gql_status: str = _UNKNOWN_GQL
        self._gql_status_description: str = _UNKNOWN_DESCRIPTION
        self._diagnostic_record: dict[str, Any] = dict(DEFAULT_DIAGNOSTIC_RECORD)

    @property
    def message(self) -> str | None:
        return self._message

    @property
    def gql_status(self) -> str:
        return self._gql_status

    @property
    def gql_status_description(self) -> str:
        return self._gql_status_description

    @property
    def gql_classification(self) -> str:
        """``CLIENT_ERROR``, ``DATABASE_ERROR`` or ``TRANSIENT_ERROR`` as the diagnostic
        record's ``_classification`` says; ``UNKNOWN`` for anything else or nothing."""
        raw = self._diagnostic_record.get("_classification")
        return raw if raw in _GQL_CLASSIFICATIONS else "UNKNOWN"

    @property
    def gql_raw_classification(self) -> str | None:
        raw = self._diagnostic_record.get("_classification")
        return raw if isinstance(raw, str) else None

    @property
    def diagnostic_record(self) -> dict[str, Any]:
        return dict(self._diagnostic_record)

    def find_by_gql_status(self, status: str) -> GqlError | None:
        """This error or the first error of its ``__cause__`` chain with GQL ``status``."""
        error: BaseException | None = self
        while error is not None:
            if isinstance(error, GqlError) and error.gql_status == status:
                return error
            error = error.__cause__
        return None


class Neo4jError(GqlError):
    """An error reported by the database, with its Neo4j status ``code``."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._code: str | None = None
        self._classification: str | None = None

    @property
    def code(self) -> str | None:
        return self._code

    @property
    def classification(self) -> str | None:
        """``ClientError``, ``TransientError`` or ``DatabaseError`` (after the driver's
        corrections: an expired authorization is transient)."""
        return self._classification

    @property
    def category(self) -> str | None:
        parts = (self._code or "").split(".")
        return parts[2] if len(parts) == 4 else None

    @property
    def title(self) -> str | None:
        parts = (self._code or "").split(".")
        return parts[3] if len(parts) == 4 else None

    def is_retryable(self) -> bool:
        """True when running the same work again in a new transaction may succeed."""
        return False

    def __str__(self) -> str:
        return f"{{code: {self._code}}} {{message: {self._message}}}"

    @classmethod
    def hydrate(
        cls,
        code: str,
        message: str,
        *,
        gql_status: str | None = None,
        description: str | None = None,
        diagnostic_record: dict[str, Any] | None = None,
    ) -> Neo4jError:
        """The exception for a server failure: class chosen from the (rewritten) ``code``.

        Without ``gql_status`` (servers before Bolt 5.7) the error gets the GQL status of
        an unknown error (``50N42``) with the message in its description. Missing keys of the default
        diagnostic record are filled in; other keys are kept as sent.
        """
        classification, code = _rewrite_code(code)
        error = _class_for_code(classification, code)(message)
        error._code = code
        error._classification = classification
        error._message = message
        if gql_status is None:
            error._gql_status_description = f"{_UNKNOWN_DESCRIPTION}. {message}"
        else:
            error._gql_status = gql_status
            error._gql_status_description = description or f"error: {message}"
        if diagnostic_record:
            error._diagnostic_record.update(diagnostic_record)
        return error


class ClientError(Neo4jError):
    """The client sent something the server cannot do (bad query, bad state, ...)."""


class CypherSyntaxError(ClientError):
    pass


class CypherTypeError(ClientError):
    pass


class ConstraintError(ClientError):
    pass


class AuthError(ClientError):
    pass


class TokenExpired(AuthError):
    pass


class Forbidden(ClientError):
    pass


class DatabaseError(Neo4jError):
    """The server failed while processing a valid request."""


class TransientError(Neo4jError):
    """A temporary failure: the same work may succeed in a new transaction."""

    def is_retryable(self) -> bool:
        return True


class DatabaseUnavailable(TransientError):
    pass


class NotALeader(TransientError):
    pass


class ForbiddenOnReadOnlyDatabase(TransientError):
    pass


class DriverError(GqlError):
    """A failure raised by the driver itself (misuse, connectivity, configuration)."""

    def is_retryable(self) -> bool:
        return False


class SessionError(DriverError):
    def __init__(self, session: Any = None, *args: Any) -> None:
        super().__init__(*args)
        self.session = session


class TransactionError(DriverError):
    def __init__(self, transaction: Any = None, *args: Any) -> None:
        super().__init__(*args)
        self.transaction = transaction


class TransactionNestingError(TransactionError):
    pass


class ResultError(DriverError):
    def __init__(self, result: Any = None, *args: Any) -> None:
        super().__init__(*args)
        self.result = result


class ResultFailedError(ResultError):
    pass


class ResultConsumedError(ResultError):
    pass


class ResultNotSingleError(ResultError):
    pass


class BrokenRecordError(DriverError):
    pass


class SessionExpired(DriverError):
    def is_retryable(self) -> bool:
        return True


class ServiceUnavailable(DriverError):
    def is_retryable(self) -> bool:
        return True


class RoutingServiceUnavailable(ServiceUnavailable):
    pass


class WriteServiceUnavailable(ServiceUnavailable):
    pass


class ReadServiceUnavailable(ServiceUnavailable):
    pass


class IncompleteCommit(ServiceUnavailable):
    """The connection broke during COMMIT: the outcome is unknown, so never retried."""

    def is_retryable(self) -> bool:
        return False


class ConfigurationError(DriverError):
    pass


class AuthConfigurationError(ConfigurationError):
    pass


class CertificateConfigurationError(ConfigurationError):
    pass


class UnsupportedServerProduct(ConfigurationError):
    pass


class ConnectionPoolError(DriverError):
    pass


class ConnectionAcquisitionTimeoutError(ConnectionPoolError):
    pass


# -- server code -> class -------------------------------------------------------------------

_BY_CODE: dict[str, type[Neo4jError]] = {
    "Neo.ClientError.Statement.SyntaxError": CypherSyntaxError,
    "Neo.ClientError.Statement.InvalidSyntax": CypherSyntaxError,
    "Neo.ClientError.Statement.TypeError": CypherTypeError,
    "Neo.ClientError.Statement.InvalidType": CypherTypeError,
    "Neo.ClientError.Procedure.TypeError": CypherTypeError,
    "Neo.ClientError.Schema.ConstraintValidationFailed": ConstraintError,
    "Neo.ClientError.Schema.ConstraintViolation": ConstraintError,
    "Neo.ClientError.Statement.ConstraintVerificationFailed": ConstraintError,
    "Neo.ClientError.Security.Unauthorized": AuthError,
    "Neo.ClientError.Security.AuthorizationFailed": AuthError,
    "Neo.ClientError.Security.TokenExpired": TokenExpired,
    "Neo.ClientError.Security.Forbidden": Forbidden,
    "Neo.ClientError.General.ReadOnly": Forbidden,
    "Neo.ClientError.Cluster.NotALeader": NotALeader,
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase": ForbiddenOnReadOnlyDatabase,
    "Neo.TransientError.General.DatabaseUnavailable": DatabaseUnavailable,
}

_BY_CLASSIFICATION: dict[str, type[Neo4jError]] = {
    "ClientError": ClientError,
    "TransientError": TransientError,
    "DatabaseError": DatabaseError,
}

#: code -> (classification, new code): servers' classifications the driver corrects.
_REWRITES: dict[str, tuple[str, str]] = {
    # Retryable after re-authenticating with the same credentials; the code stays.
    "Neo.ClientError.Security.AuthorizationExpired": (
        "TransientError", "Neo.ClientError.Security.AuthorizationExpired",
    ),
    # Reclassified as client errors in Neo4j 5.0 (older servers still send them).
    "Neo.TransientError.Transaction.Terminated": (
        "ClientError", "Neo.ClientError.Transaction.Terminated",
    ),
    "Neo.TransientError.Transaction.LockClientStopped": (
        "ClientError", "Neo.ClientError.Transaction.LockClientStopped",
    ),
}  # fmt: skip


def _rewrite_code(code: str) -> tuple[str | None, str]:
    """``(classification, code)`` of a server's code (classification None: malformed)."""
    rewrite = _REWRITES.get(code)
    if rewrite is not None:
        return rewrite
    parts = code.split(".")
    return (parts[1] if len(parts) == 4 else None), code


def _class_for_code(classification: str | None, code: str) -> type[Neo4jError]:
    specific = _BY_CODE.get(code)
    if specific is not None:
        return specific
    return _BY_CLASSIFICATION.get(classification or "", DatabaseError)
