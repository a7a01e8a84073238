"""Exceptions -> testkit error responses.

Testkit distinguishes ``DriverError`` (the driver raised it: type, message, Neo4j code,
retryability and GQL fields, plus an id the test may hand back in ``RetryableNegative``),
``FrontendError`` (the test's own callback refused) and ``BackendError`` (a bug here).

graphbolt mirrors the official Python driver, so the backend runs with
``TEST_DRIVER_NAME=python`` and reports graphbolt's exception classes under the names of
their ``neo4j.exceptions`` twins (``<class 'neo4j.exceptions.ClientError'>``): testkit's
Python-specific assertions then check graphbolt's hierarchy like the official driver's.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import graphbolt
from graphbolt.bolt import ProtocolError
from graphbolt.exceptions import GqlError, Neo4jError
from testkit_backend._values import Json, field

_DRIVER_PATH = Path(graphbolt.__file__).resolve().parent
_MAX_CAUSES = 10


class FrontendError(Exception):
    """The test (the frontend) made a callback fail, e.g. ``RetryableNegative``."""


class MarkedDriverError(Exception):
    """A non-driver exception the driver's contract says to report as a driver error."""

    def __init__(self, wrapped: BaseException) -> None:
        super().__init__(str(wrapped))
        self.wrapped = wrapped


def error_type(exc: BaseException) -> str:
    """The ``errorType`` string: ``neo4j.exceptions`` names for graphbolt's classes."""
    cls = type(exc)
    if cls.__module__ == "graphbolt.exceptions":
        return f"<class 'neo4j.exceptions.{cls.__name__}'>"
    if isinstance(exc, ProtocolError):  # the server broke Bolt (e.g. an unknown query type)
        return "<class 'neo4j._exceptions.BoltProtocolError'>"
    return str(cls)


def stems_from_driver(exc: BaseException) -> bool:
    """True when the driver raised ``exc`` (its class, or the frame that raised it)."""
    if isinstance(exc, (GqlError, MarkedDriverError)):
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return False
    innermost = Path(frames[-1].filename).resolve()
    return _DRIVER_PATH in innermost.parents


def _message(exc: BaseException) -> str:
    if isinstance(exc, Neo4jError) and exc.message is not None:
        return exc.message
    return str(exc)


def _gql_fields(exc: GqlError) -> Json:
    return {
        "gqlStatus": exc.gql_status,
        "statusDescription": exc.gql_status_description,
        "classification": exc.gql_classification,
        "rawClassification": exc.gql_raw_classification,
        "diagnosticRecord": {k: field(v) for k, v in exc.diagnostic_record.items()},
    }


def _cause(exc: BaseException | None, depth: int = 0) -> Json | None:
    """The first ``GqlError`` of the ``__cause__`` chain as testkit's ``GqlError``."""
    while exc is not None and not isinstance(exc, GqlError):
        exc = exc.__cause__
    if exc is None or depth >= _MAX_CAUSES:
        return None
    data: Json = {"msg": _message(exc), **_gql_fields(exc)}
    nested = _cause(exc.__cause__, depth + 1)
    if nested is not None:
        data["cause"] = nested
    return {"name": "GqlError", "data": data}


def driver_error(exc: BaseException, error_id: int) -> Json:
    """``DriverError`` response data for an exception the driver raised."""
    shown = exc.wrapped if isinstance(exc, MarkedDriverError) else exc
    retryable = getattr(shown, "is_retryable", None)
    data: Json = {
        "id": error_id,
        "errorType": error_type(shown),
        "msg": _message(shown),
        "retryable": bool(retryable()) if callable(retryable) else False,
    }
    if isinstance(shown, Neo4jError):
        data["code"] = shown.code
    if isinstance(shown, GqlError):
        data.update(_gql_fields(shown))
        cause = _cause(shown.__cause__)
        if cause is not None:
            data["cause"] = cause
    return data


def backend_error(exc: BaseException) -> Json:
    """``BackendError`` data: the traceback, for debugging the backend."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return {"msg": text}


def serialize(exc: BaseException, error_id: Any) -> tuple[str, Json]:
    """The response (name, data) for ``exc``; ``error_id`` only used for driver errors."""
    if isinstance(exc, FrontendError):
        return "FrontendError", {"msg": str(exc)}
    if stems_from_driver(exc):
        return "DriverError", driver_error(exc, error_id)
    return "BackendError", backend_error(exc)
