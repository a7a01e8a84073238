"""``Transaction``: one engine transaction, wrapping a storage transaction.

States::

    ACTIVE --commit--> COMMITTED
      |  \\--rollback/close--> ROLLED_BACK
      +--error in a query--> FAILED --rollback/close--> ROLLED_BACK
                               (commit of a FAILED transaction raises and rolls back)

Invariants:

- every query runs against the same storage transaction, so it sees one snapshot plus the
  writes of earlier queries of this transaction (several cursors may be open at once);
- ``commit`` first runs every open cursor to its end (their rows stay readable), then commits
  the storage write set in one step; a write conflict rolls back and raises a TransientError;
- a transaction past its timeout refuses further work with ``TransactionTimedOut``;
- ``terminate`` (any thread) stops its running queries cooperatively: the runtime sees
  ``ExecutionContext.interrupted`` in its row loops, and every later use of the transaction
  raises ``Terminated`` until it is rolled back.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from graphbolt.engine._cursor import Cursor
from graphbolt.errors import TransactionError
from graphbolt.runtime._context import Clock, ExecutionContext, raise_terminated
from graphbolt.tx._transaction import park

if TYPE_CHECKING:
    from graphbolt.engine._database import Database
    from graphbolt.tx._access import GraphAccess


class _Ended:
    """Stands in for a committed read transaction's storage transaction, which may be
    serving another read by now: every use raises."""

    def __getattr__(self, name: str) -> Any:
        raise TransactionError("TransactionClosed", "The transaction has been closed")


_ENDED: Any = _Ended()

ACTIVE = "active"
FAILED = "failed"
COMMITTED = "committed"
ROLLED_BACK = "rolled back"


class Transaction:
    """A read (``"r"``) or write (``"w"``) transaction of one database."""

    # Class defaults, assigned on an instance only when they change: a transaction is made
    # per query in auto-commit work, so its constructor assigns only what varies.
    _schema_changed = False
    _failure: BaseException | None = None
    _terminated = False

    def __init__(
        self,
        db: Database,
        store_tx: Any,
        mode: str,
        timeout: float | None,
        metadata: dict[str, Any] | None,
    ) -> None:
        self._db = db
        self._store_tx = store_tx
        self.mode = mode
        self.metadata = dict(metadata) if metadata else {}
        self.state = ACTIVE
        self._deadline = None if not timeout else time.monotonic() + timeout
        self._cursors: list[Cursor] = []
        self._clock = Clock()  # the transaction clock: read at most once, when first needed

    @property
    def graph(self) -> GraphAccess:
        """Direct read/write access to the graph (harnesses and procedures)."""
        return self._store_tx  # type: ignore[no-any-return]

    @property
    def database_name(self) -> str:
        return self._db.name

    # -- queries ------------------------------------------------------------------------------
    def run(self, query: str, parameters: dict[str, Any] | None = None) -> Cursor:
        """Compile (or fetch from the plan cache) and start ``query``; rows stream on demand."""
        if self.state != ACTIVE or self._terminated or self._deadline is not None:
            self._check_usable()
        params = dict(parameters) if parameters else {}
        compiled = self._db._prepare(query, params, self.mode == "r")
        if compiled.query_type != "r":
            self._check_schema_order(compiled.query_type)
        ctx = ExecutionContext(
            tx=self._store_tx,
            params=params,
            statement_time=Clock(before=self._clock),
            transaction_time=self._clock,
            procedures=self._db.procedures,
            tx_metadata=self.metadata,
        )
        rows = compiled.execute(ctx)
        cursor = Cursor(
            self,
            list(compiled.columns),
            rows,
            ctx,
            query,
            params,
            compiled,
            self._db.name,
            compiled.public_rows(ctx),
        )
        self._cursors.append(cursor)
        return cursor

    def _check_schema_order(self, query_type: str) -> None:
        """A transaction that changed the schema runs no more writes (as in Neo4j)."""
        if self._schema_changed and query_type in ("w", "rw"):
            raise TransactionError(
                "ForbiddenDueToTransactionType",
                "Tried to execute Write query after executing Schema modification",
            )
        if query_type == "s":
            self._schema_changed = True

    def terminate(self) -> None:
        """Stop the queries of this transaction as soon as they next check (thread-safe).

        Only flags are set here (the caller may be another thread, e.g. the server's event
        loop on RESET); the thread running the query raises ``Terminated`` and the owner
        rolls the transaction back.
        """
        self._terminated = True
        for cursor in list(self._cursors):
            cursor._ctx.interrupted = True

    @property
    def terminated(self) -> bool:
        return self._terminated

    # -- outcome ------------------------------------------------------------------------------
    def commit_is_trivial(self) -> bool:
        """True when ``commit`` would neither run a query nor write: an active transaction
        that changed nothing and whose results are all consumed. Such a commit only ends the
        snapshot (microseconds), so an async caller may run it without a worker thread."""
        return (
            self.state == ACTIVE
            and not self._schema_changed
            and all(cursor._rows is None for cursor in self._cursors)
            and not self._store_tx.has_writes()
        )

    def commit(self) -> str:
        """Commit; returns the bookmark of this commit (the last one seen, for a read)."""
        self._check_open()
        if self.state == FAILED:
            self._abort()
            raise TransactionError(
                "TransactionNotFound", "Transaction failed earlier and was rolled back"
            ) from self._failure
        if self._terminated:
            self._abort()
            raise_terminated()
        try:
            for cursor in self._cursors:
                cursor._finish_into_buffer()
            store_tx = self._store_tx
            if self.mode == "r" and store_tx.is_open:
                # Nothing of this transaction reads its snapshot any more (every cursor has
                # run to its end): it may serve a later read (``tx.park``).
                commit_id = store_tx.snapshot_id
                self._store_tx = _ENDED
                park(store_tx)
            else:
                commit_id = store_tx.commit()
        except BaseException:
            self._abort()
            raise
        self.state = COMMITTED
        # Forget what refers back to this transaction: the cursors (buffered, still readable
        # by whoever holds them) and the database's set of open transactions. Otherwise the
        # parameters and rows of a bulk load wait for the cyclic garbage collector, or forever.
        self._cursors = []
        self._db._forget(self)
        return self._db._bookmark_for(commit_id)

    def rollback(self) -> None:
        if self.state in (COMMITTED, ROLLED_BACK):
            return
        self._abort()

    close = rollback

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.state in (ACTIVE, FAILED):
            self.rollback()

    # -- internal -----------------------------------------------------------------------------
    def _abort(self) -> None:
        self.state = ROLLED_BACK
        try:
            self._store_tx.rollback()
        finally:
            self._db._forget(self)

    def _mark_failed(self, error: BaseException) -> None:
        if self.state == ACTIVE:
            self.state = FAILED
            self._failure = error

    def _check_open(self) -> None:
        if self.state in (COMMITTED, ROLLED_BACK):
            raise TransactionError("TransactionClosed", f"Transaction is {self.state}")

    def _check_usable(self) -> None:
        self._check_open()
        if self._terminated:
            raise_terminated()
        if self.state == FAILED:
            raise TransactionError(
                "TransactionNotFound",
                "Transaction failed earlier: roll it back and start a new one",
            ) from self._failure
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._mark_failed(TimeoutError())
            raise TransactionError(
                "TransactionTimedOut",
                "The transaction has been terminated because it exceeded its timeout",
            )
