"""UVA204-UVA206: is each requirement pinned, marked and hashed as uv.lock says?"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.export import ExportEntry, ExportResult, MarkerError, markers_equivalent
from auditor.findings import Finding, Severity
from auditor.mlflow import export_selection
from auditor.rule import rule
from rules import examples
from rules.drift import NEEDS, locked_versions, named_lines, regenerate_fix, same_version


@rule("UVA204", "unpinned-requirement", Severity.WARNING, NEEDS, {"LOCK": examples.six()})
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
    for line in named_lines(target):
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
            fix=regenerate_fix(ctx),
        )


def _pin_of(target: t.Target, name: str) -> str | None:
    versions = locked_versions(target, name)
    return f"{name}=={versions[0]}" if len(versions) == 1 else None


def _exports(ctx: AuditContext) -> Iterator[ExportResult]:
    """MLflow's export for the intended selection, then (only if asked) the whole lock's."""
    yield ctx.export(export_selection(ctx.intended_selection()))
    yield ctx.export_everything()


def _by_name(entries: Iterable[ExportEntry]) -> dict[str, list[ExportEntry]]:
    out: dict[str, list[ExportEntry]] = {}
    for entry in entries:
        out.setdefault(entry.name, []).append(entry)
    return out


def _references(ctx: AuditContext) -> Callable[[str, str], list[ExportEntry]]:
    """For a pinned line (name, version), the export entries it should agree with: MLflow's
    export for the intended selection first, else any path through the lock. Each export is
    computed when first needed and indexed by name once."""
    results = _exports(ctx)
    indexes: list[dict[str, list[ExportEntry]]] = []

    def find(name: str, version: str) -> list[ExportEntry]:
        at = 0
        while True:
            if at == len(indexes):
                result = next(results, None)
                if result is None:
                    return []
                indexes.append(_by_name(result.entries))
            found = [e for e in indexes[at].get(name, ()) if same_version(e.version, version)]
            if found:
                return found
            at += 1

    return find


def _alike(actual: str | None, exported: str | None) -> bool:
    """The same marker text, or the same but for `"` where `actual` has no `'` (then its values
    hold no quote and only their delimiters differ): the parser reads both alike, so this is
    `markers_equivalent`'s answer (or both raise MarkerError: no finding either way) without
    the marker algebra. requirements.txt quotes with `"` (packaging), the export with `'`."""
    if actual == exported:
        return True
    return actual is not None and exported is not None and "'" not in actual and actual.replace('"', "'") == exported


@rule("UVA205", "marker-drift", Severity.WARNING, NEEDS, {"LOCK": examples.six()})
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
    reference = _references(ctx)
    for line in named_lines(target):
        assert line.requirement is not None and line.name is not None
        version = line.pinned_version
        if version is None:
            continue
        entries = reference(line.name, version)
        if not entries:
            continue
        actual = str(line.requirement.marker) if line.requirement.marker is not None else None
        try:
            if any(_alike(actual, e.marker) or markers_equivalent(actual, e.marker, requires_python) for e in entries):
                continue
        except MarkerError:
            continue
        expected = entries[0].marker
        yield marker_drift.finding(
            target,
            t.REQUIREMENTS,
            f"{line.name}=={version} is marked `{actual or 'always'}` in {target.requirements_name} but uv.lock "
            f"exports it for `{expected or 'every environment'}`",
            package=line.name,
            line=line.line,
            expected=expected,
            actual=actual,
            fix=regenerate_fix(ctx),
        )


@rule("UVA206", "hash-mismatch", Severity.ERROR, NEEDS, {"LOCK": examples.six()})
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
    for line in named_lines(target):
        assert line.name is not None
        if not line.hashes or line.pinned_version is None:
            continue
        packages = [p for p in target.lock.by_name(line.name) if same_version(p.version, line.pinned_version)]
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
                fix=f"Regenerate {target.requirements_name} with `uv export --frozen` so the hashes come from uv.lock.",
            )


RULES = (unpinned_requirement, marker_drift, hash_mismatch)
