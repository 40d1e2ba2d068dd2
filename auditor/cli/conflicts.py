"""Options that cannot be given together, refused with uv's own (clap's) wording, naming the one
given first first: `the argument '--all-extras' cannot be used with '--extra <EXTRA>'`."""

from __future__ import annotations

from collections.abc import Sequence

import click

from auditor.cli.spec import SELECTION_CONFLICTS as SELECTION


def _flag(spelling: str) -> str:
    return spelling.split(" ", 1)[0]


def _given(args: Sequence[str]) -> list[str]:
    out = []
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--"):
            out.append(arg.split("=", 1)[0])
    return out


def check(args: Sequence[str], pairs: Sequence[tuple[str, str]] = SELECTION) -> None:
    """Raise click.UsageError for the first conflicting pair among `args` (in their order)."""
    given = _given(args)
    for index, flag in enumerate(given):
        for a, b in pairs:
            for first, second in ((a, b), (b, a)):
                if flag == _flag(first) and _flag(second) in given[index + 1 :]:
                    raise click.UsageError(f"the argument '{first}' cannot be used with '{second}'")


class Command(click.Command):
    """A click command that refuses `conflicts` before parsing (uv's wording, exit 2)."""

    conflicts: Sequence[tuple[str, str]] = SELECTION

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        check(args, self.conflicts)
        return super().parse_args(ctx, args)
