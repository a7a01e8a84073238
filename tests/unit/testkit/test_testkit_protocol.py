"""The backend over TCP with testkit-shaped requests, on an embedded memory:// driver."""

from __future__ import annotations

from typing import Any

from _testkit_client import Client


def _int(value: int) -> dict[str, Any]:
    return {"name": "CypherInt", "data": {"value": value}}


def _str(value: str) -> dict[str, Any]:
    return {"name": "CypherString", "data": {"value": value}}


def _session(client: Client, driver_id: int, **extra: Any) -> int:
    response = client.request(
        "NewSession", driverId=driver_id, accessMode="w", bookmarks=None, database=None,
        fetchSize=None, impersonatedUser=None, **extra,
    )  # fmt: skip
    assert response["name"] == "Session", response
    return int(response["data"]["id"])


def test_features_and_start_test(client: Client) -> None:
    features = client.request("GetFeatures")
    assert features["name"] == "FeatureList"
    assert "Feature:API:Result.Peek" in features["data"]["features"]
    assert client.request("StartTest", testName="stub.x.Test.test_a")["name"] == "RunTest"


def test_session_run_streams_typed_records(client: Client, driver_id: int) -> None:
    session_id = _session(client, driver_id)
    params = {
        "xs": {"name": "CypherList", "data": {"value": [_int(1), _int(2), _int(3)]}},
        "m": {"name": "CypherMap", "data": {"value": {"k": _str("v")}}},
    }
    result = client.request(
        "SessionRun", sessionId=session_id, cypher="UNWIND $xs AS x RETURN x, $m AS m",
        params=params,
    )  # fmt: skip
    assert result["name"] == "Result"
    assert result["data"]["keys"] == ["x", "m"]
    result_id = result["data"]["id"]
    first = client.request("ResultNext", resultId=result_id)
    assert first == {
        "name": "Record",
        "data": {"values": [_int(1), {"name": "CypherMap", "data": {"value": {"k": _str("v")}}}]},
    }
    peeked = client.request("ResultPeek", resultId=result_id)
    assert peeked["data"]["values"][0] == _int(2)
    rest = client.request("ResultList", resultId=result_id)
    assert [r["values"][0] for r in rest["data"]["records"]] == [_int(2), _int(3)]
    assert client.request("ResultNext", resultId=result_id)["name"] == "NullRecord"
    closed = client.request("SessionClose", sessionId=session_id)
    assert closed == {"name": "Session", "data": {"id": session_id}}


def test_explicit_transaction_commit_and_bookmarks(client: Client, driver_id: int) -> None:
    session_id = _session(client, driver_id)
    tx = client.request("SessionBeginTransaction", sessionId=session_id, txMeta=None)
    assert tx["name"] == "Transaction"
    tx_id = tx["data"]["id"]
    result = client.request("TransactionRun", txId=tx_id, cypher="CREATE (n:N) RETURN n", params={})
    record = client.request("ResultSingle", resultId=result["data"]["id"])
    node = record["data"]["values"][0]
    assert node["name"] == "Node"
    assert node["data"]["labels"] == {"name": "CypherList", "data": {"value": [_str("N")]}}
    assert client.request("TransactionCommit", txId=tx_id)["name"] == "Transaction"
    bookmarks = client.request("SessionLastBookmarks", sessionId=session_id)
    assert bookmarks["name"] == "Bookmarks"
    assert len(bookmarks["data"]["bookmarks"]) == 1
    summary = client.request(
        "SessionRun", sessionId=session_id, cypher="MATCH (n:N) DELETE n", params=None
    )
    consumed = client.request("ResultConsume", resultId=summary["data"]["id"])
    assert consumed["name"] == "Summary"
    assert consumed["data"]["counters"]["nodesDeleted"] == 1
    assert consumed["data"]["query"]["text"] == "MATCH (n:N) DELETE n"


def test_transaction_function_retry_protocol(client: Client, driver_id: int) -> None:
    session_id = _session(client, driver_id)
    attempt = client.request("SessionWriteTransaction", sessionId=session_id, txMeta=None)
    assert attempt["name"] == "RetryableTry"
    tx_id = attempt["data"]["id"]
    result = client.request("TransactionRun", txId=tx_id, cypher="RETURN 7 AS x", params={})
    record = client.request("ResultNext", resultId=result["data"]["id"])
    assert record["data"]["values"] == [_int(7)]
    # A managed transaction has no commit(): reported as a driver error, the function goes on.
    refused = client.request("TransactionCommit", txId=tx_id)
    assert refused["name"] == "DriverError"
    client.send("RetryablePositive", sessionId=session_id)
    assert client.receive() == {"name": "RetryableDone", "data": {}}


def test_retryable_negative_without_error_is_a_frontend_error(
    client: Client, driver_id: int
) -> None:
    session_id = _session(client, driver_id)
    attempt = client.request("SessionReadTransaction", sessionId=session_id, txMeta=None)
    assert attempt["name"] == "RetryableTry"
    client.send("RetryableNegative", sessionId=session_id, errorId="")
    response = client.receive()
    assert response["name"] == "FrontendError"
    assert response["data"]["msg"] == "Client said no"


