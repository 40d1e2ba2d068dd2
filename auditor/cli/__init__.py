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


GC_THRESHOLDS = (200_000, 30, 30)
"""The collector's thresholds for a command-line run, as mypy sets them (mypy/build.py): an audit
builds a few hundred thousand objects and frees them at exit, with almost no cycles, so the
default (a collection every 700 allocations) spends ~12% of a big lock's audit finding nothing;
at these it still runs, which bounds a store's memory."""


def entry(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    args = list(sys.argv[1:] if argv is None else argv)
    from auditor.cli import fast

    parsed = fast.parse(args)
    if parsed is not None:
        fast.run(parsed)
        return
    from auditor.cli.group import main

    main.main(args=args, prog_name="uv-audit")
