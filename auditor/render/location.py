"""Where a finding points, for tools that map it onto a repository (SARIF, GitHub annotations)."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

_LINE_REFS = re.compile(r"(?i)\b(?:line|lines|l\.)\s*\d+(?:\s*-\s*\d+)?|:\d+\b")


def repo_relative(path: str, cwd: str | None = None) -> str:
    """`path` relative to the working directory, with POSIX separators, when it lies inside it.

    A path outside the working directory (a temporary download, `../other`) never leaks its
    absolute form: it is given relative to its own parent, which keeps the target's directory
    name and the file name (`model/requirements.txt`).
    """
    here = os.path.abspath(cwd or os.getcwd())
    absolute = os.path.abspath(os.path.join(here, path))
    relative = _inside(absolute, here) or _inside(os.path.realpath(absolute), os.path.realpath(here))
    if relative is None:
        parts = Path(absolute).parts
        return PurePosixPath(*(parts[-2:] if len(parts) > 2 else parts[-1:])).as_posix()
    return relative


def _inside(path: str, base: str) -> str | None:
    try:
        text = Path(path).relative_to(base).as_posix()
    except ValueError:
        return None
    return text or "."


def without_line_numbers(text: str) -> str:
    """A message with line references removed, so a fingerprint survives lines moving."""
    return " ".join(_LINE_REFS.sub("", text).split())
