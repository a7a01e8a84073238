"""Security failures over Bolt, as the official driver handles them: a FAILURE the server
follows by hanging up is the error reported (not the lost connection), a failed ROLLBACK
raises, and ``AuthorizationExpired`` retires every connection to that server."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.driver._sync.driver import GraphDatabase
from graphbolt.exceptions import TokenExpired, TransientError

from .stub_bolt import EXIT, FAILURE, RECORD, SUCCESS, C, S, StubServer, hello

TOKEN_EXPIRED = {"code": "Neo.ClientError.Security.TokenExpired", "message": "Token expired"}
AUTH_EXPIRED = {
    "code": "Neo.ClientError.Security.AuthorizationExpired",
    "message": "Authorization expired",
}


def _tx_until(step: str, error: dict[str, Any]) -> list[Any]:
    """BEGIN, RUN + PULL, then ``step`` (COMMIT or ROLLBACK) fails and the server hangs up."""
    return [
        *hello((5, 1)),
        C("BEGIN"), S(SUCCESS, {}),
        C("RUN"), C("PULL"), S(SUCCESS, {"fields": ["n"]}),
        S(RECORD, [1]), S(SUCCESS, {"type": "r"}),
        C(step), S(FAILURE, error), EXIT,
    ]  # fmt: skip


@pytest.mark.parametrize("step", ["COMMIT", "ROLLBACK"])
def test_failure_then_hang_up_reports_the_failure(step: str) -> None:
    with StubServer((5, 1), _tx_until(step, TOKEN_EXPIRED), answer_resets=True) as server:
        driver = GraphDatabase.driver(f"bolt://127.0.0.1:{server.port}", auth=("u", "p"))
        with driver, driver.session() as session:
            tx = session.begin_transaction()
            assert [r["n"] for r in tx.run("RETURN 1 AS n")] == [1]
            with pytest.raises(TokenExpired) as caught:
                tx.commit() if step == "COMMIT" else tx.rollback()
    assert caught.value.code == "Neo.ClientError.Security.TokenExpired"
    assert not server.errors


def test_failed_run_then_hang_up_reports_the_failure() -> None:
    script = [
        *hello((5, 1)), C("BEGIN"), S(SUCCESS, {}),
        C("RUN"), S(FAILURE, TOKEN_EXPIRED), EXIT,
    ]  # fmt: skip
    with StubServer((5, 1), script, answer_resets=True) as server:
        driver = GraphDatabase.driver(f"bolt://127.0.0.1:{server.port}", auth=("u", "p"))
        with driver, driver.session() as session:
            tx = session.begin_transaction()
            with pytest.raises(TokenExpired):
                tx.run("RETURN 1 AS n").consume()
            tx.close()
    assert not server.errors


def test_authorization_expired_retires_every_connection() -> None:
    busy = [
        *hello((4, 4)), C("BEGIN"), S(SUCCESS, {}),
        C("RUN"), C("PULL"), S(SUCCESS, {"fields": ["n"]}),
        S(RECORD, [1]), S(SUCCESS, {"type": "r"}),
        C("COMMIT"), S(SUCCESS, {}),
    ]  # fmt: skip
    expiring = [
        *hello((4, 4)), C("RUN"), C("PULL"),
        S(FAILURE, AUTH_EXPIRED), EXIT,
    ]  # fmt: skip
    fresh = [
        *hello((4, 4)), C("RUN"), C("PULL"), S(SUCCESS, {"fields": ["n"]}),
        S(RECORD, [2]), S(SUCCESS, {"type": "r"}),
    ]  # fmt: skip
    with StubServer((4, 4), busy, expiring, fresh, answer_resets=True) as server:
        driver = GraphDatabase.driver(f"bolt://127.0.0.1:{server.port}", auth=("u", "p"))
        with driver:
            first = driver.session()
            tx = first.begin_transaction()
            assert tx.run("RETURN 1 AS n").single()["n"] == 1
            with driver.session() as second, pytest.raises(TransientError) as caught:
                second.run("RETURN 1 AS n").consume()
            assert caught.value.code == AUTH_EXPIRED["code"] and caught.value.is_retryable()
            tx.commit()  # the connection in use finishes its transaction ...
            first.close()  # ... and is then closed instead of going back to the pool
            with driver.session() as third:
                assert third.run("RETURN 2 AS n").single()["n"] == 2
    assert not server.errors
    assert server.connections == 3  # the third session needed a new connection
