"""The workspace root's `constraint-dependencies`, `override-dependencies` (plain, marker-scoped and
package-scoped), `build-constraint-dependencies` and `exclude-dependencies` against uv.lock's
`[manifest]`, as `Lock::satisfies` compares them (crates/uv-lock/src/lock/mod.rs, uv 0.13.9).

Each side is normalised as uv's `RequirementNormalizer` and collection normalizers do: markers
simplified against `requires-python`, extras sorted (dropped for constraints), specifiers compared
by the versions they accept, declarations of one name with the same source and marker merged into
one (their specifiers intersected), constraints without a specifier dropped. Constraints, overrides
and excludes naming a package the lock neither contains nor recorded are ignored, as uv's
`ManifestFilter` ignores them (they take effect at the next resolution); build constraints always count.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from packaging.version import InvalidVersion, Version

from auditor.frozen import replace
from auditor.lockcheck.diff import Difference, Expected, diff
from auditor.lockcheck.lowering import Project, Workspace, lower
from auditor.lockcheck.normalized import NormReq, from_metadata
from auditor.lockcheck.settings import Undecided
from auditor.lockfile import Lock, MetadataRequirement
from auditor.names import canonicalize_name
from auditor.pep508 import InvalidRequirement, parse_requirement
from auditor.pyproject import Pyproject, ReqEntry


def _entries(root: Pyproject, key: str, items: Sequence[Any]) -> list[ReqEntry]:
    out = []
    for item in items:
        try:
            out.append(ReqEntry(str(item), parse_requirement(str(item)), root.lines.get(f"tool.uv.{key}:{item}")))
        except InvalidRequirement as exc:
            raise Undecided(f"tool.uv.{key}: invalid requirement {str(item)[:80]!r}: {exc}") from None
    return out


def _merge(reqs: Sequence[NormReq], constraints: bool) -> list[NormReq]:
    """uv's collection normalisation, for the common shapes (same name, source and marker)."""
    merged: dict[tuple[Any, ...], NormReq] = {}
    for req in reqs:
        if constraints:
            if req.source[0] == "registry" and not req.specifier:
                continue
            req = replace(req, extras=())
        key = (req.name, req.source, req.marker)
        found = merged.get(key)
        if found is None:
            merged[key] = req
        else:
            extras = tuple(sorted(set(found.extras) | set(req.extras)))
            merged[key] = replace(found, extras=extras, specifier=tuple(sorted(set(found.specifier + req.specifier))))
    return list(merged.values())


def _compare(
    section: str,
    entries: Sequence[ReqEntry],
    locked: Sequence[MetadataRequirement],
    ws: Workspace,
    project: Project,
    constraints: bool = False,
) -> list[Difference]:
    expected = [Expected(r, e, section) for e in entries for r in lower(e, project, ws)]
    merged = _merge([x.req for x in expected], constraints)
    by_req = {id(x.req): x for x in expected}
    kept = []
    for req in merged:
        origin = next((x for x in expected if x.req.name == req.name), None)
        if origin is not None:
            kept.append(Expected(req, by_req.get(id(req), origin).entry, section))
    actual = _merge([from_metadata(m) for m in locked], constraints)
    return diff(kept, actual, lambda _req: section, ws.lock.requires_python)


def _known(lock: Lock, recorded: Sequence[str]) -> set[str]:
    return {p.name for p in lock.packages} | set(recorded)


def _version(text: str | None) -> Version | str | None:
    try:
        return Version(text) if text is not None else None
    except InvalidVersion:
        return text


def _scope(raw: Any, key: str) -> tuple[str, Version | str | None]:
    package = raw.get("package") if isinstance(raw, Mapping) else None
    if not isinstance(package, Mapping) or not isinstance(package.get("name"), str):
        raise Undecided(f"tool.uv.{key}: a scoped entry needs `package = {{ name = ... }}`")
    if package.get("version") is not None and not isinstance(package["version"], str):
        raise Undecided(f"tool.uv.{key}: a scoped entry's `package.version` must be a string")
    return canonicalize_name(package["name"]), _version(package.get("version"))


