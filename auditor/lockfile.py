"""uv.lock parsed into frozen dataclasses (lock `version = 1`, revisions 1-3 and none).

Pure: `parse_lock(text)` takes the file's text and returns a `Lock` (the dataclasses live in
`auditor.lockmodel` and are re-exported here), or raises `ArtifactError` with the line of the
problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from packaging.utils import canonicalize_name as _canonicalize_name

from auditor import fields as f
from auditor.errors import ArtifactError
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

canonicalize_name = lru_cache(maxsize=16384)(_canonicalize_name)
"""packaging's `canonicalize_name`, memoised: a lock names each package many times."""
_INT64_MIN, _INT64_END = -(2**63), 2**63


def parse_lock(text: str) -> Lock:
    data = loads(text)
    version = f.integer(data, "version", "uv.lock")
    if version is None:
        raise ArtifactError("uv.lock has no `version`", 1)
    if version != SUPPORTED_VERSION:
        line = next(iter(_lines_starting(text, "version")), None)
        raise ArtifactError(f"unsupported uv.lock version {version} (uv-audit reads version {SUPPORTED_VERSION})", line)
    headers = _name_lines(text)
    raw_packages = f.tables(data, "package", "uv.lock")
    packages = tuple(_package(raw, headers[i] if i < len(headers) else None) for i, raw in enumerate(raw_packages))
    return Lock(
        version=version,
        revision=f.integer(data, "revision", "uv.lock"),
        requires_python=f.string(data, "requires-python", "uv.lock"),
        resolution_markers=_markers(f.strings(data, "resolution-markers", "uv.lock"), "uv.lock", None),
        conflicts=_conflicts(data),
        manifest=_manifest(f.table(data, "manifest", "uv.lock")),
        options=f.table(data, "options", "uv.lock"),
        packages=packages,
        supported_markers=_markers(f.strings(data, "supported-markers", "uv.lock"), "uv.lock", None),
        required_markers=_markers(f.strings(data, "required-markers", "uv.lock"), "uv.lock", None),
    )


def _name_lines(text: str) -> list[int]:
    """For each `[[package]]` header line, the line of its `name = ...` key (what a finding about
    the package points at), or the header itself when the name is not on a line of its own."""
    lines = text.splitlines()  # once: what `tomlparse.line_index(text, "[[package]]")` numbers too
    headers = [n for n, line in enumerate(lines, 1) if line.strip() == "[[package]]"]
    out = []
    for i, header in enumerate(headers):
        end = headers[i + 1] - 1 if i + 1 < len(headers) else len(lines)
        found = next((n for n in range(header + 1, end + 1) if lines[n - 1].lstrip().startswith("name ")), header)
        out.append(found)
    return out


def _lines_starting(text: str, key: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(f"{key} ")]


def _marker(text: str | None, where: str, line: int | None) -> str | None:
    """The marker as written, once the export engine's (cached) parser accepts it: an invalid one
    (`marker = "<script>..."`, a 13,000-digit version) is UVA004 here, not a rule's crash later."""
    from auditor.export.markers import parse

    if text is not None:
        try:
            parse(text)
        except (ValueError, RecursionError) as exc:  # MarkerError, or a version over the int digit limit
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ArtifactError(f"{where}: invalid marker {text[:80]!r}: {reason[:200]}", line) from None
    return text


def _markers(items: tuple[str, ...], where: str, line: int | None) -> tuple[str, ...]:
    for item in items:
        _marker(item, where, line)
    return items


def _source(raw: Any, where: str, line: int | None) -> Source:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where}.source must be a table", line)
    for kind in SOURCE_KINDS:
        if kind in raw:
            value = raw[kind]
            if not isinstance(value, str):
                raise ArtifactError(f"{where}.source.{kind} must be a string", line)
            return Source(kind, value, f.string(raw, "subdirectory", where, line))
    raise ArtifactError(f"{where}.source has no known kind ({', '.join(SOURCE_KINDS)})", line)


def _dependency(raw: Any, where: str, line: int | None) -> Dependency:
    if isinstance(raw, dict):  # the shape uv writes, checked in one go (anything else: `_checked_dependency`)
        name, version, extras, marker = raw.get("name"), raw.get("version"), raw.get("extra"), raw.get("marker")
        if (
            isinstance(name, str)
            and (version is None or isinstance(version, str))
            and (extras is None or (isinstance(extras, list) and all(isinstance(e, str) for e in extras)))
            and (marker is None or isinstance(marker, str))
        ):
            source = _source(raw["source"], where, line) if "source" in raw else None
            return Dependency(
                canonicalize_name(name),
                version,
                source,
                tuple(canonicalize_name(e) for e in extras) if extras else (),
                _marker(marker, where, line),
            )
    return _checked_dependency(raw, where, line)


def _checked_dependency(raw: Any, where: str, line: int | None) -> Dependency:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where} must hold tables", line)
    name = f.required_string(raw, "name", where, line)
    source = _source(raw["source"], where, line) if "source" in raw else None
    return Dependency(
        name=canonicalize_name(name),
        version=f.string(raw, "version", where, line),
        source=source,
        extras=tuple(canonicalize_name(e) for e in f.strings(raw, "extra", where, line)),
        marker=_marker(f.string(raw, "marker", where, line), where, line),
    )


