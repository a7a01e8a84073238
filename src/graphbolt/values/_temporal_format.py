"""Cypher's string forms of temporal values (Neo4j's, i.e. java.time's ``toString``).

- dates ``1984-10-11``; years beyond four digits carry a sign: ``+999999999-12-31``,
  ``-0001-01-01``;
- times ``12:31`` (seconds left out when seconds and fraction are zero), ``12:31:14``,
  ``12:31:14.645`` (fraction in groups of 3, 6 or 9 digits);
- offsets ``Z`` for zero, ``+01:00``, ``+00:53:28`` when there are seconds;
- date-times ``<date>T<time><offset>[Zone/Name]``;
- durations ``P12Y5M-14DT16H``: every component carries its own sign, the fraction of
  seconds loses trailing zeros, and a zero duration is ``PT0S``.
"""

from __future__ import annotations

from graphbolt.values._temporal_cal import NANOS_PER_SECOND, tdiv, tmod


def format_date(year: int, month: int, day: int) -> str:
    if 0 <= year <= 9999:
        return f"{year:04d}-{month:02d}-{day:02d}"
    sign = "-" if year < 0 else "+"
    return f"{sign}{abs(year):04d}-{month:02d}-{day:02d}"


def format_time(nano_of_day: int) -> str:
    seconds, nano = divmod(nano_of_day, NANOS_PER_SECOND)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    if second == 0 and nano == 0:
        return f"{hour:02d}:{minute:02d}"
    if nano == 0:
        return f"{hour:02d}:{minute:02d}:{second:02d}"
    return f"{hour:02d}:{minute:02d}:{second:02d}.{_fraction(nano)}"


def _fraction(nano: int) -> str:
    if nano % 1_000_000 == 0:
        return f"{nano // 1_000_000:03d}"
    if nano % 1000 == 0:
        return f"{nano // 1000:06d}"
    return f"{nano:09d}"


def format_offset(offset: int) -> str:
    if offset == 0:
        return "Z"
    sign = "-" if offset < 0 else "+"
    minutes, second = divmod(abs(offset), 60)
    hour, minute = divmod(minutes, 60)
    if second:
        return f"{sign}{hour:02d}:{minute:02d}:{second:02d}"
    return f"{sign}{hour:02d}:{minute:02d}"


def format_zone_suffix(offset: int, zone: str | None) -> str:
    if zone is None:
        return format_offset(offset)
    return f"{format_offset(offset)}[{zone}]"


def format_duration(months: int, days: int, seconds: int, nanos: int) -> str:
    """``seconds``/``nanos`` as stored: ``nanos`` in [0, 1e9), ``seconds`` floor-normalised."""
    if months == 0 and days == 0 and seconds == 0 and nanos == 0:
        return "PT0S"
    parts = ["P"]
    _component(parts, tdiv(months, 12), "Y")
    _component(parts, tmod(months, 12), "M")
    _component(parts, days, "D")
    if seconds or nanos:
        # Print the time part with one sign: -1.5 s is stored as (-2, 5e8) but shown -1.5.
        if seconds < 0 and nanos:
            seconds += 1
            nanos -= NANOS_PER_SECOND
        parts.append("T")
        _component(parts, tdiv(seconds, 3600), "H")
        _component(parts, tdiv(tmod(seconds, 3600), 60), "M")
        rest = tmod(seconds, 60)
        if rest or nanos:
            negative = rest < 0 or nanos < 0
            text = str(abs(rest))
            if nanos:
                text += "." + f"{abs(nanos):09d}".rstrip("0")
            parts.append(("-" if negative else "") + text + "S")
    return "".join(parts)


def _component(parts: list[str], value: int, unit: str) -> None:
    if value:
        parts.append(f"{value}{unit}")
