"""The one call from the gate into the audit: `audit_model_version(uri, settings) -> AuditVerdict`.

Built on `auditor.remote.remote_targets` and `auditor.parallel.audit_candidate` with `--isolated` (always,
in the gate): the audited model's own `[tool.uv-audit]` and `# uv-audit: ignore[...]` comments are
not applied, so a model cannot switch its gate off. Blocking (network, then CPU); never raises.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.frozen import field, frozen, replace
from auditor.report import Report
from auditor.serve import tags
from auditor.serve.settings import AuditSettings


@frozen
class AuditVerdict:
    status: str
    """`pass`, `fail` (a finding at or above fail-on) or `error` (the version could not be audited)."""
    summary: str
    """Redacted, within the tag value limit."""
    counts: Mapping[str, int] = field(default_factory=dict)


def audit_model_version(uri: str, settings: AuditSettings) -> AuditVerdict:
    """Fetch the metadata files of `uri` (`models:/<name>/<version>`) from the tracking server and
    audit them with the server's options (`--isolated` unless the settings say otherwise)."""
    from auditor.parallel import audit_candidate
    from auditor.remote import remote_targets
    from rules import ALL_RULES

    options = replace(settings.options, jobs=1, progress=False, isolated=settings.isolated)
    try:
        with remote_targets((uri,), options) as remote:
            if remote.errors or not remote.candidates:
                return AuditVerdict("error", tags.error_summary(uri, "; ".join(remote.errors) or "no model files"))
            audited = [audit_candidate(candidate, options, settings.environment) for candidate in remote.candidates]
    except Exception as exc:  # a gate reports what it could not read; it never crashes the server
        return AuditVerdict("error", tags.error_summary(uri, f"{type(exc).__name__}: {exc}"))
    report = Report(targets=tuple(audited), rules=ALL_RULES)
    fail_on = audited[-1].fail_on
    counts = report.summary()
    status = "fail" if report.failed else "pass"
    prefix = f"{audited[0].path}/" if len(audited) == 1 else ""
    return AuditVerdict(status, tags.summary(status, counts, fail_on, report.findings, prefix, uri), counts)
