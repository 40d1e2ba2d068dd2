"""The static `uv lock --check`: fresh, stale (with every difference), or undecided (with why).

`lock_verdict` runs what uv 0.13.9 runs, in its order: `ValidatedLock::validate`'s checks of the
resolver settings the lock records (`settings`), then `Lock::satisfies`: the members, the
`[manifest]` inputs (`manifest`), each local package's metadata (`check`, `metadata`) and the
registries the locked packages come from (`settings.indexes`). Where uv itself would have to build
a project to answer (its requirements are `dynamic`), or a setting cannot be read statically, the
verdict is undecided instead of a guess; a difference found elsewhere still makes it stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Literal

from auditor.frozen import frozen
from auditor.lockcheck import check, manifest, settings
from auditor.lockcheck.check import LockDifference
from auditor.lockcheck.diff import Difference
from auditor.lockcheck.lowering import Project
from auditor.lockfile import Lock
from auditor.pyproject import Pyproject


@frozen
class LockVerdict:
    """What `uv lock --check` would say, as far as it can be told without network or a build."""

    differences: tuple[LockDifference, ...] = ()
    undecided: str | None = None
    """Why the answer needs what only uv can get (a build, the machine's time zone); None if known."""

    @property
    def state(self) -> Literal["fresh", "stale", "undecided"]:
        if self.differences:
            return "stale"
        return "undecided" if self.undecided else "fresh"


def lock_verdict(lock: Lock, root: Pyproject, members: Mapping[str, Pyproject]) -> LockVerdict:
    """The verdict for uv.lock against the root pyproject.toml and the available members'.

    `members` maps the directory (relative to the root) of each workspace member or path
    dependency whose pyproject.toml is available to its parsed form; the others are not judged.
    """
    ws, projects = check.workspace(lock, root, members)
    root_name = root.name or "(workspace root)"
    reasons: list[str] = []

    def guarded(found: Callable[[], Iterable[Difference]]) -> list[LockDifference]:
        try:
            return [check.wrap(d, root_name, ".") for d in found()]
        except settings.Undecided as exc:
            reasons.append(str(exc))
            return []

    in_workspace = {p.directory: p.pyproject for p in projects if p.in_workspace}
    complete = set(lock.manifest.members) <= {p.name for p in in_workspace.values()} | {root.name}
    root_project = Project(root, ".", True, True)
    out = check.structure(ws, projects)
    out += guarded(lambda: settings.options(lock, root))
    out += guarded(lambda: settings.exclude_newer(lock, root))
    out += guarded(lambda: settings.conflicts(lock, root, in_workspace, complete))
    out += guarded(lambda: settings.environments(lock, root))
    out += guarded(lambda: manifest.compare(ws, root_project))
    out += guarded(lambda: settings.dependency_metadata(lock, root))
    out += check.packages(ws, projects)
    out += guarded(lambda: settings.indexes(lock, root, in_workspace))
    reasons += [r for r in (check.unseen_members(ws), *(check.undecided(p, ws) for p in projects)) if r]
    return LockVerdict(tuple(out), reasons[0] if reasons else None)


def member_paths(lock: Lock, root: Pyproject) -> tuple[str, ...]:
    """The directories (relative to the root) whose pyproject.toml `lock_verdict` wants in
    `members`: the lock's local packages and the literal workspace member entries. A loader that
    also expands the glob entries on disk lets the check see members added through a glob."""
    return check.member_paths(lock, root)


def check_lock(lock: Lock, root: Pyproject, members: Mapping[str, Pyproject]) -> tuple[LockDifference, ...]:
    """Every difference that makes the lock stale (`lock_verdict(...).differences`): empty for a
    fresh lock and for an undecided one."""
    return lock_verdict(lock, root, members).differences


def is_stale(lock: Lock, root: Pyproject, members: Mapping[str, Pyproject]) -> bool:
    """Whether `uv lock --check` would find the lock out of date (as far as can be told statically)."""
    return bool(check_lock(lock, root, members))
