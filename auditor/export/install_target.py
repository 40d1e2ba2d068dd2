"""Which packages are the roots of an export and which groups apply where: uv's `InstallTarget`
(`crates/uv/src/commands/project/install_target.rs`), its validation and conflict detection.
"""

from __future__ import annotations

from auditor.export.lockgraph import PreparedLock
from auditor.export.selection import DEV, Extras, Groups, ProjectContext, Selection, SelectionError, conjunction
from auditor.frozen import frozen
from auditor.names import canonicalize_name


@frozen
class Target:
    kind: str  # "project", "projects", "workspace", "non-project"
    roots: tuple[str, ...]
    name: str | None = None  # the selected project (kind "project")

    def project_name(self, plock: PreparedLock) -> str | None:
        if self.kind == "project":
            return self.name
        if self.kind == "workspace" and plock.root is not None:
            # uv 0.13 drops the root project under --no-emit-project with --all-packages too.
            return plock.package(plock.root).name
        return None


def resolve_target(plock: PreparedLock, context: ProjectContext, sel: Selection) -> Target:
    members = plock.lock.manifest.members
    packages = tuple(canonicalize_name(p) for p in sel.packages)
    if context.root_name is not None:
        if sel.all_packages:
            if members:
                return Target("workspace", members)
            root = plock.root
            return Target("workspace", (plock.package(root).name,) if root is not None else ())
        if not packages:
            name = canonicalize_name(context.root_name)
            return Target("project", (name,), name)
    elif sel.all_packages or not packages:
        return Target("non-project", members)
    if len(packages) == 1:
        return Target("project", packages, packages[0])
    return Target("projects", packages)


def includes_group(target: Target, context: ProjectContext, groups: Groups, package: str | None, group: str) -> bool:
    if not groups.contains(group):
        return False
    if target.kind != "project":
        return True
    if package == target.name:
        return True
    if groups.contains_because_default(group):
        return False
    return group not in context.member_groups.get(target.name or "", ())


def group_root(plock: PreparedLock, target: Target, context: ProjectContext, groups: Groups) -> str | None:
    if target.kind != "project" or plock.root is None:
        return None
    root = plock.package(plock.root).name
    if root == target.name:
        return None
    declared = context.member_groups.get(root)
    if declared is None:
        return None
    return root if any(includes_group(target, context, groups, root, g) for g in declared) else None


def validate(plock: PreparedLock, target: Target, context: ProjectContext, groups: Groups, extras: Extras) -> None:
    lock = plock.lock
    if context.default_groups_set and context.default_groups != "all":
        for group in context.default_groups:
            if canonicalize_name(group) not in context.root_groups:
                raise SelectionError(
                    f"Default group `{group}` (from `tool.uv.default-groups`) is not defined in the "
                    "project's `dependency-groups` table"
                )
    roots = set(target.roots)
    if extras.explicit and (lock.version, lock.revision or 0) >= (1, 1):
        known: set[str] = set()
        for pkg in lock.packages:
            if pkg.name in roots and pkg.metadata is not None:
                known.update(pkg.metadata.provides_extras)
        for extra in extras.explicit:
            if extra not in known:
                if target.kind == "project":
                    raise SelectionError(
                        f"Extra `{extra}` is not defined in the `optional-dependencies` table for `{target.name}`"
                    )
                raise SelectionError(f"Extra `{extra}` is not defined in any project's `optional-dependencies` table")
    if groups.explicit:
        group_roots = set(roots)
        if target.kind == "project" and plock.root is not None:
            group_roots.add(plock.package(plock.root).name)
        known_groups: set[str] = set()
        for pkg in lock.packages:
            if pkg.name in group_roots:
                known_groups.update(pkg.dev_dependencies)
        if context.root_name is None:
            known_groups.update(context.root_groups)
            known_groups.update(lock.manifest.dependency_groups)
        for group in groups.explicit:
            if group not in known_groups:
                where = "the project's" if target.kind == "project" else "any project's"
                raise SelectionError(f"Group `{group}` is not defined in {where} `dependency-groups` table")


def detect_conflicts(plock: PreparedLock, packages: set[str], groups: Groups, extras: Extras) -> None:
    for conflict_set in plock.lock.conflicts:
        hits = []
        for item in conflict_set:
            if item.package not in packages:
                continue
            if item.extra is not None:
                active = extras.contains(item.extra)
            elif item.group is not None:
                active = groups.contains(canonicalize_name(item.group))
            else:
                active = groups.prod
            if active:
                hits.append(item)
        if len(hits) >= 2:
            raise SelectionError(_conflict_message(conflict_set, hits, groups))


def _conflict_message(conflict_set: tuple, hits: list, groups: Groups) -> str:  # type: ignore[type-arg]
    def show(item) -> str:  # type: ignore[no-untyped-def]
        if item.extra is not None:
            return f"`{item.package}[{item.extra}]`"
        if item.group is not None:
            return f"`{item.package}:{item.group}`"
        return str(item.package)

    described = ", ".join(show(i) for i in conflict_set)
    if all(i.extra is not None for i in hits):
        names = conjunction([f"`{i.extra}`" for i in hits])
        return f"Extras {names} are incompatible with the declared conflicts: {{{described}}}"
    if all(i.group is not None for i in hits):
        parts = [
            f"`{i.group}`" + (" (enabled by default)" if groups.contains_because_default(i.group) else "") for i in hits
        ]
        return f"Groups {conjunction(parts)} are incompatible with the conflicts: {{{described}}}"
    words = []
    for n, item in enumerate(hits):
        if item.extra is not None:
            word = f"extra `{item.extra}`"
        elif item.group is not None:
            default = " (enabled by default)" if groups.contains_because_default(item.group) else ""
            word = f"group `{item.group}`{default}"
        else:
            word = f"package `{item.package}`"
        words.append(word[0].upper() + word[1:] if n == 0 else word)
    return f"{conjunction(words)} are incompatible with the declared conflicts: {{{described}}}"


__all__ = ["DEV", "Target", "detect_conflicts", "group_root", "includes_group", "resolve_target", "validate"]
