"""The runtime: physical operators, compiled expressions, functions and procedures."""

from graphbolt.runtime._build import build
from graphbolt.runtime._plan import ExecutablePlan
from graphbolt.runtime._procedures import ProcedureRegistry

__all__ = ["ExecutablePlan", "ProcedureRegistry", "build"]
