"""The parsed uv.lock: frozen dataclasses (`auditor.lockfile.parse_lock` builds them).

Markers are kept as the strings uv wrote (uv already simplified them against the lock's
`requires-python`); the export engine interprets them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from auditor.frozen import field, frozen
from auditor.names import canonicalize_name

SUPPORTED_VERSION = 1
SOURCE_KINDS = ("registry", "git", "url", "path", "directory", "editable", "virtual")


@frozen
class Source:
    """Where a locked package comes from: `kind` is one of SOURCE_KINDS, `value` the URL or path."""

    kind: str
    value: str
    subdirectory: str | None = None

    @property
    def is_local(self) -> bool:
        return self.kind in ("path", "directory", "editable", "virtual")


@frozen
class Dependency:
    """An edge in the lock graph. `version`/`source` are only written when the name is ambiguous."""

    name: str
    version: str | None = None
    source: Source | None = None
    extras: tuple[str, ...] = ()
    marker: str | None = None


@frozen
class Artifact:
    """An sdist or wheel entry: a `url` (registry/url sources) or a `path`, with its hash."""

    url: str | None
    path: str | None
    filename: str | None
    hash: str | None
    size: int | None
    upload_time: str | None = None
    """`upload-time` as written (`2024-01-07T11:08:11.254Z`)."""


@frozen
class MetadataRequirement:
    """One entry of `[package.metadata] requires-dist` or `requires-dev`: what uv locked from."""

    name: str
    specifier: str | None = None
    marker: str | None = None
    extras: tuple[str, ...] = ()
    source: Mapping[str, Any] = field(default_factory=dict)
    """Source keys as written (`index`, `url`, `git`, `path`, `editable`, `subdirectory`, ...)."""


@frozen
class PackageMetadata:
    requires_dist: tuple[MetadataRequirement, ...] = ()
    requires_dev: Mapping[str, tuple[MetadataRequirement, ...]] = field(default_factory=dict)
    provides_extras: tuple[str, ...] = ()


@frozen
class LockedPackage:
    name: str
    version: str | None
    source: Source
    dependencies: tuple[Dependency, ...] = ()
    optional_dependencies: Mapping[str, tuple[Dependency, ...]] = field(default_factory=dict)
    dev_dependencies: Mapping[str, tuple[Dependency, ...]] = field(default_factory=dict)
    metadata: PackageMetadata | None = None
    resolution_markers: tuple[str, ...] = ()
    sdist: Artifact | None = None
    wheels: tuple[Artifact, ...] = ()
    line: int | None = None
    """1-based line of this package's `[[package]]` header in uv.lock."""
    default_groups: tuple[str, ...] | str | None = None
    """A workspace member's `default-groups` (names, or "all"), written when not just `dev`."""
    group_requires_python: Mapping[str, str] = field(default_factory=dict)
    """`[package.group-requires-python]`: each dependency group's own `requires-python`."""

    @property
    def hashes(self) -> tuple[str, ...]:
        found = [a.hash for a in (self.sdist, *self.wheels) if a is not None and a.hash]
        return tuple(sorted(set(found)))


@frozen
class ConflictItem:
    package: str
    extra: str | None = None
    group: str | None = None


@frozen
class ScopedOverride:
    """A `[manifest] overrides` entry scoped to one parent: `{ package = { name, version }, dependencies }`."""

    package: str
    version: str | None
    dependencies: tuple[MetadataRequirement, ...] = ()


@frozen
class Exclude:
    """A `[manifest] excludes` entry: a name, or names excluded only below one parent (`package`)."""

    names: tuple[str, ...]
    package: str | None = None
    version: str | None = None


@frozen
class Manifest:
    members: tuple[str, ...] = ()
    requirements: tuple[MetadataRequirement, ...] = ()
    constraints: tuple[MetadataRequirement, ...] = ()
    overrides: tuple[MetadataRequirement, ...] = ()
    """The global overrides; `scoped_overrides` holds the package-scoped ones."""
    build_constraints: tuple[MetadataRequirement, ...] = ()
    dependency_groups: Mapping[str, tuple[MetadataRequirement, ...]] = field(default_factory=dict)
    scoped_overrides: tuple[ScopedOverride, ...] = ()
    excludes: tuple[Exclude, ...] = ()
    default_groups: tuple[str, ...] | str | None = None
    """A workspace root without `[project]`: its `default-groups` when not just `dev`."""
    group_requires_python: Mapping[str, str] = field(default_factory=dict)
    """`[manifest.group-requires-python]`: the root's groups' `requires-python`."""
    dependency_metadata: tuple[Mapping[str, Any], ...] = ()
    """`[[manifest.dependency-metadata]]` tables as written (`tool.uv.dependency-metadata`)."""


@frozen
class Lock:
    version: int
    revision: int | None
    requires_python: str | None
    resolution_markers: tuple[str, ...]
    conflicts: tuple[tuple[ConflictItem, ...], ...]
    manifest: Manifest
    options: Mapping[str, Any]
    packages: tuple[LockedPackage, ...]
    supported_markers: tuple[str, ...] = ()
    """`supported-markers`: the `tool.uv.environments` the lock was resolved for."""
    required_markers: tuple[str, ...] = ()
    """`required-markers`: the `tool.uv.required-environments`."""

    def by_name(self, name: str) -> tuple[LockedPackage, ...]:
        """Every locked package of that (normalised) name; several in fork locks."""
        return self._by_name.get(canonicalize_name(name), ())

    @cached_property
    def _by_name(self) -> dict[str, tuple[LockedPackage, ...]]:
        index: dict[str, list[LockedPackage]] = {}
        for package in self.packages:
            index.setdefault(package.name, []).append(package)
        return {name: tuple(found) for name, found in index.items()}
