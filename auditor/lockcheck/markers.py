"""Environment markers compared by meaning, as uv compares them when it checks a lock.

uv normalises every marker into a canonical decision diagram after simplifying it against the
lock's `requires-python` (`RequiresPython::simplify_markers`), so two markers are "the same" when
they select the same environments among those `requires-python` allows. We decide that by
evaluating both markers (with `packaging`) on every environment of a finite grid built from the
constants the markers mention: two markers that agree on the grid agree everywhere, because a
marker only compares each variable against those constants.

An expression is a `Marker`-parsable string, or `And`/`Or`/`Not` of expressions; `TRUE` is the
empty `And`, `FALSE` the empty `Or`. `Not` is needed for uv's lowering of `tool.uv.sources` with
markers (the requirement keeps the space no source covers).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from packaging.markers import InvalidMarker, Marker, UndefinedComparison
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    item: Expr


Expr = str | And | Or | Not
TRUE: Expr = And(())
FALSE: Expr = Or(())

MAX_ENVIRONMENTS = 20_000
_PYTHON_VARS = ("python_version", "python_full_version", "implementation_version")
_ATOM = re.compile(
    r'(?P<var>\w+)\s*(?:===|==|!=|<=|>=|<|>|~=|not in|in)\s*"(?P<val>[^"]*)"'
    r'|"(?P<val2>[^"]*)"\s*(?:===|==|!=|<=|>=|<|>|~=|not in|in)\s*(?P<var2>\w+)'
)


def parse(marker: str | None) -> Expr:
    """A marker string (None or empty = always true), normalised through `packaging`."""
    if marker is None or not marker.strip():
        return TRUE
    return str(Marker(marker))


def conjoin(*items: Expr) -> Expr:
    flat = tuple(i for i in items if i != TRUE)
    if any(i == FALSE for i in flat):
        return FALSE
    return flat[0] if len(flat) == 1 else And(flat)


def disjoin(*items: Expr) -> Expr:
    flat = tuple(i for i in items if i != FALSE)
    if any(i == TRUE for i in flat):
        return TRUE
    return flat[0] if len(flat) == 1 else Or(flat)


def negate(item: Expr) -> Expr:
    if item == TRUE:
        return FALSE
    if item == FALSE:
        return TRUE
    return item.item if isinstance(item, Not) else Not(item)


def render(expr: Expr) -> str | None:
    """PEP 508-like text (None when always true); `Not` prints as `not (...)`, for messages only."""
    if expr == TRUE:
        return None
    return _render(expr)


def _render(expr: Expr) -> str:
    if isinstance(expr, str):
        return expr
    if isinstance(expr, Not):
        return f"not ({_render(expr.item)})"
    if not expr.items:
        return "python_version < '0'" if isinstance(expr, Or) else ""
    joiner = " and " if isinstance(expr, And) else " or "
    return joiner.join(f"({_render(i)})" if not isinstance(i, str) else f"({i})" for i in expr.items)


def _atoms(expr: Expr) -> tuple[str, ...]:
    if isinstance(expr, str):
        return (expr,)
    if isinstance(expr, Not):
        return _atoms(expr.item)
    return tuple(a for i in expr.items for a in _atoms(i))


@lru_cache(maxsize=4096)
def _compiled(text: str) -> Marker:
    return Marker(text)


def _evaluate(expr: Expr, env: dict[str, str]) -> bool:
    if isinstance(expr, str):
        return _compiled(expr).evaluate(env)
    if isinstance(expr, Not):
        return not _evaluate(expr.item, env)
    if isinstance(expr, And):
        return all(_evaluate(i, env) for i in expr.items)
    return any(_evaluate(i, env) for i in expr.items)


def _constants(atoms: tuple[str, ...]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for atom in atoms:
        for match in _ATOM.finditer(atom):
            var = match.group("var") or match.group("var2")
            value = match.group("val") if match.group("var") else match.group("val2")
            found.setdefault(var, set()).update(value.split() if var in _PYTHON_VARS else (value,))
    return found


def _python_candidates(values: set[str], requires_python: str | None) -> list[str]:
    releases: set[tuple[int, int, int]] = {(3, 12, 0)}
    bounds = set(values)
    if requires_python:
        bounds.update(m.group(1) for m in re.finditer(r"([0-9][0-9.]*)", requires_python))
    for value in bounds:
        try:
            release = Version(value.removesuffix(".*")).release
        except InvalidVersion:
            continue
        major, minor, micro = (*release, 0, 0)[:3]
        releases.update(
            {
                (major, minor, micro),
                (major, minor, micro + 1),
                (major, minor, max(micro - 1, 0)),
                (major, minor, 0),
                (major, minor + 1, 0),
                (major, max(minor - 1, 0), 99),
            }
        )
    candidates = [".".join(map(str, r)) for r in sorted(releases)]
    if requires_python:
        try:
            allowed = SpecifierSet(requires_python)
        except InvalidSpecifier:
            return candidates
        candidates = [c for c in candidates if allowed.contains(c, prereleases=True)]
    return candidates


def _environments(atoms: tuple[str, ...], requires_python: str | None) -> list[dict[str, str]] | None:
    constants = _constants(atoms)
    pythons = _python_candidates(set().union(*(constants.pop(v, set()) for v in _PYTHON_VARS)), requires_python)
    names = sorted(constants)
    axes = [[*sorted(constants[n]), "\x00other"] for n in names]
    size = len(pythons)
    for axis in axes:
        size *= len(axis)
    if size > MAX_ENVIRONMENTS:
        return None
    base = {
        "implementation_name": "cpython",
        "os_name": "posix",
        "platform_machine": "x86_64",
        "platform_release": "",
        "platform_system": "Linux",
        "platform_version": "",
        "platform_python_implementation": "CPython",
        "sys_platform": "linux",
        "extra": "",
    }
    envs = []
    for python in pythons:
        for combo in itertools.product(*axes):
            env = dict(base)
            env.update(python_full_version=python, implementation_version=python)
            env["python_version"] = ".".join(python.split(".")[:2])
            env.update(zip(names, combo, strict=True))
            envs.append(env)
    return envs


@lru_cache(maxsize=8192)
def equivalent(a: Expr, b: Expr, requires_python: str | None = None) -> bool:
    """Whether `a` and `b` select the same environments among those `requires_python` allows."""
    if a == b:
        return True
    try:
        envs = _environments(_atoms(a) + _atoms(b), requires_python)
        if envs is None:
            return render(a) == render(b)
        return all(_evaluate(a, env) == _evaluate(b, env) for env in envs)
    except (InvalidMarker, InvalidVersion, UndefinedComparison, ValueError, TypeError):
        return render(a) == render(b)


def is_false(expr: Expr, requires_python: str | None = None) -> bool:
    """Whether no environment allowed by `requires_python` satisfies `expr`."""
    return equivalent(expr, FALSE, requires_python)


def extras_named(expr: Expr) -> tuple[str, ...]:
    """The extra names a marker compares `extra` against (normalised by `packaging`)."""
    return tuple(sorted(_constants(_atoms(expr)).get("extra", set())))


def _python_grid(*specifiers: str) -> list[str]:
    return _python_candidates(_versions_in(*specifiers), None)


def _versions_in(*specifiers: str) -> set[str]:
    return {m.group(1) for s in specifiers for m in re.finditer(r"([0-9][0-9.]*)", s)}


def python_range_subset(inner: str, outer: str) -> bool:
    """Whether every Python version `inner` allows is allowed by `outer` (ranges, as uv compares)."""
    a, b = SpecifierSet(inner), SpecifierSet(outer)
    return all(b.contains(v, prereleases=True) for v in _python_grid(inner, outer) if a.contains(v, prereleases=True))


def same_python_range(a: str, b: str) -> bool:
    return python_range_subset(a, b) and python_range_subset(b, a)
