"""Conflict markers (`extra == 'extra-7-project-cpu'`) resolved against the activated items:
uv's `resolve_activated_extras` (`crates/uv-resolver/src/universal_marker.rs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from auditor.export import algebra as A
from auditor.export import markers as M

Item = tuple[str, str | None, str | None]
"""A conflict item: (package, "extra" | "group" | None, name)."""

_I = A.INTERNER
_EXTRAS: dict[int, tuple[str, ...]] = {}
_RESOLVED: dict[tuple[int, tuple[int, ...]], int] = {}


def extra_names(node: int) -> tuple[str, ...]:
    """The names the marker tests with `extra == ...` (conflict items are encoded names), sorted."""
    if node in (A.TRUE, A.FALSE):
        return ()
    found = _EXTRAS.get(node)
    if found is None:
        var = _I.var[node]
        names = {name for child in _I.children(node) for name in extra_names(child)}
        if var[0] == A.EXTRA:
            names.add(var[1])
        found = _EXTRAS[node] = tuple(sorted(names))
    return found


def has_extra(node: int) -> bool:
    return bool(extra_names(node))


def encode(item: Item) -> str:
    package, kind, name = item
    if kind == "extra":
        return f"extra-{len(package)}-{package}-{name}"
    if kind == "group":
        return f"group-{len(package)}-{package}-{name}"
    return f"project-{len(package)}-{package}"


@lru_cache(maxsize=4096)
def decode(name: str) -> Item | None:
    """The item `encode` spells as `name` (None: no item is spelt so)."""
    kind, _, rest = name.partition("-")
    if kind not in ("extra", "group", "project"):
        return None
    size, _, rest = rest.partition("-")
    if not (size.isascii() and size.isdigit()) or len(rest) < int(size):
        return None
    package, rest = rest[: int(size)], rest[int(size) :]
    item: Item
    if kind == "project":
        item = (package, None, None)
    elif rest.startswith("-"):
        item = (package, kind, rest[1:])
    else:
        return None
    return item if encode(item) == name else None


def resolve_activated_extras(marker: int, scope: str | None, known: Mapping[Item, int]) -> int:
    """Replace each `extra == ...` by the condition under which that item is active (an unknown
    extra is never active), rebuilding the diagram structurally (uv 0.13's `resolve_extras`)."""
    if marker in (A.TRUE, A.FALSE) or not has_extra(marker):
        return marker
    conditions: dict[str, int] = {}
    for name in extra_names(marker):
        item = decode(name)  # the item encoded as `name`, if any (encode is one-to-one)
        value = None if item is None else known.get(item)
        if value is None and scope is not None:
            value = known.get((scope, "extra", name))
        conditions[name] = A.FALSE if value is None else value
    # the result depends on the marker and these conditions only: kept for the fixpoint's re-visits
    key = (marker, tuple(conditions.values()))
    resolved = _RESOLVED.get(key)
    if resolved is None:
        resolved = _RESOLVED[key] = _rebuild(marker, conditions)
    return resolved


def _rebuild(marker: int, conditions: dict[str, int]) -> int:
    memo: dict[int, int] = {}

    def rebuild(node: int) -> int:
        if node in (A.TRUE, A.FALSE) or not has_extra(node):
            return node
        found = memo.get(node)
        if found is not None:
            return found
        var = _I.var[node]
        if _I.boolean[node]:
            high, low = _I.edges[node]
            cond = conditions[var[1]] if var[0] == A.EXTRA else _I.leaf_bool(var, True)
            if cond == A.TRUE:
                out = rebuild(high)
            elif cond == A.FALSE:
                out = rebuild(low)
            else:
                out = M.or_(M.and_(cond, rebuild(high)), M.and_(M.not_(cond), rebuild(low)))
        else:
            out = A.FALSE
            for iv, child in _I.edges[node]:
                branch = rebuild(child)
                if branch != A.FALSE:
                    out = M.or_(out, M.and_(_I.leaf_ranges(var, (iv,)), branch))
        memo[node] = out
        return out

    return rebuild(marker)
