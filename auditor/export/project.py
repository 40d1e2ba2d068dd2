"""What `uv export --frozen` reads besides uv.lock: the `ProjectContext` of the project's and its
workspace members' pyproject.toml (`[project].name`, `[tool.uv] default-groups`, the declared
dependency groups), from the parsed models the loader made.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from auditor.export.selection import DEV, ProjectContext
from auditor.lockfile import Lock
from auditor.pyproject import Pyproject


def declared_groups(project: Pyproject) -> tuple[str, ...]:
    """The groups one pyproject.toml declares: `[dependency-groups]` (normalised names), plus
    `dev` for legacy `tool.uv.dev-dependencies`."""
    groups = tuple(project.dependency_groups)
    if project.tool_uv.dev_dependencies is not None and DEV not in groups:
        groups += (DEV,)
    return groups


def project_context(pyproject: Pyproject | None, lock: Lock | None, members: Mapping[str, Pyproject]) -> ProjectContext:
    """`pyproject` is the pyproject.toml of the directory uv runs in; `members` the parsed
    pyproject.toml of local packages by their path relative to it (the lock's source paths)."""
    if pyproject is None:
        return ProjectContext(root_name=None)
    root_name = pyproject.name if pyproject.has_project_table else None
    raw = pyproject.tool_uv.default_groups
    defaults: tuple[str, ...] | Literal["all"]
    if raw == "all":
        defaults = "all"
    elif isinstance(raw, tuple):
        defaults = raw
    else:
        defaults = (DEV,)
    member_groups: dict[str, tuple[str, ...]] = {}
    if root_name is not None:
        member_groups[root_name] = declared_groups(pyproject)
    if lock is not None:
        wanted = set(lock.manifest.members)
        for package in lock.packages:
            if package.name in wanted and package.name not in member_groups and package.source.is_local:
                member = members.get(package.source.value)
                if member is not None:
                    member_groups[package.name] = declared_groups(member)
    return ProjectContext(
        root_name=root_name,
        default_groups=defaults,
        root_groups=tuple(pyproject.dependency_groups),
        member_groups=member_groups,
        default_groups_set=raw is not None,
    )
