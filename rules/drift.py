"""UVA201-UVA203: does requirements.txt list what uv.lock locks, and nothing else?

They share one computation: the requirement lines of requirements.txt against the versions uv.lock
locks and the entries the export engine computes (rules never walk the lock themselves).
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import InvalidVersion, Version

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.mlflow import RUNTIME, export_command
from auditor.reqfile import ReqLine
from auditor.rule import rule
from rules import examples
from rules.common import intended

NEEDS = (t.LOCK, t.PYPROJECT, t.REQUIREMENTS)


def same_version(a: str | None, b: str | None) -> bool:
    try:
        return a is not None and b is not None and Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def locked_versions(target: t.Target, name: str) -> list[str]:
    assert target.lock is not None
    return [p.version for p in target.lock.by_name(name) if p.version is not None]


def named_lines(target: t.Target) -> Iterator[ReqLine]:
    """The named (non-local) requirement lines."""
    assert target.requirements is not None
    for line in target.requirements.lines:
        if line.name is not None and line.requirement is not None:
            yield line


def regenerate_command(ctx: AuditContext) -> str:
    """The command that writes the audited file from the lock: MLflow's `uv export` for
    requirements.txt, uv's pylock export for pylock.toml."""
    cfg = ctx.config
    name = ctx.target.requirements_name
    if not name.endswith(".toml"):
        return export_command(cfg.groups, cfg.extras, cfg.only_groups)
    options = [*(f"--group {g}" for g in cfg.groups), *(f"--only-group {g}" for g in cfg.only_groups)]
    options += [f"--extra {e}" for e in cfg.extras]
    return " ".join(["uv export --frozen --no-dev --format pylock.toml", *options, f"-o {name}"])


def regenerate_fix(ctx: AuditContext) -> str:
    return f"Regenerate it from the lock: `{regenerate_command(ctx)}`."


@rule("UVA201", "version-drift", Severity.ERROR, NEEDS, {"LOCK": examples.six()})
def version_drift(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """requirements.txt pins a version that uv.lock does not lock.

    Why: serving installs requirements.txt; when its pins drift from uv.lock (hand edits, a model
    logged from an interpreter outside the project), the model runs on versions it was never
    trained or tested with.

    Fires when: a `==`/`===` pin names a version that no uv.lock entry of that package has (in a
    fork lock, any of the locked versions matches).

    Fix: regenerate requirements.txt from the lock (MLflow's own `uv export` command) or log the
    model again from the project with uv on PATH.

    Failing example:

        {LOCK}
        --- requirements.txt
        six==1.15.0

    Passing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0
    """
    for line in named_lines(target):
        pinned = line.pinned_version
        assert line.name is not None
        locked = locked_versions(target, line.name)
        if pinned is None or not locked or any(same_version(pinned, v) for v in locked):
            continue
        yield version_drift.finding(
            target,
            t.REQUIREMENTS,
            f"{target.requirements_name} pins {line.name}=={pinned} but uv.lock locks {' or '.join(locked)}",
            package=line.name,
            line=line.line,
            expected=" or ".join(locked),
            actual=pinned,
            fix=regenerate_fix(ctx),
        )


@rule("UVA202", "missing-requirement", Severity.ERROR, NEEDS, {"LOCK3": examples.SIX_TQDM})
def missing_requirement(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package the intended export would list is absent from requirements.txt.

    Why: the serving environment installs requirements.txt; a package uv.lock says the model
    needs but requirements.txt lacks is missing at inference time (ImportError on load).

    Fires when: the export engine, for the intended selection (core dependencies plus the
    configured groups and extras), lists a package that requirements.txt does not name. The
    project and workspace members themselves are never reported. When requirements.txt was not
    produced from the lock at all (UVA602), that single finding replaces these.

    Fix: regenerate requirements.txt from the lock with the groups and extras the model needs.

    Failing example:

        {LOCK3}
        --- requirements.txt
        six==1.16.0
        tqdm==4.67.1

    Passing example:

        {LOCK3}
        --- requirements.txt
        colorama==0.4.6 ; sys_platform == 'win32'
        six==1.16.0
        tqdm==4.67.1
    """
    from rules.mlflow import is_inferred

    if is_inferred(target, ctx):
        return
    assert target.requirements is not None
    present = {line.name for line in target.requirements.lines if line.name}
    reported: set[str] = set()
    for entry in ctx.export(ctx.intended_selection()).entries:
        if entry.local or entry.name in present or entry.name in reported:
            continue
        reported.add(entry.name)
        marker = f" ; {entry.marker}" if entry.marker else ""
        yield missing_requirement.finding(
            target,
            t.REQUIREMENTS,
            f"uv.lock exports {entry.name}=={entry.version}{marker} for the intended selection but "
            f"{target.requirements_name} does not list it",
            package=entry.name,
            expected=f"{entry.name}=={entry.version}",
            fix=regenerate_fix(ctx),
        )


def _reachable(ctx: AuditContext) -> set[str]:
    return {e.name for e in ctx.export_everything().entries}


@rule("UVA203", "unlocked-requirement", Severity.ERROR, NEEDS, {"LOCK": examples.six()})
def unlocked_requirement(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """requirements.txt names a package that uv.lock's graph does not reach.

    Why: the package was added by hand or inferred from imports; no lock pins it, so a uv
    restore (`uv sync --frozen`) will not install it and requirements.txt and the lock describe
    different environments.

    Fires when: a requirement names a package that no path from the project (any group, any
    extra, any workspace member) reaches in uv.lock. mlflow, mlflow-skinny, mlflow-tracing and
    cloudpickle, which MLflow adds itself, are UVA601's concern.

    Fix: add the package to pyproject.toml (`uv add NAME`), run `uv lock`, and regenerate
    requirements.txt; or remove the line.

    Failing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0
        requests==2.32.3

    Passing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0
    """
    exported = {e.name for e in intended(ctx)}
    outside = [line for line in named_lines(target) if line.name not in exported and line.name not in RUNTIME]
    reachable = _reachable(ctx) if outside else set()  # the whole lock's export only when needed
    seen: set[str] = set()
    for line in outside:
        assert line.name is not None
        if line.name in reachable or line.name in seen:
            continue
        seen.add(line.name)
        yield unlocked_requirement.finding(
            target,
            t.REQUIREMENTS,
            f"{target.requirements_name} lists {line.text} but uv.lock does not lock {line.name} for this project: "
            f"a uv restore will not install it",
            package=line.name,
            line=line.line,
            actual=line.text,
            fix=f"`uv add {line.name}` in the project (then `uv lock` and regenerate requirements.txt), "
            f"or remove the line.",
        )


RULES = (version_drift, missing_requirement, unlocked_requirement)
