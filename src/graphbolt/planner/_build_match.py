"""Planning a MATCH pattern: scans, expansions, and predicates placed as early as possible.

Each pattern part is walked from one start node: a node bound before the pattern if any, else a
node found by id, else a labelled node, else any node. The walk goes right to the end of the
part, then left to its start. WHERE conjuncts, labels and property maps become predicates that
are applied right after the last variable they read is bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graphbolt.cypher import ast
from graphbolt.planner import _logical as lp
from graphbolt.planner._exprs import free_variables, property_equalities, split_conjuncts
from graphbolt.planner._index_seek import exact_predicate, index_seeks

_FLIP = {ast.OUTGOING: ast.INCOMING, ast.INCOMING: ast.OUTGOING, ast.BOTH: ast.BOTH}


class Namer:
    """Statement-wide generator of internal variable names (never clash across clauses)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.count = 0

    def fresh(self, kind: str) -> str:
        self.count += 1
        return f"\x00{self.prefix}{kind}{self.count}"


@dataclass
class _Pending:
    expr: ast.Expr
    needs: set[str]


@dataclass
class _MatchState:
    op: lp.LogicalOp
    bound: set[str]
    pending: list[_Pending]
    rels_in_match: list[str] = field(default_factory=list)

    def bind(self, name: str) -> None:
        self.bound.add(name)

    def flush(self) -> None:
        """Apply every pending predicate whose variables are all bound now."""
        ready = [p for p in self.pending if p.needs <= self.bound]
        if not ready:
            return
        self.pending = [p for p in self.pending if not p.needs <= self.bound]
        for pred in ready:
            self.op = lp.Filter(self.op, pred.expr)


def name_pattern(pattern: ast.Pattern, namer: Namer) -> ast.Pattern:
    """Give anonymous nodes and relationships internal names (copies, the AST is shared)."""
    out: ast.Pattern = []
    for part in pattern:
        nodes = [
            n if n.variable else ast.NodePattern(n.pos, namer.fresh("n"), n.labels, n.properties)
            for n in part.nodes
        ]
        rels = [
            r
            if r.variable
            else ast.RelationshipPattern(
                r.pos, namer.fresh("r"), r.types, r.properties, r.direction, r.length
            )
            for r in part.relationships
        ]
        out.append(ast.PatternPart(part.pos, part.variable, nodes, rels, part.shortest))
    return out


def plan_pattern(
    source: lp.LogicalOp,
    pattern: ast.Pattern,
    where: ast.Expr | None,
    bound: set[str],
    namer: Namer,
) -> lp.LogicalOp:
    """Plan ``pattern`` (+ ``where``) on top of ``source`` whose rows bind ``bound``."""
    pattern = name_pattern(pattern, namer)
    state = _MatchState(source, set(bound), [])
    for conjunct in split_conjuncts(where):
        state.pending.append(_Pending(conjunct, free_variables(conjunct)))
    for part in pattern:
        _add_element_predicates(state, part, bound)
    state.flush()
    regular = [p for p in pattern if p.shortest is None]
    shortest = [p for p in pattern if p.shortest is not None]
    for part in _order_parts(regular, state.bound):
        _plan_part(state, part, namer)
    for part in shortest:
        _plan_shortest(state, part)
    for pred in state.pending:
        state.op = lp.Filter(state.op, pred.expr)
    return state.op


def _add_element_predicates(state: _MatchState, part: ast.PatternPart, outer: set[str]) -> None:
    for node in part.nodes:
        var = node.variable or ""
        if node.labels:
            check = ast.LabelCheck(node.pos, ast.Variable(node.pos, var), list(node.labels))
            state.pending.append(_Pending(check, {var}))
        for pred in property_equalities(var, node.properties):
            state.pending.append(_Pending(pred, free_variables(pred)))
    for rel in part.relationships:
        if rel.length is not None:
            continue  # var-length: properties apply to each hop, inside the operator
        var = rel.variable or ""
        for pred in property_equalities(var, rel.properties):
            state.pending.append(_Pending(pred, free_variables(pred)))


