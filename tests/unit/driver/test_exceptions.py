"""graphbolt.exceptions: hierarchy, code -> class mapping, retryability."""

from __future__ import annotations

import pytest

from graphbolt import exceptions as ex
from graphbolt.driver._errors import to_driver_error
from graphbolt.driver._retry import RetryPolicy, is_retryable
from graphbolt.errors import CypherSyntaxError as EngineSyntaxError
from graphbolt.errors import DatabaseNotFound, WriteConflict


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("Neo.ClientError.Statement.SyntaxError", ex.CypherSyntaxError),
        ("Neo.ClientError.Statement.InvalidSyntax", ex.CypherSyntaxError),
        ("Neo.ClientError.Statement.TypeError", ex.CypherTypeError),
        ("Neo.ClientError.Procedure.TypeError", ex.CypherTypeError),
        ("Neo.ClientError.Schema.ConstraintValidationFailed", ex.ConstraintError),
        ("Neo.ClientError.Statement.ConstraintVerificationFailed", ex.ConstraintError),
        ("Neo.ClientError.Security.Unauthorized", ex.AuthError),
        ("Neo.ClientError.Security.TokenExpired", ex.TokenExpired),
        ("Neo.ClientError.Security.Forbidden", ex.Forbidden),
        ("Neo.ClientError.General.ReadOnly", ex.Forbidden),
        ("Neo.ClientError.Cluster.NotALeader", ex.NotALeader),
        ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", ex.ForbiddenOnReadOnlyDatabase),
        ("Neo.TransientError.General.DatabaseUnavailable", ex.DatabaseUnavailable),
        ("Neo.ClientError.Statement.ArithmeticError", ex.ClientError),
        ("Neo.TransientError.Transaction.Outdated", ex.TransientError),
        ("Neo.DatabaseError.General.UnknownError", ex.DatabaseError),
        ("Neo.ClientError.Security.AuthorizationExpired", ex.TransientError),
        ("Neo.TransientError.Transaction.Terminated", ex.ClientError),
        ("Neo.TransientError.Transaction.LockClientStopped", ex.ClientError),
    ],
)
def test_code_picks_class(code: str, cls: type[ex.Neo4jError]) -> None:
    error = ex.Neo4jError.hydrate(code, "msg", gql_status="12345")
    assert type(error) is cls
    assert error.message == "msg" and error.gql_status == "12345"
    assert isinstance(error, ex.GqlError)


def test_rewritten_codes_change_retryability() -> None:
    expired = ex.Neo4jError.hydrate("Neo.ClientError.Security.AuthorizationExpired", "m")
    assert expired.is_retryable() and expired.classification == "TransientError"
    assert expired.code == "Neo.ClientError.Security.AuthorizationExpired"  # kept, as sent
    terminated = ex.Neo4jError.hydrate("Neo.TransientError.Transaction.Terminated", "m")
    assert not terminated.is_retryable()
    assert terminated.code == "Neo.ClientError.Transaction.Terminated"


def test_retryable_errors() -> None:
    assert is_retryable(ex.Neo4jError.hydrate("Neo.TransientError.Transaction.Outdated", "m"))
    assert is_retryable(ex.SessionExpired("gone"))
    assert is_retryable(ex.ServiceUnavailable("down"))
    assert is_retryable(ex.WriteServiceUnavailable("down"))
    assert not is_retryable(ex.IncompleteCommit("unknown outcome"))
    assert not is_retryable(ex.Neo4jError.hydrate("Neo.ClientError.Statement.SyntaxError", "m"))
    assert not is_retryable(ex.Neo4jError.hydrate("Neo.DatabaseError.General.UnknownError", "m"))
    assert not is_retryable(ex.ResultConsumedError(None, "m"))
    assert not is_retryable(ValueError("user"))


def test_hierarchy() -> None:
    assert issubclass(ex.TokenExpired, ex.AuthError)
    assert issubclass(ex.AuthError, ex.ClientError)
    assert issubclass(ex.NotALeader, ex.TransientError)
    assert issubclass(ex.TransactionNestingError, ex.TransactionError)
    assert issubclass(ex.ResultNotSingleError, ex.ResultError)
    assert issubclass(ex.ConnectionAcquisitionTimeoutError, ex.ConnectionPoolError)
    assert issubclass(ex.IncompleteCommit, ex.ServiceUnavailable)
    assert issubclass(ex.DriverError, ex.GqlError) and issubclass(ex.Neo4jError, ex.GqlError)


def test_engine_errors_convert_with_code_and_cause() -> None:
    engine_error = EngineSyntaxError("UnknownFunction", "Unknown function 'f'")
    error = to_driver_error(engine_error)
    assert isinstance(error, ex.CypherSyntaxError)
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.gql_status == engine_error.gql_status
    assert error.__cause__ is engine_error
    assert error.find_by_gql_status(engine_error.gql_status) is error
    conflict = to_driver_error(WriteConflict("outdated"))
    assert isinstance(conflict, ex.TransientError) and conflict.is_retryable()
    missing = to_driver_error(DatabaseNotFound("no db"))
    assert type(missing) is ex.ClientError
    assert missing.code == "Neo.ClientError.Database.DatabaseNotFound"
    bug = to_driver_error(ZeroDivisionError("x"))
    assert isinstance(bug, ex.DatabaseError)


def test_backoff_grows_with_jitter() -> None:
    import random

    policy = RetryPolicy(initial_delay=1.0, multiplier=2.0, jitter=0.2)
    delays = policy.delays(random.Random(1))
    for expected in (1.0, 2.0, 4.0, 8.0):
        delay = next(delays)
        assert expected * 0.8 <= delay <= expected * 1.2
