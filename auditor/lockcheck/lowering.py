"""pyproject.toml requirements lowered through `tool.uv.sources`, as uv's `LoweredRequirement` does.

A requirement whose name has sources becomes one requirement per source that applies (sources
limited to another `extra` or `group` are dropped), each with the source's marker joined to its
own; the space the source markers leave uncovered keeps the plain registry requirement. Project
sources win over the workspace root's. Paths are made relative to the workspace root. Where the
outcome depends on a pyproject.toml that is not available, the source is left open (`ANY_LOCAL`,
or the lock's own record), so that an unavailable file is never reported as a difference.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from auditor.export import markers as M
from auditor.frozen import field, frozen
from auditor.lockcheck.normalized import (
    ANY_LOCAL,
    ANY_SOURCE,
    NormReq,
    git_key,
    index_url,
    specifier_key,
    url_key,
)
from auditor.lockfile import Lock
from auditor.members import local_path
from auditor.names import canonicalize_name
from auditor.pyproject import Pyproject, ReqEntry


@frozen
class Project:
    """A pyproject.toml being compared: its directory relative to the workspace root."""

    pyproject: Pyproject
    directory: str
    in_workspace: bool
    """A member of the root's workspace (its `tool.uv.workspace` globs match the directory)."""
    root_sources: bool = True
    """uv's discovery from this project reaches the root, so the root's `tool.uv.sources` apply."""


@frozen
class Workspace:
    lock: Lock
    root: Pyproject
    member_dirs: Mapping[str, str] = field(default_factory=dict)
    """Workspace member name -> directory, for the members whose pyproject.toml is available."""
    projects: Mapping[str, Pyproject] = field(default_factory=dict)
    """Directory -> pyproject.toml of every available project (root is ".")."""
    required: Mapping[str, bool | None] = field(default_factory=dict)
    """Members another member depends on through a workspace source -> the `editable` it gives."""


def is_package(pyproject: Pyproject, require_build_system: bool) -> bool:
    """uv's `PyProjectToml::is_package`."""
    if pyproject.tool_uv.package is not None:
        return pyproject.tool_uv.package
    return pyproject.build_system is not None or not require_build_system


def _sources(name: str, project: Project, ws: Workspace) -> tuple[list[Mapping[str, Any]] | None, str]:
    own = project.pyproject.tool_uv.sources.get(name)
    if own is not None:
        return _as_list(own), project.directory
    if project.in_workspace and project.root_sources:
        shared = ws.root.tool_uv.sources.get(name)
        if shared is not None:
            return _as_list(shared), "."
    return None, project.directory


def _as_list(raw: Any) -> list[Mapping[str, Any]]:
    items = raw if isinstance(raw, list) else [raw]
    return [i for i in items if isinstance(i, Mapping)]


def _applies(source: Mapping[str, Any], extra: str | None, group: str | None) -> bool:
    target_extra = source.get("extra")
    if target_extra is not None and canonicalize_name(str(target_extra)) != extra:
        return False
    target_group = source.get("group")
    return target_group is None or canonicalize_name(str(target_group)) == group


def _index(name: str, project: Project, ws: Workspace) -> str | None:
    for index in (*project.pyproject.tool_uv.index, *ws.root.tool_uv.index):
        if index.name == name:
            return index_url(index.url)
    return None


def _member_source(name: str, ws: Workspace) -> tuple[str, ...]:
    directory = ws.member_dirs.get(name)
    member = ws.projects.get(directory) if directory is not None else None
    if directory is None or member is None:
        locked = [p.source for p in ws.lock.by_name(name) if p.source.is_local]
        return (locked[0].kind, local_path(locked[0].value)) if locked else ANY_SOURCE
    required = name in ws.required
    if not is_package(member, not required):
        return ("virtual", local_path(directory))
    editable = ws.required.get(name)
    return ("editable" if editable is not False else "directory", local_path(directory))


def _path_source(source: Mapping[str, Any], base: str, ws: Workspace) -> tuple[str, ...]:
    raw = str(source["path"])
    path = local_path(raw if posixpath.isabs(raw) else posixpath.join(base, raw))
    if posixpath.splitext(path)[1] and path not in ws.projects:
        return ("path", path)
    if source.get("editable") is True:
        return ("editable", path)
    package = source.get("package")
    if package is None:
        target = ws.projects.get(path)
        if target is None:
            return (ANY_LOCAL, path)
        package = is_package(target, False)
    return ("directory" if package else "virtual", path)


def _lower_source(
    source: Mapping[str, Any],
    project: Project,
    base: str,
    ws: Workspace,
    name: str,
    extra: str | None,
    group: str | None,
) -> tuple[str, ...]:
    if "git" in source:
        reference = next(((k, str(source[k])) for k in ("rev", "tag", "branch") if k in source), None)
        return git_key(str(source["git"]), reference, source.get("subdirectory"))
    if "url" in source:
        return url_key(str(source["url"]), source.get("subdirectory"))
    if "path" in source:
        return _path_source(source, base, ws)
    if source.get("workspace") is True:
        return _member_source(name, ws)
    if "index" in source:
        url = _index(str(source["index"]), project, ws)
        if url is None:
            return ANY_SOURCE
        owner = project.pyproject.name or ""
        conflict = f"{owner}[{extra}]" if source.get("extra") and extra else ""
        conflict = f"{owner}:{group}" if source.get("group") and group else conflict
        return ("registry", url, conflict if owner else "")
    return ANY_SOURCE


def _direct(entry: ReqEntry) -> tuple[str, ...]:
    url = entry.requirement.url or ""
    if url.startswith("git+"):
        return git_key(url)
    if url.startswith(("http://", "https://")):
        return url_key(url)
    return ANY_SOURCE


def lower(
    entry: ReqEntry,
    project: Project,
    ws: Workspace,
    extra: str | None = None,
    group: str | None = None,
) -> tuple[NormReq, ...]:
    """The requirements uv records in the lock for one pyproject.toml requirement."""
    req = entry.requirement
    name = canonicalize_name(req.name)
    extras = tuple(sorted({canonicalize_name(e) for e in req.extras}))
    marker = M.parse(str(req.marker) if req.marker else None)
    if extra is not None:
        marker = M.and_(marker, M.parse(f'extra == "{extra}"'))
    plain = NormReq(
        name=name,
        extras=extras,
        specifier=specifier_key(str(req.specifier)) if not req.url else (),
        source=("registry", "", "") if not req.url else _direct(entry),
        marker=M.to_string(marker),
    )
    sources, base = _sources(name, project, ws)
    if sources is None or (name == project.pyproject.name and not sources):
        return (plain,)
    applicable = [s for s in sources if _applies(s, extra, group)]
    out = []
    covered = M.FALSE
    for source in applicable:
        source_marker = M.parse(str(source["marker"])) if "marker" in source else M.TRUE
        covered = M.or_(covered, source_marker)
        key = _lower_source(source, project, base, ws, name, extra, group)
        joined = M.and_(source_marker, marker)
        if joined != M.FALSE:
            specifier = plain.specifier if key[0] == "registry" else ()
            out.append(NormReq(name, extras, specifier, key, M.to_string(joined)))
    remaining = M.and_(M.not_(covered), marker)
    if remaining != M.FALSE:
        out.append(NormReq(name, extras, plain.specifier, plain.source, M.to_string(remaining)))
    return tuple(out)
