"""uv's command-line errors in clap's words (uv 0.13.9 parses its arguments with clap 4): two
flags that conflict, a `--format` it does not know. Both exit 2."""

from __future__ import annotations

from auditor.export.flags import CONFLICTS, FORMATS, Flag

_PAIRS = {frozenset(pair) for pair in CONFLICTS}
_TRY = "\n\nFor more information, try '--help'.\n"


def conflict_error(given: list[Flag]) -> str | None:
    """clap's `ArgumentConflict` for the flags given (first occurrence first, overridden ones
    gone): the first flag that conflicts with another, that other (the first such), and a usage
    line of every flag given but that other."""
    for first in given:
        for other in given:
            if other is not first and frozenset((first.names[0], other.names[0])) in _PAIRS:
                usage = " ".join(g.display for g in given if g is not other)
                return (
                    f"error: the argument '{first.display}' cannot be used with '{other.display}'\n\n"
                    f"Usage: uv export {usage}{_TRY}"
                )
    return None


def format_error(value: str) -> str | None:
    """clap's `InvalidValue` for `--format`, or None when uv knows the format."""
    if value in FORMATS:
        return None
    return f"error: invalid value '{value}' for '--format <FORMAT>'\n  [possible values: {', '.join(FORMATS)}]{_TRY}"
