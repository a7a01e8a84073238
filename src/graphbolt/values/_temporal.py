"""Cypher's temporal values: Date, LocalTime, Time, LocalDateTime, DateTime and Duration.

All six are immutable (``__slots__``, never mutated after ``__init__``), hashable, and carry
nanosecond precision over years -999,999,999..+999,999,999 (see ``_temporal_cal``). ``str(v)``
is Cypher's string form (``_temporal_format``). The constructors are *trusted* (no range
checks, used by internal code that already knows the fields are valid); ``Date.of``,
``LocalTime.of`` ... validate and raise ``CypherArgumentError("InvalidArgumentValue")``.

Representation (public attributes):

- ``Date(year, month, day)``; ``epoch_day`` property; ``Date.from_epoch_day(n)``.
- ``LocalTime(nano_of_day)``; ``hour``, ``minute``, ``second``, ``nanosecond`` properties.
- ``Time(nano_of_day, offset)``: ``offset`` in seconds east of UTC.
- ``LocalDateTime(year, month, day, nano_of_day)``; ``date`` / ``time`` properties.
- ``DateTime(year, month, day, nano_of_day, offset, zone)``: local fields, the offset in force
  and an optional IANA zone name (``None`` for a fixed offset). ``DateTime.from_local`` resolves
  local fields in a zone (gaps move forward, overlaps take the earlier offset);
  ``DateTime.from_instant`` converts an instant; ``epoch_seconds`` / ``epoch_nanos`` give it.
- ``Duration(months, days, seconds, nanos)``: Neo4j's four components; the constructor
  normalises ``nanos`` into [0, 1e9) by carrying into ``seconds``.

Value semantics, for ``values._compare`` and ``values._arith``:

- ``==`` is Cypher equality within a class and False across classes. Date/LocalTime/
  LocalDateTime compare their fields; Time equal means same local time *and* same offset;
  DateTime equal means same local date-time, same offset and same zone name (Neo4j: equal
  instants in different zones are not equal); Duration equal means the same months, days,
  seconds and nanoseconds after normalisation (``PT70S = PT1M10S`` but ``P1D != PT24H``).
- ``_cmp_key()``: a tuple ordering two values *of the same class* for ``<``/``>``: Date by
  date, LocalTime by time, Time by UTC-normalised time then local time, LocalDateTime by
  date-time, DateTime by instant then local date-time then zone name. Duration returns None:
  durations are not comparable with ``<`` (the result is null).
- ``_order_key()``: a total order within the class for ORDER BY; equal to ``_cmp_key()``
  except for Duration, ordered by (months, days, seconds, nanos).
- ``cypher_type``: the Cypher type name (``DATE``, ``LOCAL TIME``, ``ZONED TIME``,
  ``LOCAL DATETIME``, ``ZONED DATETIME``, ``DURATION``).

Also here: ``DateTime.now(offset=0, zone=None)`` (real clock) and ``temporal_property(value,
key)`` for ``x.key`` (implemented in ``_temporal_fields``). The rest of the temporal support:
``_temporal_cal`` (calendar and zone math, validation), ``_temporal_format`` (string forms),
``_temporal_parse`` (ISO-8601), ``_temporal_build`` / ``_temporal_construct`` (maps and
conversions), ``_temporal_truncate``, ``_temporal_duration`` (durations from numbers,
duration-only arithmetic), ``_temporal_arith`` (the arithmetic entry points for
``values._arith`` and ``duration.between``), ``_temporal_fields`` (component access).
"""

from __future__ import annotations

import time as _clock
from typing import Any

from graphbolt.values._temporal_cal import (
    MAX_YEAR,
    MIN_YEAR,
    NANOS_PER_DAY,
    NANOS_PER_SECOND,
    check_date,
    check_offset,
    check_time,
    civil,
    epoch_day,
    invalid,
    offset_at_instant,
    offset_for_local,
)
from graphbolt.values._temporal_format import (
    format_date,
    format_duration,
    format_offset,
    format_time,
    format_zone_suffix,
)

