"""Canonical markers over compatible platforms, after uv 0.13's `marker/algebra/platform.rs`.

Some assignments of `os_name`, `sys_platform` and `platform_system` never occur together
(`os_name == 'nt'` on linux, ...; `Interner.exclusions`). uv finishes every marker operation by
choosing one diagram for all functions that agree on the compatible assignments, so an impossible
combination simplifies away (to FALSE when nothing compatible is left) and printing is canonical.
"""

from __future__ import annotations

from auditor.export import algebra as A

_I = A.INTERNER
_CANONICAL: dict[int, int] = {}


def _is_platform_key(node: int) -> bool:
    var = _I.var[node]
    return bool(node not in (A.TRUE, A.FALSE) and var[0] == A.STRING and var[1] <= 2)


def _mixes_platform_keys(node: int) -> bool:
    # Platform keys come first in the variable order: a second one on a path is an immediate child.
    return _is_platform_key(node) and any(_is_platform_key(c) for c in _I.children(node))


def canonicalize(node: int) -> int:
    """uv's `InternerGuard::canonicalize`: the representative of `node` on compatible platforms
    (memoised for every node: a big lock asks ~170,000 times, mostly for nodes already canonical)."""
    found = _CANONICAL.get(node)
    if found is not None:
        return found
    if not _mixes_platform_keys(node):
        _CANONICAL[node] = node
        return node
    result = _cofactor(node, _I.not_(_I.exclusions()), {})
    if _mixes_platform_keys(result):
        # Children are markers in their own right: complete them without assuming the parent.
        result = _I.create(_I.var[result], _I.map(result, canonicalize), _I.boolean[result])
    _CANONICAL[node] = result
    _CANONICAL[_I.not_(node)] = _I.not_(result)
    return result


def _cofactor(value: int, domain: int, cache: dict[tuple[int, int], int]) -> int:
    """Extend `value` from `domain` (compatible assignments) to every assignment: the first range
    of a platform key is the default wherever another range cannot be told apart from it."""
    if domain == A.TRUE or value in (A.TRUE, A.FALSE) or not _is_platform_key(value):
        return value
    found = cache.get((value, domain))
    if found is not None:
        return found
    vvar, dvar = _I.var[value], _I.var[domain]
    default_domain = _I.children(domain)[0]
    if vvar < dvar:
        result = _I.create(vvar, _I.map(value, lambda c: _cofactor(c, domain, cache)), False)
    elif vvar > dvar:
        result = _cofactor(value, default_domain, cache)
    else:
        default_value = _I.children(value)[0]
        default = _cofactor(default_value, default_domain, cache)

        def child(c: int, enabled: int) -> int:
            if enabled == A.FALSE or c == default_value:
                return default
            out = _cofactor(c, enabled, cache)
            if enabled != default_domain and out == _cofactor(default, enabled, cache):
                return default
            return out

        result = _I.create(vvar, _I._apply(value, domain, child), False)
    cache[(value, domain)] = result
    return result
