"""Handlers for result requests: next, peek, single, list, consume."""

from __future__ import annotations

import warnings
from typing import Any

from testkit_backend._backend import Backend
from testkit_backend._summary import summary
from testkit_backend._values import record

Data = dict[str, Any]


def _result(backend: Backend, data: Data) -> Any:
    return backend.results[data["resultId"]]


def result_next(backend: Backend, data: Data) -> None:
    # A fresh iterator each time: the driver's result iterator resumes where reading stopped.
    rec = next(iter(_result(backend, data)), None)
    if rec is None:
        backend.send("NullRecord")
    else:
        backend.send("Record", record(rec))


def result_peek(backend: Backend, data: Data) -> None:
    rec = _result(backend, data).peek()
    if rec is None:
        backend.send("NullRecord")
    else:
        backend.send("Record", record(rec))


def result_single(backend: Backend, data: Data) -> None:
    backend.send("Record", record(_result(backend, data).single(strict=True)))


def result_single_optional(backend: Backend, data: Data) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec = _result(backend, data).single(strict=False)
    backend.send(
        "RecordOptional",
        {
            "record": None if rec is None else record(rec),
            "warnings": [str(w.message) for w in caught],
        },
    )


def result_list(backend: Backend, data: Data) -> None:
    records = list(_result(backend, data))
    backend.send("RecordList", {"records": [record(r) for r in records]})


def result_consume(backend: Backend, data: Data) -> None:
    backend.send("Summary", summary(_result(backend, data).consume()))


HANDLERS = {
    "ResultNext": result_next,
    "ResultPeek": result_peek,
    "ResultSingle": result_single,
    "ResultSingleOptional": result_single_optional,
    "ResultList": result_list,
    "ResultConsume": result_consume,
}
