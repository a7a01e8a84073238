"""``AsyncBoltConnection``: the connector interface (``AsyncConnection``) over a pooled
``AsyncBolt``, pipelining as Bolt drivers do.

- a pipelined BEGIN is only queued: it travels with the first RUN (or the COMMIT);
- RUN and its first ``PULL {n: fetch_size}`` go out in one flush; later PULLs only when the
  result asks (its buffer is empty and the caller keeps reading);
- a FAILURE leaves the server FAILED: the error is raised, and the next ROLLBACK or the
  release becomes a RESET.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.driver._async.bolt import (
    BEGIN,
    COMMIT,
    DISCARD,
    FAILURE,
    IGNORED,
    PULL,
    ROLLBACK,
    RUN,
    SUCCESS,
    AsyncBolt,
)
from graphbolt.driver._async.connector import AsyncConnection
from graphbolt.driver._bolt_wire import failure_error, tx_extra
from graphbolt.driver._protocol import PullResponse, RunResponse, TxParams
from graphbolt.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

Release = Callable[[AsyncBolt], Awaitable[None]]


class AsyncBoltConnection(AsyncConnection):
    """A session's handle on one pooled Bolt connection until ``close()`` gives it back."""

    def __init__(self, bolt: AsyncBolt, release: Release, on_error: Any = None) -> None:
        self._bolt: AsyncBolt | None = bolt
        self._release = release
        self._on_error = on_error  # routing: told about unavailable servers / lost writers
        self._begin_pending = False
        self.server = bolt.info

    def _live(self) -> AsyncBolt:
        bolt = self._bolt
        if bolt is None:
            raise SessionExpired("The connection has been released")
        if self._abandoned(bolt):
            raise SessionExpired(
                "An earlier operation on this connection was interrupted (task cancelled); "
                "its transaction or result cannot continue"
            )
        return bolt

    def _abandoned(self, bolt: AsyncBolt) -> bool:
        """True when replies of an interrupted operation are still unread (only a queued,
        pipelined BEGIN may be pending between operations); RESET clears them."""
        return len(bolt.pending) > (1 if self._begin_pending else 0)

    def _error(self, bolt: AsyncBolt, error: BaseException) -> BaseException:
        if self._on_error is not None:
            self._on_error(bolt.address, error)
        return error

    async def _prepare(self, bolt: AsyncBolt) -> None:
        if bolt.failed and not bolt.in_tx:
            await bolt.reset()

    async def begin(self, params: TxParams, pipelined: bool = False) -> str | None:
        bolt = self._live()
        await self._prepare(bolt)
        bolt.queue(BEGIN, tx_extra(params, bolt.version))
        bolt.in_tx = True
        if pipelined:
            self._begin_pending = True
            return None
        try:
            await bolt.flush()
            tag, meta = await bolt.fetch_summary()
        except ServiceUnavailable as error:
            raise self._error(bolt, error) from None
        if tag == FAILURE:
            bolt.in_tx = False
            raise self._error(bolt, failure_error(meta))
        db = meta.get("db")
        return db if isinstance(db, str) else params.database

    async def _begin_reply(self, bolt: AsyncBolt) -> Neo4jError | None:
        """The reply of a pipelined BEGIN sent with this flush (None: it succeeded)."""
        if not self._begin_pending:
            return None
        self._begin_pending = False
        tag, meta = await bolt.fetch_summary()
        if tag == FAILURE:
            return failure_error(meta)
        return None

    async def run(
        self,
        query: str,
        parameters: dict[str, Any],
        autocommit: TxParams | None = None,
        pull_n: int = 0,
    ) -> RunResponse:
        bolt = self._live()
        await self._prepare(bolt)
        extra = {} if autocommit is None else tx_extra(autocommit, bolt.version)
        bolt.queue(RUN, query, parameters, extra)
        if pull_n:
            bolt.queue(PULL, {"n": pull_n})
        if autocommit is not None:
            bolt.streaming = True
        try:
            await bolt.flush()
            error = await self._begin_reply(bolt)
            tag, meta = await bolt.fetch_summary()
            if error is None and tag == FAILURE:
                error = failure_error(meta)
            if error is not None:
                await bolt.drain()  # the pipelined PULL: IGNORED
                bolt.streaming = False
                raise self._error(bolt, error)
            qid = meta.get("qid", -1)
            first = await self._pull_reply(bolt) if pull_n else None
        except ServiceUnavailable as error:
            raise self._error(bolt, error) from None
        keys = list(meta.get("fields") or ())
        db = meta.get("db")
        return RunResponse(
            keys, qid if isinstance(qid, int) else -1, db, first, meta.get("t_first")
        )

    async def _pull_reply(self, bolt: AsyncBolt) -> PullResponse:
        records: list[Any] = []
        tag, meta = await bolt.fetch(records)
        if tag == SUCCESS:
            if meta.get("has_more"):
                return PullResponse(records, True)
            bolt.streaming = False
            return PullResponse(records, False, meta)
        bolt.streaming = False
        if tag == IGNORED:
            error: BaseException = ServiceUnavailable("The server ignored PULL")
        else:
            error = self._error(bolt, failure_error(meta))
        return PullResponse([], False, error=error)

    async def pull(self, qid: int, n: int) -> PullResponse:
        bolt = self._live()
        bolt.queue(PULL, {"n": n} if qid < 0 else {"n": n, "qid": qid})
        try:
            await bolt.flush()
            response = await self._pull_reply(bolt)
        except ServiceUnavailable as error:
            raise self._error(bolt, error) from None
        if response.error is not None:
            raise response.error
        return response

    async def discard(self, qid: int) -> dict[str, Any]:
        bolt = self._live()
        bolt.queue(DISCARD, {"n": -1} if qid < 0 else {"n": -1, "qid": qid})
        try:
            await bolt.flush()
            tag, meta = await bolt.fetch_summary()
        except ServiceUnavailable as error:
            raise self._error(bolt, error) from None
        bolt.streaming = False
        if tag != SUCCESS:
            raise self._error(bolt, failure_error(meta))
        return meta

    async def commit(self) -> str | None:
        bolt = self._live()
        bolt.queue(COMMIT)
        try:
            await bolt.flush()
            failure = await self._begin_reply(bolt)
            tag, meta = await bolt.fetch_summary()
        except ServiceUnavailable as error:
            raise self._error(bolt, error) from None
        if failure is None and tag != SUCCESS:
            failure = failure_error(meta)
        if failure is not None:
            raise self._error(bolt, failure)
        bolt.in_tx = False
        bookmark = meta.get("bookmark")
        return bookmark if isinstance(bookmark, str) else None

    async def rollback(self) -> None:
        bolt = self._bolt
        if bolt is None or bolt.defunct:
            return
        if self._begin_pending:  # the BEGIN never left: forget it
            self._begin_pending = False
            bolt.pending.pop()
            bolt.writer.take()
            bolt.in_tx = False
            return
        if not bolt.in_tx:
            return
        if bolt.failed or self._abandoned(bolt):
            await bolt.reset()
            return
        bolt.queue(ROLLBACK)
        await bolt.flush()
        tag, meta = await bolt.fetch_summary()
        bolt.in_tx = False
        if tag == FAILURE:
            await bolt.reset()
            raise self._error(bolt, failure_error(meta))

    async def close(self) -> None:
        bolt, self._bolt = self._bolt, None
        if bolt is None:
            return
        if self._begin_pending:
            self._begin_pending = False
            bolt.pending.pop()
            bolt.writer.take()
            bolt.in_tx = False
        await self._release(bolt)
