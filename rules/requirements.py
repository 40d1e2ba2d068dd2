"""UVA201-UVA206: does requirements.txt say what uv.lock locks?

They share one computation: the requirement lines of requirements.txt against the versions uv.lock
locks and the entries the export engine computes (rules never walk the lock themselves).
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import InvalidVersion, Version

from auditor import target as t
from auditor.context import AuditContext
from auditor.export import ExportEntry, MarkerError, markers_equivalent
from auditor.findings import Finding, Severity
from auditor.fixes import export_command
from auditor.requirements import MLFLOW_RUNTIME, ReqLine
from auditor.rule import rule

NEEDS = (t.LOCK, t.PYPROJECT, t.REQUIREMENTS)
_LOCK = """\
        --- uv.lock
        version = 1
        revision = 3
        requires-python = ">=3.10"

        [[package]]
        name = "demo"
        version = "0.1.0"
        source = { virtual = "." }
        dependencies = [{ name = "six" }]

        [package.metadata]
        requires-dist = [{ name = "six", specifier = ">=1.16" }]

        [[package]]
        name = "six"
        version = "1.16.0"
        source = { registry = "https://pypi.org/simple" }
        sdist = { url = "https://files.pythonhosted.org/six-1.16.0.tar.gz", hash = "sha256:1e61c374" }
        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.10"
        dependencies = ["six>=1.16"]
"""


_LOCK3 = """\
--- uv.lock
version = 1
revision = 3
requires-python = ">=3.10"

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "six" }, { name = "tqdm" }]

[package.metadata]
requires-dist = [{ name = "six", specifier = "==1.16.0" }, { name = "tqdm", specifier = "==4.67.1" }]

[[package]]
name = "six"
version = "1.16.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "tqdm"
version = "4.67.1"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "colorama", marker = "sys_platform == 'win32'" }]
--- pyproject.toml
[project]
name = "demo"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = ["six==1.16.0", "tqdm==4.67.1"]
"""


def _same(a: str | None, b: str | None) -> bool:
    try:
        return a is not None and b is not None and Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def _locked_versions(target: t.Target, name: str) -> list[str]:
    assert target.lock is not None
    return [p.version for p in target.lock.by_name(name) if p.version is not None]


def _lines(target: t.Target) -> Iterator[ReqLine]:
    """The named (non-local) requirement lines."""
    assert target.requirements is not None
    for line in target.requirements.lines:
        if line.name is not None and line.requirement is not None:
            yield line


def _regenerate(ctx: AuditContext) -> str:
    cfg = ctx.config
    return f"Regenerate it from the lock: `{export_command(cfg.groups, cfg.extras, cfg.only_groups)}`."


@rule("UVA201", "version-drift", Severity.ERROR, NEEDS, {"LOCK": _LOCK})
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
    for line in _lines(target):
        pinned = line.pinned_version
        assert line.name is not None
        locked = _locked_versions(target, line.name)
        if pinned is None or not locked or any(_same(pinned, v) for v in locked):
            continue
        yield version_drift.finding(
            target,
            t.REQUIREMENTS,
            f"requirements.txt pins {line.name}=={pinned} but uv.lock locks {' or '.join(locked)}",
            package=line.name,
            line=line.line,
            expected=" or ".join(locked),
            actual=pinned,
            fix=_regenerate(ctx),
        )


@rule("UVA202", "missing-requirement", Severity.ERROR, NEEDS, {"LOCK3": _LOCK3})
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
            f"uv.lock exports {entry.name}=={entry.version}{marker} for the intended selection but requirements.txt "
            f"does not list it",
            package=entry.name,
            line=entry.package.line,
            expected=f"{entry.name}=={entry.version}",
            fix=_regenerate(ctx),
        )


def _reachable(ctx: AuditContext) -> set[str]:
    return {e.name for e in ctx.export_everything().entries}


@rule("UVA203", "unlocked-requirement", Severity.ERROR, NEEDS, {"LOCK": _LOCK})
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
    reachable = _reachable(ctx)
    seen: set[str] = set()
    for line in _lines(target):
        assert line.name is not None
        if line.name in reachable or line.name in MLFLOW_RUNTIME or line.name in seen:
            continue
        seen.add(line.name)
        yield unlocked_requirement.finding(
            target,
            t.REQUIREMENTS,
            f"requirements.txt lists {line.text} but uv.lock does not lock {line.name} for this project: "
            f"a uv restore will not install it",
            package=line.name,
            line=line.line,
            actual=line.text,
            fix=f"`uv add {line.name}` in the project (then `uv lock` and regenerate requirements.txt), "
            f"or remove the line.",
        )


@rule("UVA204", "unpinned-requirement", Severity.WARNING, NEEDS, {"LOCK": _LOCK})
def unpinned_requirement(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A requirement is not pinned to one version.

    Why: an unpinned requirement installs whatever is newest on the day the model is served,
    not what it was trained with; a URL without a hash can change under the same name.

    Fires when: a requirement does not use `==`/`===` with a full version, or is a direct URL
    without a `--hash`. Local lines (`-e ./member`, `./dir`) are UVA501's concern.

    Fix: regenerate requirements.txt from uv.lock (uv export pins every package).

    Failing example:

        {LOCK}
        --- requirements.txt
        six>=1.16

    Passing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0
    """
    for line in _lines(target):
        assert line.requirement is not None and line.name is not None
        if line.requirement.url:
            if line.hashes or "#sha256=" in line.requirement.url or "@" in line.requirement.url.rsplit("/", 1)[-1]:
                continue
            message = f"{line.name} comes from a URL without a hash: what it installs can change"
        elif line.pinned_version is None:
            message = f"`{line.text}` is not pinned to one version"
        else:
            continue
        yield unpinned_requirement.finding(
            target,
            t.REQUIREMENTS,
            message,
            package=line.name,
            line=line.line,
            expected=_pin_of(target, line.name),
            actual=line.text,
            fix=_regenerate(ctx),
        )


