"""A parsed `Lock` prepared for the export walk: markers as ADD nodes (uv's `unwire`), each
dependency resolved to its package, the requires-python range.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from auditor.export import algebra as A
from auditor.export import expressions as X
from auditor.export import markers as M
from auditor.export import ranges as R
from auditor.export import transform as T
from auditor.frozen import frozen
from auditor.lockfile import Dependency, Lock, LockedPackage

_I = A.INTERNER


@frozen
class Edge:
    """A prepared lock dependency: target package index, extras, simplified marker node."""

    target: int
    extras: tuple[str, ...]
    marker: int


class PreparedLock:
    def __init__(self, lock: Lock) -> None:
        self.lock = lock
        self.lo, self.hi = requires_python_bounds(lock.requires_python)
        self.by_name: dict[str, list[int]] = {}
        for i, pkg in enumerate(lock.packages):
            self.by_name.setdefault(pkg.name, []).append(i)
        forks = [self.complexify(M.parse(m)) for m in lock.resolution_markers]
        if forks:
            union = A.FALSE
            for fork in forks:
                union = M.or_(union, T.without_extras(fork))
        else:
            union = self.complexify(A.TRUE)
        self.environment = self.simplify(union)
        self.deps: list[tuple[Edge, ...]] = []
        self.optional: list[dict[str, tuple[Edge, ...]]] = []
        self.groups: list[dict[str, tuple[Edge, ...]]] = []
        for pkg in lock.packages:
            self.deps.append(self._edges(pkg.dependencies))
            self.optional.append({k: self._edges(v) for k, v in sorted(pkg.optional_dependencies.items())})
            self.groups.append({k: self._edges(v) for k, v in sorted(pkg.dev_dependencies.items())})
        self._fork_pep508: dict[int, int] = {}
        self._order: dict[int, tuple[Any, ...]] = {}
        self._hashes: dict[int, tuple[str, ...]] = {}
        root = [
            i
            for i, p in enumerate(lock.packages)
            if p.source.kind in ("editable", "virtual") and _is_dot(p.source.value)
        ]
        self.root: int | None = root[0] if root else None

    def simplify(self, node: int) -> int:
        return T.simplify_python(node, self.lo, self.hi)

    def complexify(self, node: int) -> int:
        return T.complexify_python(node, self.lo, self.hi)

    def _edges(self, deps: tuple[Dependency, ...]) -> tuple[Edge, ...]:
        out = []
        for dep in deps:
            marker = M.parse(dep.marker)
            marker = self.environment if marker == A.TRUE else M.and_(marker, self.environment)
            out.append(Edge(self.find(dep), tuple(sorted(set(dep.extras))), marker))
        return tuple(out)

    def find(self, dep: Dependency) -> int:
        candidates = self.by_name.get(dep.name, [])
        if len(candidates) == 1:
            return candidates[0]
        for i in candidates:
            pkg = self.lock.packages[i]
            if dep.version is not None and pkg.version != dep.version:
                continue
            if dep.source is not None and (pkg.source.kind, pkg.source.value) != (dep.source.kind, dep.source.value):
                continue
            return i
        if not candidates:
            raise KeyError(f"uv.lock has no package `{dep.name}`")
        return candidates[0]

    def fork_pep508(self, index: int) -> int | None:
        """Union of the package's fork markers without extras (None: not forked)."""
        pkg = self.lock.packages[index]
        if not pkg.resolution_markers:
            return None
        if index not in self._fork_pep508:
            combined = A.FALSE
            for m in pkg.resolution_markers:
                combined = M.or_(combined, T.without_extras(self.complexify(M.parse(m))))
            self._fork_pep508[index] = combined
        return self._fork_pep508[index]

    def package(self, index: int) -> LockedPackage:
        return self.lock.packages[index]

    def order_key(self, index: int) -> tuple[Any, ...]:
        """uv's export order: editables by path, then other local paths, then by `PackageId`
        (kept per lock: the selections of one lock sort the same packages)."""
        found = self._order.get(index)
        if found is None:
            pkg = self.lock.packages[index]
            if pkg.source.kind == "editable":
                found = (0, _path_key(pkg.source.value))
            elif pkg.source.kind in ("path", "directory"):
                found = (1, _path_key(pkg.source.value))
            else:
                found = (2, source_sort_key(pkg))
            self._order[index] = found
        return found

    def hashes(self, index: int) -> tuple[str, ...]:
        """The package's artifact hashes, sorted (kept per lock)."""
        found = self._hashes.get(index)
        if found is None:
            found = self._hashes[index] = self.lock.packages[index].hashes
        return found


def _path_key(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p not in ("", "."))


def _is_dot(path: str) -> bool:
    return path in ("", ".", "./")


@lru_cache(maxsize=256)
def requires_python_bounds(text: str | None) -> tuple[R.Bound, R.Bound]:
    """The bounding range of requires-python, release-only and trimmed (uv's `RequiresPython`;
    kept per text: marker comparisons ask for the same few specifiers again and again)."""
    if not text:
        return None, None
    try:
        specs = SpecifierSet(text)
    except InvalidSpecifier:
        return None, None
    current: tuple[R.Interval, ...] = (R.FULL,)
    for spec in specs:
        op, value = spec.operator, spec.version
        star = value.endswith(".*")
        try:
            release = Version(value[:-2] if star else value).release
        except InvalidVersion:
            continue
        if star:
            op += "*"
        rng = X.version_range(op, release)
        current = _intersect_ranges(current, rng)
    if not current:
        return None, None
    return current[0][0], current[-1][1]


def _intersect_ranges(a: tuple[R.Interval, ...], b: tuple[R.Interval, ...]) -> tuple[R.Interval, ...]:
    out: list[R.Interval] = []
    for x in a:
        for y in b:
            z = R.intersect(x, y)
            if z is not None:
                out.append(z)
    return R.union(out)


_CACHE: dict[int, tuple[Lock, PreparedLock]] = {}


def prepare(lock: Lock) -> PreparedLock:
    """Prepared form of a lock, cached per lock object."""
    hit = _CACHE.get(id(lock))
    if hit is not None and hit[0] is lock:
        return hit[1]
    if len(_CACHE) >= 4:
        _CACHE.clear()
    prepared = PreparedLock(lock)
    _CACHE[id(lock)] = (lock, prepared)
    return prepared


def source_sort_key(pkg: LockedPackage) -> tuple[Any, ...]:
    """uv's `PackageId` order: name, version (PEP 440, None first), source variant and value."""
    order = ("registry", "git", "url", "path", "directory", "editable", "virtual")
    try:
        version: tuple[Any, ...] = (1, Version(pkg.version)) if pkg.version else (0,)
    except InvalidVersion:
        version = (1, Version("0"))
    kind = order.index(pkg.source.kind) if pkg.source.kind in order else len(order)
    return (pkg.name, version, kind, pkg.source.value)
