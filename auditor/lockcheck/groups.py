"""Dependency groups as uv 0.13.9 flattens them (`FlatDependencyGroups`,
crates/uv-workspace/src/dependency_groups.rs), and the group settings a revision-5 lock records.

`[tool.uv.dependency-groups] G = { requires-python = ... }` adds that range as a marker to every
requirement of G (its own and those it includes), and G's effective `requires-python` is the
intersection of its own with those of the groups it includes. uv.lock records it per member
(`[package.group-requires-python]`) and for a root without `[project]` (`[manifest]`), with the
members' `default-groups` and a virtual root's (`Lock::satisfies`: the `Mismatched...Groups` and
`...GroupMetadata` checks; the member ones only from revision 5 on).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from auditor.export import markers as M
from auditor.frozen import frozen
from auditor.lockcheck.diff import Difference
from auditor.lockfile import Lock
from auditor.names import canonicalize_name
from auditor.pyproject import Pyproject, ReqEntry

GROUPS_REVISION = 5


@frozen
class FlatGroup:
    items: tuple[tuple[ReqEntry, int], ...]
    """Each requirement with the marker its groups' `requires-python` add (a marker node)."""
    requires_python: tuple[str, ...]
    """The specifiers whose intersection is the group's `requires-python` (none: unrestricted)."""


def _settings(pp: Pyproject) -> dict[str, str]:
    raw = pp.tool_uv.settings.get("dependency-groups")
    out: dict[str, str] = {}
    if isinstance(raw, Mapping):
        for group, value in raw.items():
            if isinstance(value, Mapping) and isinstance(value.get("requires-python"), str):
                out[canonicalize_name(str(group))] = value["requires-python"]
    return out


def _python_marker(specifiers: str) -> int:
    try:
        specs = SpecifierSet(specifiers)
    except InvalidSpecifier:
        return M.TRUE
    node = M.TRUE
    for spec in specs:
        node = M.and_(node, M.parse(f"python_full_version {spec.operator} '{spec.version}'"))
    return node


def flat_groups(pp: Pyproject) -> dict[str, FlatGroup]:
    """Every dependency group, `include-group` resolved (cycles cut), with its Python markers."""
    settings = _settings(pp)
    resolved: dict[str, FlatGroup] = {}

    def resolve(group: str, parents: frozenset[str]) -> FlatGroup:
        if group in resolved:
            return resolved[group]
        items: list[tuple[ReqEntry, int]] = []
        pythons: list[str] = []
        for item in pp.dependency_groups.get(group, ()):
            if item.requirement is not None:
                items.append((item.requirement, M.TRUE))
            elif item.include_group and item.include_group not in parents | {group}:
                included = resolve(item.include_group, parents | {group})
                items.extend(included.items)
                pythons.extend(included.requires_python)
        own = settings.get(group)
        if own is not None:
            pythons.append(own)
            extra = _python_marker(own)
            items = [(entry, M.and_(marker, extra)) for entry, marker in items]
        resolved[group] = FlatGroup(tuple(items), tuple(pythons))
        return resolved[group]

    return {group: resolve(group, frozenset()) for group in pp.dependency_groups}


def _specifiers(parts: tuple[str, ...] | str) -> SpecifierSet | str:
    text = ",".join(parts) if isinstance(parts, tuple) else parts
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return text


def _metadata(pp: Pyproject) -> dict[str, SpecifierSet | str]:
    return {g: _specifiers(f.requires_python) for g, f in flat_groups(pp).items() if f.requires_python}


def _line(pp: Pyproject, key: str) -> int | None:
    return pp.lines.get(f"tool.uv.{key}") or pp.lines.get("tool.uv")


def _text(metadata: Mapping[str, object]) -> str:
    return ", ".join(f"{g} = {v}" for g, v in sorted(metadata.items())) or "none"


def _same(a: Mapping[str, SpecifierSet | str], b: Mapping[str, SpecifierSet | str]) -> bool:
    """Equal per group; an unparsable text equals only the same text (SpecifierSet's own `==`
    parses a string operand, and raises on a bad one)."""
    return a.keys() == b.keys() and all(type(a[g]) is type(b[g]) and a[g] == b[g] for g in a)


def group_metadata(pp: Pyproject, recorded: Mapping[str, str]) -> Iterator[Difference]:
    """A project's (or a virtual root's) groups' `requires-python` against what the lock records."""
    expected = _metadata(pp)
    actual = {g: _specifiers(v) for g, v in recorded.items()}
    if not _same(expected, actual):
        yield Difference(
            "tool.uv.dependency-groups", None, "changed", _text(expected), _text(actual), _line(pp, "dependency-groups")
        )


def _defaults(value: tuple[str, ...] | str | None) -> frozenset[str] | str:
    if value is None:
        return frozenset({"dev"})
    return value if isinstance(value, str) else frozenset(value)


def default_groups(pp: Pyproject, recorded: tuple[str, ...] | str | None) -> Iterator[Difference]:
    """`tool.uv.default-groups` against the lock's record (absent: `["dev"]`)."""
    expected, actual = _defaults(pp.tool_uv.default_groups), _defaults(recorded)
    if expected != actual:
        yield Difference(
            "tool.uv.default-groups", None, "changed", _show(expected), _show(actual), _line(pp, "default-groups")
        )


def _show(groups: frozenset[str] | str) -> str:
    return groups if isinstance(groups, str) else ", ".join(sorted(groups))


def records_groups(lock: Lock) -> bool:
    """Whether the lock records members' default groups and group metadata (revision 5 on)."""
    return lock.version == 1 and (lock.revision or 0) >= GROUPS_REVISION
