"""`uv-audit [check] PATH...`: the audit. Its options are `auditor.options.Options` fields (the
configuration keys of `[tool.uv-audit]`, limits, parallelism, MLflow selectors), one to one."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from auditor.cli import conflicts, shared, spec
from auditor.cli.values import run_options

EPILOG = (
    "Other commands: `uv-audit export PATH` (what `uv export --frozen` would print), "
    "`uv-audit fix PATH` (rewrite requirements.txt and conda.yaml from uv.lock), "
    "`uv-audit rules` (every rule), `uv-audit explain CODE|NAME` (a rule's documentation), "
    "`uv-audit serve` (MLflow registry webhooks). "
    "Exit codes: 0 no finding at or above --fail-on (or --exit-zero), 1 findings or a model that could not "
    "be fetched, 2 usage or configuration error."
)


class _Check(conflicts.Command):
    """`uv-audit --help` is this command's help: its usage line names the other commands too."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from auditor.cli.commands import USAGE

        formatter.write_usage("uv-audit", USAGE)


@click.command("check", cls=_Check, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@shared.options(spec.CHECK)
def command(paths: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...], **values: Any) -> None:
    """Audit the uv files of every model directory, run directory, MLflow store or uv project
    below each PATH (default: the current directory)."""
    from auditor.run import run

    options = run_options(paths, fmt, outputs, values)
    sys.exit(run(options, dict(os.environ)))
