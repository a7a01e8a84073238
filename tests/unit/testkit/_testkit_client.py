"""A testkit-like client: frames requests and reads responses as testkit's nutkit does."""

from __future__ import annotations

import json
import socket
from typing import Any


class Client:
    """Frames requests and reads responses like testkit's ``nutkit`` does."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.reader = self.sock.makefile("r", encoding="utf-8")
        self.writer = self.sock.makefile("w", encoding="utf-8")

    def send(self, name: str, **data: Any) -> None:
        body = json.dumps({"name": name, "data": data})
        self.writer.write(f"#request begin\n{body}\n#request end\n")
        self.writer.flush()

    def receive(self) -> dict[str, Any]:
        lines: list[str] | None = None
        for line in self.reader:
            line = line.rstrip("\n")
            if line == "#response begin":
                lines = []
            elif line == "#response end" and lines is not None:
                response: dict[str, Any] = json.loads("".join(lines))
                return response
            elif lines is not None:
                lines.append(line)
        raise ConnectionError("backend closed the connection")

    def request(self, name: str, **data: Any) -> dict[str, Any]:
        self.send(name, **data)
        return self.receive()

    def close(self) -> None:
        self.reader.close()
        self.writer.close()
        self.sock.close()
