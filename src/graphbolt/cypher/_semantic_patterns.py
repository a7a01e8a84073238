"""Semantic rules of patterns: MATCH binding, CREATE/MERGE restrictions, pattern expressions.

Each function walks a pattern in source order (node, relationship, node ...), so the first
offending element is the one reported, and binds new variables into the given scope with their
static type (node, relationship, list of relationships for a variable-length hop, path).
Property maps are checked through ``check``, the expression checker of the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeAlias

from graphbolt.cypher import ast
from graphbolt.cypher._scope import (
    NODE,
    PATH,
    REL,
    REL_LIST,
    Scope,
    SType,
    already_bound,
    is_unknown,
    type_conflict,
    undefined,
)
from graphbolt.errors import CypherSyntaxError

CheckExpr = Callable[[ast.Expr, Scope], SType]

Element: TypeAlias = "ast.NodePattern | ast.RelationshipPattern"


def elements(part: ast.PatternPart) -> Iterator[Element]:
    """Nodes and relationships of a pattern part in source order."""
    for i, node in enumerate(part.nodes):
        yield node
        if i < len(part.relationships):
            yield part.relationships[i]


def _node_compatible(t: SType) -> bool:
    return is_unknown(t) or t.kind == "node"


def _rel_compatible(t: SType, var_length: bool) -> bool:
    if is_unknown(t):
        return True
    if var_length:
        return t.kind == "list" and t.elem is not None and t.elem.kind in ("rel", "any", "null")
    return t.kind == "rel"


def check_length(rel: ast.RelationshipPattern) -> None:
    if rel.length is None:
        return
    for bound in rel.length:
        if bound is not None and bound < 0:
            raise CypherSyntaxError(
                "InvalidRelationshipPattern",
                "Variable length relationship bounds must not be negative",
                position=rel.pos,
            )


def _bind_node(node: ast.NodePattern, scope: Scope) -> None:
    name = node.variable
    if name is None:
        return
    t = scope.get(name)
    if t is None:
        scope.bind(name, NODE)
    elif not _node_compatible(t):
        raise type_conflict(name, t, "Node", node.pos)


def _bind_rel(rel: ast.RelationshipPattern, scope: Scope, seen: set[str]) -> None:
    check_length(rel)
    name = rel.variable
    if name is None:
        return
    var_length = rel.length is not None
    t = scope.get(name)
    if t is None:
        scope.bind(name, REL_LIST if var_length else REL)
    elif not _rel_compatible(t, var_length):
        raise type_conflict(name, t, "Relationship", rel.pos)
    elif name in seen:
        raise CypherSyntaxError(
            "RelationshipUniquenessViolation",
            f"Cannot use the same relationship variable '{name}' for multiple relationships",
            position=rel.pos,
        )
    seen.add(name)


def _check_properties(element: Element, scope: Scope, check: CheckExpr) -> None:
    if element.properties is not None:
        check(element.properties, scope)


def bind_match(pattern: ast.Pattern, scope: Scope, check: CheckExpr) -> None:
    """MATCH / OPTIONAL MATCH (and pattern comprehensions, EXISTS patterns): bind new variables.

    Relationship variables must be unique within one pattern; a variable bound before may be
    reused when its type fits (a node as a node ...); a path variable is always new.
    """
    seen_rels: set[str] = set()
    for part in pattern:
        for element in elements(part):
            if isinstance(element, ast.NodePattern):
                _bind_node(element, scope)
            else:
                _bind_rel(element, scope, seen_rels)
            _reject_parameter_map(element)
            _check_properties(element, scope, check)
        _bind_path(part, scope)


def _bind_path(part: ast.PatternPart, scope: Scope) -> None:
    if part.variable is None:
        return
    if part.variable in scope:
        raise already_bound(part.variable, part.pos)
    scope.bind(part.variable, PATH)


def _reject_parameter_map(element: Element) -> None:
    if isinstance(element.properties, ast.Parameter):
        raise CypherSyntaxError(
            "InvalidParameterUse",
            "Parameter maps cannot be used in MATCH or MERGE patterns "
            "(use a literal map instead, e.g. {id: $param.id})",
            position=element.properties.pos,
        )


def check_pattern_expression(part: ast.PatternPart, scope: Scope, check: CheckExpr) -> None:
    """A pattern used as an expression: it may not introduce any new variable."""
    for element in elements(part):
        name = element.variable
        if name is not None:
            t = scope.lookup(name, element.pos)
            if isinstance(element, ast.NodePattern):
                if not _node_compatible(t):
                    raise type_conflict(name, t, "Node", element.pos)
            else:
                check_length(element)
                if not _rel_compatible(t, element.length is not None):
                    raise type_conflict(name, t, "Relationship", element.pos)
        elif isinstance(element, ast.RelationshipPattern):
            check_length(element)
        _check_properties(element, scope, check)
    if part.variable is not None:
        raise undefined(part.variable, part.pos)


def check_create(pattern: ast.Pattern, scope: Scope, check: CheckExpr) -> None:
    """CREATE: every relationship is new, typed, directed and single-hop."""
    for part in pattern:
        _create_part(part, scope, check, merge=False)


def check_merge(part: ast.PatternPart, scope: Scope, check: CheckExpr) -> None:
    """MERGE: like CREATE, but relationships may be undirected; no parameter maps."""
    _create_part(part, scope, check, merge=True)


def _create_part(part: ast.PatternPart, scope: Scope, check: CheckExpr, *, merge: bool) -> None:
    lone = not part.relationships
    for element in elements(part):
        if merge:
            _reject_parameter_map(element)
        if isinstance(element, ast.NodePattern):
            _create_node(element, scope, lone)
        else:
            _create_rel(element, scope, merge)
        # Property values may read variables bound before this element (``(a)-->({x: a.x})``).
        _check_properties(element, scope, check)
    _bind_path(part, scope)


def _create_node(node: ast.NodePattern, scope: Scope, lone: bool) -> None:
    name = node.variable
    if name is None:
        return
    t = scope.get(name)
    if t is None:
        scope.bind(name, NODE)
        return
    if not _node_compatible(t):
        raise type_conflict(name, t, "Node", node.pos)
    # A bound node may only be referenced as an endpoint, never re-created or re-labelled.
    if lone or node.labels or node.properties is not None:
        raise already_bound(name, node.pos)


def _create_rel(rel: ast.RelationshipPattern, scope: Scope, merge: bool) -> None:
    if rel.variable is not None and rel.variable in scope:
        raise already_bound(rel.variable, rel.pos)
    if rel.length is not None:
        raise CypherSyntaxError(
            "CreatingVarLength",
            "Variable length relationships cannot be used in CREATE or MERGE",
            position=rel.pos,
        )
    if len(rel.types) != 1:
        raise CypherSyntaxError(
            "NoSingleRelationshipType",
            "Exactly one relationship type must be specified for CREATE or MERGE. "
            "Did you forget to prefix your relationship type with a ':'?",
            position=rel.pos,
        )
    if not merge and rel.direction == ast.BOTH:
        raise CypherSyntaxError(
            "RequiresDirectedRelationship",
            "Only directed relationships are supported in CREATE",
            position=rel.pos,
        )
    if rel.variable is not None:
        scope.bind(rel.variable, REL)
