"""Transformations and evaluation over the marker algebra: forgetting extras, uv's
`simplify_python_versions` / `complexify_python_versions` against requires-python, and evaluating
a marker in a concrete environment."""

from __future__ import annotations

from typing import Any

from auditor.export import ranges as R
from auditor.export.algebra import (
    CONTAINS,
    EXTRA,
    FALSE,
    IN,
    INTERNER,
    PYTHON_FULL_VERSION,
    STRING,
    STRING_KEYS,
    TRUE,
    VERSION,
    VERSION_KEYS,
)

_I = INTERNER


def without_extras(x: int, cache: dict[int, int] | None = None) -> int:
    """The marker with every extra variable forgotten (true when any branch is)."""
    if x in (TRUE, FALSE):
        return x
    cache = {} if cache is None else cache
    if x in cache:
        return cache[x]
    if _I.var[x][0] == EXTRA:
        merged = FALSE
        for c in _I.children(x):
            merged = _I.or_(merged, c)
        out = TRUE if merged == TRUE else without_extras(merged, cache)
    else:
        out = _I.create(_I.var[x], _I.map(x, lambda c: without_extras(c, cache)), _I.boolean[x])
    cache[x] = out
    return out


def simplify_python(x: int, lo: R.Bound, hi: R.Bound) -> int:
    """uv's `simplify_python_versions`: assume requires-python's range holds."""
    if x in (TRUE, FALSE) or (lo is None and hi is None):
        return x
    if _I.var[x] != PYTHON_FULL_VERSION:
        edges = _I.map(x, lambda c: simplify_python(c, lo, hi))
        return _I.create(_I.var[x], edges, _I.boolean[x])
    py = (lo, hi)
    if R.is_empty(py):
        return FALSE
    new = [(ov, c) for iv, c in _I.edges[x] if (ov := R.intersect(iv, py)) is not None]
    first_iv, first_c = new[0]
    new[0] = ((None, first_iv[1]), first_c)
    last_iv, last_c = new[-1]
    new[-1] = ((last_iv[0], None), last_c)
    return _I.create(PYTHON_FULL_VERSION, tuple(new), False)


def complexify_python(x: int, lo: R.Bound, hi: R.Bound) -> int:
    """uv's `complexify_python_versions`: conjoin requires-python's range."""
    if x == FALSE or (lo is None and hi is None):
        return x
    if R.is_empty((lo, hi)):
        return FALSE
    return _I.and_(x, _I.leaf_ranges(PYTHON_FULL_VERSION, ((lo, hi),)))


def evaluate(x: int, env: dict[str, Any], extras: frozenset[str] = frozenset()) -> bool:
    """Evaluate in an environment (`python_full_version` as a release tuple, strings otherwise)."""
    while x not in (TRUE, FALSE):
        var = _I.var[x]
        cat = var[0]
        if cat in (STRING, VERSION):
            key = (STRING_KEYS if cat == STRING else VERSION_KEYS)[var[1]]
            value = env.get(key, "" if cat == STRING else (0,))
            if cat == VERSION:
                value = _trim(tuple(value))
            for iv, child in _I.edges[x]:
                if R.contains((iv,), value):
                    x = child
                    break
            else:  # pragma: no cover - edges cover the whole domain
                return False
            continue
        high, low = _I.edges[x]
        if cat == IN:
            hit = str(env.get(STRING_KEYS[var[1]], "")) in var[2]
        elif cat == CONTAINS:
            hit = var[2] in str(env.get(STRING_KEYS[var[1]], ""))
        elif cat == EXTRA:
            hit = var[1] in extras
        else:
            hit = var[2] in extras
        x = high if hit else low
    return bool(x == TRUE)


def _trim(release: tuple[int, ...]) -> tuple[int, ...]:
    end = len(release)
    while end > 1 and release[end - 1] == 0:
        end -= 1
    return release[:end]
