"""The engine side of the embedded connector: plain blocking calls on a ``Dbms``.

``EmbeddedChannel`` plays the server's part of one Bolt connection: it owns at most one
engine transaction (explicit, or the implicit one of an auto-commit query) and its open
cursors. Its methods block; the async connector runs them in worker threads, the sync one
in the caller's thread.

Thread hopping is safe: an engine transaction holds an LMDB *read* transaction for its
snapshot (py-lmdb opens environments with MDB_NOTLS, so read transactions may move between
threads) and writes only inside ``Store.submit``, which begins and commits its LMDB write
transaction within that one call. A per-channel lock makes sure two threads never use the
channel at once (e.g. a rollback after a cancelled await waits for the running call).
"""

from __future__ import annotations

import os
import threading
from typing import Any

from graphbolt.driver._errors import to_driver_error
from graphbolt.driver._notifications import effective_filters, filter_notifications
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams
from graphbolt.engine._dbms import Dbms
from graphbolt.exceptions import ClientError, Neo4jError

AGENT = "graphbolt/0.1.0"
PROTOCOL_VERSION = (5, 8)


_shared_lock = threading.Lock()
_shared: dict[str, tuple[Dbms, int]] = {}


def open_dbms(path: str | None) -> Dbms:
    """The ``Dbms`` for ``path``: private for None (``memory://``), else shared in-process.

    LMDB allows one open environment per file per process, so every driver of the same
    ``file://`` location shares one ``Dbms`` (reference counted; see ``close_dbms``).
    """
    if path is None:
        return Dbms.open(None)
    key = os.path.realpath(path)
    with _shared_lock:
        dbms, count = _shared.get(key, (None, 0))
        if dbms is None:
            dbms = Dbms.open(key)
        _shared[key] = (dbms, count + 1)
        return dbms


def close_dbms(dbms: Dbms) -> None:
    """Release a ``Dbms`` from ``open_dbms``: closed when its last driver lets go."""
    if dbms.path is None:
        dbms.close()
        return
    key = os.path.realpath(dbms.path)
    with _shared_lock:
        _, count = _shared.get(key, (dbms, 1))
        if count > 1:
            _shared[key] = (dbms, count - 1)
            return
        _shared.pop(key, None)
    dbms.close()


def warm_up() -> None:
    """Load the engine's function registries in this thread, before worker threads exist.

    The registries load lazily on first lookup, and that first load is not thread-safe
    (a concurrent lookup can miss functions while another thread is still importing them).
    """
    from graphbolt.runtime.functions._registry import lookup_function

    lookup_function("count")


def _client_error(code: str, message: str) -> Neo4jError:
    return ClientError.hydrate(code, message)


