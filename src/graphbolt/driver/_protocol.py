"""Data exchanged between the driver API layer and a connector (embedded or Bolt).

A connector speaks in Bolt's terms so both implementations fit one interface: BEGIN with
``TxParams``, RUN answering the column names and a query id, PULL n answering records plus
``has_more`` and, at the end of the stream, Bolt-shaped summary metadata (see
``graphbolt.driver._summary``), DISCARD, COMMIT answering a bookmark, ROLLBACK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TxParams:
    """What BEGIN (or an auto-commit RUN) carries besides the query."""

    database: str | None = None
    mode: str = "w"  # "r" or "w"
    bookmarks: tuple[str, ...] = ()
    timeout: float | None = None
    metadata: dict[str, Any] | None = None
    impersonated_user: str | None = None
    auth: Any = None
    # Bolt 5.2 notification filters: "OFF", "WARNING", "INFORMATION" or None (server default)
    notifications_min_severity: str | None = None
    notifications_disabled_classifications: tuple[str, ...] | None = None


@dataclass
class PullResponse:
    """A batch of records; ``summary`` (with ``bookmark`` for auto-commit) once done.

    ``error`` is only used for the PULL pipelined with a RUN: the RUN succeeded, the PULL
    failed, and the failure belongs to the result (raised when it is read).
    """

    records: list[tuple[Any, ...]]
    has_more: bool
    summary: dict[str, Any] | None = None
    error: BaseException | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunResponse:
    """The answer to RUN: column names, query id (for PULL/DISCARD), database used, and
    the first batch when a PULL was pipelined with the RUN."""

    keys: list[str]
    qid: int = -1
    database: str | None = None
    first: PullResponse | None = None
    t_first: int | None = None  # ms until the result was available (RUN's SUCCESS)
