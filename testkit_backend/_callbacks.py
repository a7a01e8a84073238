"""Requests where the driver calls back into the test, and test bookkeeping.

Transaction functions: the backend's work function announces each attempt with
``RetryableTry`` and then handles requests (``TransactionRun``, ``ResultNext``, ...) until
the test says ``RetryablePositive`` (return: the driver commits) or ``RetryableNegative``
(raise the driver error the test names, or a ``FrontendError``). Bookmark-manager
supplier/consumer and resolver callbacks send a request to the test and wait for the
matching ``*Completed`` request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt import Bookmarks, GraphDatabase, unit_of_work
from testkit_backend._backend import Backend
from testkit_backend._errors import FrontendError
from testkit_backend._features import features, skip_reason

Data = dict[str, Any]


# -- test bookkeeping --------------------------------------------------------------------------
def start_test(backend: Backend, data: Data) -> None:
    reason = skip_reason(data["testName"])
    if reason is None:
        backend.send("RunTest")
    else:
        backend.send("SkipTest", {"reason": reason})


def start_sub_test(backend: Backend, data: Data) -> None:
    # StartTest never answers RunSubTests, so every subtest of a running test runs.
    backend.send("RunTest")


def get_features(backend: Backend, data: Data) -> None:
    backend.send("FeatureList", {"features": features()})


# -- transaction functions ---------------------------------------------------------------------
def _transaction_function(backend: Backend, data: Data, mode: str) -> None:
    from testkit_backend._requests import tx_kwargs

    tracker = backend.sessions[data["sessionId"]]

    def work(tx: Any) -> None:
        key = backend.next_key()
        backend.transactions[key] = tx
        tracker.state, tracker.error_id = "", None
        backend.send("RetryableTry", {"id": key})
        while tracker.state == "":
            if not backend.process_request():
                raise ConnectionError("testkit went away inside a transaction function")
        if tracker.state == "-":
            if tracker.error_id:
                raise backend.errors[tracker.error_id]
            raise FrontendError("Client said no")

    function = unit_of_work(**tx_kwargs(data))(work)
    if mode == "r":
        tracker.session.execute_read(function)
    else:
        tracker.session.execute_write(function)
    backend.send("RetryableDone")


def session_read_transaction(backend: Backend, data: Data) -> None:
    _transaction_function(backend, data, "r")


def session_write_transaction(backend: Backend, data: Data) -> None:
    _transaction_function(backend, data, "w")


def retryable_positive(backend: Backend, data: Data) -> None:
    backend.sessions[data["sessionId"]].state = "+"


def retryable_negative(backend: Backend, data: Data) -> None:
    tracker = backend.sessions[data["sessionId"]]
    tracker.state = "-"
    tracker.error_id = data.get("errorId") or None


# -- bookmark managers -------------------------------------------------------------------------
def _supplier(backend: Backend, manager_id: int) -> Callable[[], Bookmarks]:
    def supplier() -> Bookmarks:
        key = backend.next_key()
        backend.send("BookmarksSupplierRequest", {"id": key, "bookmarkManagerId": manager_id})
        return Bookmarks.from_raw_values(backend.await_answer(key))

    return supplier


def _consumer(backend: Backend, manager_id: int) -> Callable[[Bookmarks], None]:
    def consumer(bookmarks: Bookmarks) -> None:
        key = backend.next_key()
        backend.send(
            "BookmarksConsumerRequest",
            {"id": key, "bookmarkManagerId": manager_id, "bookmarks": sorted(bookmarks.raw_values)},
        )
        backend.await_answer(key)

    return consumer


def new_bookmark_manager(backend: Backend, data: Data) -> None:
    key = backend.next_key()
    manager = GraphDatabase.bookmark_manager(
        initial_bookmarks=data.get("initialBookmarks"),
        bookmarks_supplier=(
            _supplier(backend, key) if data.get("bookmarksSupplierRegistered") else None
        ),
        bookmarks_consumer=(
            _consumer(backend, key) if data.get("bookmarksConsumerRegistered") else None
        ),
    )
    backend.bookmark_managers[key] = manager
    backend.send("BookmarkManager", {"id": key})


def bookmark_manager_close(backend: Backend, data: Data) -> None:
    del backend.bookmark_managers[data["id"]]
    backend.send("BookmarkManager", {"id": data["id"]})


def bookmarks_supplier_completed(backend: Backend, data: Data) -> None:
    backend.callback_answers[data["requestId"]] = list(data.get("bookmarks") or ())


def bookmarks_consumer_completed(backend: Backend, data: Data) -> None:
    backend.callback_answers[data["requestId"]] = True


# -- address resolution ------------------------------------------------------------------------
def resolver_for(backend: Backend) -> Callable[[Any], list[tuple[str, int]]]:
    """A driver ``resolver`` asking the test (``ResolverResolutionRequired``)."""

    def resolve(address: Any) -> list[tuple[str, int]]:
        key = backend.next_key()
        host, port = address[0], address[1]
        backend.send("ResolverResolutionRequired", {"id": key, "address": f"{host}:{port}"})
        resolved = backend.await_answer(key)
        out = []
        for item in resolved:
            name, _, number = str(item).rpartition(":")
            out.append((name, int(number)))
        return out

    return resolve


def resolver_resolution_completed(backend: Backend, data: Data) -> None:
    backend.callback_answers[data["requestId"]] = list(data.get("addresses") or ())


HANDLERS = {
    "StartTest": start_test,
    "StartSubTest": start_sub_test,
    "GetFeatures": get_features,
    "SessionReadTransaction": session_read_transaction,
    "SessionWriteTransaction": session_write_transaction,
    "RetryablePositive": retryable_positive,
    "RetryableNegative": retryable_negative,
    "NewBookmarkManager": new_bookmark_manager,
    "BookmarkManagerClose": bookmark_manager_close,
    "BookmarksSupplierCompleted": bookmarks_supplier_completed,
    "BookmarksConsumerCompleted": bookmarks_consumer_completed,
    "ResolverResolutionCompleted": resolver_resolution_completed,
}
