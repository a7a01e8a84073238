"""TCP listener and testkit's line framing.

A request is three lines: ``#request begin``, one JSON object, ``#request end``; replies
are framed with ``#response begin`` / ``#response end``. Any other line the backend writes
is log output for testkit. Writes go through a buffered file flushed once per response:
the reference Python backend was several times slower with unbuffered socket writes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import select
import socket
import socketserver
import threading
from typing import Any

log = logging.getLogger("testkit_backend")


class Channel:
    """One testkit connection: reads requests, writes responses."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._reader = sock.makefile("rb")
        self._writer = sock.makefile("wb", buffering=65536)

    def read_request(self) -> dict[str, Any] | None:
        """The next request as ``{"name": ..., "data": ...}``; None once the peer is gone."""
        in_request = False
        lines: list[str] = []
        for raw in self._reader:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line == "#request begin":
                in_request, lines = True, []
            elif line == "#request end":
                if in_request:
                    request = json.loads("".join(lines))
                    if not isinstance(request, dict):
                        raise ValueError("A request must be a JSON object")
                    return request
            elif in_request:
                lines.append(line)
        return None

    def send(self, name: str, data: dict[str, Any]) -> None:
        """Write one framed response and flush it."""
        body = json.dumps({"name": name, "data": data}, ensure_ascii=False)
        self._writer.write(b"#response begin\n" + body.encode("utf-8") + b"\n#response end\n")
        self._writer.flush()

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            with contextlib.suppress(OSError):
                stream.close()


def _watch(sock: socket.socket, done: threading.Event, on_hangup: Any) -> None:
    """Call ``on_hangup`` if testkit closes the connection while the backend is busy.

    A test that timed out leaves its backend thread inside a driver call (say, a retry loop
    against a stub server that is gone); closing its drivers ends that call, so it stops
    holding stub ports and connections the next tests need.
    """
    while not done.wait(0.2):
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            continue
        try:
            peeked = sock.recv(1, socket.MSG_PEEK)
        except OSError:
            peeked = b""
        if not peeked:
            on_hangup()
            return


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        from testkit_backend._backend import Backend

        channel = Channel(self.request)
        backend = Backend(channel)
        done = threading.Event()
        threading.Thread(
            target=_watch, args=(self.request, done, backend.abort), daemon=True
        ).start()
        try:
            while backend.process_request():
                pass
        except (ConnectionError, OSError) as error:
            log.info("testkit connection ended: %s", error)
        finally:
            done.set()
            backend.close()
            channel.close()


class Server(socketserver.ThreadingTCPServer):
    """Serves each testkit connection in its own thread with its own backend state."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, host: str, port: int) -> None:
        super().__init__((host, port), _Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="testkit-backend", daemon=True)
        thread.start()
        return thread
