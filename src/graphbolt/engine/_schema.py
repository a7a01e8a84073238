"""Schema commands: ``CREATE INDEX``, ``DROP INDEX`` and ``SHOW INDEXES`` with Neo4j semantics.

Index DDL does not join the calling transaction's write set: it runs as its own group commit
in storage (``storage._schema``), like Neo4j's separate schema transactions. Hence a schema
change is refused in a transaction that already wrote data (Neo4j's
``ForbiddenDueToTransactionType``). Queries of the calling transaction keep reading their
snapshot: a new index is used from the next transaction on (the index seek falls back to a
scan until then, so results never depend on it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import RequestError, SchemaError, TransactionError
from graphbolt.storage import _schema

Execute = Callable[[Any], Iterator[tuple[Any, ...]]]

SHOW_COLUMNS = (
    "id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes",
    "properties", "indexProvider", "owningConstraint", "lastRead", "readCount",
)  # fmt: skip

INDEX_TYPE = "RANGE"
INDEX_PROVIDER = "range-1.0"


def compile_schema_command(clause: ast.Clause) -> tuple[tuple[str, ...], str, Execute]:
    """``(columns, query type, execute)`` for a schema clause; ``execute(ctx)`` runs it."""
    if isinstance(clause, ast.CreateIndex):
        _check_supported(clause)
        return (), "s", lambda ctx: _lazy(_run_create, ctx, clause)
    if isinstance(clause, ast.DropIndex):
        return (), "s", lambda ctx: _lazy(_run_drop, ctx, clause)
    if isinstance(clause, ast.ShowIndexes):
        return SHOW_COLUMNS, "r", _show(clause)
    raise RequestError(f"Unsupported schema command: {type(clause).__name__}")


def _lazy(run: Callable[[Any, Any], None], ctx: Any, clause: Any) -> Iterator[tuple[Any, ...]]:
    """Run the command on the first pull, like any other updating query (errors then reach
    the cursor, which fails the transaction)."""
    run(ctx, clause)
    yield from ()


def _check_supported(clause: ast.CreateIndex) -> None:
    if clause.relationship:
        raise RequestError("Relationship property indexes are not supported")
    if len(clause.properties) != 1:
        raise RequestError(
            "Composite indexes (several properties) are not supported: "
            "create one index per property"
        )


def _store_of(ctx: Any) -> Any:
    tx = ctx.tx
    if tx.has_writes():
        raise TransactionError(
            "ForbiddenDueToTransactionType",
            "Tried to execute Schema modification after executing Write query",
        )
    return tx._store


def _describe(info: _schema.IndexInfo) -> str:
    props = ", ".join(info.properties)
    return (
        f"Index( id={info.id}, name='{info.name}', type='{INDEX_TYPE}', "
        f"schema=(:{info.label} {{{props}}}), indexProvider='{INDEX_PROVIDER}' )"
    )


def _run_create(ctx: Any, clause: ast.CreateIndex) -> None:
    store = _store_of(ctx)
    label, key = clause.label, clause.properties[0]
    name = clause.name or _schema.default_name(label, [key])
    infos = _schema.index_infos(store)
    same_schema = next((i for i in infos if (i.label, i.properties) == (label, (key,))), None)
    same_name = next((i for i in infos if i.name == name), None)
    outcome = _schema.SAME_NAME if same_name is not None and same_schema is None else None
    if same_schema is not None:
        outcome = _schema.SAME_SCHEMA_SAME_NAME
        if clause.name is not None and same_schema.name != name:
            outcome = _schema.SAME_SCHEMA
    if outcome is None:
        outcome = _schema.create_named(store, label, key, name)
        same_schema = same_schema or next(
            (i for i in _schema.index_infos(store) if (i.label, i.properties) == (label, (key,))),
            None,
        )
    if outcome == _schema.CREATED:
        ctx.stats.indexes_added += 1
    elif not clause.if_not_exists:
        _raise_exists(outcome, label, key, name, same_schema)


def _raise_exists(
    outcome: str, label: str, key: str, name: str, existing: _schema.IndexInfo | None
) -> None:
    if outcome == _schema.SAME_SCHEMA_SAME_NAME and existing is not None:
        raise SchemaError(
            "EquivalentSchemaRuleAlreadyExists",
            f"An equivalent index already exists, '{_describe(existing)}'.",
        )
    if outcome == _schema.SAME_NAME:
        raise SchemaError(
            "IndexWithNameAlreadyExists", f"There already exists an index called '{name}'."
        )
    raise SchemaError("IndexAlreadyExists", f"There already exists an index (:{label} {{{key}}}).")


def _run_drop(ctx: Any, clause: ast.DropIndex) -> None:
    store = _store_of(ctx)
    if _schema.drop_named(store, clause.name):
        ctx.stats.indexes_removed += 1
    elif not clause.if_exists:
        raise SchemaError(
            "IndexNotFound", f"Unable to drop index called `{clause.name}`. There is no such index."
        )


def _row(info: _schema.IndexInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "state": "ONLINE",
        "populationPercent": 100.0,
        "type": INDEX_TYPE,
        "entityType": "NODE",
        "labelsOrTypes": [info.label],
        "properties": list(info.properties),
        "indexProvider": INDEX_PROVIDER,
        "owningConstraint": None,
        "lastRead": None,
        "readCount": None,
    }


def _show(clause: ast.ShowIndexes) -> Execute:
    keep: Callable[[dict[str, Any], Any], Any] | None = None
    if clause.where is not None:
        from graphbolt.runtime._expressions import StaticEnv, compile_expr

        keep = compile_expr(clause.where, StaticEnv(frozenset(SHOW_COLUMNS)))

    def run(ctx: Any) -> Iterator[tuple[Any, ...]]:
        infos = sorted(_schema.index_infos(ctx.tx._store), key=lambda i: i.name)
        for info in infos:
            row = _row(info)
            if keep is None or keep(row, ctx) is True:
                yield tuple(row[c] for c in SHOW_COLUMNS)

    return run
