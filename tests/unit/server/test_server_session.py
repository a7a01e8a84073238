"""The server state machine, driven message by message without sockets."""

from __future__ import annotations

from typing import Any

import pytest

from graphbolt.bolt import Dechunker, MessageWriter, decode_response
from graphbolt.bolt import _messages as M
from graphbolt.bolt._packstream import Packer
from graphbolt.bolt._structs import dehydrators, hydrators
from graphbolt.server import ServerContext, Session

PASSWORD = "s3cret-pw"  # the conftest user's password

SUCCESS, RECORD, IGNORED, FAILURE = M.SUCCESS, M.RECORD, M.IGNORED, M.FAILURE
BASIC = {"scheme": "basic", "principal": "neo4j", "credentials": PASSWORD}


class Driver:
    """Drives a ``Session`` with encoded messages and decodes its replies."""

    def __init__(self, ctx: ServerContext, version: tuple[int, int], manifest: bool) -> None:
        self.out = MessageWriter()
        self.session = Session(ctx, version, self.out, connection_id="bolt-test", manifest=manifest)
        self.packer = Packer(dehydrators(version, True))
        self.hydrators = hydrators(version)

    def send(self, tag: int, *fields: Any) -> list[tuple[int, list[Any]]]:
        data = bytearray()
        self.packer.structure(data, tag, list(fields))
        self.session.handle(bytes(data))
        return self.replies()

    def replies(self) -> list[tuple[int, list[Any]]]:
        dechunker = Dechunker()
        dechunker.feed(self.out.take())
        return [decode_response(m, self.hydrators) for m in dechunker.messages()]

    @property
    def state(self) -> str:
        return self.session.state


@pytest.fixture
def connect(ctx: ServerContext) -> Any:
    def make(version: tuple[int, int] = (5, 8), manifest: bool = False) -> Driver:
        return Driver(ctx, version, manifest)

    return make


def ready(connect: Any, version: tuple[int, int] = (5, 8), manifest: bool = False) -> Driver:
    driver: Driver = connect(version, manifest)
    if version >= (5, 1):
        assert driver.send(M.HELLO, {"user_agent": "t"})[0][0] == SUCCESS
        assert driver.send(M.LOGON, BASIC) == [(SUCCESS, [{}])]
    else:
        assert driver.send(M.HELLO, {"user_agent": "t", **BASIC})[0][0] == SUCCESS
    assert driver.state == "READY"
    return driver


def tags(replies: list[tuple[int, list[Any]]]) -> list[int]:
    return [tag for tag, _ in replies]


def test_hello_metadata(connect: Any) -> None:
    driver = connect((5, 8), True)
    [(tag, [meta])] = driver.send(M.HELLO, {"user_agent": "t"})
    assert tag == SUCCESS
    assert meta["server"].startswith("Neo4j/5") and "graphbolt" in meta["server"]
    assert meta["connection_id"] == "bolt-test"
    assert meta["protocol_version"] == "5.8"
    assert driver.state == "AUTHENTICATION"


def test_wrong_password_fails_and_closes(connect: Any) -> None:
    driver = connect((5, 8))
    driver.send(M.HELLO, {"user_agent": "t"})
    [(tag, [meta])] = driver.send(M.LOGON, {**BASIC, "credentials": "wrong"})
    assert tag == FAILURE
    assert meta["neo4j_code"] == "Neo.ClientError.Security.Unauthorized"
    assert driver.session.closed


def test_bolt_4_4_auth_in_hello_and_utc_patch(connect: Any) -> None:
    driver = connect((4, 4))
    [(tag, [meta])] = driver.send(M.HELLO, {"user_agent": "t", "patch_bolt": ["utc"], **BASIC})
    assert tag == SUCCESS and meta["patch_bolt"] == ["utc"]
    assert driver.state == "READY" and driver.session.utc


def test_auto_commit_with_backpressure(connect: Any) -> None:
    driver = ready(connect)
    [(tag, [meta])] = driver.send(M.RUN, "UNWIND range(1, 5) AS x RETURN x", {}, {})
    assert tag == SUCCESS and meta["fields"] == ["x"] and "t_first" in meta
    replies = driver.send(M.PULL, {"n": 2})
    assert replies == [(RECORD, [[1]]), (RECORD, [[2]]), (SUCCESS, [{"has_more": True}])]
    assert driver.state == "STREAMING"
    replies = driver.send(M.PULL, {"n": -1})
    assert tags(replies) == [RECORD, RECORD, RECORD, SUCCESS]
    final = replies[-1][1][0]
    assert final["type"] == "r" and final["bookmark"].startswith("graphbolt:")
    assert final["db"] == "neo4j"
    assert driver.state == "READY"


def test_write_stats_and_discard(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "CREATE (:A {x: 1}), (:A {x: 2}) RETURN 1", {}, {})
    [(tag, [meta])] = driver.send(M.DISCARD, {"n": -1})
    assert tag == SUCCESS
    assert meta["stats"]["nodes-created"] == 2 and meta["type"] in ("w", "rw")
    driver.send(M.RUN, "MATCH (a:A) RETURN a.x AS x ORDER BY x", {}, {"mode": "r"})
    assert tags(driver.send(M.PULL, {"n": 10})) == [RECORD, RECORD, SUCCESS]


