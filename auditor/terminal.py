"""What the command line decides about a terminal report: its width and whether it is coloured.

Width: `COLUMNS` when it is a positive number, else the terminal's own width when stdout is a
terminal (`shutil.get_terminal_size`), else 80 (a pipe, a file).

Colour (https://no-color.org, https://force-color.org): `--color/--no-color` wins; else a
non-empty `FORCE_COLOR` turns colour on, even through a pipe; else a non-empty `NO_COLOR` turns
it off; else colour exactly when stdout is a terminal. Files never get colour.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.render import WIDTH


def columns(environ: Mapping[str, str]) -> int | None:
    """`COLUMNS` when it is a positive whole number."""
    value = environ.get("COLUMNS", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def width(environ: Mapping[str, str], is_terminal: bool) -> int:
    given = columns(environ)
    if given is not None:
        return given
    if is_terminal:
        import shutil  # lazily: shutil pulls in bz2 and lzma, which a report to a pipe never needs

        return shutil.get_terminal_size((WIDTH, 24)).columns or WIDTH
    return WIDTH


def color(option: bool | None, environ: Mapping[str, str], is_terminal: bool) -> bool:
    if option is not None:
        return option
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("NO_COLOR"):
        return False
    return is_terminal
