"""Adapter between the temporal value classes and the codec's msgpack ExtType payloads.

The only storage code that knows the constructors of ``graphbolt.values._temporal``; the
payloads are the constructors' arguments in order (the trusted constructors, which do not
re-validate: stored values were valid when written).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.values._temporal import Date, DateTime, Duration, LocalDateTime, LocalTime, Time

EXT_DATE = 2
EXT_LOCAL_TIME = 3
EXT_TIME = 4
EXT_LOCAL_DATE_TIME = 5
EXT_DATE_TIME = 6
EXT_DURATION = 7

ENCODERS: dict[type, tuple[int, Callable[[Any], Any]]] = {
    Date: (EXT_DATE, lambda v: [v.year, v.month, v.day]),
    LocalTime: (EXT_LOCAL_TIME, lambda v: [v.nano_of_day]),
    Time: (EXT_TIME, lambda v: [v.nano_of_day, v.offset]),
    LocalDateTime: (EXT_LOCAL_DATE_TIME, lambda v: [v.year, v.month, v.day, v.nano_of_day]),
    DateTime: (
        EXT_DATE_TIME,
        lambda v: [v.year, v.month, v.day, v.nano_of_day, v.offset, v.zone],
    ),
    Duration: (EXT_DURATION, lambda v: [v.months, v.days, v.seconds, v.nanos]),
}

DECODERS: dict[int, Callable[[Any], Any]] = {
    EXT_DATE: lambda a: Date(*a),
    EXT_LOCAL_TIME: lambda a: LocalTime(*a),
    EXT_TIME: lambda a: Time(*a),
    EXT_LOCAL_DATE_TIME: lambda a: LocalDateTime(*a),
    EXT_DATE_TIME: lambda a: DateTime(*a),
    EXT_DURATION: lambda a: Duration(*a),
}
