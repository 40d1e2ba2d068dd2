"""One audit run: discover -> load -> audit -> render -> write; returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

from auditor import config as cfg
from auditor.audit import check_options
from auditor.discover import Candidate, Skipped, discover
from auditor.errors import UsageError
from auditor.options import Options
from auditor.parallel import audit_parallel
from auditor.remote import remote_targets
from auditor.render import Format, chunks
from auditor.report import Report
from rules import ALL_RULES


@dataclass(frozen=True)
class RunOptions(Options):
    """An audit's options plus what the command line decides about the report."""

    paths: tuple[str, ...] = ()
    """Directories, files or MLflow URIs (`runs:/`, `models:/`)."""
    fmt: Format = Format.TEXT
    output: str | None = None
    color: bool | None = None
    root: str | None = None
    """SARIF and GitHub paths are relative to this directory (None: $GITHUB_WORKSPACE, else the
    working directory)."""


def run(options: RunOptions, environ: Mapping[str, str]) -> int:
    env_layer = cfg.from_environment(environ)
    check_options(options, env_layer)  # a bad option is exit 2 before the disk is touched
    candidates: list[Candidate] = []
    notes: list[str] = []
    # MLflow URIs and selectors are fetched into temporary directories that live until audited.
    with remote_targets(options.paths, options) as remote:
        for item in discover(remote.local_paths, options.max_depth):
            if isinstance(item, Skipped):
                notes.append(f"{item.display}: {item.reason}")
            else:
                candidates.append(item)
        candidates.extend(remote.candidates)
        audited = list(audit_parallel(candidates, options, env_layer))
    root = options.root or environ.get("GITHUB_WORKSPACE") or None
    report = Report(targets=tuple(a.report for a in audited), notes=tuple(notes), rules=ALL_RULES, root=root)
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
