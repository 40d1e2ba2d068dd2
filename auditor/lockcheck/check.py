"""Is uv.lock stale against pyproject.toml? The statically decidable part of `uv lock --check`.

Follows uv's `Lock::satisfies` (crates/uv-resolver/src/lock/mod.rs) and the checks before it in
`ValidatedLock::validate`: workspace members, `requires-python` (as a range), whether each member
is virtual or editable, each local package's static version, `provides-extras`, `requires-dist`
and `requires-dev` (dependency groups with `include-group` flattened and legacy
`tool.uv.dev-dependencies` merged into `dev`), and a virtual root's `[manifest]` groups. Every list
is lowered through `tool.uv.sources` and normalised as uv normalises it before comparing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from packaging.specifiers import InvalidSpecifier
from packaging.version import InvalidVersion, Version

from auditor.export import python_range_subset
from auditor.frozen import frozen
from auditor.lockcheck import groups as G
from auditor.lockcheck.diff import Difference
from auditor.lockcheck.lowering import Project, Workspace, is_package
from auditor.lockcheck.metadata import groups, requires_dist
from auditor.lockfile import Lock, LockedPackage, PackageMetadata
from auditor.members import local_path, member_dirs, workspace_glob
from auditor.pyproject import Pyproject, ReqEntry


@frozen
class LockDifference:
    """One way pyproject.toml differs from what uv.lock was resolved from."""

    member: str
    section: str
    package: str | None
    change: Literal["added", "removed", "changed"]
    pyproject: str | None
    lock: str | None
    line: int | None
    file: str


def _in_workspace(directory: str, root: Pyproject) -> bool:
    path = local_path(directory)
    if path == "." or path.startswith("../"):
        return path == "."
    matches = any(workspace_glob(p).match(path) for p in root.tool_uv.workspace_members)
    return matches and not any(workspace_glob(p).match(path) for p in root.tool_uv.workspace_exclude)


def _discovers_root(directory: str, projects: Mapping[str, Pyproject]) -> bool:
    """Whether uv's workspace discovery from `directory` reaches the root: the nearest ancestor
    with a pyproject.toml decides, and one with a `[project]` but no workspace ends the search
    (uv's "Project is contained in non-workspace project"), so the root's sources do not apply."""
    path = local_path(directory)
    if path.startswith("../"):
        return False
    parts = path.split("/")
    for depth in range(len(parts) - 1, 0, -1):
        ancestor = projects.get("/".join(parts[:depth]))
        if ancestor is not None and (ancestor.has_project_table or ancestor.tool_uv.workspace_members):
            return False
    return True


def _file(directory: str) -> str:
    return "pyproject.toml" if directory == "." else f"{local_path(directory)}/pyproject.toml"


def _all_entries(pyproject: Pyproject) -> Iterator[ReqEntry]:
    yield from pyproject.dependencies
    for entries in pyproject.optional_dependencies.values():
        yield from entries
    for group in pyproject.dependency_groups:
        yield from pyproject.group_requirements(group)
    yield from pyproject.tool_uv.dev_dependencies or ()


def _workspace(lock: Lock, root: Pyproject, members: Mapping[str, Pyproject]) -> tuple[Workspace, list[Project]]:
    projects = {local_path(d): p for d, p in members.items()}
    projects["."] = root
    projects_list = [
        Project(p, d, _in_workspace(d, root), _discovers_root(d, projects))
        for d, p in sorted(projects.items())
        if d != "."
    ]
    if root.has_project_table and root.name:
        projects_list.insert(0, Project(root, ".", True, True))
    member_dirs = {p.pyproject.name: p.directory for p in projects_list if p.in_workspace and p.pyproject.name}
    names = set(member_dirs) | set(lock.manifest.members)
    required: dict[str, bool | None] = {}
    for project in (p for p in [Project(root, ".", True, True), *projects_list] if p.root_sources):
        for entry in _all_entries(project.pyproject):
            name = entry.name
            source = project.pyproject.tool_uv.sources.get(name, root.tool_uv.sources.get(name))
            if (
                name in names
                and name != project.pyproject.name
                and isinstance(source, Mapping)
                and source.get("workspace") is True
            ):
                editable = source.get("editable")
                required[name] = editable if isinstance(editable, bool) else required.get(name)
    return Workspace(lock, root, member_dirs, projects, required), projects_list


def _locked(project: Project, lock: Lock) -> LockedPackage | None:
    name = project.pyproject.name
    candidates = [p for p in lock.by_name(name or "") if p.source.is_local]
    for package in candidates:
        if local_path(package.source.value) == local_path(project.directory):
            return package
    return candidates[0] if candidates else None


def member_paths(lock: Lock, root: Pyproject) -> tuple[str, ...]:
    """The directories whose pyproject.toml the check needs: every local package of the lock, and
    every `tool.uv.workspace.members` entry without glob characters (a member added since)."""
    return member_dirs(lock, root)


def unseen_members(ws: Workspace) -> str | None:
    """A literal `tool.uv.workspace.members` entry that no locked package and no available
    pyproject.toml stands for: a new member if the directory exists (uv ignores it if not)."""
    locked = {local_path(p.source.value) for p in ws.lock.packages if p.source.is_local}
    for pattern in ws.root.tool_uv.workspace_members:
        path = local_path(pattern)
        if any(c in pattern for c in "*?[") or path in locked or path in ws.projects or path.startswith("../"):
            continue
        if not any(workspace_glob(p).match(path) for p in ws.root.tool_uv.workspace_exclude):
            return f"workspace member `{path}` is not in uv.lock and its pyproject.toml is not available"
    return None


def _members(ws: Workspace, projects: list[Project]) -> Iterator[Difference]:
    known = {p.pyproject.name for p in projects if p.in_workspace and p.pyproject.name}
    locked = set(ws.lock.manifest.members)
    if not locked and len(known) <= 1 and ws.root.has_project_table:
        return  # uv omits the member list of a workspace with one project
    for name in sorted(known - locked):
        yield Difference("members", name, "added", name, None, None)
    for name in sorted(locked - known):
        sources = [p.source for p in ws.lock.by_name(name) if p.source.is_local]
        path = local_path(sources[0].value) if sources else None
        if path is None or path == "." or path in ws.projects or not _in_workspace(path, ws.root):
            yield Difference("members", name, "removed", None, name, None)


def _requires_python(ws: Workspace, projects: list[Project]) -> Iterator[Difference]:
    specs = [p.pyproject.requires_python for p in projects if p.in_workspace and p.pyproject.requires_python]
    if ws.root.requires_python and not ws.root.has_project_table:
        specs.append(ws.root.requires_python)
    locked = ws.lock.requires_python
    if not specs or locked is None:
        return
    expected = ",".join(specs)
    try:
        if python_range_subset(expected, locked) and python_range_subset(locked, expected):
            return
        incomplete = bool(set(ws.lock.manifest.members) - set(ws.member_dirs))
        if incomplete and python_range_subset(locked, expected):
            return
    except InvalidSpecifier:
        return
    yield Difference("requires-python", None, "changed", expected, locked, ws.root.lines.get("requires-python"))


def _version(project: Project, package: LockedPackage) -> Iterator[Difference]:
    pp = project.pyproject
    line = pp.lines.get("version")
    if "version" in pp.dynamic:
        if package.version is not None:
            yield Difference("version", None, "changed", "dynamic", package.version, line)
        return
    if pp.version is None:
        return
    if package.version is None:
        yield Difference("version", None, "added", pp.version, None, line)
        return
    try:
        equal = Version(pp.version) == Version(package.version)
    except InvalidVersion:
        equal = pp.version == package.version
    if not equal:
        yield Difference("version", None, "changed", pp.version, package.version, line)


def _kind(project: Project, ws: Workspace, package: LockedPackage) -> Iterator[Difference]:
    name = project.pyproject.name or ""
    if not is_package(project.pyproject, name not in ws.required):
        expected = "virtual"
    else:
        expected = "directory" if ws.required.get(name) is False else "editable"
    if package.source.kind != expected:
        yield Difference(
            "tool.uv.package", name, "changed", expected, package.source.kind, project.pyproject.lines.get("tool.uv")
        )


def _package(project: Project, ws: Workspace) -> Iterator[Difference]:
    package = _locked(project, ws.lock)
    if package is None:
        if project.in_workspace and not ws.lock.manifest.members:
            yield Difference("members", project.pyproject.name, "added", project.pyproject.name, None, None)
        return
    if project.in_workspace:
        yield from _kind(project, ws, package)
        if G.records_groups(ws.lock):
            yield from G.default_groups(project.pyproject, package.default_groups)
            yield from G.group_metadata(project.pyproject, package.group_requires_python)
    yield from _version(project, package)
    metadata = package.metadata or PackageMetadata()
    keep_empty = ws.lock.revision is not None and ws.lock.revision >= 1
    found = [*requires_dist(project, ws, package, metadata), *groups(project, ws, metadata.requires_dev, keep_empty)]
    if package.metadata is None and found:
        # uv compares against an empty record: the lock was written without `[package.metadata]`
        count = f"{len(found)} requirement{'s' if len(found) != 1 else ''} or group{'s' if len(found) != 1 else ''}"
        yield Difference("package.metadata", project.pyproject.name, "changed", count, "no [package.metadata]", None)
        return
    yield from found


def undecided(project: Project, ws: Workspace) -> str | None:
    """Why uv would have to build this package to judge it: its requirements are `dynamic`."""
    if _locked(project, ws.lock) is None:
        return None
    dynamic = [k for k in ("dependencies", "optional-dependencies") if k in project.pyproject.dynamic]
    if not dynamic:
        return None
    keys = " and ".join(f"`{k}`" for k in dynamic)
    verb = "is" if len(dynamic) == 1 else "are"
    return f"{keys} of {_file(project.directory)} {verb} dynamic: uv builds the project to read them"


def workspace(lock: Lock, root: Pyproject, members: Mapping[str, Pyproject]) -> tuple[Workspace, list[Project]]:
    """The workspace being compared and its available projects (root first when it is one)."""
    return _workspace(lock, root, members)


def structure(ws: Workspace, projects: list[Project]) -> list[LockDifference]:
    """Differences in the members and in `requires-python`."""
    root_name = ws.root.name or "(workspace root)"
    return [wrap(d, root_name, ".") for d in (*_members(ws, projects), *_requires_python(ws, projects))]


def packages(ws: Workspace, projects: list[Project]) -> list[LockDifference]:
    """Differences in each local package and a virtual root's `[manifest]` groups."""
    lock, root = ws.lock, ws.root
    root_name = root.name or "(workspace root)"
    out: list[LockDifference] = []
    if not root.has_project_table:
        if G.records_groups(lock):
            out += [wrap(d, root_name, ".") for d in G.default_groups(root, lock.manifest.default_groups)]
        out += [wrap(d, root_name, ".") for d in G.group_metadata(root, lock.manifest.group_requires_python)]
        virtual_root = Project(root, ".", True, True)
        out += [wrap(d, root_name, ".") for d in groups(virtual_root, ws, lock.manifest.dependency_groups, False)]
    for project in projects:
        name = project.pyproject.name or project.directory
        out += [wrap(d, name, project.directory) for d in _package(project, ws)]
    return out


def wrap(d: Difference, member: str, directory: str) -> LockDifference:
    return LockDifference(member, d.section, d.package, d.change, d.pyproject, d.lock, d.line, _file(directory))