class EmbeddedChannel:
    """One logical connection to an embedded ``Dbms``; used by one session at a time."""

    def __init__(self, dbms: Dbms, notifications: dict[str, Any] | None = None) -> None:
        self._dbms = dbms
        self._notifications = notifications or {}  # the driver's filters
        self._lock = threading.Lock()
        self._tx: Any = None  # the engine Transaction, when one is open
        self._pending: TxParams | None = None  # a pipelined BEGIN not yet executed
        self._autocommit = False
        self._cursors: dict[int, Any] = {}
        self._next_qid = 0
        self._params = TxParams()

    @property
    def busy(self) -> bool:
        """True while a transaction is open or a call is running (then rollback must wait)."""
        return self._tx is not None or self._lock.locked()

    # -- transactions ---------------------------------------------------------------------
    def begin(self, params: TxParams) -> str:
        """Start an explicit transaction; returns the database name used."""
        with self._lock:
            self._check_idle()
            return str(self._begin(params, autocommit=False).database_name)

    def begin_is_quick(self, params: TxParams) -> bool:
        """True when ``begin(params)`` needs no worker thread: the database is open, no
        transaction or call is in progress, and no bookmark has to be waited for (beginning
        is then taking a snapshot: microseconds)."""
        if self._tx is not None or self._pending is not None or self._lock.locked():
            return False
        db = self._dbms.opened(params.database)
        return db is not None and db.bookmarks_reached(bookmarks_for(db.name, params.bookmarks))

    def begin_later(self, params: TxParams) -> None:
        """A pipelined BEGIN: the transaction starts with the next RUN or COMMIT call.

        Called without a worker thread: it only records ``params``.
        """
        with self._lock:
            self._check_idle()
            self._pending = params

    def drop_pending(self) -> None:
        self._pending = None

    def _check_idle(self) -> None:
        if self._tx is not None or self._pending is not None:
            raise _client_error("Neo.ClientError.Request.Invalid", "A transaction is already open")

    def _begin(self, params: TxParams, *, autocommit: bool) -> Any:
        try:
            db = self._dbms.database(params.database)
            self._tx = db.begin(
                params.mode,
                bookmarks=bookmarks_for(db.name, params.bookmarks),
                timeout=params.timeout,
                metadata=params.metadata,
            )
        except BaseException as error:
            raise to_driver_error(error) from None
        self._autocommit = autocommit
        self._cursors = {}
        self._params = params
        return self._tx

    def _current(self) -> Any:
        """The open transaction, running a pipelined BEGIN first."""
        if self._pending is not None:
            params, self._pending = self._pending, None
            self._begin(params, autocommit=False)
        return self._tx

    def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        """Start ``query`` (in the open transaction, or a new one for ``autocommit``);
        with ``pull_n`` also pull the first batch."""
        with self._lock:
            if autocommit is not None:
                self._check_idle()
                tx = self._begin(autocommit, autocommit=True)
            else:
                tx = self._current()
                if tx is None:
                    raise _client_error(
                        "Neo.ClientError.Request.Invalid", "No transaction open for RUN"
                    )
            try:
                cursor = tx.run(query, parameters)
            except BaseException as error:
                if self._autocommit:
                    self._end(commit=False)
                raise to_driver_error(error) from None
            qid = self._next_qid
            self._next_qid += 1
            self._cursors[qid] = cursor
            first = None
            if pull_n:
                try:
                    first = self._pull(qid, pull_n)
                except BaseException as error:
                    first = PullResponse([], False, error=error)
            return RunResponse(list(cursor.keys), qid, tx.database_name, first)

    def pull(self, qid: int, n: int) -> PullResponse:
        """Up to ``n`` records (all for -1); the summary once the stream has ended."""
        with self._lock:
            return self._pull(qid, n)

    def _pull(self, qid: int, n: int) -> PullResponse:
        cursor = self._cursor(qid)
        try:
            records = cursor.fetch(n)
            has_more = n >= 0 and cursor.has_more
            summary = None if has_more else self._finish(qid)
        except BaseException as error:
            self._on_stream_error()
            raise to_driver_error(error) from None
        return PullResponse(records, has_more, summary)

    def discard(self, qid: int) -> dict[str, Any]:
        """Drop the rest of the stream (the query still runs to its end); the summary."""
        with self._lock:
            try:
                return self._finish(qid)
            except BaseException as error:
                self._on_stream_error()
                raise to_driver_error(error) from None

    def commit(self) -> str | None:
        with self._lock:
            if self._autocommit or self._current() is None:
                raise _client_error(
                    "Neo.ClientError.Request.Invalid", "No explicit transaction to commit"
                )
            try:
                return self._end(commit=True)
            except BaseException as error:
                raise to_driver_error(error) from None

    def commit_is_trivial(self) -> bool:
        """True when ``commit`` needs no worker thread: an explicit transaction already
        begun, with nothing written and every result consumed (see the engine's
        ``Transaction.commit_is_trivial``), and no call running."""
        tx = self._tx
        return (
            tx is not None
            and self._pending is None
            and not self._autocommit
            and not self._lock.locked()
            and tx.commit_is_trivial()
        )

    def rollback(self) -> None:
        with self._lock:
            self._pending = None
            if self._tx is not None:
                self._end(commit=False)

    # -- internal -------------------------------------------------------------------------
    def _cursor(self, qid: int) -> Any:
        cursor = self._cursors.get(qid)
        if cursor is None:
            raise _client_error("Neo.ClientError.Request.Invalid", f"No open stream {qid}")
        return cursor

    def _finish(self, qid: int) -> dict[str, Any]:
        cursor = self._cursors.pop(qid)
        summary = summary_metadata(cursor.consume())
        if "notifications" in summary:
            severity, disabled = effective_filters(vars(self._params), self._notifications)
            summary["notifications"] = filter_notifications(
                summary["notifications"], severity, disabled
            )
        if self._autocommit:
            summary["bookmark"] = self._end(commit=True)
        return summary

    def _on_stream_error(self) -> None:
        if self._autocommit and self._tx is not None:
            self._end(commit=False)

    def _end(self, *, commit: bool) -> str | None:
        tx, self._tx = self._tx, None
        self._cursors = {}
        self._autocommit = False
        if commit:
            return str(tx.commit())
        tx.rollback()
        return None


def bookmarks_for(database: str, bookmarks: tuple[str, ...]) -> list[str]:
    """The bookmarks that concern ``database``.

    A bookmark manager shared between databases (``execute_query``'s) mixes bookmarks of
    several databases; each names its database (``graphbolt:<db>:<commit>``) and commit ids
    are per database, so the others must not be waited for. Bookmarks of other formats are
    passed on for the engine to reject.
    """
    out = []
    for bookmark in bookmarks:
        parts = bookmark.split(":")
        if len(parts) == 3 and parts[0] == "graphbolt" and parts[1] != database:
            continue
        out.append(bookmark)
    return out


def summary_metadata(summary: Any) -> dict[str, Any]:
    """The Bolt SUCCESS form of an engine ``ResultSummary``."""
    metadata: dict[str, Any] = {
        "type": summary.query_type,
        "stats": summary.counters.as_dict(),
        "db": summary.database,
        "t_first": summary.available_after,
        "t_last": summary.consumed_after,
    }
    if summary.notifications:
        metadata["notifications"] = [
            {
                "code": n.code, "title": n.title, "description": n.description,
                "severity": n.severity, "category": n.category, "gql_status": n.gql_status,
                **({"position": n.position} if n.position else {}),
            }
            for n in summary.notifications
        ]  # fmt: skip
    if summary.plan is not None:
        metadata["plan"] = summary.plan
    return metadata


def check_database(dbms: Dbms, name: str | None) -> str:
    """The resolved name of database ``name``; raises the driver's DatabaseNotFound error."""
    try:
        return dbms.database(name).name
    except BaseException as error:
        raise to_driver_error(error) from None
