"""``python -m testkit_backend``: serve testkit on TEST_BACKEND_HOST:TEST_BACKEND_PORT."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from testkit_backend._server import Server


def main() -> None:
    host = os.environ.get("TEST_BACKEND_HOST", "127.0.0.1")
    port = int(os.environ.get("TEST_BACKEND_PORT", "9876"))
    level = logging.DEBUG if os.environ.get("TESTKIT_BACKEND_DEBUG") else logging.WARNING
    logging.basicConfig(stream=sys.stderr, level=level, format="%(asctime)s %(message)s")
    with Server(host, port) as server:
        print(f"testkit backend listening on {host}:{server.port}", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
