"""Helpers for the function tests: call a registered function without compiling a query."""

from __future__ import annotations

from typing import Any

from graphbolt.runtime._context import ExecutionContext
from graphbolt.runtime.functions._registry import lookup_function


def call(name: str, *args: Any, ctx: ExecutionContext | None = None) -> Any:
    """Call the function registered as ``name`` as the expression compiler does: the argument
    count must fit its arity, and a null argument gives null when the function is
    null-in-null-out. ``ctx`` is what the implementation receives (None where it needs none).
    """
    spec = lookup_function(name)
    assert spec is not None, name
    assert spec.min_args <= len(args) <= spec.max_args
    if spec.null_in_null_out and any(a is None for a in args):
        return None
    return spec.impl(ctx, *args)