__all__ = [
    "TEMPORAL_TYPES",
    "ZERO_DURATION",
    "Date",
    "DateTime",
    "Duration",
    "LocalDateTime",
    "LocalTime",
    "Temporal",
    "Time",
    "invalid",
    "temporal_property",
]


class Temporal:
    """Base class of the six temporal value classes (for ``isinstance`` checks)."""

    __slots__ = ()
    cypher_type = "ANY"

    def _cmp_key(self) -> tuple[Any, ...] | None:
        raise NotImplementedError

    def _order_key(self) -> tuple[Any, ...]:
        raise NotImplementedError


class _TimeFields:
    """Clock-field properties shared by the classes that hold a ``nano_of_day``."""

    __slots__ = ()
    nano_of_day: int

    @property
    def hour(self) -> int:
        return self.nano_of_day // 3_600_000_000_000

    @property
    def minute(self) -> int:
        return self.nano_of_day // 60_000_000_000 % 60

    @property
    def second(self) -> int:
        return self.nano_of_day // NANOS_PER_SECOND % 60

    @property
    def nanosecond(self) -> int:
        return self.nano_of_day % NANOS_PER_SECOND


class _DateFields:
    """Calendar-field helpers shared by the classes that hold year/month/day."""

    __slots__ = ()
    year: int
    month: int
    day: int

    @property
    def epoch_day(self) -> int:
        return epoch_day(self.year, self.month, self.day)

    @property
    def date(self) -> Date:
        return Date(self.year, self.month, self.day)


class Date(_DateFields, Temporal):
    """A calendar date without time or zone."""

    __slots__ = ("day", "month", "year")
    cypher_type = "DATE"

    def __init__(self, year: int, month: int, day: int) -> None:
        self.year = year
        self.month = month
        self.day = day

    @classmethod
    def of(cls, year: int, month: int, day: int) -> Date:
        check_date(year, month, day)
        return cls(year, month, day)

    @classmethod
    def from_epoch_day(cls, days: int) -> Date:
        date = cls(*civil(days))
        if not MIN_YEAR <= date.year <= MAX_YEAR:
            raise invalid(f"Date out of range: year {date.year}")
        return date

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Date
            and self.day == other.day
            and self.month == other.month
            and self.year == other.year
        )

    def __hash__(self) -> int:
        return hash((Date, self.year, self.month, self.day))

    def __str__(self) -> str:
        return format_date(self.year, self.month, self.day)

    def __repr__(self) -> str:
        return f"Date({self})"

    def _cmp_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)

    _order_key = _cmp_key


class LocalTime(_TimeFields, Temporal):
    """A time of day without zone."""

    __slots__ = ("nano_of_day",)
    cypher_type = "LOCAL TIME"

    def __init__(self, nano_of_day: int) -> None:
        self.nano_of_day = nano_of_day

    @classmethod
    def of(cls, hour: int, minute: int = 0, second: int = 0, nano: int = 0) -> LocalTime:
        return cls(check_time(hour, minute, second, nano))

    def __eq__(self, other: object) -> bool:
        return type(other) is LocalTime and self.nano_of_day == other.nano_of_day

    def __hash__(self) -> int:
        return hash((LocalTime, self.nano_of_day))

    def __str__(self) -> str:
        return format_time(self.nano_of_day)

    def __repr__(self) -> str:
        return f"LocalTime({self})"

    def _cmp_key(self) -> tuple[int]:
        return (self.nano_of_day,)

    _order_key = _cmp_key


