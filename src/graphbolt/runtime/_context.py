"""``ExecutionContext``: what compiled expressions and operators see while a query runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphbolt.tx._access import GraphAccess


@dataclass(slots=True)
class QueryStatistics:
    """The Neo4j update counters of one query (summary ``counters``)."""

    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    labels_added: int = 0
    labels_removed: int = 0
    indexes_added: int = 0
    indexes_removed: int = 0
    constraints_added: int = 0
    constraints_removed: int = 0

    @property
    def contains_updates(self) -> bool:
        return any(
            (
                self.nodes_created, self.nodes_deleted, self.relationships_created,
                self.relationships_deleted, self.properties_set, self.labels_added,
                self.labels_removed, self.indexes_added, self.indexes_removed,
                self.constraints_added, self.constraints_removed,
            )
        )  # fmt: skip

    def as_dict(self) -> dict[str, int | bool]:
        """Neo4j's counter names (``nodes-created`` ...), zero counters left out."""
        out: dict[str, int | bool] = {}
        for name in self.__slots__:  # type: ignore[attr-defined]
            value = getattr(self, name)
            if value:
                out[name.replace("_", "-")] = value
        if out:
            out["contains-updates"] = True
        return out


@dataclass(slots=True)
class ExecutionContext:
    """Per-execution state: the transaction, parameters, counters and the statement clock.

    ``statement_time`` is a ``values`` DateTime fixed when the statement starts (Cypher's
    ``statement`` clock); ``transaction_time`` is fixed when the transaction started.
    """

    tx: GraphAccess
    params: dict[str, Any]
    stats: QueryStatistics = field(default_factory=QueryStatistics)
    statement_time: Any = None
    transaction_time: Any = None
    procedures: Any = None  # engine ProcedureRegistry
