"""Intervals over ordered values (release tuples or strings), as uv's `version_ranges::Ranges`.

An interval is `(lo, hi)`; a bound is `None` (unbounded) or `(value, inclusive)`. A range is a
sorted tuple of disjoint, non-adjacent intervals. Only what the marker algebra needs is here.
"""

from __future__ import annotations

from typing import Any

Bound = tuple[Any, bool] | None
Interval = tuple[Bound, Bound]
FULL: Interval = (None, None)


def lower_lt(a: Bound, b: Bound) -> bool:
    """Strict order of lower bounds (an included bound starts before an excluded one)."""
    if a is None:
        return b is not None
    if b is None:
        return False
    if a[0] != b[0]:
        return bool(a[0] < b[0])
    return a[1] and not b[1]


def upper_lt(a: Bound, b: Bound) -> bool:
    """Strict order of upper bounds (an excluded bound ends before an included one)."""
    if a is None:
        return False
    if b is None:
        return True
    if a[0] != b[0]:
        return bool(a[0] < b[0])
    return not a[1] and b[1]


def is_empty(iv: Interval) -> bool:
    lo, hi = iv
    if lo is None or hi is None:
        return False
    if lo[0] < hi[0]:
        return False
    if lo[0] == hi[0]:
        return not (lo[1] and hi[1])
    return True


def intersect(a: Interval, b: Interval) -> Interval | None:
    lo = b[0] if lower_lt(a[0], b[0]) else a[0]
    hi = a[1] if upper_lt(a[1], b[1]) else b[1]
    out = (lo, hi)
    return None if is_empty(out) else out


def can_conjoin(a: Interval, b: Interval) -> bool:
    """`a` ends exactly where `b` starts, with one side of the point included (uv's can_conjoin)."""
    end, start = a[1], b[0]
    if end is None or start is None:
        return False
    return bool(end[0] == start[0] and end[1] != start[1])


def touches(a: Interval, b: Interval) -> bool:
    """`a` (ending before `b` starts) can be merged with `b` into one interval."""
    end, start = a[1], b[0]
    if end is None or start is None:
        return True
    if end[0] > start[0]:
        return True
    return bool(end[0] == start[0] and (end[1] or start[1]))


def union(ivs: list[Interval]) -> tuple[Interval, ...]:
    """Normalise intervals into a sorted tuple of disjoint, non-touching intervals."""
    items = sorted((iv for iv in ivs if not is_empty(iv)), key=_start_key)
    out: list[Interval] = []
    for iv in items:
        if out and touches(out[-1], iv):
            prev = out[-1]
            hi = iv[1] if upper_lt(prev[1], iv[1]) else prev[1]
            out[-1] = (prev[0], hi)
        else:
            out.append(iv)
    return tuple(out)


def complement(ivs: tuple[Interval, ...]) -> tuple[Interval, ...]:
    out: list[Interval] = []
    lo: Bound = None
    started = True
    for a, b in ivs:
        if a is not None:
            iv = (lo, (a[0], not a[1])) if started else None
            if iv is not None and not is_empty(iv):
                out.append(iv)
        if b is None:
            return tuple(out)
        lo = (b[0], not b[1])
    out.append((lo, None))
    return tuple(out)


def _start_key(iv: Interval) -> tuple[int, Any, int]:
    lo = iv[0]
    if lo is None:
        return (0, 0, 0)
    return (1, lo[0], 0 if lo[1] else 1)


def sort_disjoint(items: list[tuple[Interval, int]]) -> list[tuple[Interval, int]]:
    return sorted(items, key=lambda item: _start_key(item[0]))


def singleton(v: Any) -> tuple[Interval, ...]:
    return (((v, True), (v, True)),)


def contains(ivs: tuple[Interval, ...], v: Any) -> bool:
    for lo, hi in ivs:
        if lo is not None and (v < lo[0] or (v == lo[0] and not lo[1])):
            continue
        if hi is not None and (v > hi[0] or (v == hi[0] and not hi[1])):
            continue
        return True
    return False
