"""audit(target, config) -> findings: run every rule, apply severities, and set aside what the
configuration or an inline comment suppresses (kept, with what suppressed it)."""

from __future__ import annotations

from auditor import memo
from auditor import target as t
from auditor.config import PYPROJECT_RANK, Config, disabled_by
from auditor.context import AuditContext, ExportUnavailable
from auditor.findings import Finding, Suppressed, Suppressor
from auditor.frozen import frozen, replace
from auditor.redaction import redact_target_report
from auditor.report import SelectionInfo, TargetReport
from auditor.rule import Rule


@frozen
class Outcome:
    findings: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...]


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
        import traceback  # with linecache, tokenize and textwrap: ~3 ms a cold start need not pay

        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [
            rule.finding(
                target,
                None,
                f"internal error in {rule.code} ({type(exc).__name__}: {exc} at "
                f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}); please report it",
            )
        ]


def _lines_rule(rule: Rule) -> bool:
    """The requirement-line rules (UVA2xx, UVA3xx) that audit pylock.toml too (SPEC §2)."""
    return t.REQUIREMENTS in rule.needs and rule.code.startswith(("UVA2", "UVA3"))


def _findings(target: t.Target, config: Config, rules: tuple[Rule, ...]) -> tuple[list[Finding], list[Suppressed]]:
    """Every rule runs (a disabled one too, so that what it would report stays visible); the
    requirement-line rules run once more on pylock.toml when there is one."""
    ctx = AuditContext(config, target)
    pylock = target.as_pylock()
    pylock_ctx = AuditContext(config, pylock) if pylock is not None else None
    ignores = _ignored_lines(target) if config.inline_ignores else {}
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    for rule in rules:
        rank = disabled_by(config, rule.code, rule.name)
        by = None if rank is None else Suppressor.TARGET_CONFIG if rank == PYPROJECT_RANK else Suppressor.OPTIONS
        found = _run(rule, target, ctx)
        if pylock is not None and pylock_ctx is not None and _lines_rule(rule):
            found += _run(rule, pylock, pylock_ctx)
        for finding in found:
            severity = config.severity.get(finding.rule)
            finding = replace(finding, severity=severity) if severity is not None else finding
            if by is None and _inline_ignored(finding, target, ignores):
                suppressed.append(Suppressed(finding, Suppressor.INLINE))
            elif by is not None:
                suppressed.append(Suppressed(finding, by))
            else:
                kept.append(finding)
    return kept, suppressed


def audit(target: t.Target, config: Config, rules: tuple[Rule, ...]) -> Outcome:
    """The findings, and those the configuration suppressed, each sorted; memoised across targets
    whose contents are the same (auditor.memo)."""
    kept, suppressed = memo.outcome(target, (repr(config), rules), lambda copy: _findings(copy, config, rules))
    return Outcome(kept, suppressed)


def target_report(target: t.Target, config: Config, rules: tuple[Rule, ...]) -> TargetReport:
    """The target's report, every value from its files redacted (`***`) before any renderer sees it."""
    outcome = audit(target, config, rules)
    report = TargetReport(
        path=target.path,
        artifacts={name: target.present(name) for name in t.ARTIFACTS},
        selection=SelectionInfo(
            groups=config.only_groups or config.groups,
            extras=config.extras,
            source=config.selection_source,
            only_groups=bool(config.only_groups),
        ),
        findings=outcome.findings,
        suppressed=outcome.suppressed,
        fail_on=config.fail_on,
    )
    return redact_target_report(report, (s.value for s in target.secrets))
