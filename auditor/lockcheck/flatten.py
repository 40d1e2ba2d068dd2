"""uv's `FlatRequiresDist::from_requirements` (crates/uv-distribution/src/metadata/requires_dist.rs):
self-referencing extras (`all = ["project[date]"]`) replaced by what they pull in.

Build backends such as hatchling write the flattened form into the metadata they build, so for a
project with a dynamic version (whose lock records the built metadata) uv accepts either form.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from auditor.export import markers as M
from auditor.export.algebra import EXTRA, FALSE, INTERNER, TRUE
from auditor.frozen import replace
from auditor.lockcheck.diff import Expected

_I = INTERNER


def _restrict(node: int, value: Callable[[str], bool | None], cache: dict[int, int]) -> int:
    """The marker with `extra == NAME` fixed to `value(NAME)` (None leaves it open)."""
    if node in (TRUE, FALSE):
        return node
    if node in cache:
        return cache[node]
    var = _I.var[node]
    fixed = value(var[1]) if var[0] == EXTRA else None
    if fixed is not None:
        high, low = _I.edges[node]
        out = _restrict(high if fixed else low, value, cache)
    else:
        out = _I.create(var, _I.map(node, lambda c: _restrict(c, value, cache)), _I.boolean[node])
    cache[node] = out
    return out


def restrict(node: int, value: Callable[[str], bool | None]) -> int:
    return M.canonicalize(_restrict(node, value, {}))


def flatten(expected: Sequence[Expected], name: str) -> list[Expected]:
    """The requirements with every self-reference of `name` expanded, as uv flattens them."""
    if all(x.req.name != name for x in expected):
        return list(expected)
    flattened = list(expected)
    seen: set[tuple[str, int]] = set()
    queue = deque((extra, M.parse(x.req.marker)) for x in expected if x.req.name == name for extra in x.req.extras)
    while queue:
        extra, marker = queue.popleft()
        if (extra, marker) in seen:
            continue
        seen.add((extra, marker))
        for item in expected:
            own = M.parse(item.req.marker)
            production = restrict(own, lambda _e: False)
            only_extra = restrict(own, lambda e, x=extra: e == x)  # type: ignore[misc]
            joined = M.and_(marker, M.and_(only_extra, M.not_(production)))
            if joined == FALSE:
                continue
            req = replace(item.req, marker=M.to_string(joined))
            if req.name == name:
                queue.extend((e, joined) for e in req.extras)
            flattened.append(Expected(req, item.entry, item.section))
    self_constraints = [
        Expected(replace(x.req, extras=()), x.entry, x.section)
        for x in flattened
        if x.req.name == name and (x.req.specifier or x.req.source[0] != "registry" or x.req.source[1])
    ]
    return [x for x in flattened if x.req.name != name] + self_constraints
