"""Audit one target: load its files, resolve its configuration, run every rule of the registry.

What a worker process runs (auditor.parallel) and what a single-process run calls directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor import config as cfg
from auditor.discover import Candidate
from auditor.engine import target_report
from auditor.findings import Severity
from auditor.load import load_target
from auditor.options import Options
from auditor.report import TargetReport
from rules import ALL_RULES

CATALOG = cfg.catalog(ALL_RULES)
"""Every rule code and name, for validating configuration."""


@dataclass(frozen=True)
class AuditedTarget:
    report: TargetReport
    fail_on: Severity


def check_options(options: Options, environ: cfg.Overrides) -> None:
    """Validate the command line and environment before touching the disk (UsageError: exit 2)."""
    cfg.resolve(None, environ, options, CATALOG)


def audit_candidate(candidate: Candidate, options: Options, environ: cfg.Overrides) -> AuditedTarget:
    """Load and audit one target."""
    target = load_target(candidate, options.max_file_size)
    table = target.pyproject.tool_uv_audit if target.pyproject is not None else None
    where = f"{target.file('pyproject.toml')} [tool.uv-audit]"
    config = cfg.resolve(table, environ, options, CATALOG, where)
    return AuditedTarget(target_report(target, config, ALL_RULES), config.fail_on)
