"""Helpers for rules: compare markers by meaning, export everything."""

from __future__ import annotations

from functools import lru_cache

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from auditor.export import algebra as A
from auditor.export import expressions as X
from auditor.export import markers as M
from auditor.export import transform as T
from auditor.export.lockgraph import requires_python_bounds
from auditor.export.model import ExportResult
from auditor.export.selection import ProjectContext, Selection
from auditor.frozen import replace
from auditor.lockfile import Lock

_I = A.INTERNER


def _node(marker: str | None, requires_python: str | None) -> int:
    node = M.parse(marker)
    if requires_python:
        lo, hi = requires_python_bounds(requires_python)
        node = M.and_(node, T.complexify_python(A.TRUE, lo, hi))
    return node


@lru_cache(maxsize=65536)
def markers_equivalent(a: str | None, b: str | None, requires_python: str | None = None) -> bool:
    """Whether two markers select the same environments (within requires-python when given).

    Quote style, `python_version` vs `python_full_version` and ordering do not matter.
    Raises MarkerError for a marker that cannot be parsed.
    """
    x, y = _node(a, requires_python), _node(b, requires_python)
    if x == y:
        return True
    # Environments that cannot exist (os_name == 'nt' on linux, ...) do not count, as in uv.
    possible = M.not_(_I.exclusions())
    return _I.disjoint(M.and_(x, M.not_(y)), possible) and _I.disjoint(M.and_(M.not_(x), y), possible)


def marker_is_satisfiable(marker: str | None, requires_python: str | None = None) -> bool:
    """Whether some possible environment (within requires-python when given) satisfies the marker."""
    return not _I.disjoint(_node(marker, requires_python), M.not_(_I.exclusions()))


def marker_extras(marker: str | None) -> tuple[str, ...]:
    """The `extra` names a marker tests (normalised), sorted."""
    found: set[str] = set()
    seen: set[int] = set()
    stack = [M.parse(marker)]
    while stack:
        node = stack.pop()
        if node in (A.TRUE, A.FALSE) or node in seen:
            continue
        seen.add(node)
        if _I.var[node][0] == A.EXTRA:
            found.add(_I.var[node][1])
        stack.extend(_I.children(node))
    return tuple(sorted(found))


def python_range_subset(inner: str, outer: str) -> bool:
    """Whether every Python release the `inner` specifier allows, `outer` allows too (release-only
    ranges, as uv compares `requires-python`). Raises InvalidSpecifier."""
    return M.and_(_python_node(inner), M.not_(_python_node(outer))) == A.FALSE


def _python_node(specifier: str) -> int:
    node = A.TRUE
    for spec in SpecifierSet(specifier):
        op, text = spec.operator, spec.version
        if text.endswith(".*"):
            op, text = op + "*", text[:-2]
        op = "==" if op == "===" else op
        node = M.and_(node, X.build(X.version_expr("python_full_version", op, Version(text).release)))
    return node


def normalize_marker(marker: str | None, requires_python: str | None = None) -> str | None:
    """The marker as uv prints it (simplified against requires-python when given)."""
    node = M.parse(marker)
    if requires_python:
        lo, hi = requires_python_bounds(requires_python)
        node = T.simplify_python(node, lo, hi)
    return M.to_string(node)


def export_all(
    lock: Lock, context: ProjectContext, selection: Selection | None = None, *, chains: bool = True
) -> ExportResult:
    """Export with every group and every extra (conflicts ignored): which group or extra brings
    a package in is in each entry's `chains` (with `chains=False`, the same entries without them:
    `ExportResult.chains_by_name(names)` walks the graph for the packages asked)."""
    from auditor.export.engine import export

    base = selection or Selection()
    wide = replace(base, all_groups=True, all_extras=True, no_dev=False, only_dev=False, no_groups=(), no_extras=())
    return export(lock, context, wide, check_conflicts=False, chains=chains, lazy_chains=not chains)
