"""Per-connection backend state and request dispatch.

``process_request`` is re-entrant: while a handler waits inside the driver for the test
(a transaction function waiting for ``RetryablePositive``, a bookmark supplier waiting for
``BookmarksSupplierCompleted``), it reads and handles the next requests itself, exactly as
testkit expects of a single-threaded backend.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphbolt.exceptions import DriverError, Neo4jError
from testkit_backend import _errors
from testkit_backend._server import Channel

log = logging.getLogger("testkit_backend")

Handler = Callable[["Backend", dict[str, Any]], None]


@dataclass
class SessionTracker:
    """A session plus the state of its running transaction function, if any."""

    session: Any
    state: str = ""  # "+" commit requested, "-" failure requested
    error_id: Any = None


@dataclass
class Backend:
    """Everything one testkit connection created, keyed by the ids handed to testkit."""

    channel: Channel
    drivers: dict[int, Any] = field(default_factory=dict)
    sessions: dict[int, SessionTracker] = field(default_factory=dict)
    transactions: dict[int, Any] = field(default_factory=dict)
    results: dict[int, Any] = field(default_factory=dict)
    errors: dict[int, BaseException] = field(default_factory=dict)
    bookmark_managers: dict[int, Any] = field(default_factory=dict)
    # Answers to callbacks, by the request id the backend sent: filled by *Completed requests.
    callback_answers: dict[int, Any] = field(default_factory=dict)
    _key: int = 0

    def next_key(self) -> int:
        self._key += 1
        return self._key

    def send(self, name: str, data: dict[str, Any] | None = None) -> None:
        self.channel.send(name, data or {})

    def process_request(self) -> bool:
        """Read and handle one request; False when testkit has closed the connection."""
        request = self.channel.read_request()
        if request is None:
            return False
        self._dispatch(request)
        return True

    def await_answer(self, request_id: int) -> Any:
        """Handle requests until the ``*Completed`` request answering ``request_id`` came."""
        while request_id not in self.callback_answers:
            if not self.process_request():
                raise ConnectionError("testkit went away while a callback was pending")
        return self.callback_answers.pop(request_id)

    def _dispatch(self, request: dict[str, Any]) -> None:
        from testkit_backend._handlers import HANDLERS

        name = request.get("name")
        data = request.get("data") or {}
        log.debug("<<< %s %s", name, data)
        try:
            handler = HANDLERS.get(str(name))
            if handler is None:
                raise NotImplementedError(f"No handler for request {name!r}")
            handler(self, data)
        except Exception as exc:
            self.send_error(exc)

    def send_error(self, exc: BaseException) -> None:
        key = self.next_key()
        response, data = _errors.serialize(exc, key)
        if response == "DriverError":
            self.errors[key] = exc
        else:
            log.error("%s: %s", response, data.get("msg"))
        self.send(response, data)

    def abort(self) -> None:
        """testkit hung up while a request was running: close the drivers under it."""
        for driver in list(self.drivers.values()):
            try:
                driver.close()
            except Exception as error:  # best effort, from the watchdog thread
                log.info("abort: %s", error)

    def close(self) -> None:
        """Close whatever the test left open (sessions before drivers)."""
        for registry in (self.sessions, self.drivers):
            for item in registry.values():
                target = item.session if isinstance(item, SessionTracker) else item
                try:
                    target.close()
                except (Neo4jError, DriverError, OSError) as error:
                    log.info("cleanup: %s", error)
            registry.clear()
        self.transactions.clear()
        self.results.clear()
