"""The command line: wires discover -> load -> audit -> render and picks the exit code (SPEC §6).

`uv-audit PATH...` is `uv-audit check PATH...`; `export`, `rules` and `explain` are subcommands.
Every usage or configuration error is one line on stderr and exit 2; never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from auditor import __version__
from auditor.errors import UsageError
from auditor.render import Format

EPILOG = (
    "Other commands: `uv-audit export PATH` (what `uv export --frozen` would print), "
    "`uv-audit rules` (every rule), `uv-audit explain CODE|NAME` (a rule's documentation). "
    "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error."
)


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


class _DefaultGroup(click.Group):
    """Routes `uv-audit PATH...` to the `check` command; every error is one line and exit 2."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            return super().main(args, prog_name or "uv-audit", complete_var, standalone_mode=False, **extra)
        except UsageError as exc:
            click.echo(f"uv-audit: error: {exc}", err=True)
            code = 2
        except click.ClickException as exc:
            click.echo(f"uv-audit: error: {exc.format_message()}", err=True)
            code = exc.exit_code if exc.exit_code else 2
        except click.exceptions.Abort:
            click.echo("uv-audit: aborted", err=True)
            code = 130
        except BrokenPipeError:
            code = 1
        sys.exit(code)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (not args or args[0] not in self.commands) and not (args and args[0] == "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="uv-audit", message="%(prog)s %(version)s")
def main() -> None:
    """uv-audit: audit the uv files MLflow logs with a model."""


@main.command("check", epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=Format.TEXT.value,
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE instead of stdout."
)
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
@click.option(
    "--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Change a rule's severity, e.g. UVA401=error."
)
@click.option(
    "--group", "groups", multiple=True, help="A dependency group the inference environment should contain (repeatable)."
)
@click.option(
    "--only-group", "only_groups", multiple=True, help="Only this dependency group, no core dependencies (repeatable)."
)
@click.option(
    "--extra", "extras", multiple=True, help="An optional extra the inference environment should contain (repeatable)."
)
@click.option("--all-extras", is_flag=True, help="The inference environment should contain every extra.")
@click.option(
    "--python-platform",
    help="Target platform for wheel checks (uv's names, e.g. x86_64-unknown-linux-gnu, aarch64-apple-darwin, windows).",
)
@click.option("--python-version", help="Target Python version for wheel checks (default: the logged or pinned one).")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Parallel worker processes for many targets [default: CPUs]."
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=16 * 1024 * 1024,
    show_default=True,
    help="Files larger than this many bytes are not read (UVA004).",
)
@click.option(
    "--max-depth", type=click.IntRange(min=0), default=64, show_default=True, help="How deep to search below each PATH."
)
@click.option("--color/--no-color", default=None, help="Colour the text report [default: when stdout is a terminal].")
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
def check(paths: tuple[str, ...], fmt: str, output: str | None, **options: Any) -> None:
    """Audit the uv files of every model directory, run directory, MLflow store or uv project
    below each PATH (default: the current directory)."""
    from auditor.remote import RemoteOptions
    from auditor.run import RunOptions, run

    severity: dict[str, str] = {}
    for item in options["severities"]:
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity expects CODE=LEVEL, got {item!r}")
        severity[code.strip()] = level.strip()
    remote = RemoteOptions.from_cli(options)
    run_options = RunOptions(
        paths=paths or (() if remote is not None and remote.selects else (".",)),
        fmt=Format(fmt),
        output=output,
        fail_on=options["fail_on"],
        select=_split(options["select"]),
        ignore=_split(options["ignore"]),
        severity=severity or None,
        groups=_split(options["groups"]),
        only_groups=_split(options["only_groups"]),
        extras=_split(options["extras"]),
        all_extras=options["all_extras"],
        python_platform=options["python_platform"],
        python_version=options["python_version"],
        jobs=options["jobs"],
        max_file_size=options["max_file_size"],
        max_depth=options["max_depth"],
        color=options["color"],
        progress=options["progress"],
        remote=remote,
    )
    sys.exit(run(run_options, dict(os.environ)))


@main.command("rules")
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (every rule's documentation) instead of the table.")
@click.option("--readme-table", is_flag=True, help="Print the README's Markdown rule table.")
def rules_command(markdown: bool, readme_table: bool) -> None:
    """List every rule: code, name, default severity and summary."""
    from auditor import docs
    from rules import ALL_RULES

    if markdown or readme_table:
        click.echo(docs.rules_markdown() if markdown else docs.readme_table(), nl=False)
        return
    width = max((len(r.name) for r in ALL_RULES), default=4)
    click.echo(f"{'CODE':<7} {'NAME':<{width}}  {'SEVERITY':<8}  SUMMARY")
    for r in ALL_RULES:
        click.echo(f"{r.code:<7} {r.name:<{width}}  {r.severity.value:<8}  {r.summary}")
    click.echo(f"\n{len(ALL_RULES)} rules; `uv-audit explain CODE` shows one rule's documentation.")


@main.command("explain")
@click.argument("rule")
def explain_command(rule: str) -> None:
    """Show a rule's documentation (by code or name, e.g. UVA301 or group-leak)."""
    import difflib

    from rules import ALL_RULES, lookup

    found = lookup(rule.strip())
    if found is None:
        names = [r.code for r in ALL_RULES] + [r.name for r in ALL_RULES]
        close = difflib.get_close_matches(rule.strip(), names, n=3, cutoff=0.6)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise UsageError(f"unknown rule {rule!r}; {hint}`uv-audit rules` lists them")
    needs = f"\nruns when present and valid: {', '.join(found.needs)}" if found.needs else ""
    click.echo(f"{found.code} {found.name}\ndefault severity: {found.severity.value}{needs}\n\n{found.doc.strip()}")


def _register_export() -> None:
    try:
        from auditor.cli_export import export_command
    except ImportError:  # pragma: no cover - the export engine ships with the package
        return
    main.add_command(export_command, "export")


_register_export()


def _register_serve() -> None:
    from auditor.serve.command import serve_command  # Starlette, uvicorn, MLflow: only when it runs

    main.add_command(serve_command, "serve")


_register_serve()


def entry(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    main.main(args=list(argv) if argv is not None else None, prog_name="uv-audit")
