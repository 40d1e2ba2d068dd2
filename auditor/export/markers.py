"""Markers as uv sees them: parse into the ADD and combine (each result made canonical on the
platforms that can exist, as uv's `MarkerTree` operations do). Printing is in `format`.
"""

from __future__ import annotations

import functools
from typing import Any

from packaging.version import InvalidVersion, Version

from auditor.export import algebra as A
from auditor.export import expressions as X
from auditor.export.platform import canonicalize
from auditor.export.printer import to_dnf, to_string
from auditor.names import canonicalize_name
from auditor.quickmarker import tree as quick_tree

__all__ = ["MarkerError", "and_", "build", "canonicalize", "not_", "or_", "parse", "to_dnf", "to_string"]

TRUE = A.TRUE
FALSE = A.FALSE
_I = A.INTERNER
_ALIASES = {
    "os.name": "os_name",
    "sys.platform": "sys_platform",
    "platform.machine": "platform_machine",
    "platform.python_implementation": "platform_python_implementation",
    "python_implementation": "platform_python_implementation",
    "platform.version": "platform_version",
}
_INVERT = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


class MarkerError(ValueError):
    """A marker string that cannot be parsed."""


def and_(a: int, b: int) -> int:
    if a == b or b == TRUE:  # the interner's own shortcuts, without its call (the export's hot loop)
        return canonicalize(a)
    return canonicalize(b) if a == TRUE else canonicalize(_I.and_(a, b))


def or_(a: int, b: int) -> int:
    if a == b or b == FALSE:
        return canonicalize(a)
    return canonicalize(b) if a == FALSE else canonicalize(_I.or_(a, b))


def not_(a: int) -> int:
    return _I.not_(a)


@functools.lru_cache(maxsize=8192)
def parse(text: str | None) -> int:
    """Parse a PEP 508 marker into a node (None or empty is TRUE). Raises MarkerError."""
    if text is None or not text.strip():
        return TRUE
    tree = quick_tree(text)  # uv's own shape without packaging's parser, else packaging
    if tree is None:
        from packaging.markers import InvalidMarker, Marker  # imports packaging.tags: only when needed

        try:
            tree = Marker(text)._markers
        except InvalidMarker as exc:
            raise MarkerError(str(exc)) from None
    node = _fold(tree)
    return TRUE if node is None else node


def _fold(items: list[Any]) -> int | None:
    # `and` binds tighter than `or`; uv folds left to right and skips ignored expressions.
    result: int | None = None
    conj: int | None = None
    pending_or = False
    for item in items:
        if item == "and":
            continue
        if item == "or":
            pending_or = True
            continue
        node = _fold(item) if isinstance(item, list) else _atom(item)
        if pending_or:
            if conj is not None:
                result = conj if result is None else or_(result, conj)
            conj = node
            pending_or = False
        elif node is not None:
            conj = node if conj is None else and_(conj, node)
    if conj is not None:
        result = conj if result is None else or_(result, conj)
    return result


def _atom(item: Any) -> int | None:
    lhs, op, rhs = item
    lvar, rvar = type(lhs).__name__ == "Variable", type(rhs).__name__ == "Variable"
    if lvar == rvar:
        return None
    operator = str(op.value)
    if lvar:
        key, value = _ALIASES.get(lhs.value, lhs.value), str(rhs.value)
    else:
        key, value = _ALIASES.get(rhs.value, rhs.value), str(lhs.value)
        if operator in ("in", "not in"):
            operator = "contains" if operator == "in" else "not contains"
        else:
            operator = _INVERT.get(operator, operator)
    if key in ("python_version", "python_full_version", "implementation_version"):
        return _version_atom(key, operator, value)
    if key == "extra":
        if operator not in ("==", "!="):
            return None
        try:
            name = canonicalize_name(value, validate=True)
        except ValueError:
            return FALSE
        return X.build(X.extra_expr(operator, name))
    if key in A.LIST_KEYS:
        if operator not in ("contains", "not contains"):
            return None
        return X.build(X.list_expr(key, "in" if operator == "contains" else "not in", canonicalize_name(value)))
    if key not in A.STRING_KEYS or operator == "~=" or operator == "===":
        return None
    return X.build(X.string_expr(key, operator, value))


def _version_atom(key: str, operator: str, value: str) -> int | None:
    if operator in ("in", "not in"):
        return _version_in(key, operator, value)
    if operator in ("contains", "not contains"):
        return None
    star = value.endswith(".*")
    if star:
        if operator not in ("==", "!="):
            return None
        operator += "*"
        value = value[:-2]
    try:
        release = Version(value).release
    except InvalidVersion:
        return None
    if operator == "~=" and len(release) < 2:
        return None
    if operator == "<" and not any(release):
        return FALSE  # uv's spelling of the always-false marker
    if key == "python_version":
        return X.build_python_version(operator, release)
    return X.build(X.version_expr(key, operator, release))


def _version_in(key: str, operator: str, value: str) -> int | None:
    try:
        releases = [Version(v).release for v in value.split()]
    except InvalidVersion:
        return None
    node = FALSE
    for release in releases:
        if key == "python_version":
            part = X.build_python_version("==", release)
        else:
            part = X.build(X.version_expr(key, "==", release))
        node = or_(node, part)
    return not_(node) if operator == "not in" else node


def build(expr: X.Expr) -> int:
    return X.build(expr)
