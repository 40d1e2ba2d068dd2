"""The one call from the gate into the audit: `audit_model_version(uri, settings) -> AuditVerdict`.

Built on today's internals (`auditor.remote.remote_targets`, the config layers, `auditor.engine`,
`auditor.report.Report`); it is the seam to re-point at the public `auditor.api` when that lands.
It does what `auditor.run.audit_candidate` does, except that with `settings.isolated` (always, in
the gate) the audited model's own `[tool.uv-audit]` and `# uv-audit: ignore[...]` comments are not
applied: a model must not be able to switch its gate off. Blocking (network, then CPU); never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from auditor import config as cfg
from auditor import target as t
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
    from auditor.engine import target_report
    from auditor.load import load_target
    from auditor.remote import RemoteOptions, remote_targets
    from auditor.report import Report
    from auditor.run import RunOptions
    from rules import ALL_RULES

    run = RunOptions(
        paths=(uri,),
        jobs=1,
        progress=False,
        max_file_size=settings.max_file_size,
        remote=RemoteOptions(tracking_uri=settings.tracking_uri),
    )
    try:
        with remote_targets(run) as remote:
            if remote.errors or not remote.candidates:
                return AuditVerdict("error", tags.error_summary(uri, "; ".join(remote.errors) or "no model files"))
            reports = []
            fail_on = cfg.Config().fail_on
            for candidate in remote.candidates:
                target = load_target(candidate, settings.max_file_size)
                config = cfg.Config()
                if not settings.isolated:
                    table = target.pyproject.tool_uv_audit if target.pyproject is not None else None
                    where = f"{target.file('pyproject.toml')} [tool.uv-audit]"
                    config = cfg.apply(config, cfg.from_pyproject(table, where), "pyproject", where)
                else:
                    target = _without_inline_ignores(target)
                config = cfg.apply(config, settings.environment, "environment", "environment")
                config = cfg.apply(config, settings.overrides, "cli", "command line")
                fail_on = config.fail_on
                reports.append(target_report(target, config, ALL_RULES))
    except Exception as exc:  # a gate reports what it could not read; it never crashes the server
        return AuditVerdict("error", tags.error_summary(uri, f"{type(exc).__name__}: {exc}"))
    report = Report(targets=tuple(reports))
    counts = report.summary()
    status = "fail" if report.fails(fail_on) else "pass"
    prefix = f"{reports[0].path}/" if len(reports) == 1 else ""
    return AuditVerdict(status, tags.summary(status, counts, fail_on, report.findings, prefix, uri), counts)
