"""tools/unasync.py: the async -> sync rewrite and the staleness check."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
TOOL = ROOT / "tools" / "unasync.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = '''"""AsyncThing docs: use `async with AsyncThing()` and `await x.run()`."""
from collections.abc import AsyncIterator, Awaitable, Callable
from graphbolt.driver._async.result import AsyncResult


class AsyncThing(_AsyncBase):
    async def __aenter__(self) -> AsyncThing:
        await asyncio.sleep(0)
        return self

    async def __aiter__(self) -> AsyncIterator[int]:
        async with self.lock:  # AsyncThing comment
            async for item in self.items:
                yield await item

    async def run(self, fn: Callable[..., Awaitable[list[int]]]) -> AsyncResult:
        text = "await not touched in code"
        return await async_helper(await fn(self))
'''

EXPECTED = '''"""Thing docs: use `with Thing()` and `x.run()`."""
from collections.abc import Iterator, Callable
from graphbolt.driver._sync.result import Result


class Thing(_Base):
    def __enter__(self) -> Thing:
        time.sleep(0)
        return self

    def __iter__(self) -> Iterator[int]:
        with self.lock:  # Thing comment
            for item in self.items:
                yield item

    def run(self, fn: Callable[..., list[int]]) -> Result:
        text = "not touched in code"
        return helper(fn(self))
'''


def test_rewrite() -> None:
    tool = load_tool()
    assert tool.unasync_source(SOURCE) == EXPECTED


def test_generated_code_is_current() -> None:
    completed = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout


def test_check_reports_stale_and_extra_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tool = load_tool()
    source = tmp_path / "src" / "graphbolt" / "driver" / "_async"
    source.mkdir(parents=True)
    (source / "mod.py").write_text("async def f():\n    await g()\n")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    generated = tmp_path / "src" / "graphbolt" / "driver" / "_sync" / "mod.py"
    assert generated.read_text().endswith("def f():\n    g()\n")
    assert tool.main(["--check"]) == 0
    (source / "mod.py").write_text("async def f():\n    await h()\n")
    assert tool.main(["--check"]) == 1
    tool.main([])
    (generated.parent / "orphan.py").write_text("")
    assert tool.main(["--check"]) == 1
    tool.main([])
    assert not (generated.parent / "orphan.py").exists()
