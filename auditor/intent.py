"""The intended inference selection (SPEC §2): which groups and extras the serving environment
should contain, from the configuration, limited to what the project defines."""

from __future__ import annotations

from auditor.config import Config
from auditor.export import Selection
from auditor.export.project import declared_groups
from auditor.lockfile import LockedPackage
from auditor.names import canonicalize_name
from auditor.target import Target


def _root_packages(target: Target) -> tuple[LockedPackage, ...]:
    lock, pyproject = target.lock, target.pyproject
    if lock is None or pyproject is None or pyproject.name is None:
        return ()
    return lock.by_name(pyproject.name)


def defined_groups(target: Target) -> frozenset[str]:
    """Groups pyproject.toml or uv.lock define for the project (normalised)."""
    names: set[str] = set()
    if target.pyproject is not None:
        names.update(declared_groups(target.pyproject))
    for package in _root_packages(target):
        names.update(package.dev_dependencies)
        if package.metadata is not None:
            names.update(package.metadata.requires_dev)
    return frozenset(canonicalize_name(n) for n in names)


def defined_extras(target: Target) -> frozenset[str]:
    """Extras pyproject.toml or uv.lock define for the project (normalised)."""
    names: set[str] = set()
    if target.pyproject is not None:
        names.update(target.pyproject.optional_dependencies)
    for package in _root_packages(target):
        names.update(package.optional_dependencies)
        if package.metadata is not None:
            names.update(package.metadata.provides_extras)
    return frozenset(canonicalize_name(n) for n in names)


def intended_selection(config: Config, groups: frozenset[str], extras: frozenset[str]) -> Selection:
    """Core dependencies plus the configured groups and extras that the project defines (an
    unknown one is UVA303's finding), never the default groups."""
    return Selection(
        groups=tuple(g for g in config.groups if canonicalize_name(g) in groups),
        only_groups=tuple(g for g in config.only_groups if canonicalize_name(g) in groups),
        no_default_groups=True,
        extras=tuple(e for e in config.extras if canonicalize_name(e) in extras),
        all_extras=config.all_extras,
        no_emit_project=True,
    )
