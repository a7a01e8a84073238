"""Engine errors (``graphbolt.errors``) turned into the driver's exceptions."""

from __future__ import annotations

from graphbolt.errors import GraphboltError
from graphbolt.exceptions import GqlError, Neo4jError

_UNKNOWN_CODE = "Neo.DatabaseError.General.UnknownError"
_CLASSIFICATIONS = {
    "ClientError": "CLIENT_ERROR",
    "TransientError": "TRANSIENT_ERROR",
    "DatabaseError": "DATABASE_ERROR",
}


def to_driver_error(error: BaseException) -> BaseException:
    """The driver exception for an engine error (same code, message and GQL status).

    Driver exceptions and non-Exception signals (KeyboardInterrupt, CancelledError) pass
    through; any other unexpected exception becomes a DatabaseError with code
    ``Neo.DatabaseError.General.UnknownError``, like a server reporting an internal failure.
    """
    if isinstance(error, GqlError) or not isinstance(error, Exception):
        return error
    if isinstance(error, GraphboltError):
        code, message, gql_status = error.code, error.message, error.gql_status
    else:
        code, message = _UNKNOWN_CODE, f"{type(error).__name__}: {error}"
        gql_status = "50N42"
    # What a GQL-aware server (Bolt 5.7+) would send for the same failure.
    converted = Neo4jError.hydrate(
        code,
        message,
        gql_status=gql_status,
        description=f"error: {message}",
        diagnostic_record={"_classification": _classification(code)},
    )
    converted.__cause__ = error
    return converted


def expires_auth(error: BaseException) -> bool:
    """True for ``AuthorizationExpired``: every connection to that server must log in again."""
    return (
        isinstance(error, Neo4jError)
        and error.code == "Neo.ClientError.Security.AuthorizationExpired"
    )


def _classification(code: str) -> str:
    """The GQL classification a server reports for a Neo4j status code."""
    parts = code.split(".")
    kind = parts[1] if len(parts) == 4 else ""
    return _CLASSIFICATIONS.get(kind, "DATABASE_ERROR")
