"""GQL fields of driver exceptions: unknown status for pre-GQL servers, the default
diagnostic record, classification from the record, and causes (Bolt FAILURE metadata)."""

from __future__ import annotations

from graphbolt import exceptions as ex
from graphbolt.driver._bolt_wire import failure_error
from graphbolt.driver._errors import to_driver_error
from graphbolt.errors import CypherSyntaxError as EngineSyntaxError

DEFAULT = {"OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"}


def test_pre_gql_failure_gets_the_unknown_status() -> None:
    error = failure_error({"code": "Neo.TransientError.Oopsie.OhSnap", "message": "no!"})
    assert error.gql_status == "50N42"
    assert error.gql_status_description == (
        "error: general processing exception - unexpected error. no!"
    )
    assert error.diagnostic_record == DEFAULT
    assert error.gql_raw_classification is None
    assert error.gql_classification == "UNKNOWN"  # not derived from the Neo4j code
    assert error.is_retryable()  # retryability still follows the code
    assert error.__cause__ is None


def test_gql_failure_fills_missing_default_keys_and_keeps_the_rest() -> None:
    error = failure_error({
        "neo4j_code": "Neo.ClientError.User.Uncool", "message": "m", "gql_status": "01N00",
        "description": "d",
        "diagnostic_record": {"OPERATION": None, "_classification": "TRANSIENT_ERROR", "x": 1},
    })  # fmt: skip
    assert error.gql_status == "01N00" and error.gql_status_description == "d"
    assert error.diagnostic_record == {
        "OPERATION": None, "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/",
        "_classification": "TRANSIENT_ERROR", "x": 1,
    }  # fmt: skip
    # The record decides the GQL classification even against the Neo4j code.
    assert error.gql_classification == "TRANSIENT_ERROR"
    assert isinstance(error, ex.ClientError) and not error.is_retryable()


def test_classification_of_each_cause() -> None:
    def status(classification: object, cause: dict | None = None) -> dict:
        out = {"gql_status": "01N00", "description": "d", "message": "m",
               "diagnostic_record": {"_classification": classification}}  # fmt: skip
        if cause is not None:
            out["cause"] = cause
        return out

    error = failure_error(status("CLIENT_ERROR", status("SECURITY_ERROR", status(42))))
    cause = error.__cause__
    assert isinstance(cause, ex.GqlError) and isinstance(cause.__cause__, ex.GqlError)
    assert error.gql_classification == "CLIENT_ERROR"
    assert cause.gql_classification == "UNKNOWN"
    assert cause.gql_raw_classification == "SECURITY_ERROR"
    assert cause.__cause__.gql_classification == "UNKNOWN"
    assert cause.__cause__.gql_raw_classification is None  # not a string
    assert cause.diagnostic_record["CURRENT_SCHEMA"] == "/"


def test_driver_errors_have_the_default_record() -> None:
    error = ex.ServiceUnavailable("down")
    assert error.diagnostic_record == DEFAULT
    assert error.gql_status == "50N42" and error.gql_classification == "UNKNOWN"


def test_embedded_errors_classified_like_a_gql_server_would() -> None:
    error = to_driver_error(EngineSyntaxError("UnknownFunction", "Unknown function 'f'"))
    assert error.gql_classification == "CLIENT_ERROR"
    assert error.diagnostic_record["OPERATION_CODE"] == "0"
    assert error.gql_status_description == "error: Unknown function 'f'"
    assert to_driver_error(ZeroDivisionError("x")).gql_classification == "DATABASE_ERROR"
