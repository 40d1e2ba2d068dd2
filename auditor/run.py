"""One audit run: discover -> load -> audit -> render -> write; returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from auditor import config as cfg
from auditor.discover import Candidate, Skipped, discover
from auditor.errors import UsageError
from auditor.findings import Severity
from auditor.remote import RemoteOptions, remote_targets
from auditor.render import Format, chunks
from auditor.report import Report, TargetReport


@dataclass(frozen=True)
class RunOptions:
    paths: tuple[str, ...]
    fmt: Format = Format.TEXT
    output: str | None = None
    fail_on: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: Mapping[str, str] | None = None
    groups: tuple[str, ...] | None = None
    only_groups: tuple[str, ...] | None = None
    extras: tuple[str, ...] | None = None
    all_extras: bool = False
    python_platform: str | None = None
    python_version: str | None = None
    jobs: int | None = None
    max_file_size: int = 16 * 1024 * 1024
    max_depth: int = 64
    color: bool | None = None
    progress: bool | None = None
    remote: RemoteOptions | None = None
    """MLflow selectors (--experiment, --registered-models, ...); `runs:/`/`models:/` PATHs go to auditor.remote."""

    def overrides(self) -> cfg.Overrides:
        return cfg.Overrides(
            select=self.select,
            ignore=self.ignore,
            fail_on=self.fail_on,
            groups=self.groups,
            only_groups=self.only_groups,
            extras=self.extras,
            all_extras=self.all_extras,
            python_platform=self.python_platform,
            python_version=self.python_version,
            severity=self.severity,
        )


@dataclass(frozen=True)
class AuditedTarget:
    report: TargetReport
    fail_on: Severity


def audit_candidate(candidate: Candidate, options: RunOptions, environ: cfg.Overrides) -> AuditedTarget:
    """Load and audit one target (also what a worker process runs)."""
    from auditor.engine import target_report
    from auditor.load import load_target
    from rules import ALL_RULES

    target = load_target(candidate, options.max_file_size)
    table = target.pyproject.tool_uv_audit if target.pyproject is not None else None
    where = f"{target.file('pyproject.toml')} [tool.uv-audit]"
    config = cfg.apply(cfg.Config(), cfg.from_pyproject(table, where), "pyproject", where)
    config = cfg.apply(config, environ, "environment", "environment")
    config = cfg.apply(config, options.overrides(), "cli", "command line")
    return AuditedTarget(target_report(target, config, ALL_RULES), config.fail_on)


def _audit_all(items: list[Candidate], options: RunOptions, environ: cfg.Overrides) -> Iterator[AuditedTarget]:
    from auditor.parallel import audit_parallel

    yield from audit_parallel(items, options, environ)


def run(options: RunOptions, environ: Mapping[str, str]) -> int:
    env_layer = cfg.from_environment(environ)
    # Validate the command line before touching the disk: a bad option is exit 2 either way.
    cfg.resolve(None, env_layer, options.overrides())
    candidates: list[Candidate] = []
    notes: list[str] = []
    # MLflow URIs and selectors are fetched into temporary directories that live until audited.
    with remote_targets(options) as remote:
        for item in discover(remote.local_paths, options.max_depth):
            if isinstance(item, Skipped):
                notes.append(f"{item.display}: {item.reason}")
            else:
                candidates.append(item)
        candidates.extend(remote.candidates)
        audited = list(_audit_all(candidates, options, env_layer))
    report = Report(targets=tuple(a.report for a in audited), notes=tuple(notes))
    to_terminal = options.output is None and sys.stdout.isatty()
    color = options.color if options.color is not None else (to_terminal and options.fmt is Format.TEXT)
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as handle:
                handle.writelines(chunks(report, options.fmt, color))
        except OSError as exc:
            raise UsageError(f"cannot write {options.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.writelines(chunks(report, options.fmt, color))
        sys.stdout.flush()
    failed = any(f.severity.rank >= a.fail_on.rank for a in audited for f in a.report.findings)
    return 1 if failed or remote.failed else 0