def test_explicit_transaction_with_two_open_results(connect: Any) -> None:
    driver = ready(connect)
    assert driver.send(M.BEGIN, {}) == [(SUCCESS, [{"db": "neo4j"}])]
    q0 = driver.send(M.RUN, "UNWIND [1, 2, 3] AS x RETURN x", {}, {})[0][1][0]
    q1 = driver.send(M.RUN, "CREATE (n:T {v: $v}) RETURN n.v AS v", {"v": 9}, {})[0][1][0]
    assert (q0["qid"], q1["qid"]) == (0, 1)
    assert driver.send(M.PULL, {"n": 1, "qid": 0}) == [
        (RECORD, [[1]]), (SUCCESS, [{"has_more": True}])
    ]  # fmt: skip
    assert tags(driver.send(M.PULL, {"n": -1})) == [RECORD, SUCCESS]  # qid -1: the last (1)
    assert driver.state == "TX_STREAMING"
    assert tags(driver.send(M.PULL, {"n": -1, "qid": 0})) == [RECORD, RECORD, SUCCESS]
    assert driver.state == "TX_READY"
    [(tag, [meta])] = driver.send(M.COMMIT)
    assert tag == SUCCESS and meta["bookmark"].startswith("graphbolt:neo4j:")
    driver.send(M.BEGIN, {"bookmarks": [meta["bookmark"]], "mode": "r"})
    driver.send(M.RUN, "MATCH (n:T) RETURN n.v AS v", {}, {})
    assert driver.send(M.PULL, {"n": -1})[0] == (RECORD, [[9]])


def test_rollback_discards_writes(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.BEGIN, {})
    driver.send(M.RUN, "CREATE (:Gone)", {}, {})
    driver.send(M.PULL, {"n": -1})
    assert driver.send(M.ROLLBACK) == [(SUCCESS, [{}])]
    driver.send(M.RUN, "MATCH (n:Gone) RETURN count(n) AS c", {}, {})
    assert driver.send(M.PULL, {"n": -1})[0] == (RECORD, [[0]])


def test_failure_then_ignored_then_reset(connect: Any) -> None:
    driver = ready(connect)
    [(tag, [meta])] = driver.send(M.RUN, "RETURN 1 +", {}, {})
    assert tag == FAILURE
    assert meta["neo4j_code"] == "Neo.ClientError.Statement.SyntaxError"
    assert meta["gql_status"] == "42001" and meta["description"] and meta["message"]
    assert meta["diagnostic_record"]["_classification"] == "CLIENT_ERROR"
    assert driver.state == "FAILED"
    assert driver.send(M.PULL, {"n": -1}) == [(IGNORED, [])]
    assert driver.send(M.RESET) == [(SUCCESS, [{}])]
    assert driver.state == "READY"


def test_failure_in_transaction_dooms_it(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.BEGIN, {})
    driver.send(M.RUN, "CREATE (:Doomed)", {}, {})
    assert driver.send(M.RUN, "RETURN $missing", {}, {})[0][0] == FAILURE
    assert driver.send(M.COMMIT) == [(IGNORED, [])]
    driver.send(M.RESET)
    driver.send(M.RUN, "MATCH (n:Doomed) RETURN count(n)", {}, {})
    assert driver.send(M.PULL, {"n": -1})[0] == (RECORD, [[0]])


def test_old_failure_shape_before_5_7(connect: Any) -> None:
    driver = ready(connect, (5, 6))
    [(tag, [meta])] = driver.send(M.RUN, "RETURN 1 +", {}, {})
    assert tag == FAILURE and set(meta) == {"code", "message"}
    assert meta["code"] == "Neo.ClientError.Statement.SyntaxError"


def test_message_not_allowed_in_state_closes(connect: Any) -> None:
    driver = ready(connect)
    [(tag, [meta])] = driver.send(M.PULL, {"n": -1})
    assert tag == FAILURE and meta["neo4j_code"] == "Neo.ClientError.Request.Invalid"
    assert driver.session.closed


def test_malformed_message_closes(connect: Any) -> None:
    driver = ready(connect)
    driver.session.handle(b"\xb3\x10\x01")  # RUN with a truncated field list
    [(tag, [meta])] = driver.replies()
    assert tag == FAILURE and meta["neo4j_code"].startswith("Neo.ClientError.Request.")
    assert driver.session.closed


def test_route_answers_a_one_member_table(connect: Any) -> None:
    driver: Driver = connect((5, 8))
    driver.send(M.HELLO, {"user_agent": "t", "routing": {"address": "example:1234"}})
    driver.send(M.LOGON, BASIC)
    [(tag, [meta])] = driver.send(M.ROUTE, {"address": "example:1234"}, [], {"db": None})
    assert tag == SUCCESS
    table = meta["rt"]
    assert table["db"] == "neo4j" and table["ttl"] > 0
    assert sorted(s["role"] for s in table["servers"]) == ["READ", "ROUTE", "WRITE"]
    assert all(s["addresses"] == ["example:1234"] for s in table["servers"])


