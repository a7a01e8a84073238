"""``Database``: the one place that wires parse -> analyze -> plan -> build -> run.

A Database owns one store (LMDB, in a directory or in memory), the plan cache for its query
texts, and its procedure registry. Queries run inside ``Transaction`` objects; ``run`` is the
auto-commit shortcut. Thread safety: ``begin`` and ``run`` may be called from many threads;
each transaction is used by one thread at a time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphbolt.engine._cursor import Cursor, raise_query_failure
from graphbolt.engine._transaction import Transaction
from graphbolt.errors import (
    COMPILE_TIME,
    CypherError,
    ParameterMissing,
    TransactionError,
    TransientError,
)
from graphbolt.runtime._context import Clock, ExecutionContext
from graphbolt.runtime._materialize import materialize_row
from graphbolt.storage._schema import schema_version
from graphbolt.tx import begin as begin_storage_transaction
from graphbolt.tx._transaction import begin_parked, park

if TYPE_CHECKING:
    from graphbolt.runtime import ProcedureRegistry

BOOKMARK_PREFIX = "graphbolt:"
PLAN_CACHE_SIZE = 1000


def _never_public(ctx: Any) -> bool:
    return False


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query text compiled once: the executable plan plus what ``run`` checks first."""

    columns: tuple[str, ...]
    query_type: str
    writes: bool
    parameters: frozenset[str]
    execute: Callable[[Any], Iterator[tuple[Any, ...]]]
    describe: Callable[[], str] = lambda: ""  # the operator tree, top first (EXPLAIN)
    mode: str | None = None  # None, "EXPLAIN" or "PROFILE"
    notifications: tuple[Any, ...] = ()  # engine Notifications for every run's summary
    # True when ``execute(ctx)`` yields public values only (no materialisation needed).
    public_rows: Callable[[Any], bool] = _never_public

    def check_parameters(self, given: dict[str, Any]) -> None:
        for name in self.parameters:
            if name not in given:
                raise ParameterMissing("MissingParameter", f"Expected parameter(s): {name}")


