"""Metadata maps the server sends: FAILURE per protocol version, result summaries, routing.

FAILURE: up to 5.6 ``{code, message}``; 5.7+ ``{neo4j_code, message, gql_status, description,
diagnostic_record}`` (drivers fall back to a generic error when any of the GQL keys is
missing, so all are always sent). Unexpected exceptions become
``Neo.DatabaseError.General.UnknownError`` with no traceback in the message.
"""

from __future__ import annotations

from typing import Any

from graphbolt.bolt._versions import Version, has_gql_errors, has_statuses
from graphbolt.errors import STATUS, GraphboltError

_CLASSIFICATIONS = {
    "ClientError": "CLIENT_ERROR",
    "TransientError": "TRANSIENT_ERROR",
    "DatabaseError": "DATABASE_ERROR",
}


def error_status(error: BaseException) -> tuple[str, str, str]:
    """``(neo4j code, gql status, message)`` of any exception."""
    if isinstance(error, GraphboltError):
        return error.code, error.gql_status, error.message
    status = STATUS["UnknownError"]
    return status.code, status.gql_status, f"An unexpected error occurred: {type(error).__name__}"


def failure_metadata(error: BaseException, version: Version) -> dict[str, Any]:
    """The FAILURE metadata for ``error`` on a connection speaking ``version``."""
    code, gql_status, message = error_status(error)
    if not has_gql_errors(version):
        return {"code": code, "message": message}
    classification = _CLASSIFICATIONS.get(code.split(".")[1], "DATABASE_ERROR")
    diagnostic: dict[str, Any] = {
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
        "_classification": classification,
    }
    return {
        "neo4j_code": code,
        "message": message,
        "gql_status": gql_status,
        "description": f"error: {message}",
        "diagnostic_record": diagnostic,
    }


def summary_metadata(
    summary: Any, version: Version, *, bookmark: str | None, t_last: int
) -> dict[str, Any]:
    """The final PULL/DISCARD SUCCESS of a result (engine ``ResultSummary`` in)."""
    meta: dict[str, Any] = {"type": summary.query_type, "t_last": t_last, "db": summary.database}
    if meta["type"] not in ("r", "w", "rw", "s"):
        meta["type"] = "r"  # drivers reject any other value
    stats = summary.counters.as_dict()
    if stats:
        meta["stats"] = stats
    if bookmark is not None:
        meta["bookmark"] = bookmark
    plan = getattr(summary, "plan", None)
    if isinstance(plan, str):
        profiled = getattr(summary, "plan_mode", None) == "PROFILE"
        meta["profile" if profiled else "plan"] = plan_tree(plan, profiled=profiled)
    notifications = list(getattr(summary, "notifications", None) or [])
    if notifications:
        if has_statuses(version):
            meta["statuses"] = [_status(n) for n in notifications]
        else:
            meta["notifications"] = [_notification(n) for n in notifications]
    return meta


def plan_tree(text: str, *, profiled: bool) -> dict[str, Any]:
    """Neo4j's plan map (``operatorType``, ``args``, ``identifiers``, ``children``) of the
    engine's plan description: one operator per line, the root first, each line the only
    child of the one above it.

    A profile carries ``rows`` and ``dbHits`` as Neo4j's does, but graphbolt does not count
    them: they are 0.
    """
    tree: dict[str, Any] | None = None
    for line in reversed([line.strip() for line in text.splitlines() if line.strip()]):
        name, _, details = line.partition("(")
        node: dict[str, Any] = {
            "operatorType": name.removesuffix("Op"),
            "args": {"details": details[:-1]} if details else {},
            "identifiers": [],
            "children": [tree] if tree is not None else [],
        }
        if profiled:
            node.update(rows=0, dbHits=0, pageCacheHits=0, pageCacheMisses=0, time=0)
        tree = node
    return tree or {"operatorType": "EmptyResult", "args": {}, "identifiers": [], "children": []}


def _notification(note: Any) -> dict[str, Any]:
    out = {
        "code": note.code,
        "title": note.title,
        "description": note.description,
        "severity": note.severity,
        "category": note.category,
    }
    if note.position:
        out["position"] = dict(note.position)
    return out


def _status(note: Any) -> dict[str, Any]:
    diagnostic: dict[str, Any] = {
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
        "_severity": note.severity,
        "_classification": note.category,
    }
    if note.position:
        diagnostic["_position"] = dict(note.position)
    return {
        "gql_status": note.gql_status,
        "status_description": f"warn: {note.description}",
        "neo4j_code": note.code,
        "title": note.title,
        "description": note.description,
        "diagnostic_record": diagnostic,
    }


def routing_table(address: str, db: str, ttl: int = 300) -> dict[str, Any]:
    """A one-member routing table: this server is router, reader and writer."""
    return {
        "ttl": ttl,
        "db": db,
        "servers": [
            {"addresses": [address], "role": "ROUTE"},
            {"addresses": [address], "role": "READ"},
            {"addresses": [address], "role": "WRITE"},
        ],
    }
