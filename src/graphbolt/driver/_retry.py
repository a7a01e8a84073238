"""Retry policy of transaction functions: which errors to retry and how long to wait."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from graphbolt.exceptions import DriverError, IncompleteCommit, Neo4jError


def is_retryable(error: BaseException) -> bool:
    """True for errors a new attempt of the same work may get past.

    TransientError (and subclasses), SessionExpired and ServiceUnavailable except
    IncompleteCommit; never user exceptions or other client errors.
    """
    if isinstance(error, IncompleteCommit):
        return False
    if isinstance(error, (Neo4jError, DriverError)):
        return error.is_retryable()
    return False


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, bounded by ``max_retry_time`` seconds.

    The clock starts at the first failure; an error after more than ``max_retry_time``
    seconds is raised as is.
    """

    max_retry_time: float = 30.0
    initial_delay: float = 1.0
    multiplier: float = 2.0
    jitter: float = 0.2

    def delays(self, rng: random.Random | None = None) -> Iterator[float]:
        """Endless delays: ``initial * multiplier**k``, each spread by +-jitter."""
        uniform = (rng or random).uniform
        delay = self.initial_delay
        while True:
            spread = delay * self.jitter
            yield max(0.0, delay + uniform(-spread, spread))
            delay *= self.multiplier
