"""Conflict markers (`extra == 'extra-7-project-cpu'`) resolved against the activated items:
uv's `resolve_activated_extras` (`crates/uv-resolver/src/universal_marker.rs`).
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.export import algebra as A
from auditor.export import markers as M

Item = tuple[str, str | None, str | None]
"""A conflict item: (package, "extra" | "group" | None, name)."""

_I = A.INTERNER
_HAS_EXTRA: dict[int, bool] = {}
_REBUILT: dict[int, int] = {}


def has_extra(node: int) -> bool:
    if node in (A.TRUE, A.FALSE):
        return False
    found = _HAS_EXTRA.get(node)
    if found is None:
        found = _I.var[node][0] == A.EXTRA or any(has_extra(c) for c in _I.children(node))
        _HAS_EXTRA[node] = found
    return found


def encode(item: Item) -> str:
    package, kind, name = item
    if kind == "extra":
        return f"extra-{len(package)}-{package}-{name}"
    if kind == "group":
        return f"group-{len(package)}-{package}-{name}"
    return f"project-{len(package)}-{package}"


def resolve_activated_extras(marker: int, scope: str | None, known: Mapping[Item, int]) -> int:
    if marker in (A.TRUE, A.FALSE):
        return marker
    if not has_extra(marker):
        cached = _REBUILT.get(marker)
        if cached is None:
            cached = _rebuild(marker, scope, {})
            _REBUILT[marker] = cached
        return cached
    encoded = {encode(item): value for item, value in known.items()}
    return _rebuild(marker, scope, known, encoded)


def _rebuild(
    marker: int, scope: str | None, known: Mapping[Item, int], encoded: Mapping[str, int] | None = None
) -> int:
    transformed = A.FALSE
    for clause in M.to_dnf(marker):
        acc = A.TRUE
        for expr in clause:
            if expr[1] != "extra":
                acc = M.and_(acc, M.build(expr))
                continue
            name, equal = expr[4], expr[3] == "=="
            value = encoded.get(name) if encoded else None
            if value is None and scope is not None:
                value = known.get((scope, "extra", name))
            if value is None:
                acc = M.and_(acc, A.FALSE if equal else A.TRUE)
                continue
            acc = M.and_(acc, value if equal else M.not_(value))
        transformed = M.or_(transformed, acc)
    return transformed