class Database:
    """An open graph database. Use ``Database.open(path)``; ``path=None`` is in-memory."""

    def __init__(self, store: Any, name: str = "neo4j") -> None:
        from graphbolt.runtime._procedures import ProcedureRegistry

        self.name = name
        self._store = store
        self._plans: OrderedDict[tuple[str, int, int], CompiledQuery] = OrderedDict()
        self._plans_lock = threading.Lock()
        self._open: set[Transaction] = set()
        self.procedures = ProcedureRegistry()
        # Neo4j's built-in: the metadata the client attached to the transaction (Bolt
        # tx_metadata), which drivers' integration tests read back.
        self.procedures.register(
            "tx.getMetaData", [], [("metadata", "MAP?")], lambda ctx: [(dict(ctx.tx_metadata),)]
        )
        self._closed = False
        self._last_bookmark: tuple[int, str] = (-1, "")

    @classmethod
    def open(cls, path: str | None = None, *, name: str = "neo4j") -> Database:
        """Open (creating if absent) the database in directory ``path``, or in memory."""
        from graphbolt.storage import Store

        return cls(Store.open(path), name=name)

    # -- transactions -------------------------------------------------------------------------
    def begin(
        self,
        mode: str = "w",
        *,
        bookmarks: Iterable[str] = (),
        timeout: float | None = None,
        metadata: dict[str, Any] | None = None,
        bookmark_timeout: float = 30.0,
    ) -> Transaction:
        """Start a transaction (``"r"`` or ``"w"``) that sees every commit in ``bookmarks``."""
        self._check_begin(mode, bookmarks, bookmark_timeout)
        store = self._store
        store_tx = begin_storage_transaction(store, True) if mode == "w" else begin_parked(store)
        tx = Transaction(self, store_tx, mode, timeout, metadata)
        # set.add/discard (and close()'s list copy) are single C calls, atomic under the GIL.
        self._open.add(tx)
        return tx

    def run(
        self, query: str, parameters: dict[str, Any] | None = None, **begin_args: Any
    ) -> Cursor:
        """Auto-commit: run ``query`` in its own transaction, committed before returning.

        ``begin_args`` are ``begin``'s (``mode`` ...). The rows are computed and buffered
        before the commit, so the returned cursor is fully readable; ``cursor.bookmark``
        holds the commit's bookmark.
        """
        mode = begin_args.pop("mode", "w")
        if mode == "r" and not begin_args.get("timeout"):
            return self._run_read(query, parameters, **begin_args)
        tx = self.begin(mode, **begin_args)
        try:
            cursor = tx.run(query, parameters)
            cursor._finish_into_buffer()
            cursor.bookmark = tx.commit()  # type: ignore[attr-defined]
        except BaseException:
            tx.rollback()
            raise
        return cursor

    def _run_read(
        self,
        query: str,
        parameters: dict[str, Any] | None,
        *,
        bookmarks: Iterable[str] = (),
        metadata: dict[str, Any] | None = None,
        bookmark_timeout: float = 30.0,
        timeout: None = None,
    ) -> Cursor:
        """``run`` in read mode, without the ``Transaction`` and streaming ``Cursor`` a
        query that can still be pulled from needs: one snapshot, the plan run to its end,
        the snapshot parked for the next such read (or ended), a finished cursor returned.
        The same checks and errors as ``begin("r")`` then ``tx.run`` (a read transaction's
        commit writes nothing)."""
        self._check_begin("r", bookmarks, bookmark_timeout)
        started = time.perf_counter()
        params = dict(parameters) if parameters else {}
        compiled = self._prepare(query, params, read_only=True)
        store_tx = begin_parked(self._store)
        try:
            # One statement in its own transaction: both Cypher clocks are the same instant.
            clock = Clock()
            metadata = dict(metadata) if metadata else {}
            ctx = ExecutionContext(
                store_tx, params, None, clock, clock, self.procedures, False, metadata
            )
            rows = compiled.execute(ctx)
            if compiled.public_rows(ctx):
                out = list(rows)
            else:
                out = [materialize_row(row, store_tx) for row in rows]
        except Exception as error:
            store_tx.rollback()
            raise_query_failure(error)
        except BaseException:
            store_tx.rollback()
            raise
        snapshot = store_tx.snapshot_id
        park(store_tx)  # the rows are public values: no result refers to it
        cursor = Cursor.finished(out, ctx, query, params, compiled, self.name, started)
        cursor.bookmark = self._bookmark_for(snapshot)  # type: ignore[attr-defined]
        return cursor

    def _check_begin(self, mode: str, bookmarks: Iterable[str], bookmark_timeout: float) -> None:
        """What ``begin`` checks before taking a snapshot (which waits for ``bookmarks``)."""
        if self._closed:
            raise TransactionError("TransactionNotFound", "Database is closed")
        if mode != "r" and mode != "w":
            raise ValueError(f"mode must be 'r' or 'w', not {mode!r}")
        if bookmarks:
            self._wait_for_bookmarks(bookmarks, bookmark_timeout)

    @property
    def last_bookmark(self) -> str:
        return self._bookmark_for(self._store.last_commit_id)

    def close(self) -> None:
        """Roll back open transactions and close the store."""
        if self._closed:
            return
        self._closed = True
        for tx in list(self._open):
            tx.rollback()
        self._store.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- compilation --------------------------------------------------------------------------
    def _compile(self, text: str) -> CompiledQuery:
        # A CALL's plan depends on the registered procedures: a registration invalidates.
        # Index seeks depend on the indexes that exist: a schema change invalidates too.
        key = (text, self.procedures.version, schema_version(self._store))
        compiled = self._plans.get(key)
        if compiled is not None:
            return compiled
        compiled = compile_query(text, self.procedures, self._indexes())
        with self._plans_lock:
            self._plans[key] = compiled
            if len(self._plans) > PLAN_CACHE_SIZE:
                self._plans.popitem(last=False)
        return compiled

    def _prepare(self, query: str, params: dict[str, Any], read_only: bool) -> CompiledQuery:
        """The compiled ``query`` once every check made before it starts has passed: it
        compiles (errors located in the text, at compile time), ``params`` has each of its
        parameters, and a read-only transaction may run it."""
        try:
            compiled = self._compile(query)
            if compiled.parameters and not params.keys() >= compiled.parameters:
                compiled.check_parameters(params)
        except CypherError as error:
            if error.phase is None:
                error.phase = COMPILE_TIME
            error.locate(query)
            raise
        if read_only and compiled.writes:
            raise TransactionError("AccessMode", "Writing in read access mode not allowed.")
        return compiled

    def _indexes(self) -> list[tuple[str, str]]:
        """``(label, key)`` of every property index (the planner may seek through them)."""
        return list(self._store.indexes())

    # -- bookmarks ----------------------------------------------------------------------------
    def _bookmark_for(self, commit_id: int) -> str:
        last = self._last_bookmark  # consecutive reads share their snapshot's bookmark
        if last[0] == commit_id:
            return last[1]
        bookmark = f"{BOOKMARK_PREFIX}{self.name}:{commit_id}"
        self._last_bookmark = (commit_id, bookmark)  # one tuple: replaced atomically
        return bookmark

    def bookmarks_reached(self, bookmarks: Iterable[str]) -> bool:
        """True when every bookmark of this database is already visible, so ``begin`` with
        them will not wait (False for anything unparsable: ``begin`` then says why)."""
        try:
            wanted = [parse_bookmark(b) for b in bookmarks]
        except TransactionError:
            return False
        last = self._store.last_commit_id
        return all(cid <= last for name, cid in wanted if name == self.name)

    def _wait_for_bookmarks(self, bookmarks: Iterable[str], timeout: float) -> None:
        wanted = 0
        for bookmark in bookmarks:
            database, commit_id = parse_bookmark(bookmark)
            # Bookmarks of other databases order nothing here (a session may carry them).
            if database == self.name:
                wanted = max(wanted, commit_id)
        store = self._store
        if wanted > store.last_commit_id and not store.wait_for_commit(wanted, timeout):
            raise TransientError(
                "BookmarkTimeout", f"Database has not caught up with bookmark commit {wanted}"
            )

    # -- internal -----------------------------------------------------------------------------
    def _forget(self, tx: Transaction) -> None:
        self._open.discard(tx)


