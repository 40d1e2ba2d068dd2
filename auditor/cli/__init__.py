"""The command line: `uv-audit PATH...` (the `check` command) and its subcommands.

Each command lives in its own module and is imported only when it runs. Every usage or
configuration error is one line on stderr and exit 2; never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from auditor import __version__
from auditor.errors import UsageError

COMMANDS = {
    "check": ("auditor.cli.check", "command"),
    "export": ("auditor.cli.export", "command"),
    "fix": ("auditor.cli.fix", "command"),
    "rules": ("auditor.cli.docs", "rules_command"),
    "explain": ("auditor.cli.docs", "explain_command"),
    "serve": ("auditor.serve.command", "serve_command"),
}
"""Subcommand -> (module, attribute), loaded lazily."""
USAGE = "[OPTIONS] PATH... | export | fix | rules | explain | serve"
"""`uv-audit --help`'s usage line: the audit (the default command) and every other command."""


def _redacted(message: str) -> str:
    """An error line without credentials (a PATH or `--tracking-uri` may hold some)."""
    from auditor.secrets import redact  # lazily: only an error pays for the patterns

    return redact(message)


class _DefaultGroup(click.Group):
    """Routes `uv-audit PATH...` to the `check` command; every error is one line and exit 2."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("uv-audit", USAGE)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

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
            click.echo(f"uv-audit: error: {_redacted(str(exc))}", err=True)
            code = 2
        except click.ClickException as exc:
            click.echo(f"uv-audit: error: {_redacted(exc.format_message())}", err=True)
            code = exc.exit_code if exc.exit_code else 2
        except click.exceptions.Abort:
            click.echo("uv-audit: aborted", err=True)
            code = 130
        except BrokenPipeError:
            code = 1
        sys.exit(code)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if (not args or args[0] not in COMMANDS) and not (args and args[0] == "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="uv-audit", message="%(prog)s %(version)s")
def main() -> None:
    """uv-audit: audit the uv files MLflow logs with a model."""


def entry(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    main.main(args=list(argv) if argv is not None else None, prog_name="uv-audit")