def _dependencies(items: list[Any], where: str, line: int | None) -> tuple[Dependency, ...]:
    return tuple([_dependency(d, where, line) for d in items])


def _dependency_map(raw: dict[str, Any], where: str, line: int | None) -> dict[str, tuple[Dependency, ...]]:
    out: dict[str, tuple[Dependency, ...]] = {}
    for key in raw:
        out[key] = _dependencies(f.array(raw, key, where, line), f"{where}.{key}", line)
    return out


def _artifact(raw: Any, where: str, line: int | None) -> Artifact:
    if isinstance(raw, dict):  # the shape uv writes, checked in one go (anything else: `_checked_artifact`)
        url, path, filename, digest, size = (
            raw.get("url"),
            raw.get("path"),
            raw.get("filename"),
            raw.get("hash"),
            raw.get("size"),
        )
        if (
            (url is None or isinstance(url, str))
            and (path is None or isinstance(path, str))
            and (filename is None or isinstance(filename, str))
            and (digest is None or isinstance(digest, str))
            and (size is None or (type(size) is int and _INT64_MIN <= size < _INT64_END))
        ):
            if filename is None and (url or path):
                filename = (url or path or "").rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
            uploaded = raw.get("upload-time")
            return Artifact(url, path, filename, digest, size, uploaded if isinstance(uploaded, str) else None)
    return _checked_artifact(raw, where, line)


def _checked_artifact(raw: Any, where: str, line: int | None) -> Artifact:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where} must be a table", line)
    url = f.string(raw, "url", where, line)
    path = f.string(raw, "path", where, line)
    filename = f.string(raw, "filename", where, line)
    if filename is None and (url or path):
        filename = (url or path or "").rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
    digest, size = f.string(raw, "hash", where, line), f.integer(raw, "size", where, line)
    uploaded = raw.get("upload-time")  # uv writes a string; anything else is ignored, not an error
    return Artifact(url, path, filename, digest, size, uploaded if isinstance(uploaded, str) else None)


def _artifacts(items: list[Any], where: str, line: int | None) -> tuple[Artifact, ...]:
    return tuple([_artifact(a, where, line) for a in items])


def _requirement(raw: Any, where: str, line: int | None) -> MetadataRequirement:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where} must hold tables", line)
    name = f.required_string(raw, "name", where, line)
    source = {k: v for k, v in raw.items() if k not in ("name", "specifier", "marker", "extras")}
    return MetadataRequirement(
        name=canonicalize_name(name),
        specifier=f.string(raw, "specifier", where, line),
        marker=_marker(f.string(raw, "marker", where, line), where, line),
        extras=tuple(canonicalize_name(e) for e in f.strings(raw, "extras", where, line)),
        source=source,
    )


def _requirements(raw: Mapping[str, Any], key: str, where: str, line: int | None) -> tuple[MetadataRequirement, ...]:
    return tuple(_requirement(r, f"{where}.{key}", line) for r in f.array(raw, key, where, line))


def _metadata(raw: dict[str, Any], where: str, line: int | None) -> PackageMetadata:
    dev = f.table(raw, "requires-dev", where, line)
    return PackageMetadata(
        requires_dist=_requirements(raw, "requires-dist", where, line),
        requires_dev={g: _requirements(dev, g, f"{where}.requires-dev", line) for g in dev},
        provides_extras=tuple(canonicalize_name(e) for e in f.strings(raw, "provides-extras", where, line)),
    )


def _package(raw: dict[str, Any], line: int | None) -> LockedPackage:
    name = f.required_string(raw, "name", "[[package]]", line)
    where = f"package {name!r}"
    if "source" not in raw:
        raise ArtifactError(f"{where} has no source", line)
    sdist = _artifact(raw["sdist"], f"{where}.sdist", line) if "sdist" in raw else None
    return LockedPackage(
        name=canonicalize_name(name),
        version=f.string(raw, "version", where, line),
        source=_source(raw["source"], where, line),
        dependencies=_dependencies(f.array(raw, "dependencies", where, line), f"{where}.dependencies", line),
        optional_dependencies={
            canonicalize_name(k): v
            for k, v in _dependency_map(f.table(raw, "optional-dependencies", where, line), where, line).items()
        },
        dev_dependencies=_dependency_map(f.table(raw, "dev-dependencies", where, line), where, line),
        metadata=_metadata(f.table(raw, "metadata", where, line), where, line) if "metadata" in raw else None,
        resolution_markers=_markers(f.strings(raw, "resolution-markers", where, line), where, line),
        sdist=sdist,
        wheels=_artifacts(f.array(raw, "wheels", where, line), f"{where}.wheels", line),
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
                ScopedOverride(name, version, _requirements(item, "dependencies", f"{where}.overrides", None))
            )
        else:
            plain.append(_requirement(item, f"{where}.overrides", None))
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
        requirements=_requirements(raw, "requirements", where, None),
        constraints=_requirements(raw, "constraints", where, None),
        overrides=overrides,
        build_constraints=_requirements(raw, "build-constraints", where, None),
        dependency_groups={g: _requirements(groups, g, where, None) for g in groups},
        scoped_overrides=scoped_overrides,
        excludes=_excludes(raw, where),
        default_groups=_default_groups(raw, where, None),
        group_requires_python=_group_requires_python(raw, where, None),
        dependency_metadata=tuple(f.tables(raw, "dependency-metadata", where)),
    )
