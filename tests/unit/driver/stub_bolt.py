"""A scripted Bolt server for wire-level tests of the driver (like testkit's stub server).

Each accepted connection plays the next script, on its own thread (connections may be open
at once): ``C("RUN")`` waits for the client's next message and checks its name,
``S(SUCCESS, {...})`` sends a reply, ``EXIT`` hangs up, ``WAIT(s)`` sleeps. Everything the
client sent is recorded (``StubServer.received``), so a test asserts the exact message
sequence the driver put on the wire. After its script a connection records what else comes
until the client hangs up; with ``answer_resets`` it also answers each RESET with SUCCESS.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphbolt.bolt import Dechunker, MessageWriter, decode_request, dehydrators, hydrators
from graphbolt.bolt._messages import FAILURE, IGNORED, RECORD, SUCCESS

__all__ = ["EXIT", "FAILURE", "IGNORED", "RECORD", "SUCCESS", "WAIT", "C", "S", "StubServer"]


@dataclass(frozen=True)
class C:
    """The client's next message must be ``name``."""

    name: str


@dataclass(frozen=True)
class S:
    """The server sends ``tag`` with ``fields``."""

    tag: int
    fields: tuple[Any, ...] = ()

    def __init__(self, tag: int, *fields: Any) -> None:
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "fields", fields)


@dataclass(frozen=True)
class WAIT:
    seconds: float


EXIT = object()


def hello(version: tuple[int, int], **extra: Any) -> list[Any]:
    """HELLO (+ LOGON on 5.1+) answered with SUCCESS (``extra`` goes into HELLO's reply)."""
    steps: list[Any] = [C("HELLO"), S(SUCCESS, {"server": "Neo4j/5.26.0", **extra})]
    if version >= (5, 1):
        steps += [C("LOGON"), S(SUCCESS, {})]
    return steps


class StubServer:
    """Plays ``scripts`` (one per accepted connection) at Bolt ``version``."""

    def __init__(
        self, version: tuple[int, int], *scripts: list[Any], answer_resets: bool = False
    ) -> None:
        self.version = version
        self._scripts = list(scripts)
        self._answer_resets = answer_resets
        self.received: list[tuple[str, list[Any]]] = []
        self.errors: list[str] = []
        self.connections = 0  # accepted so far
        self._players: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def names(self) -> list[str]:
        return [name for name, _ in self.received]

    def _serve(self) -> None:
        for script in self._scripts:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            player = threading.Thread(target=self._player, args=(conn, script), daemon=True)
            self._players.append(player)
            player.start()
        for player in self._players:
            player.join(5)

    def _player(self, conn: socket.socket, script: list[Any]) -> None:
        with conn:
            try:
                self._play(conn, script)
            except Exception as error:  # surfaces in the test through .errors
                self.errors.append(repr(error))

    def _play(self, conn: socket.socket, script: list[Any]) -> None:
        data = b""
        while len(data) < 20:
            data += conn.recv(64)
        major, minor = self.version
        conn.sendall(bytes([0, 0, minor, major]))
        dechunker = Dechunker()
        dechunker.feed(data[20:])
        writer = MessageWriter(dehydrators(self.version, utc=True))
        for step in script:
            if isinstance(step, C):
                name = self._next_name(conn, dechunker)
                if name != step.name:
                    raise AssertionError(f"expected {step.name}, received {name}")
            elif isinstance(step, S):
                writer.message(step.tag, *step.fields)
                conn.sendall(writer.take())
            elif isinstance(step, WAIT):
                time.sleep(step.seconds)
            elif step is EXIT:
                return
        # The script is done: record whatever else comes (GOODBYE, RESET) until hang-up.
        conn.settimeout(0.5)
        with contextlib.suppress(OSError, AssertionError):
            while True:
                if self._next_name(conn, dechunker) == "RESET" and self._answer_resets:
                    writer.message(SUCCESS, {})
                    conn.sendall(writer.take())

    def _next_name(self, conn: socket.socket, dechunker: Dechunker) -> str:
        while True:
            message = dechunker.next_message()
            if message is not None:
                request = decode_request(message, hydrators(self.version))
                self.received.append((request.name, request.fields))
                return request.name
            data = conn.recv(65536)
            if not data:
                raise AssertionError("the client hung up")
            dechunker.feed(data)

    def done(self) -> None:
        """Wait until every script was played and its client hung up."""
        self._thread.join(5)

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._listener.close()
        self._thread.join(5)


@contextlib.contextmanager
def stub(version: tuple[int, int], *scripts: list[Any]) -> Iterator[StubServer]:
    with StubServer(version, *scripts) as server:
        yield server
