"""`uv-audit [check] PATH...`: the audit. Its options are `auditor.options.Options` fields (the
configuration keys of `[tool.uv-audit]`, limits, parallelism, MLflow selectors), one to one."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click

from auditor.cli import conflicts, shared
from auditor.errors import UsageError
from auditor.options import DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_SIZE
from auditor.render import Format

EPILOG = (
    "Other commands: `uv-audit export PATH` (what `uv export --frozen` would print), "
    "`uv-audit fix PATH` (rewrite requirements.txt and conda.yaml from uv.lock), "
    "`uv-audit rules` (every rule), `uv-audit explain CODE|NAME` (a rule's documentation), "
    "`uv-audit serve` (MLflow registry webhooks). "
    "Exit codes: 0 no finding at or above --fail-on (or --exit-zero), 1 findings or a model that could not "
    "be fetched, 2 usage or configuration error."
)
LISTS = ("select", "ignore", *shared.SELECTION_LISTS)
"""Repeatable options that also take comma-separated values."""


class _Check(conflicts.Command):
    """`uv-audit --help` is this command's help: its usage line names the other commands too."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from auditor.cli import USAGE

        formatter.write_usage("uv-audit", USAGE)


def _severities(items: Sequence[str]) -> dict[str, str] | None:
    severity: dict[str, str] = {}
    for item in items:
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity expects CODE=LEVEL, got {item!r}")
        severity[code.strip()] = level.strip()
    return severity or None


@click.command("check", cls=_Check, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    help="Report format on stdout [default: text].",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FILE[:FORMAT]",
    help="Also write a report to FILE, in FORMAT or the one its extension names (.html .json .sarif .md .txt); "
    "repeatable. A single -o FILE without FORMAT replaces stdout.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Only findings, suppressions and notes (no clean targets, no summary)."
)
@click.option("--statistics", is_flag=True, help="Print how many findings each rule produced instead of the report.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even with findings (not when a model could not be fetched).")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Exit 1 when a finding is at or above this severity [default: warning].",
)
@click.option(
    "--select",
    multiple=True,
    help="Only run these rules (codes, names or prefixes such as UVA3; repeat or comma-separate).",
)
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names or prefixes; repeat or comma-separate).")
@click.option("--severity", multiple=True, metavar="CODE=LEVEL", help="Change a rule's severity, e.g. UVA401=error.")
@shared.selection
@click.option(
    "--python-platform",
    help="Target platform for wheel checks (uv's names, e.g. x86_64-unknown-linux-gnu, aarch64-apple-darwin, windows).",
)
@click.option("--python-version", help="Target Python version for wheel checks (default: the logged or pinned one).")
@shared.serving_mlflow
@click.option(
    "--isolated",
    is_flag=True,
    help="Ignore [tool.uv-audit] and `# uv-audit: ignore` in the audited files: a gate they cannot switch off.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither answer from nor write the result cache ($UV_AUDIT_CACHE_DIR, else the user cache directory).",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Parallel worker processes for many targets [default: CPUs]."
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_FILE_SIZE,
    show_default=True,
    help="Files larger than this many bytes are not read (UVA004).",
)
@click.option(
    "--max-depth",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_DEPTH,
    show_default=True,
    help="How deep to search below each PATH.",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    help="Paths in SARIF and GitHub output are relative to this directory [default: $GITHUB_WORKSPACE, else .].",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report [default: FORCE_COLOR on, else NO_COLOR off, else when stdout is a terminal].",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar on stderr [default: on a terminal, for many targets]."
)
# MLflow tracking server (auditor.remote; needs the `mlflow` extra). PATH may also be runs:/<run_id>/<path>,
# models:/<name>/<version>, models:/<name>@<alias> or models:/<model_id>.
@click.option("--tracking-uri", help="MLflow tracking server for runs:/ and models:/ [default: $MLFLOW_TRACKING_URI].")
@click.option(
    "--experiment", "experiments", multiple=True, metavar="NAME|ID", help="Audit every model logged in this experiment."
)
@click.option(
    "--max-results",
    type=click.IntRange(min=1),
    help="At most this many models (and runs) per --experiment, and registered models [100].",
)
@click.option("--registered-models", is_flag=True, help="Audit the latest version of every registered model.")
@click.option("--alias", help="With --registered-models: audit the version with this alias instead of the latest.")
def command(paths: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], **values: Any) -> None:
    """Audit the uv files of every model directory, run directory, MLflow store or uv project
    below each PATH (default: the current directory)."""
    from auditor.outputs import plan
    from auditor.run import RunOptions, run

    values.pop("no_cache")  # read by the console script (auditor.entry) before this runs
    for key in LISTS:
        values[key] = shared.split(values[key])
    values["severity"] = _severities(values["severity"])
    values["experiments"] = tuple(values["experiments"])
    if values["max_results"] is None:
        del values["max_results"]
    if values["quiet"] and values["progress"] is None:
        values["progress"] = False
    files, stdout = plan(outputs, Format(fmt) if fmt else None)
    options = RunOptions(fmt=Format(fmt or "text"), outputs=files, stdout=stdout, **values)
    default = () if options.selects_remote else (".",)
    sys.exit(run(replace(options, paths=paths or default), dict(os.environ)))
