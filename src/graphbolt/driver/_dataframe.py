"""``Result.to_df``: records into a pandas DataFrame (pandas is an optional dependency)."""

from __future__ import annotations

from typing import Any

from graphbolt.values._graph import Node, Relationship


def records_to_df(
    records: list[Any], keys: list[str], *, expand: bool = False, parse_dates: bool = False
) -> Any:
    """One row per record, one column per key (or per flattened field with ``expand``)."""
    try:
        import pandas as pd
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Result.to_df needs pandas: pip install pandas") from error
    if not expand:
        df = pd.DataFrame([record.values() for record in records], columns=keys)
    else:
        rows = [_expand_record(record, keys) for record in records]
        df = pd.DataFrame(rows)
    if parse_dates:
        df = _parse_dates(df, pd)
    return df


def _expand_record(record: Any, keys: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, value in zip(keys, record.values()):
        _expand(row, key, value)
    return row


def _expand(row: dict[str, Any], prefix: str, value: Any) -> None:
    if isinstance(value, Node):
        row[f"{prefix}().element_id"] = value.element_id
        row[f"{prefix}().labels"] = frozenset(value.labels)
        for k, v in value.items():
            row[f"{prefix}().prop.{k}"] = v
    elif isinstance(value, Relationship):
        row[f"{prefix}->.element_id"] = value.element_id
        row[f"{prefix}->.start.element_id"] = str(value.start_id)
        row[f"{prefix}->.end.element_id"] = str(value.end_id)
        row[f"{prefix}->.type"] = value.type
        for k, v in value.items():
            row[f"{prefix}->.prop.{k}"] = v
    elif isinstance(value, dict):
        for k, v in value.items():
            _expand(row, f"{prefix}{{}}.{k}", v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _expand(row, f"{prefix}[].{i}", v)
    else:
        row[prefix] = value


def _parse_dates(df: Any, pd: Any) -> Any:
    from graphbolt.values._temporal import Date, DateTime, LocalDateTime

    for column in df.columns:
        values = df[column]
        if len(values) and all(isinstance(v, (Date, DateTime, LocalDateTime)) for v in values):
            df[column] = pd.to_datetime([str(v) for v in values], utc=True, format="ISO8601")
    return df