def _order_parts(parts: list[ast.PatternPart], bound: set[str]) -> list[ast.PatternPart]:
    """Parts connected to bound variables first, so they expand instead of scanning."""
    remaining = list(parts)
    known = set(bound)
    ordered: list[ast.PatternPart] = []
    while remaining:
        pick = next(
            (p for p in remaining if any(n.variable in known for n in p.nodes)), remaining[0]
        )
        remaining.remove(pick)
        ordered.append(pick)
        known.update(n.variable for n in pick.nodes if n.variable)
    return ordered


def _start_index(state: _MatchState, part: ast.PatternPart) -> int:
    for i, node in enumerate(part.nodes):
        if node.variable in state.bound:
            return i
    for i, node in enumerate(part.nodes):
        if _id_seek(state, node.variable or "") is not None:
            return i
    labelled = [i for i, n in enumerate(part.nodes) if _scan_label(state, n)]
    seekable = [i for i in labelled if _seeks(state, part.nodes[i])]
    if seekable:
        return seekable[0]
    with_props = [i for i in labelled if part.nodes[i].properties is not None]
    if with_props:
        return with_props[0]
    return labelled[0] if labelled else 0


def _id_seek(state: _MatchState, var: str) -> tuple[_Pending, ast.Expr, bool] | None:
    """A pending ``id(var) = e`` or ``id(var) IN e`` whose other side is computable now."""
    for pending in state.pending:
        expr = pending.expr
        if not isinstance(expr, (ast.Comparison, ast.BinaryOp)):
            continue
        if isinstance(expr, ast.Comparison):
            if expr.operators != ["="]:
                continue
            left, right, many = expr.operands[0], expr.operands[1], False
        elif expr.op == "IN":
            left, right, many = expr.left, expr.right, True
        else:
            continue
        for a, b in ((left, right), (right, left)) if not many else ((left, right),):
            if (
                isinstance(a, ast.FunctionCall)
                and a.name.lower() == "id"
                and len(a.args) == 1
                and isinstance(a.args[0], ast.Variable)
                and a.args[0].name == var
                and free_variables(b) <= state.bound
            ):
                return pending, b, many
    return None


def _scan(state: _MatchState, node: ast.NodePattern) -> None:
    var = node.variable or ""
    if var in state.bound:
        return
    seek = _id_seek(state, var)
    if seek is not None:
        pending, ids, many = seek
        state.pending.remove(pending)
        state.op = lp.NodeByIdSeek(state.op, var, ids, many)
    elif (label := _scan_label(state, node)) is not None:
        seeks = _seeks(state, node)
        if seeks:
            exact = exact_predicate([p.expr for p in state.pending], var, seeks[0])
            answered = None if exact is None else state.pending.pop(exact).expr
            state.op = lp.NodeIndexSeek(state.op, var, label, seeks, answered)
        else:
            state.op = lp.NodeByLabelScan(state.op, var, label)
        _drop_label_check(state, var, label)
    else:
        state.op = lp.AllNodesScan(state.op, var)
    state.bind(var)
    state.flush()


def _seeks(state: _MatchState, node: ast.NodePattern) -> list[lp.IndexSeek]:
    """Property-index seeks that could find ``node`` (its predicates stay pending)."""
    var = node.variable or ""
    label = _scan_label(state, node)
    if var in state.bound or label is None:
        return []
    labels = [label, *(name for name in node.labels if name != label)]
    return index_seeks([p.expr for p in state.pending], var, labels, state.bound)


def _scan_label(state: _MatchState, node: ast.NodePattern) -> str | None:
    """A label to scan ``node`` by: from the pattern, else from a ``WHERE n:L`` conjunct."""
    if node.labels:
        return node.labels[0]
    for pending in state.pending:
        expr = pending.expr
        if (
            isinstance(expr, ast.LabelCheck)
            and isinstance(expr.subject, ast.Variable)
            and expr.subject.name == node.variable
            and expr.labels
        ):
            return expr.labels[0]
    return None


def _drop_label_check(state: _MatchState, var: str, label: str) -> None:
    """The label scan already guarantees ``label``: check only the node's other labels."""
    for i, pending in enumerate(state.pending):
        expr = pending.expr
        if (
            isinstance(expr, ast.LabelCheck)
            and isinstance(expr.subject, ast.Variable)
            and expr.subject.name == var
            and label in expr.labels
        ):
            rest = [name for name in expr.labels if name != label]
            if rest:
                check = ast.LabelCheck(expr.pos, expr.subject, rest)
                state.pending[i] = _Pending(check, pending.needs)
            else:
                del state.pending[i]
            return


