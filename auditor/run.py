"""One command-line audit: `auditor.api.audit_paths`, then render and write; returns the exit code."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

from auditor.api import audit_paths
from auditor.cache import written
from auditor.errors import UsageError
from auditor.options import Options
from auditor.render import Format, chunks


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
    report = audit_paths(options.paths, environ=environ, root=options.root, options=options)
    to_terminal = options.output is None and sys.stdout.isatty()
    color = options.color if options.color is not None else (to_terminal and options.fmt is Format.TEXT)
    if options.output:
        try:
            with open(options.output, "w", encoding="utf-8") as handle:
                handle.writelines(written.tee(options.output, chunks(report, options.fmt, color)))
        except OSError as exc:
            raise UsageError(f"cannot write {options.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.writelines(written.tee(written.STDOUT, chunks(report, options.fmt, color)))
        sys.stdout.flush()
    return 1 if report.failed else 0
