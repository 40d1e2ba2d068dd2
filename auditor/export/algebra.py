"""uv's marker algebra: a reduced, ordered algebraic decision diagram (ADD), ported from
`crates/uv-pep508/src/marker/algebra.rs`.

Node ids are ints: 0 is TRUE, 1 is FALSE, others index the interner. Unlike uv, complements are
explicit (interned) nodes; the structure of every node is the same as uv's, so printing matches.
Variables are ordered tuples (uv's `Variable` order): string keys, then version keys, then
`in`/`contains`, then extras, then list pairs (conflict groups). Range variables carry a tuple of
`(interval, child)` edges (see `ranges`); boolean ones `(high, low)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditor.export import ranges as R

TRUE = 0
FALSE = 1

# Variable categories, in uv's order.
STRING, VERSION, IN, CONTAINS, EXTRA, LIST = range(6)
STRING_KEYS = (
    "os_name",
    "sys_platform",
    "platform_system",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_version",
    "implementation_name",
)
VERSION_KEYS = ("implementation_version", "python_full_version")
LIST_KEYS = ("extras", "dependency_groups")

Var = tuple[Any, ...]
Edges = tuple[Any, ...]


class Interner:
    """Global store of decision nodes with operation caches (one per process is enough)."""

    def __init__(self) -> None:
        self.var: list[Var] = [(), ()]
        self.edges: list[Edges] = [(), ()]
        self.boolean: list[bool] = [False, False]
        self.unique: dict[tuple[Var, Edges], int] = {}
        self.neg: dict[int, int] = {TRUE: FALSE, FALSE: TRUE}
        self.cache: dict[tuple[int, int, bool], int] = {}
        self.disjoint_cache: dict[tuple[int, int], bool] = {}
        self.leaves: dict[
            tuple[Var, tuple[R.Interval, ...]], int
        ] = {}  # leaf_ranges, which conflicts asks per interval
        self._exclusions: int | None = None

    # -- construction -------------------------------------------------------------------------
    def create(self, var: Var, edges: Edges, boolean: bool) -> int:
        kids = edges if boolean else tuple(c for _, c in edges)
        first = kids[0]
        if all(k == first for k in kids):
            return int(first)
        key = (var, edges)
        found = self.unique.get(key)
        if found is not None:
            return found
        self.var.append(var)
        self.edges.append(edges)
        self.boolean.append(boolean)
        node = len(self.var) - 1
        self.unique[key] = node
        return node

    def children(self, x: int) -> tuple[int, ...]:
        e = self.edges[x]
        return e if self.boolean[x] else tuple(c for _, c in e)

    def map(self, x: int, f: Callable[[int], int]) -> Edges:
        """Apply `f` to every child, coalescing adjacent ranges that now share a child (uv 0.13)."""
        e = self.edges[x]
        if self.boolean[x]:
            return (f(e[0]), f(e[1]))
        out: list[tuple[R.Interval, int]] = []
        for iv, c in e:
            child = f(c)
            if out and out[-1][1] == child and R.can_conjoin(out[-1][0], iv):
                out[-1] = ((out[-1][0][0], iv[1]), child)
            else:
                out.append((iv, child))
        return tuple(out)

    def not_(self, x: int) -> int:
        found = self.neg.get(x)
        if found is not None:
            return found
        out = self.create(self.var[x], self.map(x, self.not_), self.boolean[x])
        self.neg[x] = out
        self.neg[out] = x
        return out

    # -- boolean operations (uv's `InternerGuard::and`/`or`: pure, no platform knowledge) ----
    def and_(self, x: int, y: int) -> int:
        return self._op(x, y, True)

    def or_(self, x: int, y: int) -> int:
        return self._op(x, y, False)

    def _op(self, x: int, y: int, is_and: bool) -> int:
        unit, zero = (TRUE, FALSE) if is_and else (FALSE, TRUE)
        if x == unit:
            return y
        if y == unit or x == y:
            return x
        if x == zero or y == zero:
            return zero
        if self.neg.get(x) == y:
            return zero
        key = (x, y, is_and) if x < y else (y, x, is_and)
        found = self.cache.get(key)
        if found is not None:
            return found
        vx, vy = self.var[x], self.var[y]
        if vx < vy:
            node = self.create(vx, self.map(x, lambda c: self._op(c, y, is_and)), self.boolean[x])
        elif vy < vx:
            node = self.create(vy, self.map(y, lambda c: self._op(c, x, is_and)), self.boolean[y])
        else:
            node = self.create(vx, self._apply(x, y, lambda a, b: self._op(a, b, is_and)), self.boolean[x])
        self.cache[key] = node
        return node

    def _apply(self, x: int, y: int, f: Callable[[int, int], int]) -> Edges:
        ex, ey = self.edges[x], self.edges[y]
        if self.boolean[x]:
            return (f(ex[0], ey[0]), f(ex[1], ey[1]))
        combined: list[tuple[R.Interval, int]] = []
        for inter, lc, rc in _overlaps(ex, ey):
            node = f(lc, rc)
            if combined and combined[-1][1] == node and R.can_conjoin(combined[-1][0], inter):
                combined[-1] = ((combined[-1][0][0], inter[1]), node)
            else:
                combined.append((inter, node))
        return tuple(combined)

    def disjoint(self, x: int, y: int) -> bool:
        """No environment satisfies both (without the known-incompatibility knowledge)."""
        if x == FALSE or y == FALSE:
            return True
        if x == TRUE or y in (TRUE, x):
            return False
        if self.neg.get(x) == y:
            return True
        key = (x, y) if x < y else (y, x)
        found = self.disjoint_cache.get(key)
        if found is not None:
            return found
        vx, vy = self.var[x], self.var[y]
        if vx < vy:
            out = all(self.disjoint(c, y) for c in self.children(x))
        elif vy < vx:
            out = all(self.disjoint(c, x) for c in self.children(y))
        elif self.boolean[x]:
            (hx, lx), (hy, ly) = self.edges[x], self.edges[y]
            out = self.disjoint(hx, hy) and self.disjoint(lx, ly)
        else:
            out = all(self.disjoint(lc, rc) for _, lc, rc in _overlaps(self.edges[x], self.edges[y]))
        self.disjoint_cache[key] = out
        return out

    def exclusions(self) -> int:
        """Pairs of os_name/sys_platform/platform_system values that never hold together."""
        if self._exclusions is not None:
            return self._exclusions

        def eq(key: str, value: str) -> int:
            return self.leaf_string(key, "==", value, normalize=False)

        def any_of(key: str, values: tuple[str, ...]) -> int:
            node = FALSE
            for value in values:
                node = self._op(node, eq(key, value), False)
            return node

        # (os_name == 'nt' and sys_platform == 'linux') or ...: the pairs grouped by their first
        # half, so the diagram (the same one: it is canonical) takes 8 disjunctions instead of 58
        groups = [
            (eq("os_name", "nt"), any_of("sys_platform", ("linux", "darwin", "ios"))),
            (eq("os_name", "posix"), eq("sys_platform", "win32")),
        ]
        systems = ("FreeBSD", "NetBSD", "OpenBSD", "SunOS", "iOS", "iPadOS")
        platforms = ("aix", "android", "emscripten", "ios", "linux", "darwin", "win32", "cygwin", "wasi")
        for system in systems:
            allowed = tuple(p for p in platforms if not (p == "ios" and system in ("iOS", "iPadOS")))
            groups.append((eq("platform_system", system), any_of("sys_platform", allowed)))
        tree = FALSE
        for a, b in groups:
            tree = self._op(tree, self._op(a, b, True), False)
        self._exclusions = tree
        return tree

    # -- leaves -------------------------------------------------------------------------------
    def leaf_ranges(self, var: Var, true_ranges: tuple[R.Interval, ...]) -> int:
        key = (var, true_ranges)
        found = self.leaves.get(key)
        if found is None:
            items = [(iv, TRUE) for iv in true_ranges] + [(iv, FALSE) for iv in R.complement(true_ranges)]
            found = self.leaves[key] = self.create(var, tuple(R.sort_disjoint(items)), False)
        return found

    def leaf_bool(self, var: Var, value: bool) -> int:
        return self.create(var, (TRUE, FALSE) if value else (FALSE, TRUE), True)

    def leaf_string(self, key: str, op: str, value: str, *, normalize: bool = True) -> int:
        if normalize and key == "platform_system" and value in _SYSTEM_TO_PLATFORM:
            key, value = "sys_platform", _SYSTEM_TO_PLATFORM[value]
        var = (STRING, STRING_KEYS.index(key))
        ordered = key in ("platform_release", "platform_version")
        if op == "==" or (op in (">=", "<=") and not ordered):
            rng = R.singleton(value)
        elif op == "!=":
            rng = R.complement(R.singleton(value))
        elif op in (">", "<") and not ordered:
            return FALSE
        elif op == ">":
            rng = (((value, False), None),)
        elif op == ">=":
            rng = (((value, True), None),)
        elif op == "<":
            rng = ((None, (value, False)),)
        else:
            rng = ((None, (value, True)),)
        return self.leaf_ranges(var, rng)


def _overlaps(left: Edges, right: Edges) -> list[tuple[R.Interval, int, int]]:
    """The non-empty intersections of two partitions of one variable's values, with both
    children, in order: one sweep (each partition is sorted and covers every value) instead of
    comparing every pair."""
    out: list[tuple[R.Interval, int, int]] = []
    i = j = 0
    upper_lt, intersect = R.upper_lt, R.intersect
    while i < len(left) and j < len(right):
        (lr, lc), (rr, rc) = left[i], right[j]
        inter = intersect(rr, lr)
        if inter is not None:
            out.append((inter, lc, rc))
        if upper_lt(lr[1], rr[1]):
            i += 1
        elif upper_lt(rr[1], lr[1]):
            j += 1
        else:
            i += 1
            j += 1
    return out


PYTHON_FULL_VERSION: Var = (VERSION, 1)
_SYSTEM_TO_PLATFORM = {
    "Windows": "win32",
    "Darwin": "darwin",
    "Linux": "linux",
    "AIX": "aix",
    "Emscripten": "emscripten",
    "Android": "android",
}


INTERNER = Interner()
