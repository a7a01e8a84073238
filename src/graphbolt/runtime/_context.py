"""``ExecutionContext``: what compiled expressions and operators see while a query runs."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from graphbolt.errors import TransientError

if TYPE_CHECKING:
    from graphbolt.tx._access import GraphAccess


@dataclass(slots=True)
class QueryStatistics:
    """The Neo4j update counters of one query (summary ``counters``)."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    labels_added: int = 0
    labels_removed: int = 0
    indexes_added: int = 0
    indexes_removed: int = 0
    constraints_added: int = 0
    constraints_removed: int = 0

    @property
    def contains_updates(self) -> bool:
        return any(
            (
                self.nodes_created, self.nodes_deleted, self.relationships_created,
                self.relationships_deleted, self.properties_set, self.labels_added,
                self.labels_removed, self.indexes_added, self.indexes_removed,
                self.constraints_added, self.constraints_removed,
            )
        )  # fmt: skip

    def as_dict(self) -> dict[str, int | bool]:
        """Neo4j's counter names (``nodes-created`` ...), zero counters left out."""
        out: dict[str, int | bool] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            if value:
                out[name.replace("_", "-")] = value
        if out:
            out["contains-updates"] = True
        return out


def raise_terminated() -> NoReturn:
    """Stop a query whose transaction was terminated (``ExecutionContext.interrupted``)."""
    raise TransientError("Terminated", TERMINATED_MESSAGE)


TERMINATED_MESSAGE = (
    "The transaction has been terminated. Retry your operation in a new transaction, "
    "and you should see a successful result. Explicitly terminated by the user."
)


class Clock:
    """A Cypher clock (statement or transaction) fixed at its first reading.

    Most queries never read a clock, so nothing is computed until one does: ``epoch_nanos``
    reads the real clock once and returns that instant ever after, which keeps every
    ``datetime.statement()`` of a statement (and ``.transaction()`` of a transaction) equal.
    A statement clock given its transaction's clock as ``before`` fixes that one first, so a
    transaction never appears to start after one of its statements.
    """

    __slots__ = ("_before", "_nanos")

    def __init__(self, epoch_nanos: int | None = None, before: Clock | None = None) -> None:
        self._nanos = epoch_nanos
        self._before = before

    @property
    def epoch_nanos(self) -> int:
        """Nanoseconds since the Unix epoch, fixed at the first call."""
        nanos = self._nanos
        if nanos is None:
            if self._before is not None:
                nanos = max(self._before.epoch_nanos, time.time_ns())
            else:
                nanos = time.time_ns()
            self._nanos = nanos
        return nanos


class ExecutionContext:
    """Per-execution state: the transaction, parameters, counters and the statement clock.

    ``statement_time`` and ``transaction_time`` are Cypher's ``statement`` and ``transaction``
    clocks: a ``Clock`` (fixed at first reading) or a ``values`` DateTime; None means the real
    clock.

    A plain class rather than a dataclass: one is made per query, and its counters only
    when a query updates something (or a summary asks).
    """

    __slots__ = (
        "_stats",
        "interrupted",
        "params",
        "procedures",
        "statement_time",
        "transaction_time",
        "tx",
        "tx_metadata",
    )

    def __init__(
        self,
        tx: GraphAccess,
        params: dict[str, Any],
        stats: QueryStatistics | None = None,
        statement_time: Any = None,
        transaction_time: Any = None,
        procedures: Any = None,  # engine ProcedureRegistry
        interrupted: bool = False,
        tx_metadata: Any = None,  # the transaction's metadata map (``tx.getMetaData``)
    ) -> None:
        self.tx = tx
        self.params = params
        self._stats = stats
        self.statement_time = statement_time
        self.transaction_time = transaction_time
        self.procedures = procedures
        # Set from another thread when the transaction is terminated (Bolt RESET,
        # shutdown); the loops that can run long without yielding rows (UNWIND, scans) read
        # it per row: one attribute load, the cheapest check Python has.
        self.interrupted = interrupted
        self.tx_metadata = tx_metadata

    @property
    def stats(self) -> QueryStatistics:
        """The query's update counters (made on first use)."""
        stats = self._stats
        if stats is None:
            stats = self._stats = QueryStatistics()
        return stats
