"""pyproject.toml parsed into frozen dataclasses, with the line of every requirement string.
Pure: `parse_pyproject(text)` returns a `Pyproject` or raises `ArtifactError` (file and line)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor import fields as f
from auditor.errors import ArtifactError
from auditor.frozen import field, frozen
from auditor.names import canonicalize_name
from auditor.pep508 import InvalidRequirement, Requirement, parse_requirement
from auditor.textlines import Lines
from auditor.tomlparse import loads


@frozen
class ReqEntry:
    """One PEP 508 requirement string from pyproject.toml and the line it is on."""

    raw: str
    requirement: Requirement
    line: int | None

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)


@frozen
class GroupEntry:
    """An item of a `[dependency-groups]` list: a requirement or an `{include-group = ...}`."""

    requirement: ReqEntry | None = None
    include_group: str | None = None


@frozen
class Index:
    name: str | None
    url: str
    default: bool = False
    explicit: bool = False


@frozen
class ToolUv:
    default_groups: tuple[str, ...] | str | None = None
    """A list of group names, the string "all", or None when not set (uv's default: ["dev"])."""
    dev_dependencies: tuple[ReqEntry, ...] | None = None
    package: bool | None = None
    sources: Mapping[str, Any] = field(default_factory=dict)
    index: tuple[Index, ...] = ()
    workspace_members: tuple[str, ...] = ()
    workspace_exclude: tuple[str, ...] = ()
    conflicts: tuple[Any, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    """The whole `[tool.uv]` table as written (resolver settings, constraints, overrides, ...)."""


@frozen
class Pyproject:
    name: str | None
    version: str | None
    dynamic: tuple[str, ...]
    requires_python: str | None
    dependencies: tuple[ReqEntry, ...]
    optional_dependencies: Mapping[str, tuple[ReqEntry, ...]]
    dependency_groups: Mapping[str, tuple[GroupEntry, ...]]
    tool_uv: ToolUv
    build_system: Mapping[str, Any] | None
    tool_uv_audit: Any
    """`[tool.uv-audit]` as written (auditor.config validates it)."""
    has_project_table: bool
    tool: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """The whole `[tool]` table, for the build backends' settings (auditor.projectcode)."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Lines for findings: `requires-python`, `version`, `build-system`, `name`, `tool.uv.<key>` (and
    `tool.uv.<key>:<string>` for the strings of its lists), `tool.uv-audit`, `tool.uv-audit.<key>`."""

    def group_requirements(self, group: str, _seen: frozenset[str] = frozenset()) -> tuple[ReqEntry, ...]:
        """A dependency group's requirements with `include-group` expanded (cycles are cut)."""
        out: list[ReqEntry] = []
        for item in self.dependency_groups.get(group, ()):
            if item.requirement is not None:
                out.append(item.requirement)
            elif item.include_group and item.include_group not in _seen:
                out.extend(self.group_requirements(item.include_group, _seen | {group}))
        return tuple(out)


def _req(raw: Any, where: str, lines: Lines, start: int) -> ReqEntry:
    if not isinstance(raw, str):
        raise ArtifactError(f"{where} must hold requirement strings, not {type(raw).__name__}", start)
    line = lines.string(raw, start)
    try:
        requirement = parse_requirement(raw)
    except InvalidRequirement as exc:
        raise ArtifactError(f"invalid requirement {raw!r} in {where}: {exc}", line) from None
    return ReqEntry(raw, requirement, line)


def _reqs(values: list[Any], where: str, lines: Lines, start: int) -> tuple[ReqEntry, ...]:
    return tuple(_req(v, where, lines, start) for v in values)


def parse_pyproject(text: str) -> Pyproject:
    data = loads(text)
    lines = Lines(text)
    has_project = "project" in data
    project = f.table(data, "project", "pyproject.toml")
    project_line = lines.section("project")
    dependencies = _reqs(f.array(project, "dependencies", "project"), "project.dependencies", lines, project_line)
    optional_raw = f.table(project, "optional-dependencies", "project")
    optional_line = lines.section("project.optional-dependencies")
    optional: dict[str, tuple[ReqEntry, ...]] = {
        canonicalize_name(extra): _reqs(
            f.array(optional_raw, extra, "project.optional-dependencies"),
            f"project.optional-dependencies.{extra}",
            lines,
            lines.key(extra, optional_line) or optional_line,
        )
        for extra in optional_raw
    }
    groups = _groups(f.table(data, "dependency-groups", "pyproject.toml"), lines)
    tool = f.table(data, "tool", "pyproject.toml")
    build_system = data.get("build-system")
    if build_system is not None and not isinstance(build_system, dict):
        raise ArtifactError("build-system must be a table", lines.section("build-system"))
    audit = tool.get("uv-audit")  # validated by auditor.config: a bad table is that target's UVA004 only
    key_lines = {
        k: n
        for k, n in (
            ("requires-python", lines.key("requires-python", project_line)),
            ("version", lines.key("version", project_line)),
            ("name", lines.key("name", project_line)),
            ("build-system", lines.section("build-system") if build_system is not None else None),
            ("tool.uv", lines.section("tool.uv") if "uv" in tool else None),
        )
        if n is not None
    }
    key_lines.update(_audit_lines(audit, lines))
    uv_table = tool.get("uv")
    if isinstance(uv_table, dict):
        start = lines.section("tool.uv")
        for key, value in uv_table.items():
            line = lines.key(key, start)
            if line is not None:
                key_lines[f"tool.uv.{key}"] = line
                for text in _strings(value) if key in _LISTED else ():
                    key_lines.setdefault(f"tool.uv.{key}:{text}", lines.string(text, line) or line)
    name = f.string(project, "name", "project", project_line)
    return Pyproject(
        name=canonicalize_name(name) if name else None,
        version=f.string(project, "version", "project", project_line),
        dynamic=f.strings(project, "dynamic", "project", project_line),
        requires_python=f.string(project, "requires-python", "project", project_line),
        dependencies=dependencies,
        optional_dependencies=optional,
        dependency_groups=groups,
        tool_uv=_tool_uv(f.table(tool, "uv", "tool"), lines),
        build_system=build_system,
        tool_uv_audit=audit,
        tool=tool,
        has_project_table=has_project,
        lines=key_lines,
    )


def _audit_lines(audit: Any, lines: Lines) -> dict[str, int]:
    """`tool.uv-audit` and `tool.uv-audit.<key>`: where each configuration key is written."""
    if audit is None:
        return {}
    start = lines.section("tool.uv-audit")
    out = {"tool.uv-audit": start}
    for key in audit if isinstance(audit, dict) else ():
        table = lines.section(f"tool.uv-audit.{key}") if isinstance(audit[key], dict) else None
        found = lines.key(key, start) or table
        if found is not None:
            out[f"tool.uv-audit.{key}"] = found
    return out


_LISTED = (
    "constraint-dependencies",
    "override-dependencies",
    "build-constraint-dependencies",
    "exclude-dependencies",
    "dependency-metadata",
)


def _strings(value: Any) -> list[str]:
    """Every string inside a `[tool.uv]` value (requirements, names in scoped tables)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return [s for v in value for s in _strings(v)] if isinstance(value, list) else []


def _groups(raw: dict[str, Any], lines: Lines) -> dict[str, tuple[GroupEntry, ...]]:
    start = lines.section("dependency-groups")
    out: dict[str, tuple[GroupEntry, ...]] = {}
    for group in raw:
        group_line = lines.key(group, start) or start
        items: list[GroupEntry] = []
        for item in f.array(raw, group, "dependency-groups", group_line):
            if isinstance(item, dict):
                include = f.string(item, "include-group", f"dependency-groups.{group}", group_line)
                if include is None:
                    raise ArtifactError(f"dependency-groups.{group}: a table item needs include-group", group_line)
                items.append(GroupEntry(include_group=canonicalize_name(include)))
            else:
                items.append(GroupEntry(requirement=_req(item, f"dependency-groups.{group}", lines, group_line)))
        out[canonicalize_name(group)] = tuple(items)
    return out


def _tool_uv(raw: dict[str, Any], lines: Lines) -> ToolUv:
    start = lines.section("tool.uv")
    where = "tool.uv"
    default_groups: tuple[str, ...] | str | None
    value = raw.get("default-groups")
    if value is None or value == "all":
        default_groups = value
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        default_groups = tuple(canonicalize_name(v) for v in value)
    else:
        raise ArtifactError(
            'tool.uv.default-groups must be a list of group names or "all"', lines.key("default-groups", start)
        )
    dev = raw.get("dev-dependencies")
    dev_deps = None
    if dev is not None:
        if not isinstance(dev, list):
            raise ArtifactError("tool.uv.dev-dependencies must be an array", lines.key("dev-dependencies", start))
        dev_deps = _reqs(dev, "tool.uv.dev-dependencies", lines, lines.key("dev-dependencies", start) or start)
    package = raw.get("package")
    if package is not None and not isinstance(package, bool):
        raise ArtifactError("tool.uv.package must be true or false", lines.key("package", start))
    indexes = []
    for item in f.tables(raw, "index", where, start):
        url = f.string(item, "url", "tool.uv.index", start)
        if url is None:
            continue
        indexes.append(
            Index(
                name=f.string(item, "name", "tool.uv.index", start),
                url=url,
                default=item.get("default") is True,
                explicit=item.get("explicit") is True,
            )
        )
    workspace = f.table(raw, "workspace", where, start)
    sources = f.table(raw, "sources", where, start)
    return ToolUv(
        default_groups=default_groups,
        dev_dependencies=dev_deps,
        package=package,
        sources={canonicalize_name(k): v for k, v in sources.items()},
        index=tuple(indexes),
        workspace_members=f.strings(workspace, "members", "tool.uv.workspace", start),
        workspace_exclude=f.strings(workspace, "exclude", "tool.uv.workspace", start),
        conflicts=tuple(f.array(raw, "conflicts", where, start)),
        settings=raw,
    )
