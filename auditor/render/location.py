"""Where a finding points, for tools that map it onto a repository (SARIF, GitHub annotations)."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

_LINE_REFS = re.compile(r"(?i)\b(?:line|lines|l\.)\s*\d+(?:\s*-\s*\d+)?|:\d+\b")


_URI = re.compile(r"^[a-z][a-z0-9+.-]*:/", re.I)


def repo_relative(path: str, base: str | None = None) -> str:
    """`path` relative to `base` (the working directory, `--root` or GITHUB_WORKSPACE), with POSIX
    separators: `models/m/uv.lock` inside it, `../other/m/uv.lock` outside it. Never shortened,
    so two models outside the base stay two paths; an MLflow URI (`models:/m/1/uv.lock`) stays
    as it is."""
    if _URI.match(path):
        return path
    here = os.path.abspath(base or os.getcwd())
    absolute = os.path.abspath(os.path.join(here, path))
    relative = _inside(absolute, here) or _inside(os.path.realpath(absolute), os.path.realpath(here))
    if relative is not None:
        return relative
    try:
        return PurePosixPath(*Path(os.path.relpath(absolute, here)).parts).as_posix()
    except ValueError:  # another drive (Windows): nothing relative exists
        return Path(absolute).as_posix()


def _inside(path: str, base: str) -> str | None:
    try:
        text = Path(path).relative_to(base).as_posix()
    except ValueError:
        return None
    return text or "."


def without_line_numbers(text: str) -> str:
    """A message with line references removed, so a fingerprint survives lines moving."""
    return " ".join(_LINE_REFS.sub("", text).split())
