"""Printing a marker as uv 0.13 prints it: `simplify.rs` (`to_dnf` from the ISOP cover) and
`format.rs` (`write_marker`: clauses grouped by shared prefix, then prefixes with equal suffixes
combined, e.g. `A and (B or C)`); single quotes, `python_full_version`.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

from auditor.export import algebra as A
from auditor.export import expressions as X
from auditor.export import ranges as R
from auditor.export.isop import TRUE_COVER, Cover, Guard, isop
from auditor.export.platform import canonicalize

_I = A.INTERNER
Clause = list[X.Expr]


@functools.lru_cache(maxsize=65536)
def to_string(node: int) -> str | None:
    """The marker as uv prints it (`MarkerTreeContents`), or None when always true."""
    node = canonicalize(node)
    if node == A.TRUE:
        return None
    if node == A.FALSE:
        return "python_version < '0'"
    return write_marker(to_dnf(node))


def to_dnf(node: int) -> list[Clause]:
    """uv's `to_dnf`: the ISOP cover expanded into clauses, each sorted, then sorted by kinds."""
    dnf: list[Clause] = []
    _collect_cover(isop(node), dnf, [])
    for clause in dnf:
        clause.sort(key=lambda e: e[0])
    dnf.sort(key=lambda clause: [e[0] for e in clause])
    return dnf


def _collect_cover(cover: Cover, dnf: list[Clause], path: Clause) -> None:
    kind = cover[0]
    if kind == "F":
        return
    if kind == "T":
        if path:
            dnf.append(list(path))
    elif kind == "g":
        _collect_guard(("n", cover[1]), TRUE_COVER, dnf, path)
    else:
        for guard, suffix in cover[1]:
            _collect_guard(guard, suffix, dnf, path)


def _collect_guard(guard: Guard, suffix: Cover, dnf: list[Clause], path: Clause) -> None:
    tree, child = (guard[1], A.TRUE) if guard[0] == "n" else (guard[1], guard[2])
    if tree == A.FALSE:
        return
    if tree == A.TRUE:
        _collect_cover(suffix, dnf, path)
        return
    var = _I.var[tree]
    cat = var[0]
    if cat in (A.VERSION, A.STRING):
        rng = R.union([iv for iv, c in _I.edges[tree] if c == child])
        terms = _version_terms(var, rng) if cat == A.VERSION else _string_terms(var, rng)
    else:
        high, low = _I.edges[tree]
        terms = [[_boolean_expr(var, value)] for value, c in ((True, high), (False, low)) if c == child]
    for exprs in terms:
        n = len(path)
        path.extend(exprs)
        _collect_cover(suffix, dnf, path)
        del path[n:]


def _boolean_expr(var: A.Var, value: bool) -> X.Expr:
    cat = var[0]
    if cat == A.IN:
        return X.string_expr(A.STRING_KEYS[var[1]], "in" if value else "not in", var[2])
    if cat == A.CONTAINS:
        return X.string_expr(A.STRING_KEYS[var[1]], "contains" if value else "not contains", var[2])
    if cat == A.EXTRA:
        return X.extra_expr("==" if value else "!=", var[1])
    return X.list_expr(A.LIST_KEYS[var[1]], "in" if value else "not in", var[2])


def _version_terms(var: A.Var, rng: tuple[R.Interval, ...]) -> list[Clause]:
    key = A.VERSION_KEYS[var[1]]
    excluded = _range_inequality(rng)
    if excluded is not None:
        return [[X.version_expr(key, "!=", v) for v in excluded]]
    star = _star_range(rng)
    if star is not None:
        return [[X.version_expr(key, "!=*", star)]]
    return [[X.version_expr(key, op, v) for op, v in _version_bounds(iv)] for iv in rng]


def _string_terms(var: A.Var, rng: tuple[R.Interval, ...]) -> list[Clause]:
    key = A.STRING_KEYS[var[1]]
    excluded = _range_inequality(rng)
    if excluded is not None:
        return [[X.string_expr(key, "!=", v) for v in excluded]]
    return [[X.string_expr(key, op, v) for op, v in _string_bounds(iv)] for iv in rng]


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


# -- format.rs ------------------------------------------------------------------------------


def write_marker(clauses: list[Clause]) -> str:
    """Group clauses by shared prefix, then combine prefixes with the same suffixes:
    AX + AY + BX + BY becomes (A + B)(X + Y)."""
    if len(clauses) < 2 or all(len(c) == 1 for c in clauses):
        return _disjunction(clauses)
    by_first: dict[X.Expr, list[Clause]] = {}
    for clause in clauses:
        if not clause:
            return _disjunction(clauses)
        by_first.setdefault(clause[0], []).append(clause)
    shared_prefix = len(by_first) < len(clauses)
    by_suffixes: dict[tuple[tuple[X.Expr, ...], ...], list[Clause]] = {}
    for group in by_first.values():
        first = group[0]
        size = 1 if len(group) == 1 else len(first)
        for clause in group[1:]:
            size = sum(
                1 for _ in itertools.takewhile(lambda ab: ab[0] == ab[1], zip(first[:size], clause, strict=False))
            )
        suffixes = tuple(tuple(c[size:]) for c in group)
        if any(not s for s in suffixes):
            suffixes = ()  # the prefix alone covers every longer clause of the group
        by_suffixes.setdefault(suffixes, []).append(first[:size])
    shared_suffix = any(s and len(p) > 1 for s, p in by_suffixes.items())
    if not shared_prefix and not shared_suffix:
        return _disjunction(clauses)
    parts = []
    for suffixes, prefixes in by_suffixes.items():
        if not suffixes:
            parts.append(_disjunction(prefixes))
        else:
            parts.append(f"{_operand(prefixes)} and {_operand([list(s) for s in suffixes])}")
    return " or ".join(parts)


def _operand(clauses: list[Clause]) -> str:
    text = _disjunction(clauses)
    return text if len(clauses) == 1 else f"({text})"


def _disjunction(clauses: list[Clause]) -> str:
    parts = []
    for terms in clauses:
        text = " and ".join(X.display(e) for e in terms)
        parts.append(f"({text})" if len(clauses) > 1 and len(terms) > 1 else text)
    return " or ".join(parts)
