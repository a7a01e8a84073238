"""Paired async/sync I/O primitives of the Bolt connector (``tools/unasync.py`` maps the
``Async*`` names to their sync twins, so ``_async/bolt*.py`` serves both flavours).

- ``AsyncBoltSocket`` / ``BoltSocket``: a TCP (optionally TLS) byte stream;
- ``AsyncPoolCondition`` / ``PoolCondition``: a lock with wait-with-timeout and notify;
- ``ssl_context_for``: the TLS settings of a URI scheme and the driver configuration.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from typing import Any

from graphbolt.driver._api import TrustAll, TrustCustomCAs
from graphbolt.exceptions import ConfigurationError, ServiceUnavailable

READ_SIZE = 1 << 18  # bytes asked of the socket per read: a PULL batch in few reads


def ssl_context_for(scheme: str, config: Any, host: str) -> ssl.SSLContext | None:
    """The TLS context for ``scheme`` (``+s``: system CAs, ``+ssc``: trust all) or, for plain
    schemes, the ``encrypted`` / ``trusted_certificates`` / ``ssl_context`` settings."""
    given = (config.encrypted, config.trusted_certificates, config.ssl_context)
    if scheme.endswith("+s") or scheme.endswith("+ssc"):
        if any(v not in (None, False) for v in given):
            raise ConfigurationError(
                f"The {scheme}:// scheme sets TLS itself: encrypted, trusted_certificates and "
                "ssl_context must not be given"
            )
        return _context(TrustAll() if scheme.endswith("+ssc") else None)
    if config.ssl_context is not None:
        return config.ssl_context  # type: ignore[no-any-return]
    if not config.encrypted:
        return None
    return _context(config.trusted_certificates)


def _context(trust: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if isinstance(trust, TrustAll):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(trust, TrustCustomCAs):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # only the given CAs
        for path in trust.certificates:
            context.load_verify_locations(cafile=path)
    return context


def _unavailable(address: str, error: BaseException) -> ServiceUnavailable:
    out = ServiceUnavailable(f"Couldn't connect to {address} ({type(error).__name__}: {error})")
    out.__cause__ = error
    return out


class AsyncBoltSocket:
    """A connected byte stream (asyncio streams)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self.closed = False
        self.timeout: float | None = None  # per read, while opening (connection_timeout)

    @classmethod
    async def connect(
        cls, host: str, port: int, context: ssl.SSLContext | None, timeout: float
    ) -> AsyncBoltSocket:
        """Open the connection (TCP, then TLS when ``context``) within ``timeout`` seconds."""
        address = f"{host}:{port}"
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(
                    host, port, ssl=context, server_hostname=host if context else None,
                    limit=READ_SIZE,
                ),
                max(timeout, 0.001),
            )  # fmt: skip
        except (OSError, asyncio.TimeoutError, ssl.SSLError) as error:
            raise _unavailable(address, error) from None
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def send(self, data: bytes | bytearray) -> None:
        self._writer.write(data)
        await self._writer.drain()

    async def recv(self) -> bytes:
        """Some bytes (at least one); ``ConnectionError`` when the peer closed."""
        if self.timeout is None:
            data = await self._reader.read(READ_SIZE)
        else:
            data = await asyncio.wait_for(self._reader.read(READ_SIZE), self.timeout)
        if not data:
            raise ConnectionResetError("The server closed the connection")
        return data

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(Exception):
            self._writer.close()

    def abort(self) -> None:
        """Close without waiting (used from cancellation paths)."""
        self.closed = True
        with contextlib.suppress(Exception):
            self._writer.transport.abort()


class BoltSocket:
    """A connected byte stream (blocking socket)."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.closed = False
        self.timeout: float | None = None  # per read, while opening (connection_timeout)

    @classmethod
    def connect(
        cls, host: str, port: int, context: ssl.SSLContext | None, timeout: float
    ) -> BoltSocket:
        address = f"{host}:{port}"
        try:
            sock = socket.create_connection((host, port), timeout=max(timeout, 0.001))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if context is not None:
                sock = context.wrap_socket(sock, server_hostname=host)
            sock.settimeout(None)
        except (OSError, ssl.SSLError) as error:
            raise _unavailable(address, error) from None
        return cls(sock)

    def send(self, data: bytes | bytearray) -> None:
        self._sock.sendall(data)

    def recv(self) -> bytes:
        self._sock.settimeout(self.timeout)
        data = self._sock.recv(READ_SIZE)
        if not data:
            raise ConnectionResetError("The server closed the connection")
        return data

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(OSError):
            self._sock.close()

    def abort(self) -> None:
        self.close()


class AsyncPoolCondition:
    """``async with cond:`` plus ``wait(timeout)`` (False on timeout) and ``notify_all()``."""

    def __init__(self) -> None:
        self._cond = asyncio.Condition()

    async def __aenter__(self) -> AsyncPoolCondition:
        await self._cond.acquire()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._cond.release()

    async def wait(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._cond.wait(), max(timeout, 0))
        except asyncio.TimeoutError:
            return False
        return True

    def notify_all(self) -> None:
        self._cond.notify_all()


class PoolCondition:
    """The thread flavour of ``AsyncPoolCondition``."""

    def __init__(self) -> None:
        self._cond = threading.Condition()

    def __enter__(self) -> PoolCondition:
        self._cond.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._cond.release()

    def wait(self, timeout: float) -> bool:
        return self._cond.wait(max(timeout, 0))

    def notify_all(self) -> None:
        self._cond.notify_all()


def monotonic() -> float:
    return time.monotonic()
