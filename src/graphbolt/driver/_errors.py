"""Engine errors (``graphbolt.errors``) turned into the driver's exceptions."""

from __future__ import annotations

from graphbolt.errors import GraphboltError
from graphbolt.exceptions import GqlError, Neo4jError


def to_driver_error(error: BaseException) -> BaseException:
    """The driver exception for an engine error (same code, message and GQL status).

    Driver exceptions and non-Exception signals (KeyboardInterrupt, CancelledError) pass
    through; any other unexpected exception becomes a DatabaseError with code
    ``Neo.DatabaseError.General.UnknownError``, like a server reporting an internal failure.
    """
    if isinstance(error, GqlError) or not isinstance(error, Exception):
        return error
    if isinstance(error, GraphboltError):
        converted = Neo4jError.hydrate(error.code, error.message, gql_status=error.gql_status)
    else:
        converted = Neo4jError.hydrate(
            "Neo.DatabaseError.General.UnknownError", f"{type(error).__name__}: {error}"
        )
    converted.__cause__ = error
    return converted
