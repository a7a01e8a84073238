"""Paired async/sync primitives: ``tools/unasync.py`` turns ``AsyncUtil`` into ``Util``.

The async driver code calls ``AsyncUtil``; its generated sync twin calls ``Util`` with the
same arguments, so one source serves both flavours.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

T = TypeVar("T")


class AsyncUtil:
    """Async flavour: blocking engine calls go to worker threads, sleeps yield the loop."""

    is_async_code = True

    @staticmethod
    async def sleep(seconds: float) -> None:
        await asyncio.sleep(seconds)

    @staticmethod
    async def run_blocking(executor: Executor | None, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` in ``executor`` so the event loop stays free meanwhile."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(executor, functools.partial(fn, *args))

    @staticmethod
    async def callback(fn: Callable[..., Any], *args: Any) -> Any:
        """Call a user callback that may be a coroutine function or a plain function."""
        result = fn(*args)
        if inspect.isawaitable(result):
            return await result
        return result


class Util:
    """Sync flavour: everything runs in the calling thread."""

    is_async_code = False

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)

    @staticmethod
    def run_blocking(executor: Executor | None, fn: Callable[..., T], *args: Any) -> T:
        return fn(*args)

    @staticmethod
    def callback(fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)
