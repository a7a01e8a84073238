"""A scripted Bolt server on a thread: each accepted connection plays the next script.

A script is a list of steps: ``("C", name)`` reads one request and checks its message name
(HELLO, LOGON, BEGIN, RUN, PULL, COMMIT, ...); ``("S", tag, metadata)`` sends a reply
(``SUCCESS`` / ``FAILURE`` / ``RECORD`` values); ``("EXIT",)`` hangs up. After the script the
server answers RESET with SUCCESS and hangs up on GOODBYE or end of input. What the driver sent
is kept in ``received`` (message names per connection), for assertions.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graphbolt.bolt import Dechunker, MessageWriter, decode_request

Step = tuple[Any, ...]
_VERSION_REPLY = {(5, 1): b"\x00\x00\x01\x05", (4, 4): b"\x00\x00\x04\x04"}


class ScriptServer:
    def __init__(self, scripts: list[list[Step]], version: tuple[int, int]) -> None:
        self._scripts = list(scripts)
        self._version = version
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.received: list[list[str]] = []
        self.errors: list[str] = []
        self._threads: list[threading.Thread] = []

    def serve(self) -> None:
        self._listener.settimeout(10)
        for script in self._scripts:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._play, args=(conn, script), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _play(self, conn: socket.socket, script: list[Step]) -> None:
        names: list[str] = []
        self.received.append(names)
        with conn:
            conn.settimeout(10)
            _read_exactly(conn, 20)  # magic and the four proposals
            conn.sendall(_VERSION_REPLY[self._version])
            messages = _requests(conn, names)
            for step in script:
                if step[0] == "EXIT":
                    return
                if step[0] == "C":
                    name = next(messages, None)
                    if name != step[1]:
                        self.errors.append(f"expected {step[1]}, got {name}")
                        return
                else:
                    writer = MessageWriter()
                    if step[1] == "RECORD":
                        writer.record(step[2])
                    elif step[1] == "FAILURE":
                        writer.failure(step[2])
                    else:
                        writer.success(step[2])
                    conn.sendall(writer.take())
            for name in messages:  # after the script: RESETs succeed until GOODBYE
                if name != "RESET":
                    return
                writer = MessageWriter()
                writer.success({})
                conn.sendall(writer.take())

    def close(self) -> None:
        self._listener.close()
        for thread in self._threads:
            thread.join(5)


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _requests(conn: socket.socket, names: list[str]) -> Iterator[str]:
    """The names of the requests the driver sends, as they arrive."""
    dechunker = Dechunker()
    while True:
        message = dechunker.next_message()
        while message is None:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            if not data:
                return
            dechunker.feed(data)
            message = dechunker.next_message()
        name = decode_request(message).name
        names.append(name)
        yield name


@contextmanager
def script_server(
    *scripts: list[Step], version: tuple[int, int] = (5, 1)
) -> Iterator[ScriptServer]:
    server = ScriptServer(list(scripts), version)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()
        thread.join(5)


def hello(version: tuple[int, int] = (5, 1)) -> list[Step]:
    """The opening of a connection: HELLO (and LOGON from 5.1) answered with SUCCESS."""
    steps: list[Step] = [("C", "HELLO"), ("S", "SUCCESS", {"server": "Neo4j/5.26.0"})]
    if version >= (5, 1):
        steps += [("C", "LOGON"), ("S", "SUCCESS", {})]
    return steps
