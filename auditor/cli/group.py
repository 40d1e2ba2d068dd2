"""The click group behind `uv-audit`: help, usage errors and every command other than an ordinary
audit (which `auditor.cli.fast` parses without click). Each command lives in its own module and
is imported only when it runs. Every usage or configuration error is one line on stderr and exit
2; never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from typing import Any

import click

from auditor import __version__
from auditor.cli import fast
from auditor.cli.commands import COMMANDS, USAGE, redacted
from auditor.errors import UsageError


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
        parsed = fast.parse(list(sys.argv[1:] if args is None else args))
        if parsed is not None:  # an ordinary audit: the same parse and run as the console script's
            fast.run(parsed)
        try:
            return super().main(args, prog_name or "uv-audit", complete_var, standalone_mode=False, **extra)
        except UsageError as exc:
            click.echo(f"uv-audit: error: {redacted(str(exc))}", err=True)
            code = 2
        except click.ClickException as exc:
            click.echo(f"uv-audit: error: {redacted(exc.format_message())}", err=True)
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