def test_unknown_database(connect: Any) -> None:
    driver = ready(connect)
    [(tag, [meta])] = driver.send(M.RUN, "RETURN 1", {}, {"db": "nope"})
    assert tag == FAILURE
    assert meta["neo4j_code"] == "Neo.ClientError.Database.DatabaseNotFound"


def test_logoff_and_goodbye(connect: Any) -> None:
    driver = ready(connect)
    assert driver.send(M.TELEMETRY, 2) == [(SUCCESS, [{}])]
    assert driver.send(M.LOGOFF) == [(SUCCESS, [{}])]
    assert driver.state == "AUTHENTICATION"
    assert driver.send(M.LOGON, BASIC) == [(SUCCESS, [{}])]
    assert driver.send(M.GOODBYE) == []
    assert driver.session.closed


def test_temporal_parameters_round_trip(connect: Any) -> None:
    from graphbolt.values._temporal import DateTime, LocalDateTime

    driver = ready(connect)
    value = DateTime.from_local(LocalDateTime(2021, 3, 28, 3_600_000_000_123), 0, "Europe/Paris")
    driver.send(M.RUN, "RETURN $t AS t", {"t": value}, {})
    assert driver.send(M.PULL, {"n": -1})[0] == (RECORD, [[value]])


def test_runtime_error_while_streaming(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "UNWIND [1, 2, 0, 4] AS x CREATE (:Partial) RETURN 10 / x AS y", {}, {})
    replies = driver.send(M.PULL, {"n": -1})
    assert replies[-1][0] == FAILURE
    assert replies[-1][1][0]["neo4j_code"] == "Neo.ClientError.Statement.ArithmeticError"
    assert driver.state == "FAILED"
    driver.send(M.RESET)
    driver.send(M.RUN, "MATCH (n:Partial) RETURN count(n)", {}, {})
    assert driver.send(M.PULL, {"n": -1})[0] == (RECORD, [[0]])  # rolled back


def test_read_mode_refuses_writes(connect: Any) -> None:
    driver = ready(connect)
    [(tag, [meta])] = driver.send(M.RUN, "CREATE (:Nope)", {}, {"mode": "r"})
    assert tag == FAILURE and meta["neo4j_code"].startswith("Neo.ClientError.")


def test_bad_pull_fields(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "RETURN 1", {}, {})
    [(tag, _)] = driver.send(M.PULL, {"n": 0})
    assert tag == FAILURE and driver.state == "FAILED"


@pytest.mark.parametrize(("prefix", "key"), [("EXPLAIN", "plan"), ("PROFILE", "profile")])
def test_explain_and_profile_send_a_plan_map(connect: Any, prefix: str, key: str) -> None:
    driver = ready(connect)
    driver.send(M.RUN, f"{prefix} CREATE (n) RETURN n", {}, {})
    summary = driver.send(M.PULL, {"n": -1})[-1]
    assert summary[0] == SUCCESS
    meta = summary[1][0]
    assert "plan" not in meta or key == "plan"
    plan = meta[key]
    assert plan["operatorType"] == "Projection" and plan["args"] == {"details": "'n'"}
    assert plan["children"][0]["operatorType"] == "Create"
    assert ("dbHits" in plan) == (key == "profile")


def test_no_plan_without_explain(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "CREATE (n) RETURN n", {}, {})
    meta = driver.send(M.PULL, {"n": -1})[-1][1][0]
    assert "plan" not in meta and "profile" not in meta


def test_records_before_a_runtime_error_are_sent(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "UNWIND [1, 0, 2] AS x RETURN 10 / x", {}, {})
    replies = driver.send(M.PULL, {"n": -1})
    assert tags(replies) == [RECORD, FAILURE]
    assert replies[0][1] == [[10]]
    assert replies[1][1][0]["neo4j_code"] == "Neo.ClientError.Statement.ArithmeticError"


def test_tx_metadata_reads_back_with_tx_get_metadata(connect: Any) -> None:
    driver = ready(connect)
    driver.send(M.RUN, "CALL tx.getMetaData", {}, {"tx_metadata": {"app": "x", "n": 1.5}})
    replies = driver.send(M.PULL, {"n": -1})
    assert replies[0] == (RECORD, [[{"app": "x", "n": 1.5}]])


def test_cartesian_product_notification_on_the_wire(connect: Any) -> None:
    for version, key in (((5, 4), "notifications"), ((5, 8), "statuses")):
        driver = ready(connect, version)
        driver.send(M.RUN, "EXPLAIN MATCH (n), (m) RETURN n, m", {}, {})
        meta = driver.send(M.PULL, {"n": -1})[-1][1][0]
        (note,) = meta[key]
        code = note["code"] if key == "notifications" else note["neo4j_code"]
        assert code == "Neo.ClientNotification.Statement.CartesianProduct"
