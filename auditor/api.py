"""The Python API: the audit as a library (SPEC §7). Nothing else of `auditor` is public.

    from auditor.api import audit_paths

    report = audit_paths(["mlruns/"], groups=("serve",), isolated=True)
    if report.failed:
        for target in report.targets:
            for finding in target.findings:
                print(target.path, finding.rule, finding.package, finding.message)

`audit_paths(paths, **options)` discovers and audits every target below local paths and MLflow
URIs (`runs:/...`, `models:/...`, with the `mlflow` extra) and returns the `Report` the command
line renders. `options` are the fields of `Options`, the command line's options by their Python
names (`fail_on`, `groups`, `only_groups`, `extras`, `all_extras`, `select`, `ignore`,
`severity`, `python_platform`, `python_version`, `serving_mlflow`, `isolated`, `max_file_size`,
`max_depth`, `jobs`, `progress`, `tracking_uri`, `experiments`, `max_results`,
`registered_models`, `alias`); `environ` stands for the process environment (MLFLOW_UV_*).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from auditor import config as cfg
from auditor.audit import check_options
from auditor.discover import Candidate, Skipped, discover
from auditor.findings import Finding, Severity, Suppressed
from auditor.options import Options
from auditor.parallel import audit_parallel
from auditor.remote import remote_targets
from auditor.report import Report, TargetReport
from auditor.secrets import redact
from rules import ALL_RULES

__all__ = ["Finding", "Options", "Report", "Severity", "Suppressed", "TargetReport", "audit_paths"]


def audit_paths(
    paths: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
    root: str | None = None,
    **options: Any,
) -> Report:
    """Audit every target below `paths`. Raises `auditor.errors.UsageError` for a bad option,
    a path that does not exist or a directory with no target (the command line's exit 2)."""
    settings = options.pop("options", None) or Options(**options)
    env = os.environ if environ is None else environ
    env_layer = cfg.from_environment(env)
    check_options(settings, env_layer)  # a bad option fails before the disk is touched
    candidates: list[Candidate] = []
    notes: list[str] = []
    # MLflow URIs and selectors are fetched into temporary directories that live until audited.
    with remote_targets(paths, settings) as remote:
        for item in discover(remote.local_paths, settings.max_depth):
            if isinstance(item, Skipped):
                notes.append(redact(f"{item.display}: {item.reason}"))
            else:
                candidates.append(item)
        candidates.extend(remote.candidates)
        targets = tuple(audit_parallel(candidates, settings, env_layer))
    return Report(
        targets=targets,
        notes=tuple(notes),
        rules=ALL_RULES,
        root=root or env.get("GITHUB_WORKSPACE") or None,
        unreadable=tuple(redact(error) for error in remote.errors),
    )
