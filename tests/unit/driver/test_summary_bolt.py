"""Summaries over Bolt against a real ``graphbolt serve``: times from RUN and PULL."""

from __future__ import annotations

from graphbolt.driver._sync.driver import GraphDatabase

from .bolt_server import serve


def test_result_available_after_comes_from_run() -> None:
    with serve() as server:
        driver = GraphDatabase.driver(server.uri(), auth=server.auth)
        with driver, driver.session() as session:
            summary = session.run("RETURN 1 AS n").consume()
            with session.begin_transaction() as tx:
                in_tx = tx.run("RETURN 1 AS n").consume()
    for one in (summary, in_tx):
        assert isinstance(one.result_available_after, int) and one.result_available_after >= 0
        assert isinstance(one.result_consumed_after, int)
        assert one.notifications is None  # a 5.5+ server without statuses: nothing to derive
        assert [s.gql_status for s in one.gql_status_objects] == ["00000"]
