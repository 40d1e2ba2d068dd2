"""The command line: `uv-audit PATH...` (the `check` command) and its subcommands.

An ordinary audit (`uv-audit [check] [OPTIONS] PATH...` with valid options) is parsed by
`auditor.cli.fast` without importing click; anything else (help, a usage error, another command)
goes through the click group in `auditor.cli.group`, which loads each command only when it runs.
Every usage or configuration error is one line on stderr and exit 2; never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from auditor.cli.commands import COMMANDS, USAGE

__all__ = ["COMMANDS", "USAGE", "entry"]


def entry(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    from auditor.cli import fast

    parsed = fast.parse(args)
    if parsed is not None:
        fast.run(parsed)
        return
    from auditor.cli.group import main

    main.main(args=args, prog_name="uv-audit")
