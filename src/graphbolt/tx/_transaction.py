"""``Transaction``: snapshot isolation over a ``Store``, implementing ``GraphAccess``.

Lifecycle::

    OPEN --commit()--> (validate own view, encode, release snapshot) --submit--> COMMITTED
      |                                          \\--WriteConflict / constraint--> CLOSED
      \\--rollback() / close()--> CLOSED

A transaction reads one LMDB read transaction (its snapshot, taken at ``begin``) overlaid with
its private write set, so it sees its own writes at once and no commit made after it began.
``commit`` applies the write set atomically in the store's group commit and returns the commit
id; a write-write conflict with a transaction that committed after this one's snapshot raises
``WriteConflict`` (``Neo.TransientError.Transaction.Outdated``) and applies nothing. Either way
the transaction is closed afterwards. A transaction may move between threads but must not be
used by two threads at once.
"""

from __future__ import annotations

from graphbolt.errors import TransactionError
from graphbolt.storage import Store
from graphbolt.tx._batch_reads import BatchReads
from graphbolt.tx._commit import build_request, check_detached
from graphbolt.tx._writes import Writes


class Transaction(BatchReads, Writes):
    """A read (``write=False``) or read-write transaction on ``store``
    (``TxState.__init__``)."""

    @property
    def is_write(self) -> bool:
        return self._write

    @property
    def is_open(self) -> bool:
        return not self._closed

    @property
    def snapshot_id(self) -> int:
        """The commit id this transaction's snapshot reflects."""
        return self._snapshot

    def has_writes(self) -> bool:
        return bool(self._dirty_nodes or self._dirty_rels)

    def check_deleted_nodes_detached(self) -> None:
        """Raise ``ConstraintValidationFailed("DeleteConnectedNode")`` if a node deleted by
        this transaction still has relationships in its view.

        ``commit`` always checks; the runtime may call this at the end of a statement to
        report the error there, as Neo4j does.
        """
        check_detached(self)

    def commit(self) -> int:
        """Apply the write set; the new commit id (the snapshot's id when nothing was written).

        Raises ``WriteConflict`` or ``ConstraintValidationFailed`` with nothing applied; the
        transaction is closed in every case.
        """
        if self._closed:
            raise TransactionError("TransactionClosed", "The transaction has been closed")
        try:
            if not self.has_writes():
                return self._snapshot
            check_detached(self)
            request = build_request(self)
        finally:
            self._close()
        if request.is_empty():
            return self._snapshot
        store = self._store
        commit_id = store.submit(request)
        if store.parked:
            store.release_parked()  # their snapshots are older now: release their pages
        return commit_id

    def rollback(self) -> None:
        """Discard the write set (no-op when already closed)."""
        self._close()

    def close(self) -> None:
        """Same as ``rollback``."""
        self._close()

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._writable = False
        if self._write:
            self._release_write_set()
        self._clean_nodes.clear()
        self._clean_props.clear()
        self._clean_rels.clear()
        self._seekers = None
        self._release_snapshot()

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.rollback()


def begin(store: Store, write: bool = True) -> Transaction:
    """Start a transaction on ``store`` (``write=False``: read-only)."""
    return Transaction(store, write)


PARK_LIMIT = 4  # parked read transactions per store


def begin_parked(store: Store) -> Transaction:
    """A read-only transaction on the newest commit: a parked one when one is still on it
    (``park``), else a new one. Reusing one saves beginning and ending a snapshot and keeps
    its record caches and cursors; it reads exactly what a new one would (its snapshot is
    the newest commit, and a read-only transaction holds no other state than caches)."""
    parked = store.parked
    while parked:
        try:
            tx = parked.pop()  # atomic: one taker per parked transaction
        except IndexError:
            break
        if tx._snapshot == store.last_commit_id and not tx._closed:
            return tx
        tx.rollback()
    return Transaction(store, False)


def park(tx: Transaction) -> None:
    """End a read-only transaction that no one else holds, or keep it for ``begin_parked``
    while its snapshot is the newest. The store releases parked transactions before a
    resize and at close, and every commit releases them (a parked snapshot older than the
    newest commit would keep LMDB from reusing the pages that commit freed)."""
    store = tx._store
    if (
        tx._snapshot == store.last_commit_id
        and len(store.parked) < PARK_LIMIT
        and not tx._write
        and not tx._closed
        and not store._resizing
        and not store._closed
    ):
        store.parked.append(tx)
    else:
        tx.rollback()
