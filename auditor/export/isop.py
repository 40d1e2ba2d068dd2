"""A sum-of-products cover of a decision diagram, after uv 0.13's `marker/algebra/isop.rs`.

Minato-Morreale ISOP for boolean variables; for range variables the lower and upper bounds are
split into matching ranges, and what every branch allows is extracted once (so a shared term is
printed once). uv prints markers from this cover, so the recursion, its order and its tie-breaks
follow uv's exactly.

A guard is `("n", node)` (a single-variable node) or `("e", node, child)` (the edges of `node`
that lead to `child`). A cover is `TRUE_COVER`, `FALSE_COVER`, `("g", node)` (a node whose
children are all constants) or `("b", ((guard, cover), ...))`.
"""

from __future__ import annotations

from typing import Any

from auditor.export import algebra as A
from auditor.export import ranges as R

Guard = tuple[Any, ...]
Cover = tuple[Any, ...]
TRUE_COVER: Cover = ("T",)
FALSE_COVER: Cover = ("F",)
_I = A.INTERNER
_NOT = _I.not_
_AND = _I.and_
_OR = _I.or_


def isop(node: int) -> Cover:
    return _isop(node, node, {})[1]


def _isop(lower: int, upper: int, cache: dict[tuple[int, int], tuple[int, Cover]]) -> tuple[int, Cover]:
    """A cover and its function `f` with `lower => f => upper` (the gap is don't-care)."""
    if lower == A.FALSE:
        return A.FALSE, FALSE_COVER
    if upper == A.TRUE:
        return A.TRUE, TRUE_COVER
    found = cache.get((lower, upper))
    if found is not None:
        return found
    if lower == upper and all(c in (A.TRUE, A.FALSE) for c in _I.children(lower)):
        return lower, ("g", lower)
    exact = lower == upper
    cofactors = _cofactors(lower, upper)
    common_upper = A.TRUE
    for _, _, up in cofactors:
        common_upper = _AND(common_upper, up)
    not_common_upper = _NOT(common_upper)
    common_lower = function = A.FALSE
    branches: dict[int, tuple[Guard, Cover]] = {}
    for guard, lo, up in cofactors:
        specific, cover = _isop(_AND(lo, not_common_upper), up, cache)
        common_lower = _OR(common_lower, _AND(lo, _NOT(specific)))
        if specific == A.FALSE:
            continue
        if not exact:
            function = _OR(function, _AND(guard_node(guard), specific))
        previous = branches.get(specific)
        if previous is None:
            branches[specific] = (guard, cover)
        else:
            branches[specific] = (("n", _OR(guard_node(previous[0]), guard_node(guard))), previous[1])
    common, cover = _isop(common_lower, common_upper, cache)
    function = lower if exact else _OR(function, common)
    if common != A.FALSE:
        branches[common] = (("n", A.TRUE), cover)
    result = (function, ("b", tuple(branches.values())))
    cache[(lower, upper)] = result
    return result


def guard_node(guard: Guard) -> int:
    if guard[0] == "n":
        return int(guard[1])
    node, child = guard[1], guard[2]
    if _I.boolean[node]:
        return _I.leaf_bool(_I.var[node], _I.edges[node][0] == child)
    return _I.leaf_ranges(_I.var[node], R.union([iv for iv, c in _I.edges[node] if c == child]))


def _cofactors(lower: int, upper: int) -> list[tuple[Guard, int, int]]:
    """Split on the first variable of `lower`/`upper`: (guard, lower cofactor, upper cofactor)."""
    if lower == upper:
        if _I.boolean[lower]:
            high, low = _I.edges[lower]
            return [(("e", lower, low), low, low), (("e", lower, high), high, high)]
        seen: list[int] = []
        for child in _I.children(lower):
            if child not in seen:
                seen.append(child)
        return [(("e", lower, c), c, c) for c in seen]
    lvar, uvar = _I.var[lower], _I.var[upper]
    variable = min(lvar, uvar)
    boolean = _I.boolean[lower] if lvar == variable else _I.boolean[upper]
    if boolean:
        lh, ll = _I.edges[lower] if lvar == variable else (lower, lower)
        uh, ul = _I.edges[upper] if uvar == variable else (upper, upper)
        guard = _I.leaf_bool(variable, True)
        return [(("n", _NOT(guard)), ll, ul), (("n", guard), lh, uh)]
    left = _I.edges[lower] if lvar == variable else ((R.FULL, lower),)
    right = _I.edges[upper] if uvar == variable else ((R.FULL, upper),)
    out: list[tuple[Guard, int, int]] = []
    for rng, lo, up in _range_cofactors(left, right):
        guard = A.FALSE if lo == A.FALSE else _I.leaf_ranges(variable, rng)
        out.append((("n", guard), lo, up))
    return out


def _range_cofactors(left: tuple[Any, ...], right: tuple[Any, ...]) -> list[tuple[tuple[R.Interval, ...], int, int]]:
    """Intersect two sorted partitions, grouping the regions with the same pair of children."""
    regions: dict[tuple[int, int], list[R.Interval]] = {}
    i = j = 0
    while i < len(left) and j < len(right):
        (lr, lc), (rr, rc) = left[i], right[j]
        inter = R.intersect(lr, rr)
        if inter is not None:
            regions.setdefault((lc, rc), []).append(inter)
        if R.upper_lt(lr[1], rr[1]):
            i += 1
        elif R.upper_lt(rr[1], lr[1]):
            j += 1
        else:
            i += 1
            j += 1
    return [(R.union(ivs), lo, up) for (lo, up), ivs in regions.items()]