def parse_bookmark(bookmark: str) -> tuple[str, int]:
    """The ``(database, commit id)`` of a graphbolt bookmark.

    Bookmarks look like ``graphbolt:<database>:<commit id>``; anything else raises
    ``InvalidBookmark``.
    """
    if not bookmark.startswith(BOOKMARK_PREFIX):
        raise TransactionError("InvalidBookmark", f"Not a graphbolt bookmark: {bookmark!r}")
    database, _, commit = bookmark[len(BOOKMARK_PREFIX) :].rpartition(":")
    try:
        return database, int(commit)
    except ValueError:
        raise TransactionError("InvalidBookmark", f"Malformed bookmark: {bookmark!r}") from None


def compile_query(
    text: str,
    procedures: ProcedureRegistry | None = None,
    indexes: Iterable[tuple[str, str]] = (),
) -> CompiledQuery:
    """Parse, analyze, plan and build ``text`` (no caching here).

    ``procedures`` resolves CALL signatures at compile time; ``indexes`` (``(label, key)``
    pairs) are the property indexes the plan may seek through (it falls back to scans when
    the running transaction lacks one).
    """
    from graphbolt.cypher import analyze, parse
    from graphbolt.engine._notifications import plan_notifications
    from graphbolt.engine._schema import compile_schema_command
    from graphbolt.planner import plan, planning_indexes
    from graphbolt.runtime import build

    statement = parse(text)
    analyze(statement, procedures.lookup if procedures is not None else None)
    with planning_indexes(list(indexes)):  # nested plans are planned while building
        executable = build(plan(statement), procedures)
    execute: Callable[[Any], Iterator[tuple[Any, ...]]] = executable.execute
    public_rows: Callable[[Any], bool] = executable.public_rows
    columns, query_type = tuple(executable.columns), executable.query_type
    if executable.schema is not None:
        columns, query_type, execute = compile_schema_command(executable.schema)
        public_rows = _never_public
    if executable.mode == "EXPLAIN":
        execute = _explain_only
    return CompiledQuery(
        columns=columns,
        query_type=query_type,
        writes=query_type in ("w", "rw", "s"),
        parameters=frozenset(executable.parameters),
        execute=execute,
        describe=executable.describe,
        mode=executable.mode,
        notifications=tuple(plan_notifications(executable.logical.root)),
        public_rows=public_rows,
    )


def _explain_only(ctx: Any) -> Iterator[tuple[Any, ...]]:
    """EXPLAIN plans the query and returns no rows."""
    return iter(())
