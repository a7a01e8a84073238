"""Predicate fusion: a tree of comparisons, boolean connectives, string predicates and null
checks over variables, properties of variables, parameters and constants becomes ONE generated
Python function instead of a closure per node.

A WHERE clause like ``n.age > $x AND n.name STARTS WITH 'a'`` otherwise costs a Python call
per AST node per row; fused, it reads ``row``, ``ctx.tx`` and ``ctx.params`` inline and calls
only the storage. Semantics are exactly the closures' (``_expr_operators``, ``_expr_compare``,
``_expr_access``); the unit tests run both forms against each other. Sub-expressions outside
the fused subset are compiled as usual and called from the generated code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphbolt.cypher import ast
from graphbolt.errors import ParameterMissing
from graphbolt.runtime._expr_access import deleted_node, get_property
from graphbolt.runtime._expr_compare import TESTS
from graphbolt.runtime._expr_operators import check_bool
from graphbolt.runtime._expr_scope import COMPILERS, Compiled, Const, Scope
from graphbolt.values._graph import NodeRef

_ORDER = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}
_STRING_METHODS = {"STARTS WITH": "startswith", "ENDS WITH": "endswith"}
_BOOLEAN_OPS = ("AND", "OR", "XOR")


def _missing(name: str, pos: int) -> Any:
    raise ParameterMissing("MissingParameter", f"Expected parameter(s): {name}", position=pos)


def fusable(expr: ast.Expr) -> bool:
    """True for the node kinds the generator handles itself (the roots worth fusing)."""
    if isinstance(expr, ast.Comparison):
        return len(expr.operators) == 1
    if isinstance(expr, ast.BinaryOp):
        return expr.op in _BOOLEAN_OPS or expr.op in _STRING_METHODS or expr.op == "CONTAINS"
    if isinstance(expr, ast.UnaryOp):
        return expr.op == "NOT"
    return isinstance(expr, ast.IsNull)


def fuse(expr: ast.Expr, scope: Scope) -> Compiled:
    """Compile a fusable expression tree into one generated function (folded if constant)."""
    gen = _Generator(scope)
    result = gen.value(expr, 1)
    try:
        fn = gen.build(result)
    except (SyntaxError, RecursionError, MemoryError):
        # Python caps nesting depth; a pathologically deep tree keeps per-node closures.
        return COMPILERS[type(expr)](expr, scope)
    if gen.dynamic:
        return fn
    try:
        return Const(fn({}, None))  # type: ignore[arg-type]
    except Exception:
        return fn  # fails when rows are pulled, as the TCK expects


class _Generator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "type": type,
            "int": int,
            "float": float,
            "str": str,
            "NodeRef": NodeRef,
            "_deleted_node": deleted_node,
            "_get_property": get_property,
            "_check_bool": check_bool,
            "_missing": _missing,
        }
        self.constants: dict[str, Any] = {}  # bound name -> compile-time constant value
        self.loaded: dict[str, str] = {}  # variable -> local, for loads that dominate the rest
        self.counter = 0
        self.dynamic = False
        self.uses_tx = False
        self.uses_params = False

    # -- plumbing ---------------------------------------------------------------------------
    def temp(self) -> str:
        self.counter += 1
        return f"t{self.counter}"

    def bind(self, value: Any) -> str:
        self.counter += 1
        name = f"k{self.counter}"
        self.namespace[name] = value
        return name

    def emit(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)

    def constant(self, value: Any) -> str:
        name = self.bind(value)
        self.constants[name] = value
        return name

    def build(self, result: str) -> Callable[..., Any]:
        # The generated function is a closure: helpers and constants are cell variables
        # (fast loads), not globals.
        names = ", ".join(self.namespace)
        head = [f"def make({names}):", "  def fused(row, ctx):"]
        if self.uses_tx:
            head.append("    tx = ctx.tx")
        if self.uses_params:
            head.append("    params = ctx.params")
        tail = [f"    return {result}", "  return fused"]
        source = "\n".join([*head, *self.lines, *tail])
        scope: dict[str, Any] = {}
        exec(compile(source, "<graphbolt fused expression>", "exec"), scope)
        fn: Callable[..., Any] = scope["make"](**self.namespace)
        return fn

    # -- values: each returns the name of a local (or constant) holding the value -------------
    def value(self, expr: ast.Expr, indent: int) -> str:
        if isinstance(expr, ast.Variable):
            return self._variable(expr.name, indent)
        if isinstance(expr, ast.Parameter):
            return self._parameter(expr, indent)
        if isinstance(expr, ast.Property) and isinstance(expr.subject, ast.Variable):
            return self._property(expr.subject.name, expr.key, indent)
        if fusable(expr):
            return self._operator(expr, indent)
        compiled = self.scope.compile(expr)
        if type(compiled) is Const:
            return self.constant(compiled.value)
        self.dynamic = True
        out = self.temp()
        self.emit(indent, f"{out} = {self.bind(compiled)}(row, ctx)")
        return out

    def _variable(self, name: str, indent: int) -> str:
        self.dynamic = True
        cached = self.loaded.get(name)
        if cached is not None:
            return cached
        out = self.temp()
        self.emit(indent, f"{out} = row[{name!r}]")
        if indent == 1:  # top-level lines always run, in order: later code may reuse it
            self.loaded[name] = out
        return out

    def _parameter(self, expr: ast.Parameter, indent: int) -> str:
        self.dynamic = self.uses_params = True
        out = self.temp()
        name = repr(expr.name)
        self.emit(indent, "try:")
        self.emit(indent + 1, f"{out} = params[{name}]")
        self.emit(indent, "except KeyError:")
        self.emit(indent + 1, f"_missing({name}, {expr.pos})")
        return out

    def _property(self, variable: str, key: str, indent: int) -> str:
        v = self._variable(variable, indent)
        self.uses_tx = True
        out = self.temp()
        self.emit(indent, f"if type({v}) is NodeRef:")
        self.emit(indent + 1, f"{out} = tx.node_property({v}.id, {key!r})")
        self.emit(indent + 1, f"if {out} is None and not tx.node_exists({v}.id):")
        self.emit(indent + 2, f"raise _deleted_node({v}.id)")
        self.emit(indent, "else:")
        self.emit(indent + 1, f"{out} = _get_property({v}, {key!r}, ctx)")
        return out

    def _operator(self, expr: ast.Expr, indent: int) -> str:
        if isinstance(expr, ast.Comparison):
            return self._comparison(expr.operators[0], expr.operands, indent)
        if isinstance(expr, ast.UnaryOp):
            return self._not(expr.operand, indent)
        if isinstance(expr, ast.IsNull):
            operand = self.value(expr.operand, indent)
            out = self.temp()
            test = "is not" if expr.negated else "is"
            self.emit(indent, f"{out} = {operand} {test} None")
            return out
        assert isinstance(expr, ast.BinaryOp)
        if expr.op == "AND" or expr.op == "OR":
            return self._and_or(expr.op == "AND", expr.left, expr.right, indent)
        if expr.op == "XOR":
            return self._xor(expr.left, expr.right, indent)
        return self._string(expr.op, expr.left, expr.right, indent)

    # -- operators --------------------------------------------------------------------------
    def _comparison(self, op: str, operands: list[ast.Expr], indent: int) -> str:
        a = self.value(operands[0], indent)
        b = self.value(operands[1], indent)
        out = self.temp()
        slow = self.bind(TESTS[op])
        py_op = _ORDER.get(op) or {"=": "==", "<>": "!="}[op]
        # Same-type fast path: these Python types compare exactly as Cypher's (NaN included
        # for ordering; float equality is left to the slow path).
        fast = ("int", "float", "str") if op in _ORDER else ("int", "str")
        if b in self.constants:
            kind = type(self.constants[b]).__name__
            if kind not in fast:
                self.emit(indent, f"{out} = {slow}({a}, {b})")
                return out
            self.emit(indent, f"if type({a}) is {kind}:")
        else:
            ta = self.temp()
            self.emit(indent, f"{ta} = type({a})")
            kinds = " or ".join(f"{ta} is {k}" for k in fast)
            self.emit(indent, f"if {ta} is type({b}) and ({kinds}):")
        self.emit(indent + 1, f"{out} = {a} {py_op} {b}")
        self.emit(indent, "else:")
        self.emit(indent + 1, f"{out} = {slow}({a}, {b})")
        return out

    def _not(self, operand: ast.Expr, indent: int) -> str:
        value = self.value(operand, indent)
        out = self.temp()
        self.emit(indent, f"if {value} is True or {value} is False:")
        self.emit(indent + 1, f"{out} = not {value}")
        self.emit(indent, "else:")
        self.emit(indent + 1, f"_check_bool({value})")
        self.emit(indent + 1, f"{out} = None")
        return out

    def _and_or(self, is_and: bool, left: ast.Expr, right: ast.Expr, indent: int) -> str:
        # AND: false wins, then null; OR: true wins, then null. Operands must be boolean.
        stop, go = ("False", "True") if is_and else ("True", "False")
        a = self.value(left, indent)
        out = self.temp()
        self.emit(indent, f"if {a} is {stop}:")
        self.emit(indent + 1, f"{out} = {stop}")
        self.emit(indent, "else:")
        self.emit(indent + 1, f"if {a} is not {go} and {a} is not None:")
        self.emit(indent + 2, f"_check_bool({a})")
        b = self.value(right, indent + 1)
        self.emit(indent + 1, f"if {b} is {go}:")
        self.emit(indent + 2, f"{out} = {a}")
        self.emit(indent + 1, f"elif {b} is {stop}:")
        self.emit(indent + 2, f"{out} = {stop}")
        self.emit(indent + 1, "else:")
        self.emit(indent + 2, f"_check_bool({b})")
        self.emit(indent + 2, f"{out} = None")
        return out

    def _xor(self, left: ast.Expr, right: ast.Expr, indent: int) -> str:
        a = self.value(left, indent)
        b = self.value(right, indent)
        out = self.temp()
        self.emit(indent, f"_check_bool({a})")
        self.emit(indent, f"_check_bool({b})")
        self.emit(indent, f"{out} = None if {a} is None or {b} is None else {a} is not {b}")
        return out

    def _string(self, op: str, left: ast.Expr, right: ast.Expr, indent: int) -> str:
        a = self.value(left, indent)
        b = self.value(right, indent)
        out = self.temp()
        test = f"{b} in {a}" if op == "CONTAINS" else f"{a}.{_STRING_METHODS[op]}({b})"
        if b in self.constants:
            if type(self.constants[b]) is not str:
                self.emit(indent, f"{out} = None")
                return out
            self.emit(indent, f"{out} = {test} if type({a}) is str else None")
        else:
            self.emit(indent, f"{out} = {test} if type({a}) is str and type({b}) is str else None")
        return out
