"""The `[package.metadata]` comparison of one local package: `requires-dist` (split by extra into
`dependencies` and `optional-dependencies.<extra>`), `provides-extras`, and `requires-dev` (the
dependency groups, `include-group` flattened, legacy `tool.uv.dev-dependencies` as `dev`), as in
uv's `satisfies_requires_dist`. Parts that pyproject.toml declares `dynamic` are not judged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from auditor.export import marker_extras
from auditor.export import markers as M
from auditor.frozen import replace
from auditor.lockcheck.diff import Difference, Expected, diff
from auditor.lockcheck.flatten import flatten
from auditor.lockcheck.groups import flat_groups
from auditor.lockcheck.lowering import Project, Workspace, lower
from auditor.lockcheck.normalized import NormReq, from_metadata
from auditor.lockfile import LockedPackage, MetadataRequirement, PackageMetadata

LEGACY_DEV = "tool.uv.dev-dependencies"


def _extra_section(req: NormReq) -> str:
    extras = marker_extras(req.marker)
    return f"optional-dependencies.{extras[0]}" if extras else "dependencies"


def requires_dist(
    project: Project, ws: Workspace, package: LockedPackage, metadata: PackageMetadata
) -> list[Difference]:
    """`requires-dist` and `provides-extras`; for a dynamic package (no locked version) the
    flattened form of self-referencing extras counts too, as it does for uv."""
    pp = project.pyproject
    rp = ws.lock.requires_python
    static_deps = "dependencies" not in pp.dynamic
    static_extras = "optional-dependencies" not in pp.dynamic
    expected: list[Expected] = []
    if static_deps:
        expected += [Expected(r, e, "dependencies") for e in pp.dependencies for r in lower(e, project, ws)]
    if static_extras:
        for extra, entries in sorted(pp.optional_dependencies.items()):
            section = f"optional-dependencies.{extra}"
            expected += [Expected(r, e, section) for e in entries for r in lower(e, project, ws, extra=extra)]
    actual = [from_metadata(m) for m in metadata.requires_dist]
    actual = [a for a in actual if (static_deps if _extra_section(a) == "dependencies" else static_extras)]
    out = diff(expected, actual, _extra_section, rp)
    if out and package.version is None and pp.name:
        flat = diff(flatten(expected, pp.name), actual, _extra_section, rp)
        out = min(out, flat, key=len)
    if static_extras and ws.lock.revision is not None and ws.lock.revision >= 1:
        declared, locked = set(pp.optional_dependencies), set(metadata.provides_extras)
        reported = {d.section for d in out}
        for extra in sorted(declared ^ locked):
            if f"optional-dependencies.{extra}" not in reported:
                change: Literal["added", "removed"] = "added" if extra in declared else "removed"
                text = extra if change == "added" else None
                out.append(
                    Difference(f"optional-dependencies.{extra}", None, change, text, None if text else extra, None)
                )
    return out


def groups(
    project: Project, ws: Workspace, locked: Mapping[str, tuple[MetadataRequirement, ...]], keep_empty: bool
) -> list[Difference]:
    pp = project.pyproject
    expected: dict[str, list[Expected]] = {}
    for group, flat in flat_groups(pp).items():
        section = f"dependency-groups.{group}"
        expected[group] = [
            Expected(_and(r, marker), e, section)
            for e, marker in flat.items
            for r in lower(e, project, ws, group=group)
        ]
    if pp.tool_uv.dev_dependencies is not None:
        legacy = [
            Expected(r, e, LEGACY_DEV) for e in pp.tool_uv.dev_dependencies for r in lower(e, project, ws, group="dev")
        ]
        expected.setdefault("dev", []).extend(legacy)
    out: list[Difference] = []
    names = {g for g, items in expected.items() if items or keep_empty} | {
        g for g, r in locked.items() if r or keep_empty
    }
    for group in sorted(names):
        section = f"dependency-groups.{group}"
        if group == "dev" and "dev" not in pp.dependency_groups and pp.tool_uv.dev_dependencies is not None:
            section = LEGACY_DEV
        actual = [from_metadata(m) for m in locked.get(group, ())]
        items = expected.get(group, [])
        if not items and not actual:
            if (group in expected) == (group in locked):
                continue
            change: Literal["added", "removed"] = "added" if group in expected else "removed"
            out.append(
                Difference(
                    section,
                    None,
                    change,
                    group if change == "added" else None,
                    group if change == "removed" else None,
                    None,
                )
            )
            continue
        out.extend(diff(items, actual, _constant(section), ws.lock.requires_python))
    return out


def _and(req: NormReq, marker: int) -> NormReq:
    """The requirement limited by its group's `requires-python` marker."""
    if marker == M.TRUE:
        return req
    return replace(req, marker=M.to_string(M.and_(M.parse(req.marker), marker)))


def _constant(section: str) -> Callable[[NormReq], str]:
    return lambda _req: section
