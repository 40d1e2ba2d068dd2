"""uv.lock parsed into frozen dataclasses (lock `version = 1`, revisions 1-3 and none).

Pure: `parse_lock(text)` takes the file's text and returns a `Lock` (the dataclasses live in
`auditor.lockmodel` and are re-exported here), or raises `ArtifactError` with the line of the
problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditor import fields as f
from auditor import lockentries as E
from auditor.errors import ArtifactError
from auditor.lockentries import canonicalize_name
from auditor.lockmodel import (
    SOURCE_KINDS,
    SUPPORTED_VERSION,
    Artifact,
    ConflictItem,
    Dependency,
    Exclude,
    Lock,
    LockedPackage,
    Manifest,
    MetadataRequirement,
    PackageMetadata,
    ScopedOverride,
    Source,
)
from auditor.textlines import package_lines
from auditor.tomlparse import loads

__all__ = [
    "SOURCE_KINDS",
    "SUPPORTED_VERSION",
    "Artifact",
    "ConflictItem",
    "Dependency",
    "Exclude",
    "Lock",
    "LockedPackage",
    "Manifest",
    "MetadataRequirement",
    "PackageMetadata",
    "ScopedOverride",
    "Source",
    "parse_lock",
]


def parse_lock(text: str, tables: dict[str, Any] | None = None, names: list[int] | None = None) -> Lock:
    """The lock model of uv.lock's `text` (`tables`: its TOML, and `names`: its `package_lines`,
    when already found from it)."""
    data = loads(text) if tables is None else tables
    version = f.integer(data, "version", "uv.lock")
    if version is None:
        raise ArtifactError("uv.lock has no `version`", 1)
    if version != SUPPORTED_VERSION:
        line = next(iter(_lines_starting(text, "version")), None)
        raise ArtifactError(f"unsupported uv.lock version {version} (uv-audit reads version {SUPPORTED_VERSION})", line)
    headers = package_lines(text) if names is None else names
    raw_packages = f.tables(data, "package", "uv.lock")
    packages = tuple(_package(raw, headers[i] if i < len(headers) else None) for i, raw in enumerate(raw_packages))
    return Lock(
        version=version,
        revision=f.integer(data, "revision", "uv.lock"),
        requires_python=f.string(data, "requires-python", "uv.lock"),
        resolution_markers=E.valid_markers(f.strings(data, "resolution-markers", "uv.lock"), "uv.lock", None),
        conflicts=_conflicts(data),
        manifest=_manifest(f.table(data, "manifest", "uv.lock")),
        options=f.table(data, "options", "uv.lock"),
        packages=packages,
        supported_markers=E.valid_markers(f.strings(data, "supported-markers", "uv.lock"), "uv.lock", None),
        required_markers=E.valid_markers(f.strings(data, "required-markers", "uv.lock"), "uv.lock", None),
    )


def _lines_starting(text: str, key: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key} ")]


def _metadata(raw: dict[str, Any], where: str, line: int | None) -> PackageMetadata:
    dev = f.table(raw, "requires-dev", where, line)
    return PackageMetadata(
        requires_dist=E.requirements(raw, "requires-dist", where, line),
        requires_dev={g: E.requirements(dev, g, f"{where}.requires-dev", line) for g in dev},
        provides_extras=tuple(canonicalize_name(e) for e in f.strings(raw, "provides-extras", where, line)),
    )


def _package(raw: dict[str, Any], line: int | None) -> LockedPackage:
    name = f.required_string(raw, "name", "[[package]]", line)
    where = f"package {name!r}"
    if "source" not in raw:
        raise ArtifactError(f"{where} has no source", line)
    sdist = E.artifact(raw["sdist"], f"{where}.sdist", line) if "sdist" in raw else None
    return LockedPackage(
        name=canonicalize_name(name),
        version=f.string(raw, "version", where, line),
        source=E.source_of(raw["source"], where, line),
        dependencies=E.dependencies(f.array(raw, "dependencies", where, line), f"{where}.dependencies", line),
        optional_dependencies={
            canonicalize_name(k): v
            for k, v in E.dependency_map(f.table(raw, "optional-dependencies", where, line), where, line).items()
        },
        dev_dependencies=E.dependency_map(f.table(raw, "dev-dependencies", where, line), where, line),
        metadata=_metadata(f.table(raw, "metadata", where, line), where, line) if "metadata" in raw else None,
        resolution_markers=E.valid_markers(f.strings(raw, "resolution-markers", where, line), where, line),
        sdist=sdist,
        wheels=E.artifacts(f.array(raw, "wheels", where, line), f"{where}.wheels", line),
        line=line,
        default_groups=_default_groups(raw, where, line),
        group_requires_python=_group_requires_python(raw, where, line),
    )


def _default_groups(raw: Mapping[str, Any], where: str, line: int | None) -> tuple[str, ...] | str | None:
    value = raw.get("default-groups")
    if value is None or value == "all":
        return value
    return tuple(canonicalize_name(g) for g in f.strings(raw, "default-groups", where, line))


def _group_requires_python(raw: Mapping[str, Any], where: str, line: int | None) -> dict[str, str]:
    table = f.table(raw, "group-requires-python", where, line)
    found = {g: f.string(table, g, f"{where}.group-requires-python", line) for g in table}
    return {canonicalize_name(g): v for g, v in found.items() if v is not None}


def _conflicts(data: dict[str, Any]) -> tuple[tuple[ConflictItem, ...], ...]:
    out = []
    for group in f.array(data, "conflicts", "uv.lock"):
        if not isinstance(group, list):
            raise ArtifactError("uv.lock conflicts must be an array of arrays")
        items = []
        for item in group:
            if not isinstance(item, dict):
                raise ArtifactError("uv.lock conflicts must hold tables")
            extra = f.string(item, "extra", "conflicts")
            items.append(
                ConflictItem(
                    package=canonicalize_name(f.required_string(item, "package", "conflicts")),
                    extra=canonicalize_name(extra) if extra else None,
                    group=f.string(item, "group", "conflicts"),
                )
            )
        out.append(tuple(items))
    return tuple(out)


def _scope(raw: dict[str, Any], where: str) -> tuple[str, str | None]:
    """The `package = { name, version }` of a scoped `[manifest]` entry."""
    package = raw["package"]
    if not isinstance(package, dict):
        raise ArtifactError(f"{where}: `package` must be a table")
    return canonicalize_name(f.required_string(package, "name", where)), f.string(package, "version", where)


def _overrides(raw: dict[str, Any], where: str) -> tuple[tuple[MetadataRequirement, ...], tuple[ScopedOverride, ...]]:
    plain: list[MetadataRequirement] = []
    scoped: list[ScopedOverride] = []
    for item in f.array(raw, "overrides", where):
        if isinstance(item, dict) and "package" in item:
            name, version = _scope(item, f"{where}.overrides")
            scoped.append(
                ScopedOverride(name, version, E.requirements(item, "dependencies", f"{where}.overrides", None))
            )
        else:
            plain.append(E.requirement(item, f"{where}.overrides", None))
    return tuple(plain), tuple(scoped)


def _excludes(raw: dict[str, Any], where: str) -> tuple[Exclude, ...]:
    out: list[Exclude] = []
    for item in f.array(raw, "excludes", where):
        if isinstance(item, str):
            out.append(Exclude((canonicalize_name(item),)))
        elif isinstance(item, dict) and "package" in item:
            name, version = _scope(item, f"{where}.excludes")
            names = tuple(canonicalize_name(n) for n in f.strings(item, "dependencies", f"{where}.excludes"))
            out.append(Exclude(names, name, version))
        else:
            raise ArtifactError(f"{where}.excludes must hold names or scoped tables")
    return tuple(out)


def _manifest(raw: dict[str, Any]) -> Manifest:
    where = "uv.lock [manifest]"
    groups = f.table(raw, "dependency-groups", where)
    overrides, scoped_overrides = _overrides(raw, where)
    return Manifest(
        members=tuple(canonicalize_name(m) for m in f.strings(raw, "members", where)),
        requirements=E.requirements(raw, "requirements", where, None),
        constraints=E.requirements(raw, "constraints", where, None),
        overrides=overrides,
        build_constraints=E.requirements(raw, "build-constraints", where, None),
        dependency_groups={g: E.requirements(groups, g, where, None) for g in groups},
        scoped_overrides=scoped_overrides,
        excludes=_excludes(raw, where),
        default_groups=_default_groups(raw, where, None),
        group_requires_python=_group_requires_python(raw, where, None),
        dependency_metadata=tuple(f.tables(raw, "dependency-metadata", where)),
    )
