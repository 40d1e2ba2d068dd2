"""UVA101-UVA103: does uv.lock still describe pyproject.toml?"""

from __future__ import annotations

import os
from collections.abc import Iterator

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.lockcheck import LockDifference, check_lock
from auditor.rule import Rule, rule
from rules import examples
from rules.common import afterwards


def lock_fix(target: t.Target) -> str:
    if target.kind == "model":
        return "Run `uv lock` in the project, then log the model again (or regenerate requirements.txt)."
    return "Run `uv lock` and commit uv.lock (and regenerate a committed requirements.txt)."


_DIFFERENCES: dict[tuple[int, ...], tuple[object, tuple[LockDifference, ...]]] = {}


def _differences(target: t.Target) -> tuple[LockDifference, ...]:
    """check_lock once per distinct (lock, pyproject, members): the loader hands out one parsed
    object per file content, so thousands of models that share files share this result."""
    assert target.lock is not None and target.pyproject is not None
    parts = (target.lock, target.pyproject, *(target.members[k] for k in sorted(target.members)))
    key = tuple(id(p) for p in parts)
    hit = _DIFFERENCES.get(key)
    if hit is None:
        if len(_DIFFERENCES) >= 8:
            _DIFFERENCES.clear()
        # the parsed objects are kept with the result, so their ids cannot be reused meanwhile
        hit = _DIFFERENCES[key] = (parts, check_lock(target.lock, target.pyproject, target.members))
    return hit[1]


NEEDS = (t.LOCK, t.PYPROJECT)
STALE = {"FAILING": examples.project(dependencies='["six>=1.16"]'), "PASSING": examples.project()}
PYTHON = {"FAILING": examples.project(requires_python=">=3.11"), "PASSING": examples.project()}


def _from_diff(
    rule_: Rule, target: t.Target, diff: LockDifference, message: str, package: str | None = None
) -> Finding:
    """The finding for one difference between pyproject.toml (or a member's) and the lock."""
    file = os.path.join(target.path, diff.file)
    return rule_.finding(target, None, message, package=package, line=diff.line, file=file, fix=lock_fix(target),
                         expected=diff.pyproject, actual=diff.lock)  # fmt: skip


@rule("UVA101", "stale-lock", Severity.ERROR, NEEDS, STALE)
def stale_lock(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """pyproject.toml changed after uv.lock was resolved.

    Why: `uv export --frozen` (what MLflow runs) and `uv sync --frozen` (what a uv restore runs)
    use the lock as it is and never notice that pyproject.toml moved on: the model is served
    with the old dependencies. `uv lock --check` (or `--locked`) fails on such a lock.

    Fires when: a requirement in `dependencies`, `optional-dependencies`, `dependency-groups` or
    legacy `tool.uv.dev-dependencies` is added, removed or changed (specifier, marker, extras)
    relative to what uv.lock recorded (`[package.metadata]` requires-dist / requires-dev), the
    static `version` of the project or a workspace member differs from the locked one, a member
    was added or removed, uv.lock has no `[package.metadata]` for a project with requirements, or
    a `[tool.uv]` input uv records differs: `constraint-dependencies`, `override-dependencies`,
    `build-constraint-dependencies`, `exclude-dependencies`, `dependency-metadata`,
    `resolution`, `prerelease`, `exclude-newer`, `fork-strategy`, `conflicts`, `environments`,
    `required-environments`, `default-groups`, a group's `requires-python`, or an index /
    `find-links` no longer serving a locked package. One finding per difference.
    When only uv could tell (dynamic `dependencies` it must build the project to read, a member
    directory the artifacts lack), the check is undecided and the rule does not fire.

    Fix: run `uv lock`, commit the lock, and log the model again.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    root = target.pyproject.name if target.pyproject is not None else None
    for diff in _differences(target):
        if diff.section == "requires-python":
            continue  # UVA103's finding
        where = diff.file if diff.member == root else f"{diff.file} (member {diff.member})"
        if diff.change == "added":
            message = f"`{diff.pyproject}` is in {diff.section} of {where} but not in uv.lock"
        elif diff.change == "removed":
            message = f"uv.lock was resolved with `{diff.lock}` in {diff.section}, which {where} no longer has"
        else:
            message = f"{diff.section} of {where} says `{diff.pyproject}`, uv.lock was resolved from `{diff.lock}`"
        yield _from_diff(stale_lock, target, diff, f"{message}: the lock is stale", diff.package)


def _versions(target: t.Target, name: str) -> list[Version]:
    assert target.lock is not None
    out = []
    for package in target.lock.by_name(name):
        try:
            out.append(Version(package.version or ""))
        except InvalidVersion:
            continue
    return out


@rule(
    "UVA102",
    "lock-unsatisfied",
    Severity.ERROR,
    (t.LOCK, t.PYPROJECT),
    {"FAILING": examples.six(">=1.17"), "PASSING": examples.six(">=1.16")},
)
def lock_unsatisfied(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A locked version does not satisfy the specifier pyproject.toml gives for it.

    Why: the environment restored from uv.lock then contradicts what the project declares,
    usually because someone edited pyproject.toml (or uv.lock) by hand after locking.

    Fires when: a requirement of pyproject.toml (dependencies, extras or groups) has a version
    specifier and no version of that package in uv.lock satisfies it.

    Fix: run `uv lock` (or `uv lock --upgrade-package NAME`) and log the model again.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    assert target.pyproject is not None
    project = target.pyproject
    entries = [*project.dependencies, *(r for reqs in project.optional_dependencies.values() for r in reqs)]
    entries += [r for group in project.dependency_groups for r in project.group_requirements(group)]
    entries += list(project.tool_uv.dev_dependencies or ())
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        specifier: SpecifierSet = entry.requirement.specifier
        if not str(specifier) or entry.requirement.url or (entry.name, str(specifier)) in seen:
            continue
        seen.add((entry.name, str(specifier)))
        versions = _versions(target, entry.name)
        if not versions or any(specifier.contains(v, prereleases=True) for v in versions):
            continue
        locked = ", ".join(str(v) for v in versions)
        message = f"pyproject.toml asks for `{entry.raw}` but uv.lock locks {entry.name} {locked}"
        fix = f"Run `uv lock --upgrade-package {entry.name}` in the project, then {afterwards(target)}."
        expected = f"{entry.name}{specifier}"
        yield lock_unsatisfied.finding(target, t.PYPROJECT, message, package=entry.name, line=entry.line, fix=fix,
                                       expected=expected, actual=locked)  # fmt: skip


@rule("UVA103", "requires-python-mismatch", Severity.ERROR, NEEDS, PYTHON)
def requires_python_mismatch(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """pyproject.toml's `requires-python` differs from uv.lock's.

    Why: uv resolved the lock for a different range of Python versions than the project now
    declares; markers and wheels in the lock may not cover the interpreters the project admits,
    and `uv sync --locked` fails.

    Fires when: `requires-python` of pyproject.toml (intersected over workspace members, as uv
    does) is not the range uv.lock records.

    Fix: run `uv lock` and log the model again.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    for diff in _differences(target):
        if diff.section != "requires-python":
            continue
        message = f"requires-python is `{diff.pyproject}` in {diff.file} but uv.lock was resolved for `{diff.lock}`"
        yield _from_diff(requires_python_mismatch, target, diff, message)


RULES = (stale_lock, lock_unsatisfied, requires_python_mismatch)
