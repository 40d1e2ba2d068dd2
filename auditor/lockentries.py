"""The entries of uv.lock (sources, dependency edges, wheels and sdists, metadata requirements,
markers) converted into the lock model for `auditor.lockfile.parse_lock`.

Each converter takes the parsed TOML value, the place it is reported at (`where`) and the line of
its package; a wrong shape is an ArtifactError (UVA004) with that line. The shapes uv writes are
checked in one go; anything else takes the field-by-field path (`_checked_*`), which words the
error, so that messages never depend on which path ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from auditor import fields as f
from auditor.errors import ArtifactError
from auditor.lockmodel import SOURCE_KINDS, Artifact, Dependency, MetadataRequirement, Source
from auditor.lockshape import wheel_fields
from auditor.names import canonicalize_name as _canonicalize_name

canonicalize_name = lru_cache(maxsize=16384)(_canonicalize_name)
"""packaging's `canonicalize_name`, memoised: a lock names each package many times."""


def valid_marker(text: str | None, where: str, line: int | None) -> str | None:
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


def valid_markers(items: tuple[str, ...], where: str, line: int | None) -> tuple[str, ...]:
    for item in items:
        valid_marker(item, where, line)
    return items


def source_of(raw: Any, where: str, line: int | None) -> Source:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where}.source must be a table", line)
    for kind in SOURCE_KINDS:
        if kind in raw:
            value = raw[kind]
            if not isinstance(value, str):
                raise ArtifactError(f"{where}.source.{kind} must be a string", line)
            return Source(kind, value, f.string(raw, "subdirectory", where, line))
    raise ArtifactError(f"{where}.source has no known kind ({', '.join(SOURCE_KINDS)})", line)


def dependency(raw: Any, where: str, line: int | None) -> Dependency:
    if isinstance(raw, dict):  # the shape uv writes, checked in one go (anything else: `_checked_dependency`)
        name, version, extras, marker = raw.get("name"), raw.get("version"), raw.get("extra"), raw.get("marker")
        if (
            isinstance(name, str)
            and (version is None or isinstance(version, str))
            and (extras is None or (isinstance(extras, list) and all(isinstance(e, str) for e in extras)))
            and (marker is None or isinstance(marker, str))
        ):
            source = source_of(raw["source"], where, line) if "source" in raw else None
            return Dependency(
                canonicalize_name(name),
                version,
                source,
                tuple(canonicalize_name(e) for e in extras) if extras else (),
                valid_marker(marker, where, line),
            )
    return _checked_dependency(raw, where, line)


def _checked_dependency(raw: Any, where: str, line: int | None) -> Dependency:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where} must hold tables", line)
    name = f.required_string(raw, "name", where, line)
    source = source_of(raw["source"], where, line) if "source" in raw else None
    return Dependency(
        name=canonicalize_name(name),
        version=f.string(raw, "version", where, line),
        source=source,
        extras=tuple(canonicalize_name(e) for e in f.strings(raw, "extra", where, line)),
        marker=valid_marker(f.string(raw, "marker", where, line), where, line),
    )


def dependencies(items: list[Any], where: str, line: int | None) -> tuple[Dependency, ...]:
    return tuple([dependency(d, where, line) for d in items])


def dependency_map(raw: dict[str, Any], where: str, line: int | None) -> dict[str, tuple[Dependency, ...]]:
    out: dict[str, tuple[Dependency, ...]] = {}
    for key in raw:
        out[key] = dependencies(f.array(raw, key, where, line), f"{where}.{key}", line)
    return out


def artifact(raw: Any, where: str, line: int | None) -> Artifact:
    if type(raw) is tuple:  # shaped by the prefetching child with `wheel_fields` (TOML has no tuples)
        return Artifact(*raw)
    if isinstance(raw, dict):  # the shape uv writes, checked in one go (anything else: `_checked_artifact`)
        fields = wheel_fields(raw)
        if fields is not None:
            return Artifact(*fields)
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


def artifacts(items: list[Any], where: str, line: int | None) -> tuple[Artifact, ...]:
    return tuple([artifact(a, where, line) for a in items])


def requirement(raw: Any, where: str, line: int | None) -> MetadataRequirement:
    if not isinstance(raw, dict):
        raise ArtifactError(f"{where} must hold tables", line)
    name = f.required_string(raw, "name", where, line)
    source = {k: v for k, v in raw.items() if k not in ("name", "specifier", "marker", "extras")}
    return MetadataRequirement(
        name=canonicalize_name(name),
        specifier=f.string(raw, "specifier", where, line),
        marker=valid_marker(f.string(raw, "marker", where, line), where, line),
        extras=tuple(canonicalize_name(e) for e in f.strings(raw, "extras", where, line)),
        source=source,
    )


def requirements(raw: Mapping[str, Any], key: str, where: str, line: int | None) -> tuple[MetadataRequirement, ...]:
    return tuple(requirement(r, f"{where}.{key}", line) for r in f.array(raw, key, where, line))