class Time(_TimeFields, Temporal):
    """A time of day with a fixed UTC offset (seconds)."""

    __slots__ = ("nano_of_day", "offset")
    cypher_type = "ZONED TIME"

    def __init__(self, nano_of_day: int, offset: int) -> None:
        self.nano_of_day = nano_of_day
        self.offset = offset

    @classmethod
    def of(
        cls, hour: int, minute: int = 0, second: int = 0, nano: int = 0, offset: int = 0
    ) -> Time:
        return cls(check_time(hour, minute, second, nano), check_offset(offset))

    @property
    def local(self) -> LocalTime:
        return LocalTime(self.nano_of_day)

    @property
    def utc_nanos(self) -> int:
        """Nanoseconds of the UTC-normalised time (may fall outside one day)."""
        return self.nano_of_day - self.offset * NANOS_PER_SECOND

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Time
            and self.nano_of_day == other.nano_of_day
            and self.offset == other.offset
        )

    def __hash__(self) -> int:
        return hash((Time, self.nano_of_day, self.offset))

    def __str__(self) -> str:
        return format_time(self.nano_of_day) + format_offset(self.offset)

    def __repr__(self) -> str:
        return f"Time({self})"

    def _cmp_key(self) -> tuple[int, int]:
        return (self.utc_nanos, self.nano_of_day)

    _order_key = _cmp_key


class LocalDateTime(_DateFields, _TimeFields, Temporal):
    """A date and time of day without zone."""

    __slots__ = ("day", "month", "nano_of_day", "year")
    cypher_type = "LOCAL DATETIME"

    def __init__(self, year: int, month: int, day: int, nano_of_day: int) -> None:
        self.year = year
        self.month = month
        self.day = day
        self.nano_of_day = nano_of_day

    @classmethod
    def of(
        cls,
        year: int,
        month: int,
        day: int,
        hour: int = 0,
        minute: int = 0,
        second: int = 0,
        nano: int = 0,
    ) -> LocalDateTime:
        check_date(year, month, day)
        return cls(year, month, day, check_time(hour, minute, second, nano))

    @classmethod
    def from_epoch_nanos(cls, nanos: int) -> LocalDateTime:
        """From nanoseconds since 1970-01-01T00:00 (local)."""
        days, nano = divmod(nanos, NANOS_PER_DAY)
        date = Date.from_epoch_day(days)
        return cls(date.year, date.month, date.day, nano)

    @property
    def time(self) -> LocalTime:
        return LocalTime(self.nano_of_day)

    @property
    def epoch_nanos(self) -> int:
        """Nanoseconds since 1970-01-01T00:00, reading the local fields as if in UTC."""
        return self.epoch_day * NANOS_PER_DAY + self.nano_of_day

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is LocalDateTime
            and self.nano_of_day == other.nano_of_day
            and self.day == other.day
            and self.month == other.month
            and self.year == other.year
        )

    def __hash__(self) -> int:
        return hash((LocalDateTime, self.year, self.month, self.day, self.nano_of_day))

    def __str__(self) -> str:
        return f"{format_date(self.year, self.month, self.day)}T{format_time(self.nano_of_day)}"

    def __repr__(self) -> str:
        return f"LocalDateTime({self})"

    def _cmp_key(self) -> tuple[int, int, int, int]:
        return (self.year, self.month, self.day, self.nano_of_day)

    _order_key = _cmp_key


