"""Writing a fix: atomically, inside the given PATH, never through a symlink; or as a diff.

A file is written to a temporary file in its own directory, given the mode of the file it
replaces (a new file: 0o666 less the umask, as `open()` creates one), flushed to disk and
moved over the old one with `os.replace`, so a reader sees the old file or the new one, never
half of either. The directory must resolve to a place inside the resolved PATH, and the file must not be a
symlink (checked again right before the move).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from auditor.frozen import frozen


class WriteRefused(Exception):
    """A path a fix must not write (the message says why, one line)."""


@frozen
class Change:
    name: str
    """The artifact's file name (`requirements.txt`, ...)."""
    path: Path
    display: str
    """The path as the report shows it (joined from what was given)."""
    old: str | None
    """The current text; None when the fix creates the file."""
    new: str


def check_directory(directory: Path, root: Path) -> None:
    """Raise WriteRefused unless `directory` resolves to `root` or below it (discovery never
    enters a symlinked directory, so a target below PATH is reached without one)."""
    try:
        directory.resolve().relative_to(root)
    except (ValueError, OSError):
        raise WriteRefused(f"{directory} is outside the given path") from None


def check_file(path: Path, name: str) -> None:
    """Raise WriteRefused for an existing `path` that is not a plain file (a symlink above all)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefused(f"{name} is a symlink; fix never writes through one")
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"{name} is not a regular file")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Replace (or create) `path` with `text`, keeping its mode (module docstring)."""
    check_file(path, path.name)
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".uv-audit-fix", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        check_file(path, path.name)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def unified_diff(changes: Iterable[Change]) -> str:
    """One unified diff for all `changes` (`a/`, `b/` paths; `/dev/null` for a new file)."""
    out: list[str] = []
    for change in changes:
        display = change.display.lstrip("/")
        old = change.old if change.old is not None else ""
        lines = difflib.unified_diff(
            old.splitlines(keepends=True),
            change.new.splitlines(keepends=True),
            fromfile="/dev/null" if change.old is None else f"a/{display}",
            tofile=f"b/{display}",
        )
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
