"""audit(target, config) -> findings: run every enabled rule, apply severities and inline ignores."""

from __future__ import annotations

import traceback
from dataclasses import replace

from auditor import target as t
from auditor.config import Config, enabled
from auditor.context import AuditContext, ExportUnavailable
from auditor.findings import Finding
from auditor.report import SelectionInfo, TargetReport
from auditor.rule import Rule
from auditor.secrets import redact_target_report


def _ignored_lines(target: t.Target) -> dict[int, tuple[str, ...]]:
    if target.requirements is None:
        return {}
    return {line.line: line.ignores for line in target.requirements.lines if line.ignores}


def _inline_ignored(finding: Finding, target: t.Target, ignores: dict[int, tuple[str, ...]]) -> bool:
    if not ignores or finding.line is None or finding.file != target.file(t.REQUIREMENTS):
        return False
    codes = ignores.get(finding.line, ())
    return any(finding.rule.startswith(c.upper()) or c == finding.name for c in codes if c)


def _run(rule: Rule, target: t.Target, ctx: AuditContext) -> list[Finding]:
    try:
        return list(rule.run(target, ctx))
    except ExportUnavailable:
        return []
    except Exception as exc:  # a rule bug must not hide the other findings or print a traceback
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            rule.finding(
                target,
                None,
                f"internal error in {rule.code} ({type(exc).__name__}: {exc} at "
                f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}); please report it",
            )
        ]


def audit(target: t.Target, config: Config, rules: tuple[Rule, ...]) -> tuple[Finding, ...]:
    ctx = AuditContext(config, target)
    findings: list[Finding] = []
    for rule in rules:
        if enabled(config, rule.code, rule.name):
            findings.extend(_run(rule, target, ctx))
    ignores = _ignored_lines(target)
    out = []
    for finding in findings:
        if _inline_ignored(finding, target, ignores):
            continue
        severity = config.severity.get(finding.rule)
        out.append(replace(finding, severity=severity) if severity is not None else finding)
    return tuple(sorted(out, key=Finding.sort_key))


def target_report(target: t.Target, config: Config, rules: tuple[Rule, ...]) -> TargetReport:
    """The target's report, every value from its files redacted (`***`) before any renderer sees it."""
    report = TargetReport(
        path=target.path,
        artifacts={name: target.present(name) for name in t.ARTIFACTS},
        selection=SelectionInfo(
            groups=config.only_groups or config.groups,
            extras=config.extras,
            source=config.selection_source,
            only_groups=bool(config.only_groups),
        ),
        findings=audit(target, config, rules),
    )
    return redact_target_report(report, (s.value for s in target.secrets))
