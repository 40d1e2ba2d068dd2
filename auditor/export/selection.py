"""What to export: uv's flags (`Selection`), what uv reads from pyproject.toml (`ProjectContext`),
and the group/extra semantics of `DependencyGroupsWithDefaults` / `ExtrasSpecification`
(`crates/uv-configuration/src/dependency_groups.rs`, `extras.rs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from auditor.frozen import field, frozen
from auditor.names import canonicalize_name

DEV = "dev"


class SelectionError(Exception):
    """A selection uv rejects (unknown group or extra, conflicting items), with uv's wording."""


@frozen
class Selection:
    """Mirrors `uv export` flags. MLflow's command is `Selection(no_dev=True, no_emit_project=True)`."""

    groups: tuple[str, ...] = ()
    only_groups: tuple[str, ...] = ()
    no_groups: tuple[str, ...] = ()
    all_groups: bool = False
    no_dev: bool = False
    only_dev: bool = False
    dev: bool = False
    no_default_groups: bool = False
    extras: tuple[str, ...] = ()
    all_extras: bool = False
    no_extras: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    all_packages: bool = False
    no_emit_project: bool = False
    no_emit_workspace: bool = False
    no_emit_packages: tuple[str, ...] = ()
    no_emit_local: bool = False
    only_emit_project: bool = False
    only_emit_workspace: bool = False
    only_emit_local: bool = False
    only_emit_packages: tuple[str, ...] = ()
    prune: tuple[str, ...] = ()
    """`--prune`: the package and what only it brings in are left out of the graph."""


@frozen
class ProjectContext:
    """What `uv export --frozen` reads besides uv.lock.

    `root_name`: `[project].name` of the directory uv runs in (None: a virtual workspace root).
    `default_groups`: `[tool.uv] default-groups` (`"all"` or names; `("dev",)` when unset).
    `root_groups`: the `[dependency-groups]` names of that pyproject.toml.
    `member_groups`: per workspace member (and the root project), its declared groups, with
    `dev` when it has legacy `tool.uv.dev-dependencies`.
    `default_groups_set`: whether `default-groups` was written (uv validates it only then).
    """

    root_name: str | None
    default_groups: tuple[str, ...] | Literal["all"] = (DEV,)
    root_groups: tuple[str, ...] = ()
    member_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    default_groups_set: bool = False


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(canonicalize_name(v) for v in values)


@frozen
class Groups:
    """`DependencyGroupsWithDefaults`: `cur` with defaults applied, `prev` without."""

    include_all: bool
    include: frozenset[str]
    exclude: frozenset[str]
    only: bool
    prev_all: bool
    prev_include: frozenset[str]
    explicit: tuple[str, ...]

    @classmethod
    def build(cls, sel: Selection, defaults: tuple[str, ...] | Literal["all"]) -> Groups:
        group, only_group, no_group = (
            list(_names(sel.groups)),
            list(_names(sel.only_groups)),
            list(_names(sel.no_groups)),
        )
        explicit = (*group, *no_group, *only_group)
        if sel.only_dev:
            only_group.append(DEV)
        elif sel.no_dev:
            no_group.append(DEV)
        elif sel.dev:
            group.append(DEV)
        only = bool(only_group)
        use_defaults = not sel.no_default_groups and not only
        base = frozenset(group + only_group)
        include_all = sel.all_groups or (use_defaults and defaults == "all")
        include = base
        if use_defaults and defaults != "all" and not sel.all_groups:
            include = base | frozenset(_names(tuple(defaults)))
        return cls(include_all, include, frozenset(no_group), only, sel.all_groups, base, explicit)

    @property
    def prod(self) -> bool:
        return not self.only

    def contains(self, group: str) -> bool:
        return group not in self.exclude and (self.include_all or group in self.include)

    def contains_because_default(self, group: str) -> bool:
        prev = group not in self.exclude and (self.prev_all or group in self.prev_include)
        return self.contains(group) and not prev


@frozen
class Extras:
    include_all: bool
    include: frozenset[str]
    exclude: frozenset[str]
    explicit: tuple[str, ...]

    @classmethod
    def build(cls, sel: Selection) -> Extras:
        extras, no_extras = _names(sel.extras), _names(sel.no_extras)
        return cls(sel.all_extras, frozenset(extras), frozenset(no_extras), (*extras, *no_extras))

    def contains(self, extra: str) -> bool:
        return extra not in self.exclude and (self.include_all or extra in self.include)

    @property
    def is_empty(self) -> bool:
        return not self.exclude and not self.include_all and not self.include


def conjunction(names: list[str]) -> str:
    """uv's `conjunction`: "a", "a and b", "a, b, and c"."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]
