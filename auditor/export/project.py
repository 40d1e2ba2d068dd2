"""Build a `ProjectContext` from pyproject.toml files (the project's and its workspace members')."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from auditor.errors import ArtifactError
from auditor.export.selection import DEV, ProjectContext
from auditor.lockfile import Lock
from auditor.tomlparse import loads


def _declared_groups(data: Mapping[str, Any]) -> tuple[tuple[str, ...], bool]:
    groups = data.get("dependency-groups")
    names = tuple(canonicalize_name(g) for g in groups) if isinstance(groups, dict) else ()
    uv = data.get("tool", {}).get("uv", {}) if isinstance(data.get("tool"), dict) else {}
    legacy = isinstance(uv, dict) and uv.get("dev-dependencies") is not None
    return names, legacy


def context_from_pyproject(
    data: Mapping[str, Any],
    lock: Lock | None = None,
    read_member: Callable[[str], Mapping[str, Any] | None] | None = None,
) -> ProjectContext:
    """`data` is the parsed pyproject.toml of the directory uv runs in; `read_member(path)` returns
    a member's parsed pyproject.toml (path relative to that directory) or None."""
    project = data.get("project")
    name = project.get("name") if isinstance(project, dict) else None
    root_name = canonicalize_name(name) if isinstance(name, str) else None
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    uv = tool.get("uv") if isinstance(tool, dict) and isinstance(tool.get("uv"), dict) else {}
    raw_defaults = uv.get("default-groups") if isinstance(uv, dict) else None
    defaults: tuple[str, ...] | str
    if raw_defaults == "all":
        defaults = "all"
    elif isinstance(raw_defaults, list):
        defaults = tuple(canonicalize_name(str(g)) for g in raw_defaults)
    else:
        defaults = (DEV,)
    root_groups, legacy = _declared_groups(data)
    member_groups: dict[str, tuple[str, ...]] = {}
    if root_name is not None:
        member_groups[root_name] = root_groups + ((DEV,) if legacy and DEV not in root_groups else ())
    if lock is not None and read_member is not None:
        wanted = set(lock.manifest.members)
        for pkg in lock.packages:
            if pkg.name in wanted and pkg.name not in member_groups and pkg.source.is_local:
                member = read_member(pkg.source.value)
                if member is not None:
                    groups, member_legacy = _declared_groups(member)
                    member_groups[pkg.name] = groups + ((DEV,) if member_legacy and DEV not in groups else ())
    return ProjectContext(
        root_name=root_name,
        default_groups=defaults,  # type: ignore[arg-type]
        root_groups=root_groups,
        member_groups=member_groups,
        default_groups_set=raw_defaults is not None,
    )


def load_context(project_dir: Path, lock: Lock | None = None) -> ProjectContext:
    """Read `project_dir/pyproject.toml` and the members' pyproject.toml files."""
    path = project_dir / "pyproject.toml"
    try:
        data = loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(f"{path}: no pyproject.toml") from None

    def read_member(rel: str) -> Mapping[str, Any] | None:
        member = (project_dir / rel / "pyproject.toml").resolve()
        try:
            return loads(member.read_text(encoding="utf-8"))
        except (OSError, ArtifactError):
            return None

    return context_from_pyproject(data, lock, read_member)