def compare(ws: Workspace, project: Project) -> Iterator[Difference]:
    """Every manifest difference (Undecided when a setting cannot be read)."""
    uv, lock, root = ws.root.tool_uv.settings, ws.lock, ws.root
    manifest = lock.manifest

    known = _known(lock, [m.name for m in manifest.constraints])
    key = "constraint-dependencies"
    entries = [e for e in _entries(root, key, _list(uv, key)) if e.name in known]
    yield from _compare(f"tool.uv.{key}", entries, manifest.constraints, ws, project, constraints=True)

    key = "build-constraint-dependencies"
    yield from _compare(f"tool.uv.{key}", _entries(root, key, _list(uv, key)), manifest.build_constraints, ws, project)

    key = "override-dependencies"
    raw = _list(uv, key)
    known = _known(lock, [m.name for m in manifest.overrides])
    plain = [e for e in _entries(root, key, [i for i in raw if isinstance(i, str)]) if e.name in known]
    yield from _compare(f"tool.uv.{key}", plain, manifest.overrides, ws, project)
    scoped: dict[tuple[str, Version | str | None], list[Any]] = {}
    for item in raw:
        if not isinstance(item, str):
            scoped.setdefault(_scope(item, key), []).extend(_list(item, "dependencies"))
    locked_scoped: dict[tuple[str, Version | str | None], list[MetadataRequirement]] = {}
    for entry in manifest.scoped_overrides:
        locked_scoped.setdefault((entry.package, _version(entry.version)), []).extend(entry.dependencies)
    scope_known = _known(lock, [s[0] for s in locked_scoped])
    for scope in sorted({s for s in scoped if s[0] in scope_known} | set(locked_scoped), key=str):
        section = f"tool.uv.{key}"
        entries = _entries(root, key, scoped.get(scope, []))
        found = _compare(section, entries, locked_scoped.get(scope, []), ws, project)
        if not found and (scope not in scoped or scope not in locked_scoped):
            found = [_scope_difference(section, scope, scope in scoped, root)]
        yield from found

    yield from _excludes(ws)


def _scope_difference(section: str, scope: tuple[str, object], declared: bool, root: Pyproject) -> Difference:
    text = f"{scope[0]}=={scope[1]}" if scope[1] is not None else scope[0]
    line = root.lines.get(f"{section}:{scope[0]}")
    return Difference(section, scope[0], "added" if declared else "removed", text if declared else None,
                      None if declared else text, line)  # fmt: skip


def _excludes(ws: Workspace) -> Iterator[Difference]:
    key = "exclude-dependencies"
    section = f"tool.uv.{key}"
    lines: dict[str, int] = {}
    declared: dict[tuple[str, object], set[str]] = {}
    for item in _list(ws.root.tool_uv.settings, key):
        if isinstance(item, str):
            declared.setdefault(("", None), set()).add(canonicalize_name(item))
            found = ws.root.lines.get(f"{section}:{item}")
            if found is not None:
                lines[canonicalize_name(item)] = found
        else:
            scoped = {str(canonicalize_name(str(n))) for n in _list(item, "dependencies")}
            declared.setdefault(_scope(item, key), set()).update(scoped)
    locked: dict[tuple[str, object], set[str]] = {}
    for entry in ws.lock.manifest.excludes:
        locked.setdefault((entry.package or "", _version(entry.version)), set()).update(entry.names)
    names = _known(ws.lock, sorted(locked.get(("", None), set())))
    parents = _known(ws.lock, [p for p, _ in locked if p])
    for scope in sorted(set(declared) | set(locked), key=str):
        expected = declared.get(scope, set())
        if not scope[0]:
            expected = {n for n in expected if n in names}
        elif scope[0] not in parents:
            expected = set()
        have = locked.get(scope, set())
        for name in sorted(expected - have):
            yield Difference(section, name, "added", name, None, lines.get(name))
        for name in sorted(have - expected):
            yield Difference(section, name, "removed", None, name, None)


def _list(raw: Any, key: str) -> list[Any]:
    value = raw.get(key, []) if isinstance(raw, Mapping) else []
    return list(value) if isinstance(value, list) else []
