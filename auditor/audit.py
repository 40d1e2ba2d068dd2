"""Audit one assembled target: resolve its configuration, run every rule of the registry.

Pure (no disk): `auditor.parallel` loads targets from the disk and calls `audit_target`,
`auditor.api.audit_files` assembles one from bytes. A target's own `[tool.uv-audit]` never stops
the run: when it is invalid, that is the target's UVA004 (file and line) and the target is audited
with the command line's settings.
"""

from __future__ import annotations

from auditor import config as cfg
from auditor.artifacts import PYPROJECT
from auditor.engine import target_report
from auditor.frozen import replace
from auditor.options import Options
from auditor.report import TargetReport
from auditor.target import Problem, Target
from rules import ALL_RULES

CATALOG = cfg.catalog(ALL_RULES)
"""Every rule code and name, for validating configuration."""


def check_options(options: Options, environ: cfg.Overrides) -> None:
    """Validate the command line and environment before touching the disk (UsageError: exit 2)."""
    cfg.resolve(None, environ, options, CATALOG)


def configure(target: Target, options: Options, environ: cfg.Overrides) -> tuple[cfg.Config, Target]:
    """The target's configuration, and the target with a UVA004 problem when its own
    `[tool.uv-audit]` is invalid (then ignored)."""
    pyproject = target.pyproject
    if options.isolated or pyproject is None or pyproject.tool_uv_audit is None:
        config = cfg.resolve(None, environ, options, CATALOG)
        return (replace(config, inline_ignores=False) if options.isolated else config), target
    where = "[tool.uv-audit]"
    try:
        return cfg.resolve(pyproject.tool_uv_audit, environ, options, CATALOG, where), target
    except cfg.ConfigError as exc:
        line = pyproject.lines.get(f"tool.uv-audit.{exc.key}") or pyproject.lines.get("tool.uv-audit")
        message = f"pyproject.toml: {exc}; the target is audited with the command line's settings"
        problem = Problem(target.file(PYPROJECT) or target.path, line, message)
        config = cfg.resolve(None, environ, options, CATALOG)
        return config, replace(target, problems=(*target.problems, problem))


def audit_target(target: Target, options: Options, environ: cfg.Overrides) -> TargetReport:
    """The report of one target (its findings redacted)."""
    config, target = configure(target, options, environ)
    return target_report(target, config, ALL_RULES)
