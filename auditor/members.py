"""Which directories of a uv project are its workspace members and local path packages: the
pyproject.toml files uv reads besides the root's (`crates/uv-workspace/src/workspace.rs`)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from auditor.lockfile import Lock
from auditor.pyproject import Pyproject


def local_path(path: str) -> str:
    """A relative POSIX path as uv normalises it (`./a/../b` -> `b`, `.` for the root)."""
    return posixpath.normpath(path.replace("\\", "/")) or "."


def workspace_glob(pattern: str) -> re.Pattern[str]:
    """A `tool.uv.workspace` `members`/`exclude` pattern as a regex over relative paths."""
    out = ""
    for token in re.split(r"(\*\*/?|\*|\?)", local_path(pattern)):
        if token.startswith("**"):
            out += "(?:.*/)?" if token.endswith("/") else ".*"
        elif token == "*":
            out += "[^/]*"
        elif token == "?":
            out += "[^/]"
        else:
            out += re.escape(token)
    return re.compile(out + r"\Z")


def member_dirs(lock: Lock | None, root: Pyproject | None, directories: Iterable[str] = ()) -> tuple[str, ...]:
    """Every local package of the lock, every literal `tool.uv.workspace.members` entry, and those
    of `directories` (relative paths that hold a pyproject.toml) that a member glob matches and no
    exclude does: a member added since `uv lock` is read too. Only paths inside the project."""
    found = {local_path(p.source.value) for p in lock.packages if p.source.is_local} if lock else set()
    if root is not None:
        members, excludes = root.tool_uv.workspace_members, root.tool_uv.workspace_exclude
        found.update(local_path(m) for m in members if not any(c in m for c in "*?["))
        globs = [workspace_glob(m) for m in members if any(c in m for c in "*?[")]
        excluded = [workspace_glob(e) for e in excludes]
        for directory in directories:
            path = local_path(directory)
            if any(g.match(path) for g in globs) and not any(e.match(path) for e in excluded):
                found.add(path)
    return tuple(sorted(p for p in found if p != "." and p != ".." and not p.startswith(("../", "/"))))
