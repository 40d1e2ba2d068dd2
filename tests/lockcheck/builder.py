"""A tiny builder: one project description rendered both as pyproject.toml and as the uv.lock that
`uv lock` would write for it, so that a test changes one side and checks what `check_lock` says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from auditor.lockcheck import LockDifference, check_lock
from auditor.lockfile import parse_lock
from auditor.pyproject import parse_pyproject


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _array(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def locked_requirement(text: str, extra: str | None = None) -> str:
    """A PEP 508 string as an inline table of `[package.metadata] requires-dist`."""
    req = Requirement(text)
    parts = [f"name = {_q(canonicalize_name(req.name))}"]
    if req.extras:
        parts.append("extras = " + _array(tuple(sorted(canonicalize_name(e) for e in req.extras))))
    marker = str(req.marker) if req.marker else None
    if extra is not None:
        marker = f"({marker}) and extra == '{extra}'" if marker else f"extra == '{extra}'"
    if marker:
        parts.append(f"marker = {_q(marker)}")
    if str(req.specifier):
        parts.append(f"specifier = {_q(str(req.specifier))}")
    return "{ " + ", ".join(parts) + " }"


@dataclass(frozen=True)
class Project:
    name: str = "demo"
    version: str | None = "1.0.0"
    requires_python: str = ">=3.10"
    dependencies: tuple[str, ...] = ()
    extras: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    includes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Group -> groups it includes with `{include-group = ...}` (pyproject side only)."""
    legacy_dev: tuple[str, ...] | None = None

    def with_(self, **changes: object) -> Project:
        return replace(self, **changes)  # type: ignore[arg-type]

    def pyproject(self) -> str:
        lines = ["[project]", f"name = {_q(self.name)}"]
        lines.append(f"version = {_q(self.version)}" if self.version else 'dynamic = ["version"]')
        lines.append(f"requires-python = {_q(self.requires_python)}")
        lines.append("dependencies = [")
        lines += [f"    {_q(d)}," for d in self.dependencies]
        lines.append("]")
        if self.extras:
            lines.append("\n[project.optional-dependencies]")
            lines += [f"{k} = {_array(v)}" for k, v in self.extras.items()]
        if self.groups:
            lines.append("\n[dependency-groups]")
            for group, items in self.groups.items():
                includes = [f"{{ include-group = {_q(i)} }}" for i in self.includes.get(group, ())]
                lines.append(f"{group} = [" + ", ".join([*includes, *(_q(i) for i in items)]) + "]")
        if self.legacy_dev is not None:
            lines += ["\n[tool.uv]", f"dev-dependencies = {_array(self.legacy_dev)}"]
        lines += ["\n[build-system]", 'requires = ["hatchling"]', 'build-backend = "hatchling.build"']
        return "\n".join(lines) + "\n"

    def _group(self, group: str) -> tuple[str, ...]:
        included = tuple(r for g in self.includes.get(group, ()) for r in self._group(g))
        return included + tuple(self.groups.get(group, ()))

    def lock(self) -> str:
        requires = [locked_requirement(d) for d in self.dependencies]
        requires += [locked_requirement(r, canonicalize_name(e)) for e, rs in self.extras.items() for r in rs]
        out = ["version = 1", "revision = 3", f"requires-python = {_q(self.requires_python)}", ""]
        out += ["[[package]]", f"name = {_q(canonicalize_name(self.name))}"]
        if self.version:
            out.append(f"version = {_q(self.version)}")
        out += ['source = { editable = "." }', "", "[package.metadata]"]
        out.append("requires-dist = [" + ", ".join(requires) + "]")
        if self.extras:
            out.append("provides-extras = " + _array(tuple(canonicalize_name(e) for e in self.extras)))
        groups = {g: self._group(g) for g in self.groups}
        if self.legacy_dev is not None:
            groups["dev"] = groups.get("dev", ()) + self.legacy_dev
        if groups:
            out.append("\n[package.metadata.requires-dev]")
            out += [f"{g} = [" + ", ".join(locked_requirement(r) for r in rs) + "]" for g, rs in groups.items()]
        return "\n".join(out) + "\n"


def differences(pyproject: Project | str, lock: Project | str) -> tuple[LockDifference, ...]:
    """What `check_lock` finds for a single-project workspace."""
    py_text = pyproject if isinstance(pyproject, str) else pyproject.pyproject()
    lock_text = lock if isinstance(lock, str) else lock.lock()
    return check_lock(parse_lock(lock_text), parse_pyproject(py_text), {})


def summary(diffs: tuple[LockDifference, ...]) -> list[tuple[str, str | None, str]]:
    return [(d.section, d.package, d.change) for d in diffs]
