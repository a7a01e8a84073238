"""Temporal value types with nanosecond precision (``neo4j.time`` counterpart).

Python's ``datetime.date``/``time``/``datetime``/``timedelta`` are accepted as query
parameters too.
"""

from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

__all__ = ["Date", "DateTime", "Duration", "LocalDateTime", "LocalTime", "Time"]
