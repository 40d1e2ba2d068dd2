"""One command-line audit: `auditor.api.audit_paths` once, then every report it was asked for.

The files (`-o`) are reserved before the audit, so an unwritable path costs no audit and no
remote fetch; then each is rendered from the same Report and written, and stdout comes last.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from auditor import terminal
from auditor.api import audit_paths
from auditor.cache import written
from auditor.errors import UsageError
from auditor.frozen import frozen
from auditor.options import Options
from auditor.outputs import Output, reserved
from auditor.render import WIDTH, Format, chunks, statistics
from auditor.report import Report


@frozen
class RunOptions(Options):
    """An audit's options plus what the command line decides about the reports."""

    paths: tuple[str, ...] = ()
    """Directories, files or MLflow URIs (`runs:/`, `models:/`)."""
    fmt: Format = Format.TEXT
    """The report on stdout."""
    output: str | None = None
    """Write the `fmt` report to this file instead of stdout (the single `-o FILE`)."""
    outputs: tuple[Output, ...] = ()
    """More report files, each in its own format."""
    stdout: bool = True
    """Whether stdout carries the `fmt` report (False when `output` took it)."""
    color: bool | None = None
    """`--color/--no-color`; None: auditor.terminal decides (FORCE_COLOR, NO_COLOR, a TTY)."""
    quiet: bool = False
    """Text and concise show findings, suppressions and notes only (no clean targets, selection,
    missing-artifact or summary lines); no progress bar."""
    statistics: bool = False
    """stdout carries counts per rule instead of the report (text or JSON)."""
    exit_zero: bool = False
    """Exit 0 even with findings (a model that could not be fetched still exits 1)."""
    root: str | None = None
    """SARIF and GitHub paths are relative to this directory (None: $GITHUB_WORKSPACE, else the
    working directory)."""


def exit_code(report: Report, exit_zero: bool = False) -> int:
    """SPEC §6. `--exit-zero` forgives findings, never what could not be read: a gate that
    exits 0 has seen every model it was asked about."""
    if report.unreadable:
        return 1
    return 0 if exit_zero else int(report.failed)


def run(options: RunOptions, environ: Mapping[str, str]) -> int:
    if options.statistics and not options.fmt.has_statistics:
        raise UsageError(
            f"--statistics prints text, concise or json, not {options.fmt.value} "
            f"(write that report with -o FILE:{options.fmt.value})"
        )
    files = options.outputs + ((Output(options.output, options.fmt),) if options.output else ())
    on_stdout = options.statistics or (options.stdout and not options.output)
    tty = sys.stdout.isatty()
    with reserved(files) as pending:
        report = audit_paths(options.paths, environ=environ, root=options.root, options=options)
        file_width = terminal.columns(environ) or WIDTH
        for item in pending:
            item.write(
                written.tee(item.output.path, chunks(report, item.output.fmt, width=file_width, quiet=options.quiet))
            )
    if on_stdout:
        color = terminal.color(options.color, environ, tty)
        if options.statistics:
            sys.stdout.writelines(
                written.tee(written.STDOUT, [statistics(report, options.fmt, color, quiet=options.quiet)])
            )
        else:
            width = terminal.width(environ, tty)
            sys.stdout.writelines(
                written.tee(written.STDOUT, chunks(report, options.fmt, color, width=width, quiet=options.quiet))
            )
        sys.stdout.flush()
    return exit_code(report, options.exit_zero)
