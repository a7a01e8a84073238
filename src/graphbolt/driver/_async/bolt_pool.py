"""``AsyncBoltPool``: the Bolt connections to one server address.

- at most ``max_connection_pool_size`` connections (in use + idle + being opened);
- ``acquire(deadline)`` reuses an idle connection when it is healthy: defunct or closed ones,
  and ones older than ``max_connection_lifetime``, are closed; one idle for longer than
  ``liveness_check_timeout`` is pinged with RESET first. Otherwise a new connection is opened
  if there is room, else the caller waits. One deadline (``connection_acquisition_timeout``)
  covers waiting, TCP, TLS, handshake and authentication:
  ``ConnectionAcquisitionTimeoutError`` when it passes;
- ``release`` RESETs a connection left in a transaction, a stream or a failure; a connection
  that breaks meanwhile is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from graphbolt.driver._async.bolt import AsyncBolt
from graphbolt.driver._bolt_io import AsyncPoolCondition, monotonic
from graphbolt.driver._config import DriverConfig
from graphbolt.exceptions import (
    ConnectionAcquisitionTimeoutError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

Opener = Callable[[float, Any], Awaitable[AsyncBolt]]  # (timeout, auth) -> new connection


class AsyncBoltPool:
    """Connections to one address, opened by ``opener``."""

    def __init__(self, address: str, opener: Opener, config: DriverConfig) -> None:
        self.address = address
        self._opener = opener
        self._max = config.max_connection_pool_size
        self._lifetime = config.max_connection_lifetime
        self._liveness = config.liveness_check_timeout
        self._idle: deque[AsyncBolt] = deque()
        self._in_use = 0
        self._opening = 0
        self._cond = AsyncPoolCondition()
        self.closed = False
        self._auth_epoch = 0

    def expire_auth(self) -> None:
        """The server expired its authorizations (``AuthorizationExpired``): every connection
        opened so far is closed once it is idle; ones in use finish their work first."""
        self._auth_epoch += 1

    def _stale(self, bolt: AsyncBolt) -> bool:
        return bolt.auth_epoch != self._auth_epoch

    @property
    def in_use(self) -> int:
        return self._in_use

    @property
    def size(self) -> int:
        return self._in_use + len(self._idle) + self._opening

    async def acquire(self, deadline: float, auth: Any = None, ping: bool = False) -> AsyncBolt:
        """A ready connection, or ``ConnectionAcquisitionTimeoutError`` at ``deadline``;
        a new one is opened with ``auth`` (None: the driver's). ``ping``: an idle one is
        RESET first whatever ``liveness_check_timeout`` says."""
        while True:
            bolt = await self._take_or_reserve(deadline)
            if bolt is None:  # a slot was reserved: open a new connection in it
                return await self._open(deadline, auth)
            if await self._healthy(bolt, deadline, ping):
                return bolt
            await self._discard(bolt)

    async def _take_or_reserve(self, deadline: float) -> AsyncBolt | None:
        async with self._cond:
            while True:
                if self.closed:
                    raise ServiceUnavailable("The connection pool is closed")
                if self._idle:
                    bolt = self._idle.pop()  # most recently used first: likely alive
                    self._in_use += 1
                    return bolt
                if self.size < self._max:
                    self._opening += 1
                    return None
                remaining = deadline - monotonic()
                if remaining <= 0 or not await self._cond.wait(remaining):
                    raise ConnectionAcquisitionTimeoutError(
                        f"Failed to acquire a connection to {self.address} within the "
                        "connection_acquisition_timeout: all connections are in use"
                    )

    async def _open(self, deadline: float, auth: Any) -> AsyncBolt:
        try:
            remaining = deadline - monotonic()
            if remaining <= 0:
                raise ConnectionAcquisitionTimeoutError(
                    f"connection_acquisition_timeout passed before connecting to {self.address}"
                )
            bolt = await self._opener(remaining, auth)
        except BaseException:
            async with self._cond:
                self._opening -= 1
                self._cond.notify_all()
            raise
        async with self._cond:
            self._opening -= 1
            self._in_use += 1
        bolt.auth_epoch = self._auth_epoch
        return bolt

    async def _healthy(self, bolt: AsyncBolt, deadline: float, ping: bool = False) -> bool:
        if bolt.defunct or bolt.sock.closed or self._stale(bolt):
            return False
        now = monotonic()
        if self._lifetime is not None and 0 <= self._lifetime < now - bolt.created:
            return False
        if ping or (self._liveness is not None and now - bolt.idle_since > self._liveness):
            try:
                await bolt.reset()
            except (DriverError, Neo4jError, OSError):
                return False
        return True

    async def _discard(self, bolt: AsyncBolt) -> None:
        """Close a connection that was counted in use and free its slot."""
        await bolt.close()
        async with self._cond:
            self._in_use -= 1
            self._cond.notify_all()

    async def release(self, bolt: AsyncBolt) -> None:
        """Give a connection back (RESET first when it is not clean)."""
        stale = self._stale(bolt)
        if not bolt.defunct and not stale and bolt.needs_reset():
            try:
                await bolt.reset()
            except (DriverError, Neo4jError, OSError):
                bolt.defunct = True
        if bolt.defunct or self.closed or stale:
            await self._discard(bolt)
            return
        bolt.idle_since = monotonic()
        async with self._cond:
            self._in_use -= 1
            self._idle.append(bolt)
            self._cond.notify_all()

    async def close(self) -> None:
        """Close the idle connections; ones in use are closed when released."""
        async with self._cond:
            self.closed = True
            idle = list(self._idle)
            self._idle.clear()
            self._cond.notify_all()
        for bolt in idle:
            await bolt.close()
