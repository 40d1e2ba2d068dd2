"""`-o/--output FILE[:FORMAT]`: the report files of one run, written atomically.

    uv-audit -o report.html:html -o out.sarif:sarif PATH     # two files, and text on stdout
    uv-audit --format json -o report.json PATH               # the JSON report to the file only

One `-o FILE` without `:FORMAT` sends the report to FILE instead of stdout, in `--format` when that
is given, else in the format FILE's extension names (.txt .json .html .sarif .md), else text: what
`-o` always did. Otherwise every `-o` adds a report (FORMAT, else the extension's, else
`--format`) and stdout still carries `--format`.

Every file is reserved before the audit starts (a temporary file beside it, so an unwritable path
is a usage error before any work), then written whole and renamed over FILE: a reader never sees
half a report, and a failed run leaves what was there before.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO

from auditor.errors import UsageError
from auditor.frozen import frozen
from auditor.render import EXTENSIONS, Format


@frozen
class Output:
    path: str
    fmt: Format


def split(spec: str) -> tuple[str, Format | None]:
    """`report.html:html` -> ("report.html", HTML); `C:\\out\\r.sarif` -> (that path, None)."""
    path, sep, suffix = spec.rpartition(":")
    if sep and suffix in {f.value for f in Format}:
        return path, Format(suffix)
    return spec, None


def by_extension(path: str) -> Format | None:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


def plan(specs: Sequence[str], fmt: Format | None) -> tuple[tuple[Output, ...], bool]:
    """The files to write and whether stdout carries the report in `fmt` (None: `--format` was
    not given, text). Raises UsageError for an empty or repeated FILE."""
    stdout_format = fmt or Format.TEXT
    parsed = [split(spec) for spec in specs]
    outputs: list[Output] = []
    for path, given in parsed:
        if not path:
            raise UsageError("-o expects FILE or FILE:FORMAT, got an empty name")
        if len(parsed) == 1 and given is None:  # the redirect `-o FILE` has always been
            return (Output(path, fmt or by_extension(path) or Format.TEXT),), False
        outputs.append(Output(path, given or by_extension(path) or stdout_format))
    seen: set[str] = set()
    for output in outputs:
        key = os.path.normcase(os.path.realpath(output.path))
        if key in seen:
            raise UsageError(f"-o {output.path} is given twice")
        seen.add(key)
    return tuple(outputs), True


class Pending:
    """A reserved output: a temporary file in FILE's directory, renamed over FILE on commit."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.target = os.path.realpath(output.path)  # through a symlink, as `>` writes
        if os.path.isdir(self.target):
            raise UsageError(f"cannot write {output.path}: it is a directory")
        directory = os.path.dirname(self.target) or "."
        try:
            import tempfile  # lazily: only a run that writes a report file needs it

            fd, self.temporary = tempfile.mkstemp(prefix=".uv-audit-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise UsageError(f"cannot write {output.path}: {exc.strerror or exc}") from None
        self.handle: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, pieces: Iterable[str]) -> None:
        try:
            self.handle.writelines(pieces)
            self.handle.close()
            os.chmod(self.temporary, _mode(self.target))
            os.replace(self.temporary, self.target)
        except OSError as exc:
            raise UsageError(f"cannot write {self.output.path}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        self.handle.close()
        if os.path.exists(self.temporary):
            os.unlink(self.temporary)


def _mode(path: str) -> int:
    """The existing file's permissions, else what `open()` would give a new one (0666 - umask)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def reserved(outputs: Sequence[Output]) -> Iterator[list[Pending]]:
    """Reserve every output (UsageError for the first that cannot be written); whatever is not
    written by the end is removed again."""
    pending: list[Pending] = []
    try:
        for output in outputs:
            pending.append(Pending(output))
        yield pending
    finally:
        for item in pending:
            item.discard()
