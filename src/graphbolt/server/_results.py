"""``Streams``: the transactions and open results of one Bolt connection.

An auto-commit RUN opens its own engine transaction, committed when its result is fully
pulled or discarded (the bookmark goes into that final SUCCESS). An explicit transaction
(BEGIN) may hold several open results at once, addressed by ``qid``. PULL ``n`` sends at most
``n`` records and leaves the cursor open (``has_more``), which is the backpressure drivers
rely on.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from typing import Any

from graphbolt.bolt._errors import ProtocolError
from graphbolt.bolt._messages import MessageWriter
from graphbolt.bolt._versions import Version, reports_db
from graphbolt.errors import TransactionError
from graphbolt.server._metadata import summary_metadata

FLUSH_AT = 256 * 1024  # bytes of framed records buffered before they are sent
BATCH = 1000  # rows fetched from the engine at a time when the client wants them all
EARLY_MIN = 200  # PULLs of at least this many rows send their first half early


class _Result:
    __slots__ = ("cursor", "started", "tx")

    def __init__(self, cursor: Any, tx: Any) -> None:
        self.cursor = cursor
        self.tx = tx  # the auto-commit transaction; None inside an explicit one
        self.started = time.perf_counter()


def _ms(since: float) -> int:
    return int((time.perf_counter() - since) * 1000)


class Streams:
    """Transactions and results of one connection (used by one thread at a time)."""

    def __init__(
        self, dbms: Any, version: Version, out: MessageWriter, flush: Callable[[], None]
    ) -> None:
        self.dbms = dbms
        self.version = version
        self.out = out
        self.flush = flush
        self.tx: Any = None
        self.results: dict[int, _Result] = {}
        self.next_qid = 0
        self.last_qid = -1
        # Set by ``terminate`` (event loop thread) until the RESET is handled: a transaction
        # begun meanwhile is terminated at once.
        self.interrupted = False

    @property
    def open_results(self) -> int:
        return len(self.results)

    # -- transactions -------------------------------------------------------------------------
    def _begin_tx(self, extra: dict[str, Any]) -> Any:
        db = self.dbms.database(extra.get("db") or None)
        bookmarks = extra.get("bookmarks") or []
        timeout_ms = extra.get("tx_timeout")
        metadata = extra.get("tx_metadata")
        if not isinstance(bookmarks, list) or not all(isinstance(b, str) for b in bookmarks):
            raise ProtocolError("bookmarks must be a list of strings")
        if timeout_ms is not None and (not isinstance(timeout_ms, int) or timeout_ms < 0):
            raise ProtocolError("tx_timeout must be a non-negative integer (milliseconds)")
        if metadata is not None and not isinstance(metadata, dict):
            raise ProtocolError("tx_metadata must be a map")
        mode = "r" if extra.get("mode") == "r" else "w"
        tx = db.begin(
            mode,
            bookmarks=bookmarks,
            timeout=timeout_ms / 1000 if timeout_ms else None,
            metadata=metadata,
        )
        if self.interrupted:  # a RESET arrived while this message was being handled
            tx.terminate()
        return tx

    def begin(self, extra: dict[str, Any]) -> str:
        """BEGIN: open the explicit transaction; returns its database name."""
        self.tx = self._begin_tx(extra)
        self.results.clear()
        self.next_qid = 0
        self.last_qid = -1
        return str(self.tx.database_name)

    def commit(self) -> str:
        tx, self.tx = self.tx, None
        self.results.clear()
        if tx is None:
            raise TransactionError("TransactionNotFound", "No transaction to commit")
        return str(tx.commit())

    def rollback(self) -> None:
        tx, self.tx = self.tx, None
        self.results.clear()
        if tx is not None:
            tx.rollback()

    def terminate(self) -> None:
        """Terminate every open transaction (thread-safe: only sets flags, never blocks)."""
        self.interrupted = True
        txs = [result.tx for result in list(self.results.values())]
        for tx in (self.tx, *txs):
            if tx is not None:
                tx.terminate()

    def clear(self) -> None:
        """Roll back everything open (RESET, failures, disconnects)."""
        results, self.results = list(self.results.values()), {}
        for result in results:
            if result.tx is not None:
                _quiet_rollback(result.tx)
        tx, self.tx = self.tx, None
        if tx is not None:
            _quiet_rollback(tx)

    # -- RUN ----------------------------------------------------------------------------------
    def run_auto(self, query: str, params: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        """RUN outside a transaction: the SUCCESS metadata."""
        started = time.perf_counter()
        tx = self._begin_tx(extra)
        try:
            cursor = tx.run(query, params)
        except BaseException:
            _quiet_rollback(tx)
            raise
        self.results = {-1: _Result(cursor, tx)}
        meta: dict[str, Any] = {"fields": list(cursor.keys), "t_first": _ms(started)}
        if reports_db(self.version) and not extra.get("db"):
            meta["db"] = tx.database_name
        return meta

    def run_in_tx(self, query: str, params: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        cursor = self.tx.run(query, params)
        qid = self.next_qid
        self.next_qid += 1
        self.last_qid = qid
        self.results[qid] = _Result(cursor, None)
        return {"fields": list(cursor.keys), "t_first": _ms(started), "qid": qid}

    # -- PULL / DISCARD -----------------------------------------------------------------------
    def stream(self, n: int, qid: int, *, discard: bool, in_tx: bool) -> dict[str, Any]:
        """Send up to ``n`` records (none for DISCARD); the SUCCESS metadata to reply."""
        key = (self.last_qid if qid == -1 else qid) if in_tx else -1
        result = self.results.get(key)
        if result is None:
            raise ProtocolError(f"No open result with qid {qid}")
        try:
            more = self._send_rows(result.cursor, n, discard)
            if more:
                return {"has_more": True}
            summary = result.cursor.consume()
            bookmark = result.tx.commit() if result.tx is not None else None
        except BaseException:
            del self.results[key]
            if result.tx is not None:
                _quiet_rollback(result.tx)
            raise
        del self.results[key]
        return summary_metadata(
            summary, self.version, bookmark=bookmark, t_last=_ms(result.started)
        )

    def _send_rows(self, cursor: Any, n: int, discard: bool) -> bool:
        """Fetch ``n`` rows (all for -1), writing RECORDs unless discarding; True if more.

        Of a PULL for many rows the first half is sent as soon as it is encoded: drivers ask
        for a batch (1,000 rows) and wait for it, so they decode that half while the rest
        is computed instead of idling until the whole batch is there.
        """
        out = self.out
        left = n
        early = n // 2 if n >= EARLY_MIN and not discard else 0
        while left != 0:
            want = BATCH if left < 0 else min(left, BATCH)
            rows = cursor.fetch(min(want, early) if early else want)
            if not rows:
                return False
            if not discard:
                out.records(rows)
                if early or out.size >= FLUSH_AT:
                    self.flush()
            early = 0
            if left > 0:
                left -= len(rows)
        return bool(cursor.has_more)


def _quiet_rollback(tx: Any) -> None:
    with contextlib.suppress(Exception):  # already broken: nothing more to undo
        tx.rollback()