class DateTime(_DateFields, _TimeFields, Temporal):
    """A date and time with the offset in force and, optionally, an IANA zone name."""

    __slots__ = ("day", "month", "nano_of_day", "offset", "year", "zone")
    cypher_type = "ZONED DATETIME"

    def __init__(
        self, year: int, month: int, day: int, nano_of_day: int, offset: int, zone: str | None
    ) -> None:
        self.year = year
        self.month = month
        self.day = day
        self.nano_of_day = nano_of_day
        self.offset = offset
        self.zone = zone

    @classmethod
    def from_local(
        cls, local: LocalDateTime, offset: int, zone: str | None, preferred: int | None = None
    ) -> DateTime:
        """Place local fields in a zone (``zone`` None: the fixed ``offset``)."""
        if zone is None:
            return cls(local.year, local.month, local.day, local.nano_of_day, offset, None)
        local_nanos = local.epoch_nanos
        found = offset_for_local(zone, local_nanos // NANOS_PER_SECOND, preferred)
        result = cls.from_instant(local_nanos - found * NANOS_PER_SECOND, found, zone)
        return result

    @classmethod
    def from_instant(cls, epoch_nanos: int, offset: int, zone: str | None) -> DateTime:
        """The date-time of an instant seen in a zone (``zone`` None: the fixed ``offset``)."""
        if zone is not None:
            offset = offset_at_instant(zone, epoch_nanos // NANOS_PER_SECOND)
        local = LocalDateTime.from_epoch_nanos(epoch_nanos + offset * NANOS_PER_SECOND)
        return cls(local.year, local.month, local.day, local.nano_of_day, offset, zone)

    @classmethod
    def now(cls, offset: int = 0, zone: str | None = None) -> DateTime:
        """The current instant (real clock) in a zone; default UTC."""
        return cls.from_instant(_clock.time_ns(), offset, zone)

    @property
    def local(self) -> LocalDateTime:
        return LocalDateTime(self.year, self.month, self.day, self.nano_of_day)

    @property
    def time(self) -> LocalTime:
        return LocalTime(self.nano_of_day)

    @property
    def epoch_nanos(self) -> int:
        """Nanoseconds since 1970-01-01T00:00Z of the instant."""
        return self.epoch_day * NANOS_PER_DAY + self.nano_of_day - self.offset * NANOS_PER_SECOND

    @property
    def epoch_seconds(self) -> int:
        return self.epoch_nanos // NANOS_PER_SECOND

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is DateTime
            and self.nano_of_day == other.nano_of_day
            and self.day == other.day
            and self.month == other.month
            and self.year == other.year
            and self.offset == other.offset
            and self.zone == other.zone
        )

    def __hash__(self) -> int:
        return hash(
            (DateTime, self.year, self.month, self.day, self.nano_of_day, self.offset, self.zone)
        )

    def __str__(self) -> str:
        return (
            f"{format_date(self.year, self.month, self.day)}T{format_time(self.nano_of_day)}"
            f"{format_zone_suffix(self.offset, self.zone)}"
        )

    def __repr__(self) -> str:
        return f"DateTime({self})"

    def _cmp_key(self) -> tuple[int, int, int, int, int, str]:
        return (
            self.epoch_nanos, self.year, self.month, self.day, self.nano_of_day, self.zone or ""
        )  # fmt: skip

    _order_key = _cmp_key


class Duration(Temporal):
    """A temporal amount: months, days, seconds and nanoseconds, each kept apart.

    Months and days are not converted into each other or into seconds because their length
    varies; ``nanos`` is always in [0, 1e9) and ``seconds`` carries the sign.
    """

    __slots__ = ("days", "months", "nanos", "seconds")
    cypher_type = "DURATION"

    def __init__(self, months: int, days: int, seconds: int, nanos: int = 0) -> None:
        if not 0 <= nanos < NANOS_PER_SECOND:
            carry, nanos = divmod(nanos, NANOS_PER_SECOND)
            seconds += carry
        self.months = months
        self.days = days
        self.seconds = seconds
        self.nanos = nanos

    @property
    def total_nanos(self) -> int:
        """Seconds and nanoseconds as one nanosecond count (months and days left out)."""
        return self.seconds * NANOS_PER_SECOND + self.nanos

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is Duration
            and self.months == other.months
            and self.days == other.days
            and self.seconds == other.seconds
            and self.nanos == other.nanos
        )

    def __hash__(self) -> int:
        return hash((Duration, self.months, self.days, self.seconds, self.nanos))

    def __str__(self) -> str:
        return format_duration(self.months, self.days, self.seconds, self.nanos)

    def __repr__(self) -> str:
        return f"Duration({self})"

    def _cmp_key(self) -> None:
        return None

    def _order_key(self) -> tuple[int, int, int, int]:
        return (self.months, self.days, self.seconds, self.nanos)


TEMPORAL_TYPES: tuple[type, ...] = (Date, LocalTime, Time, LocalDateTime, DateTime, Duration)

ZERO_DURATION = Duration(0, 0, 0, 0)


def temporal_property(value: Temporal, key: str) -> Any:
    """``value.key`` (see ``_temporal_fields``; imported lazily to keep this module small)."""
    from graphbolt.values._temporal_fields import temporal_property as get

    return get(value, key)
