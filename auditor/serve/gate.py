"""The one call from the gate into the audit: `audit_model_version(uri, settings) -> AuditVerdict`.

Built on today's internals (`auditor.remote.remote_targets`, `auditor.load`, `config.resolve`,
`auditor.engine`, `auditor.report.Report`); it is the seam to re-point at the public `auditor.api`
when that lands. It does what `auditor.audit.audit_candidate` does, except that with
`settings.isolated` (always, in the gate) the audited model's own `[tool.uv-audit]` and
`# uv-audit: ignore[...]` comments are not applied: a model must not be able to switch its gate
off. Blocking (network, then CPU); never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from auditor import config as cfg
from auditor import target as t
from auditor.report import Report
from auditor.serve import tags
from auditor.serve.settings import AuditSettings


@dataclass(frozen=True)
class AuditVerdict:
    status: str
    """`pass`, `fail` (a finding at or above fail-on) or `error` (the version could not be audited)."""
    summary: str
    """Redacted, within the tag value limit."""
    counts: Mapping[str, int] = field(default_factory=dict)


def _without_inline_ignores(target: t.Target) -> t.Target:
    reqs = target.requirements
    if reqs is None or not any(line.ignores for line in reqs.lines):
        return target
    lines = tuple(replace(line, ignores=()) for line in reqs.lines)
    return replace(target, requirements=replace(reqs, lines=lines))


def audit_model_version(uri: str, settings: AuditSettings) -> AuditVerdict:
    """Fetch the metadata files of `uri` (`models:/<name>/<version>`) from the tracking server and
    audit them with the server's options."""
    from auditor.audit import CATALOG
    from auditor.engine import target_report
    from auditor.load import load_target
    from auditor.remote import remote_targets
    from rules import ALL_RULES

    options = replace(settings.options, jobs=1, progress=False)
    try:
        with remote_targets((uri,), options) as remote:
            if remote.errors or not remote.candidates:
                return AuditVerdict("error", tags.error_summary(uri, "; ".join(remote.errors) or "no model files"))
            reports = []
            fail_on = cfg.Config().fail_on
            for candidate in remote.candidates:
                target = load_target(candidate, options.max_file_size)
                table = target.pyproject.tool_uv_audit if target.pyproject is not None else None
                if settings.isolated:
                    table, target = None, _without_inline_ignores(target)
                where = f"{target.file('pyproject.toml')} [tool.uv-audit]"
                config = cfg.resolve(table, settings.environment, options, CATALOG, where)
                fail_on = config.fail_on
                reports.append(target_report(target, config, ALL_RULES))
    except Exception as exc:  # a gate reports what it could not read; it never crashes the server
        return AuditVerdict("error", tags.error_summary(uri, f"{type(exc).__name__}: {exc}"))
    report = Report(targets=tuple(reports), rules=ALL_RULES)
    counts = report.summary()
    status = "fail" if any(f.severity.rank >= fail_on.rank for f in report.findings) else "pass"
    prefix = f"{reports[0].path}/" if len(reports) == 1 else ""
    return AuditVerdict(status, tags.summary(status, counts, fail_on, report.findings, prefix, uri), counts)