def _pin_of(target: t.Target, name: str) -> str | None:
    versions = _locked_versions(target, name)
    return f"{name}=={versions[0]}" if len(versions) == 1 else None


def _reference(ctx: AuditContext, name: str, version: str) -> list[ExportEntry]:
    """The export entries a pinned line should agree with: MLflow's export for the intended
    selection first, else any path through the lock."""
    for result in (ctx.export(ctx.mlflow_selection()), ctx.export_everything()):
        found = [e for e in result.entries if e.name == name and _same(e.version, version)]
        if found:
            return found
    return []


@rule("UVA205", "marker-drift", Severity.WARNING, NEEDS, {"LOCK": _LOCK})
def marker_drift(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A requirement's environment marker differs in meaning from the lock's.

    Why: the marker decides on which platforms and Pythons a package is installed; when it
    selects other environments than uv.lock's export marker, the package is missing where it is
    needed or installed where it breaks.

    Fires when: the marker of a pinned requirement selects a different set of environments than
    the export marker uv computes for that package (compared by meaning within the lock's
    requires-python: quote style, `python_version` vs `python_full_version` and ordering do not
    count).

    Fix: regenerate requirements.txt from uv.lock.

    Failing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0; sys_platform == "win32"

    Passing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0
    """
    assert target.lock is not None
    requires_python = target.lock.requires_python
    for line in _lines(target):
        assert line.requirement is not None and line.name is not None
        version = line.pinned_version
        if version is None:
            continue
        entries = _reference(ctx, line.name, version)
        if not entries:
            continue
        actual = str(line.requirement.marker) if line.requirement.marker is not None else None
        try:
            if any(markers_equivalent(actual, e.marker, requires_python) for e in entries):
                continue
        except MarkerError:
            continue
        expected = entries[0].marker
        yield marker_drift.finding(
            target,
            t.REQUIREMENTS,
            f"{line.name}=={version} is marked `{actual or 'always'}` in requirements.txt but uv.lock exports it "
            f"for `{expected or 'every environment'}`",
            package=line.name,
            line=line.line,
            expected=expected,
            actual=actual,
            fix=_regenerate(ctx),
        )


@rule("UVA206", "hash-mismatch", Severity.ERROR, NEEDS, {"LOCK": _LOCK})
def hash_mismatch(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A `--hash` in requirements.txt is not one uv.lock records.

    Why: pip in hash-checking mode refuses the install, or, worse, the file was changed to point
    at different artifacts than the ones the lock verified.

    Fires when: a requirement pinned to a locked version carries a `--hash` that is not among
    uv.lock's sdist and wheel hashes for that package and version.

    Fix: regenerate requirements.txt with `uv export --frozen` (with hashes).

    Failing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0 --hash=sha256:0000

    Passing example:

        {LOCK}
        --- requirements.txt
        six==1.16.0 --hash=sha256:1e61c374
    """
    assert target.lock is not None
    for line in _lines(target):
        assert line.name is not None
        if not line.hashes or line.pinned_version is None:
            continue
        packages = [p for p in target.lock.by_name(line.name) if _same(p.version, line.pinned_version)]
        if not packages:
            continue
        known = {h for p in packages for h in p.hashes}
        unknown = [h for h in line.hashes if h not in known]
        if unknown:
            yield hash_mismatch.finding(
                target,
                t.REQUIREMENTS,
                f"{line.name}=={line.pinned_version} has {len(unknown)} hash(es) that uv.lock does not record "
                f"for that version: {', '.join(unknown[:3])}",
                package=line.name,
                line=line.line,
                expected=", ".join(sorted(known)[:3]) or None,
                actual=", ".join(unknown[:3]),
                fix="Regenerate requirements.txt with `uv export --frozen` so the hashes come from uv.lock.",
            )


RULES = (version_drift, missing_requirement, unlocked_requirement, unpinned_requirement, marker_drift, hash_mismatch)
