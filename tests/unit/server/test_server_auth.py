"""Users with scrypt-hashed passwords, the authenticator, and the CLI's auth rules."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graphbolt.cli.main import UsageError, make_authenticator, parse_listen
from graphbolt.errors import SecurityError
from graphbolt.server import Authenticator, UserStore
from graphbolt.server._auth import USERS_FILE


def test_passwords_are_stored_hashed_and_survive_reopening(tmp_path: Path) -> None:
    store = UserStore.in_directory(str(tmp_path))
    store.set_password("alice", "correct horse")
    text = (tmp_path / "users.json").read_text()
    assert "correct horse" not in text
    entry = json.loads(text)["users"]["alice"]
    assert len(bytes.fromhex(entry["hash"])) == 32 and entry["n"] >= 2**14
    reopened = UserStore.in_directory(str(tmp_path))
    assert reopened.verify("alice", "correct horse")
    assert not reopened.verify("alice", "wrong")
    assert not reopened.verify("bob", "correct horse")
    assert os.stat(tmp_path / "users.json").st_mode & 0o077 == 0


def test_authenticator_basic_scheme() -> None:
    store = UserStore(None)
    store.set_password("neo4j", "pw")
    auth = Authenticator(store)
    token = {"scheme": "basic", "principal": "neo4j", "credentials": "pw"}
    assert auth.authenticate(token) == "neo4j"
    assert auth.authenticate(token) == "neo4j"  # second time from the verified cache
    for bad in (
        {**token, "credentials": "nope"},
        {**token, "principal": "other"},
        {"scheme": "none"},
        {},
        {"scheme": "bearer", "credentials": "t"},
    ):
        with pytest.raises(SecurityError) as caught:
            auth.authenticate(bad)
        assert caught.value.code == "Neo.ClientError.Security.Unauthorized"


def test_disabled_authentication_accepts_any_token() -> None:
    auth = Authenticator(None)
    assert not auth.enabled
    assert auth.authenticate({}) == "anonymous"
    assert auth.authenticate({"scheme": "basic", "principal": "x", "credentials": "y"}) == "x"


def test_make_authenticator_rules(tmp_path: Path) -> None:
    assert not make_authenticator("none", str(tmp_path)).enabled
    assert not (tmp_path / USERS_FILE).exists()  # 'none' creates no user
    with pytest.raises(UsageError):
        make_authenticator("justaname", str(tmp_path))
    auth = make_authenticator("neo4j/first-pw", str(tmp_path))
    assert auth.authenticate({"scheme": "basic", "principal": "neo4j", "credentials": "first-pw"})
    again = make_authenticator(None, str(tmp_path))  # users exist now: start without --auth
    assert again.enabled and again.users is not None and "neo4j" in again.users


def test_parse_listen() -> None:
    assert parse_listen("0.0.0.0:7687") == ("0.0.0.0", 7687)
    assert parse_listen("[::1]:0") == ("::1", 0)
    with pytest.raises(UsageError):
        parse_listen("localhost")


def _serve_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "graphbolt.cli.main", "serve", *args]


def test_first_start_without_a_password_generates_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    auth = make_authenticator(None, str(tmp_path))
    err = capsys.readouterr().err
    match = re.search(r"initial password for user neo4j: (\S+) \(set GRAPHBOLT_AUTH=", err)
    assert match is not None, err
    password = match.group(1)
    assert len(password) >= 20 and auth.users is not None and len(auth.users) == 1
    token = {"scheme": "basic", "principal": "neo4j", "credentials": password}
    assert auth.authenticate(token) == "neo4j"
    assert password not in (tmp_path / USERS_FILE).read_text()  # only the hash is stored
    again = make_authenticator(None, str(tmp_path))  # a later start reuses the stored user
    assert capsys.readouterr().err == ""
    assert again.authenticate(token) == "neo4j"
    other = tmp_path / "other"
    make_authenticator(None, str(other))
    second = re.search(r"user neo4j: (\S+) ", capsys.readouterr().err)
    assert second is not None and second.group(1) != password  # random per data directory


def test_serve_without_a_password_prints_the_generated_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GRAPHBOLT_AUTH"}
    proc = subprocess.Popen(
        _serve_command("--listen", "127.0.0.1:0", "--data", str(tmp_path)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().startswith("graphbolt listening on bolt://127.0.0.1:")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    match = re.search(r"initial password for user neo4j: (\S+) ", err)
    assert match is not None and "Traceback" not in err, err
    assert UserStore.in_directory(str(tmp_path)).verify("neo4j", match.group(1))


def test_serve_starts_with_env_password_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "GRAPHBOLT_AUTH": "neo4j/from-env"}
    proc = subprocess.Popen(
        _serve_command("--listen", "127.0.0.1:0", "--data", str(tmp_path)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("graphbolt listening on bolt://127.0.0.1:")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert UserStore.in_directory(str(tmp_path)).verify("neo4j", "from-env")
