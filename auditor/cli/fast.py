"""`uv-audit [check] [OPTIONS] PATH...` parsed without click, for the ordinary invocation.

`parse` accepts only what it can read exactly as click would (each option spelled in full, its
value in the next argument or after `=`, valid choices and numbers, no conflicting selection);
for anything else (help, `--version`, another command, an unknown or abbreviated option, a
value that looks like an option, bundled short options, a bad value) it returns None and the
click group (`auditor.cli.group`) parses the same arguments, with its help and its error
messages. A cold audit so pays neither click's import nor the building of its command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

from auditor.cli import spec
from auditor.cli.commands import COMMANDS, redacted
from auditor.errors import UsageError
from auditor.frozen import frozen

_BY_FLAG = {flag: item for item in spec.CHECK for flag in item.flags}
_DEFAULTS: dict[str, Any] = {
    item.name: (False if item.kind == spec.FLAG else () if item.kind == spec.MULTIPLE else item.default)
    for item in spec.CHECK
}
_CONFLICTS = tuple(tuple(spelling.split(" ", 1)[0] for spelling in pair) for pair in spec.SELECTION_CONFLICTS)


@frozen
class Parsed:
    paths: tuple[str, ...]
    values: dict[str, Any]
    """Every option of `spec.CHECK` by name, as click would pass it to the command."""


def _value(item: spec.Spec, text: str) -> object | None:
    """`text` converted as click converts it, or None when click might read it otherwise."""
    if text.startswith("-"):
        return None  # click may take it as the value or as an option: let click decide
    if item.kind == spec.CHOICE:
        return text if text in item.choices else None
    if item.kind == spec.COUNT:
        if not (text.isascii() and text.isdigit()) or int(text) < item.minimum:
            return None
        return int(text)
    if item.kind == spec.DIRECTORY and os.path.isfile(text):
        return None  # click.Path(file_okay=False)'s error
    return text


def parse(args: Sequence[str]) -> Parsed | None:
    """The audit `args` ask for, or None when click should read them (see the module doc)."""
    if args and (args[0] in COMMANDS or args[0] == "--version"):
        if args[0] != "check":
            return None
        args = args[1:]
    values = dict(_DEFAULTS)
    paths: list[str] = []
    given: set[str] = set()
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            paths.extend(args[index:])
            break
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        flag, eq, text = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        item = _BY_FLAG.get(flag)
        if item is None:
            return None  # help, unknown, abbreviated or bundled: click's message
        given.add(flag)
        if item.kind in (spec.FLAG, spec.SWITCH):
            if eq:
                return None
            values[item.name] = item.kind == spec.FLAG or flag == item.flags[0]
            continue
        if not eq:
            if index == len(args):
                return None
            text = args[index]
            index += 1
        value = _value(item, text)
        if value is None:
            return None
        if item.kind == spec.MULTIPLE:
            values[item.name] = (*values[item.name], value)
        else:
            values[item.name] = value
    if any(a in given and b in given for a, b in _CONFLICTS):
        return None
    return Parsed(tuple(paths), values)


def _silence_stdout() -> None:
    """Point stdout at /dev/null: the reader closed the pipe, and the flush at exit must not fail."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file descriptor (CliRunner's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def run(parsed: Parsed) -> None:
    """Run the audit and exit as the click command would (SPEC §6; errors as one line, exit 2)."""
    from auditor import prefetch

    prefetch.start(parsed.paths)  # before the audit's imports, which it overlaps
    from auditor.cli.values import run_options
    from auditor.run import run as run_audit

    values = dict(parsed.values)
    fmt, outputs = values.pop("fmt"), values.pop("outputs")
    try:
        code = run_audit(run_options(parsed.paths, fmt, outputs, values), dict(os.environ))
    except UsageError as exc:
        sys.stderr.write(f"uv-audit: error: {redacted(str(exc))}\n")
        code = 2
    except KeyboardInterrupt:
        sys.stderr.write("\nuv-audit: aborted\n")
        code = 130
    except BrokenPipeError:
        _silence_stdout()
        code = 1
    sys.exit(code)
