"""Markers as uv sees them: parse into the ADD, combine, simplify, compare by meaning, print.

Printing follows `crates/uv-pep508/src/marker/simplify.rs` (`to_dnf`) and `MarkerTreeContents`'
`Display`: single quotes, `python_full_version`, clauses ordered as uv orders them.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

from packaging.markers import InvalidMarker, Marker
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from auditor.export import algebra as A
from auditor.export import expressions as X
from auditor.export import ranges as R

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
    return _I.and_(a, b)


def or_(a: int, b: int) -> int:
    return _I.or_(a, b)


def not_(a: int) -> int:
    return _I.not_(a)


@functools.lru_cache(maxsize=8192)
def parse(text: str | None) -> int:
    """Parse a PEP 508 marker into a node (None or empty is TRUE). Raises MarkerError."""
    if text is None or not text.strip():
        return TRUE
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


# -- printing ---------------------------------------------------------------------------------


def to_dnf(node: int) -> list[list[X.Expr]]:
    dnf: list[list[X.Expr]] = []
    _collect(node, dnf, [])
    _simplify(dnf)
    for clause in dnf:
        clause.sort(key=lambda e: e[0])
    dnf.sort(key=lambda clause: [e[0] for e in clause])
    return dnf


def _collect(node: int, dnf: list[list[X.Expr]], path: list[X.Expr]) -> None:
    if node == FALSE:
        return
    if node == TRUE:
        if path:
            dnf.append(list(path))
        return
    var = _I.var[node]
    cat = var[0]
    if cat in (A.VERSION, A.STRING):
        key = (A.VERSION_KEYS if cat == A.VERSION else A.STRING_KEYS)[var[1]]
        make = X.version_expr if cat == A.VERSION else X.string_expr
        for child, rng in _collect_edges(_I.edges[node]):
            excluded = _range_inequality(rng)
            if excluded is not None:
                _descend(node_child=child, exprs=[make(key, "!=", v) for v in excluded], dnf=dnf, path=path)
                continue
            if cat == A.VERSION:
                star = _star_range(rng)
                if star is not None:
                    _descend(child, [X.version_expr(key, "!=*", star)], dnf, path)
                    continue
            for iv in rng:
                specs = _version_bounds(iv) if cat == A.VERSION else _string_bounds(iv)
                _descend(child, [make(key, op, v) for op, v in specs], dnf, path)
        return
    high, low = _I.edges[node]
    for value, child in ((True, high), (False, low)):
        if cat == A.IN:
            expr = X.string_expr(A.STRING_KEYS[var[1]], "in" if value else "not in", var[2])
        elif cat == A.CONTAINS:
            expr = X.string_expr(A.STRING_KEYS[var[1]], "contains" if value else "not contains", var[2])
        elif cat == A.EXTRA:
            expr = X.extra_expr("==" if value else "!=", var[1])
        else:
            expr = X.list_expr(A.LIST_KEYS[var[1]], "in" if value else "not in", var[2])
        _descend(child, [expr], dnf, path)


def _descend(node_child: int, exprs: list[X.Expr], dnf: list[list[X.Expr]], path: list[X.Expr]) -> None:
    n = len(path)
    path.extend(exprs)
    _collect(node_child, dnf, path)
    del path[n:]


def _collect_edges(edges: tuple[Any, ...]) -> list[tuple[int, tuple[R.Interval, ...]]]:
    groups: dict[int, list[R.Interval]] = {}
    for iv, child in edges:
        groups.setdefault(child, []).append(iv)
    return [(child, R.union(ivs)) for child, ivs in groups.items()]


def _range_inequality(rng: tuple[R.Interval, ...]) -> list[Any] | None:
    if not rng or rng[0][0] is not None or rng[-1][1] is not None:
        return None
    out = []
    for (_, end), (start, _) in itertools.pairwise(rng):
        if end is None or start is None or end[1] or start[1] or end[0] != start[0]:
            return None
        out.append(end[0])
    return out


def _star_range(rng: tuple[R.Interval, ...]) -> tuple[int, ...] | None:
    if len(rng) != 2:
        return None
    (lo1, hi1), (lo2, hi2) = rng
    if lo1 is not None or hi2 is not None or hi1 is None or hi1[1] or lo2 is None or not lo2[1]:
        return None
    v1, v2 = X.trim(hi1[0]), X.trim(lo2[0])
    if len(v1) == 1 and v2 == (v1[0], 1):
        return (v1[0], 0)
    if len(v1) == 2 and v2 == (v1[0], v1[1] + 1):
        return tuple(hi1[0])
    return None


def _version_bounds(iv: R.Interval) -> list[tuple[str, Any]]:
    lo, hi = iv
    if lo is not None and hi is not None and lo[1] and hi[1] and lo[0] == hi[0]:
        return [("==", lo[0])]
    if lo is not None and hi is not None and lo[1] and not hi[1]:
        v1, v2 = X.trim(lo[0]), X.trim(hi[0])
        if len(v1) == 1 and v2 == (v1[0], 1):
            return [("==*", (v1[0], 0))]
        if len(v1) == 2 and v2 == (v1[0], v1[1] + 1):
            return [("==*", v1)]
    return _bounds(lo, hi)


def _string_bounds(iv: R.Interval) -> list[tuple[str, Any]]:
    lo, hi = iv
    if lo is not None and hi is not None and lo[0] == hi[0] and lo[1] == hi[1]:
        return [("==" if lo[1] else "!=", lo[0])]
    return _bounds(lo, hi)


def _bounds(lo: R.Bound, hi: R.Bound) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if lo is not None:
        out.append((">=" if lo[1] else ">", lo[0]))
    if hi is not None:
        out.append(("<=" if hi[1] else "<", hi[0]))
    return out


def _simplify(dnf: list[list[X.Expr]]) -> None:
    for i in range(len(dnf)):
        clause = dnf[i]
        redundant: list[int] = []
        for skipped, skipped_term in enumerate(clause):
            for j, other in enumerate(dnf):
                if i == j:
                    continue
                if all(_term_ok(term, skipped_term, clause, redundant) for term in other):
                    redundant.append(skipped)
                    break
        for index in sorted(redundant, reverse=True):
            del dnf[i][index]
    redundant_clauses: list[int] = []
    for i in range(len(dnf)):
        clause = dnf[i]
        for j, other in enumerate(dnf):
            if i == j or j in redundant_clauses:
                continue
            if all(term in clause for term in other):
                redundant_clauses.append(i)
                break
    for i in reversed(redundant_clauses):
        del dnf[i]


def _term_ok(term: X.Expr, skipped: X.Expr, clause: list[X.Expr], redundant: list[int]) -> bool:
    if term == skipped:
        return False
    if X.is_negation(term, skipped):
        return True
    for position, x in enumerate(clause):
        if x == term:
            return position not in redundant
    return False


@functools.lru_cache(maxsize=65536)
def to_string(node: int) -> str | None:
    """The marker as uv prints it (`MarkerTreeContents`), or None when always true."""
    if node == TRUE:
        return None
    if node == FALSE:
        return "python_version < '0'"
    dnf = to_dnf(node)
    if len(dnf) == 1:
        return " and ".join(X.display(e) for e in dnf[0])
    parts = []
    for clause in dnf:
        text = " and ".join(X.display(e) for e in clause)
        parts.append(text if len(clause) == 1 else f"({text})")
    return " or ".join(parts)


def build(expr: X.Expr) -> int:
    return X.build(expr)
