"""`uv-audit fix PATH... [selection] [--serving-mlflow V] [--diff]`: rewrite what MLflow logged
from uv.lock (auditor.fix, docs/fix.md), then print the audit of the result.

One line on stderr per target: what was rewritten, what is already right, or why it was left
alone. Exit codes are the audit's (SPEC §6) for the fixed files; with `--diff` nothing is
written and the exit code is 1 when a file would change or a target is refused, else 0.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from auditor.cli import conflicts, shared
from auditor.render import Format


def _say(message: str) -> None:
    click.echo(f"uv-audit fix: {message}", err=True)


@click.command("fix", cls=conflicts.Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@shared.selection
@shared.serving_mlflow
@click.option("--diff", is_flag=True, help="Print a unified diff of every file a fix would change; write nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=Format.TEXT.value,
    show_default=True,
    help="Format of the report on the fixed files.",
)
def command(paths: tuple[str, ...], diff: bool, fmt: str, **values: Any) -> None:
    """Rewrite requirements.txt, conda.yaml and python_env.yaml of every logged model below each
    PATH into what MLflow logs from its uv.lock for the intended selection, and add a missing
    .python-version. uv.lock and pyproject.toml are never changed."""
    from auditor.fix import apply, plan_paths, unified_diff
    from auditor.options import Options
    from auditor.run import RunOptions, run

    for key in shared.SELECTION_LISTS:
        values[key] = shared.split(values[key])
    options = Options(**values)
    plans = plan_paths(paths, options, os.environ)
    if diff:
        click.echo(unified_diff(c for p in plans for c in p.changes), nl=False)
    pending = False  # with --diff: a file would change or a target is refused
    unwritten = False
    for plan in plans:
        for note in plan.notes:
            _say(f"{plan.display}: {note}")
        if plan.refused is not None:
            _say(f"{plan.display}: not fixed: {plan.refused}")
            pending = True
        elif not plan.changes:
            _say(f"{plan.display}: nothing to fix")
        elif diff:
            _say(f"{plan.display}: would rewrite {', '.join(c.name for c in plan.changes)}")
            pending = True
        else:
            try:
                apply(plan)
            except OSError as exc:
                _say(f"{plan.display}: not fixed: cannot write: {exc.strerror or exc}")
                unwritten = True
                continue
            _say(f"{plan.display}: rewrote {', '.join(c.name for c in plan.changes)}")
    if diff:
        sys.exit(1 if pending else 0)
    code = run(RunOptions(paths=paths, fmt=Format(fmt), **values), dict(os.environ))
    sys.exit(1 if unwritten else code)