def test_retryable_negative_rethrows_the_named_driver_error(client: Client, driver_id: int) -> None:
    session_id = _session(client, driver_id)
    attempt = client.request("SessionWriteTransaction", sessionId=session_id, txMeta=None)
    tx_id = attempt["data"]["id"]
    failed = client.request("TransactionRun", txId=tx_id, cypher="RETURN $missing", params={})
    if failed["name"] == "Result":  # the failure may surface only when reading
        failed = client.request("ResultNext", resultId=failed["data"]["id"])
    assert failed["name"] == "DriverError", failed
    client.send("RetryableNegative", sessionId=session_id, errorId=failed["data"]["id"])
    rethrown = client.receive()
    assert rethrown["name"] == "DriverError"
    assert rethrown["data"]["code"] == failed["data"]["code"]


def test_driver_errors_carry_code_type_and_gql_fields(client: Client, driver_id: int) -> None:
    session_id = _session(client, driver_id)
    response = client.request("SessionRun", sessionId=session_id, cypher="RETRUN 1", params=None)
    if response["name"] == "Result":
        response = client.request("ResultNext", resultId=response["data"]["id"])
    assert response["name"] == "DriverError", response
    data = response["data"]
    assert data["code"] == "Neo.ClientError.Statement.SyntaxError"
    assert data["errorType"] == "<class 'neo4j.exceptions.CypherSyntaxError'>"
    assert data["retryable"] is False
    assert isinstance(data["gqlStatus"], str) and len(data["gqlStatus"]) == 5
    assert isinstance(data["diagnosticRecord"], dict)


def test_unknown_request_is_a_backend_error(client: Client) -> None:
    response = client.request("NoSuchRequest")
    assert response["name"] == "BackendError"
    assert "NoSuchRequest" in response["data"]["msg"]


def test_bookmark_manager_supplier_and_consumer_callbacks(client: Client, driver_id: int) -> None:
    manager = client.request(
        "NewBookmarkManager", initialBookmarks=None,
        bookmarksSupplierRegistered=True, bookmarksConsumerRegistered=True,
    )  # fmt: skip
    manager_id = manager["data"]["id"]
    session_id = _session(client, driver_id, bookmarkManagerId=manager_id)
    client.send("SessionRun", sessionId=session_id, cypher="CREATE ()", params=None)
    supply = client.receive()
    assert supply["name"] == "BookmarksSupplierRequest"
    assert supply["data"]["bookmarkManagerId"] == manager_id
    result = client.request("BookmarksSupplierCompleted", requestId=supply["data"]["id"],
                            bookmarks=[])  # fmt: skip
    if result["name"] == "BookmarksConsumerRequest":  # a small result may end at once
        consumed = result
        result = client.request("BookmarksConsumerCompleted", requestId=consumed["data"]["id"])
    else:
        client.send("ResultConsume", resultId=result["data"]["id"])
        consumed = client.receive()
        assert consumed["name"] == "BookmarksConsumerRequest", consumed
        client.send("BookmarksConsumerCompleted", requestId=consumed["data"]["id"])
        assert client.receive()["name"] == "Summary"
    assert len(consumed["data"]["bookmarks"]) == 1
    closed = client.request("BookmarkManagerClose", id=manager_id)
    assert closed == {"name": "BookmarkManager", "data": {"id": manager_id}}


def test_execute_query_and_driver_requests(client: Client, driver_id: int) -> None:
    eager = client.request(
        "ExecuteQuery", driverId=driver_id, cypher="RETURN $x + 1 AS y",
        params={"x": _int(41)}, config={"routing": "r", "bookmarkManagerId": -1},
    )  # fmt: skip
    assert eager["name"] == "EagerResult"
    assert eager["data"]["keys"] == ["y"]
    assert eager["data"]["records"] == [{"values": [_int(42)]}]
    assert eager["data"]["summary"]["queryType"] == "r"
    info = client.request("GetServerInfo", driverId=driver_id)
    assert info["name"] == "ServerInfo"
    assert set(info["data"]) == {"address", "agent", "protocolVersion"}
    encrypted = client.request("CheckDriverIsEncrypted", driverId=driver_id)
    assert encrypted == {"name": "DriverIsEncrypted", "data": {"encrypted": False}}
    connectivity = client.request("VerifyConnectivity", driverId=driver_id)
    assert connectivity == {"name": "Driver", "data": {"id": driver_id}}
    assert client.request("DriverClose", driverId=driver_id)["name"] == "Driver"
    after = client.request("NewSession", driverId=driver_id, accessMode="r")
    assert after["name"] == "DriverError"
    assert after["data"]["errorType"] == "<class 'neo4j.exceptions.DriverError'>"


def test_watchdog_reports_a_hangup_but_not_pending_requests() -> None:
    import socket
    import threading

    from testkit_backend._server import _watch

    ours, theirs = socket.socketpair()
    hung_up = threading.Event()
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(ours, done, hung_up.set), daemon=True)
    watcher.start()
    theirs.sendall(b"#request begin\n")  # readable data is not a hangup
    assert not hung_up.wait(0.5)
    assert ours.recv(100) == b"#request begin\n"  # the backend reads its request
    theirs.close()
    assert hung_up.wait(2)
    watcher.join(2)
    done.set()
    ours.close()