def _plan_part(state: _MatchState, part: ast.PatternPart, namer: Namer) -> None:
    start = _start_index(state, part)
    node = part.nodes[start]
    if not part.relationships and node.variable in state.bound:
        # A lone node bound earlier (maybe null after OPTIONAL MATCH) must be a node to match.
        var = ast.Variable(node.pos, node.variable or "")
        state.op = lp.Filter(state.op, ast.IsNull(node.pos, var, True))
    _scan(state, node)
    for i in range(start, len(part.relationships)):
        _hop(state, part.nodes[i], part.relationships[i], part.nodes[i + 1], False, namer)
    for i in range(start - 1, -1, -1):
        _hop(state, part.nodes[i + 1], part.relationships[i], part.nodes[i], True, namer)
    if part.variable:
        state.op = lp.ProjectPath(state.op, part.variable, _steps(part))
        state.bind(part.variable)
        state.flush()


def _steps(part: ast.PatternPart) -> tuple[str, ...]:
    steps: list[str] = [part.nodes[0].variable or ""]
    for rel, node in zip(part.relationships, part.nodes[1:]):
        steps.append(rel.variable or "")
        steps.append(node.variable or "")
    return tuple(steps)


def _hop(
    state: _MatchState,
    src: ast.NodePattern,
    rel: ast.RelationshipPattern,
    dst: ast.NodePattern,
    backwards: bool,
    namer: Namer,
) -> None:
    from_var, to_var = src.variable or "", dst.variable or ""
    rel_var = rel.variable or ""
    direction = _FLIP[rel.direction] if backwards else rel.direction
    into = to_var in state.bound
    unique = tuple(state.rels_in_match)
    if rel_var in state.bound:
        # A relationship bound by an earlier clause: expand to a fresh name, then compare.
        fresh = namer.fresh("r")
        pred = ast.Comparison(
            rel.pos, ["="], [ast.Variable(rel.pos, fresh), ast.Variable(rel.pos, rel_var)]
        )
        state.pending.insert(0, _Pending(pred, {fresh, rel_var}))
        rel_var = fresh
    types = tuple(rel.types)
    if rel.length is None:
        state.op = lp.Expand(state.op, from_var, rel_var, to_var, direction, types, into, unique)
    else:
        low, high = rel.length
        props = rel.properties.items if isinstance(rel.properties, ast.MapLiteral) else []
        state.op = lp.VarLengthExpand(
            state.op, from_var, rel_var, to_var, direction, types,
            1 if low is None else low, high, into, unique, list(props), backwards,
        )  # fmt: skip
    state.rels_in_match.append(rel_var)
    state.bind(rel_var)
    state.bind(to_var)
    state.flush()


def _plan_shortest(state: _MatchState, part: ast.PatternPart) -> None:
    first, last = part.nodes[0], part.nodes[-1]
    _scan(state, first)
    _scan(state, last)
    rel = part.relationships[0]
    low, high = rel.length if rel.length is not None else (1, 1)
    props = rel.properties.items if isinstance(rel.properties, ast.MapLiteral) else []
    state.op = lp.ShortestPath(
        state.op, first.variable or "", rel.variable, last.variable or "", part.variable,
        rel.direction, tuple(rel.types), 1 if low is None else low, high,
        part.shortest == "allShortestPaths", list(props),
    )  # fmt: skip
    for name in (rel.variable, part.variable):
        if name:
            state.bind(name)
    state.flush()


def pattern_variables(pattern: ast.Pattern) -> list[str]:
    """User-visible variables a pattern names, in order of appearance, without duplicates."""
    seen: list[str] = []

    def add(name: str | None) -> None:
        if name and not name.startswith("\x00") and name not in seen:
            seen.append(name)

    for part in pattern:
        add(part.variable)
        for i, node in enumerate(part.nodes):
            add(node.variable)
            if i < len(part.relationships):
                add(part.relationships[i].variable)
    return seen


PlanFn = Callable[[lp.LogicalOp, ast.Pattern, "ast.Expr | None", set[str], Namer], lp.LogicalOp]
