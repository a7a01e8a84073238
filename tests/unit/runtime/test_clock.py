"""The lazy Cypher clocks: fixed at first reading, statement never before its transaction."""

from __future__ import annotations

import time

from graphbolt.engine import Database
from graphbolt.runtime._context import Clock


def test_clock_is_fixed_at_its_first_reading() -> None:
    clock = Clock()
    before = time.time_ns()
    first = clock.epoch_nanos
    time.sleep(0.002)
    assert before <= first == clock.epoch_nanos < time.time_ns()


def test_a_given_instant_is_kept() -> None:
    assert Clock(123).epoch_nanos == 123


def test_statement_clock_reads_its_transaction_clock_first() -> None:
    tx_clock = Clock()
    statement = Clock(before=tx_clock)
    first = statement.epoch_nanos
    assert tx_clock._nanos is not None and tx_clock.epoch_nanos <= first
    late = Clock(before=Clock(time.time_ns() + 10**12))  # a transaction clock in the future
    assert late.epoch_nanos == late._before.epoch_nanos  # type: ignore[union-attr]


def test_clocks_within_statements_and_transactions() -> None:
    db = Database.open(None)
    try:
        with db.begin("r") as tx:
            row = tx.run(
                "RETURN datetime.statement() = datetime.statement() AS same, "
                "duration.between(localtime(), localtime()) AS zero, "
                "datetime.transaction() <= datetime.statement() AS ordered, "
                "datetime.transaction() AS t"
            ).fetch(-1)[0]
            assert row[0] is True and row[2] is True
            assert str(row[1]) == "PT0S"
            time.sleep(0.002)
            second = tx.run("RETURN datetime.transaction() AS t, datetime.statement() AS s").fetch(
                -1
            )[0]
            assert second[0] == row[3]  # one transaction clock
            assert second[1].epoch_nanos > row[3].epoch_nanos  # a new statement clock
    finally:
        db.close()
