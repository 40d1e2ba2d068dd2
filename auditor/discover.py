"""Find every artifact set (target) below the given paths (SPEC §2).

Recursive, deterministic (sorted) order, iterative (no recursion limit), never follows a symlinked
directory, skips virtualenvs and VCS folders. A directory holding pyproject.toml but no uv.lock or
MLmodel below a directory that holds a uv.lock is a workspace member of that project, not a target.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from auditor.artifacts import ARTIFACTS, MARKERS
from auditor.cache import inputs
from auditor.errors import UsageError
from auditor.frozen import frozen
from auditor.options import DEFAULT_MAX_DEPTH

SKIP_DIRS = frozenset(
    {
        ".venv",
        "venv",
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "site-packages",
        ".hypothesis",
    }
)
ARTIFACT_NAMES = frozenset(ARTIFACTS)


@frozen
class Candidate:
    directory: Path
    """The target directory on disk."""
    display: str
    """The target directory as given on the command line, joined."""
    root: Path
    """The resolved PATH the user gave: nothing outside it is read."""
    names: frozenset[str]
    """Names of the regular files (or symlinks) directly inside the directory."""


@frozen
class Skipped:
    display: str
    reason: str


def _display(given: str, relative: str) -> str:
    if not relative or relative == ".":
        return given
    if given in (".", "./"):
        return relative
    return os.path.join(given, relative)


def _clean(given: str) -> str:
    stripped = given.rstrip("/\\")
    return stripped or given


def _listing(directory: Path) -> tuple[list[str], list[str]] | None:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        inputs.listed(directory, None)
        return None
    inputs.listed(directory, entries)
    files: list[str] = []
    dirs: list[str] = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name in ARTIFACT_NAMES:
                    files.append(entry.name)  # a directory where a file should be: UVA004 when loaded
                else:
                    dirs.append(entry.name)
            elif entry.is_file(follow_symlinks=False) or entry.is_symlink() or entry.name in ARTIFACT_NAMES:
                files.append(entry.name)  # a FIFO, socket or device under an artifact's name: UVA004 when loaded
        except OSError:
            continue
    return files, dirs


def directory_candidate(directory: Path, display: str) -> Candidate:
    """The one directory as a target of its own (nothing outside it is read), as `uv-audit
    export` reads a project."""
    listing = _listing(directory)
    names = frozenset(listing[0]) if listing else frozenset()
    return Candidate(directory, display, directory.resolve(), names)


def is_target(names: frozenset[str]) -> bool:
    return any(m in names for m in MARKERS)


EMPTY_HINT = (
    "`mlflow artifacts download -r RUN_ID` downloads nothing in MLflow 3: add `-a model` "
    "(the model's artifact path), or audit `runs:/RUN_ID/model`"
)


def discover(paths: Sequence[str], max_depth: int = DEFAULT_MAX_DEPTH) -> Iterator[Candidate | Skipped]:
    """Yield targets (and notes about what was skipped) in a stable order. Raises UsageError for a
    PATH that does not exist and for a directory PATH with no target below it (an empty download
    must not pass a gate). A file PATH that belongs to no target (a Sphinx `docs/requirements.txt`
    that a pre-commit hook passes) is skipped with a note."""
    seen: set[Path] = set()
    for given in paths:
        inputs.resolved(given)
        found, deeper = False, False
        for item in _discover(given, max_depth):
            if isinstance(item, Candidate):
                found = True
                key = item.directory.resolve()
                if key in seen:
                    continue  # several files of one target given (a pre-commit hook passes each changed file)
                seen.add(key)
            else:
                deeper = deeper or "--max-depth" in item.reason
            yield item
        if not found and Path(given).is_dir():
            why = f"within --max-depth {max_depth}" if deeper else EMPTY_HINT
            raise UsageError(f"no artifact set (uv.lock, pyproject.toml or MLmodel) under {given}: {why}")


def _discover(given: str, max_depth: int) -> Iterator[Candidate | Skipped]:
    path = Path(given)
    if not path.exists() and not path.is_symlink():
        raise UsageError(f"path does not exist: {given}")
    if path.is_file() or (path.exists() and not path.is_dir()):
        candidate = directory_candidate(path.parent, os.path.dirname(given.rstrip("/\\")) or ".")
        if is_target(candidate.names):
            yield candidate
        else:
            yield Skipped(given, "not part of an artifact set (no uv.lock, pyproject.toml or MLmodel next to it)")
        return
    yield from _walk(path, _clean(given), max_depth)


def _walk(top: Path, given: str, max_depth: int) -> Iterator[Candidate | Skipped]:
    root = top.resolve()
    # stack of (directory, relative path, depth, inside a locked project)
    stack: list[tuple[Path, str, int, bool]] = [(top, "", 0, False)]
    while stack:
        directory, relative, depth, in_project = stack.pop()
        listing = _listing(directory)
        if listing is None:
            yield Skipped(_display(given, relative), "directory cannot be read")
            continue
        files, dirs = listing
        names = frozenset(files)
        has_lock_or_model = "uv.lock" in names or "MLmodel" in names
        member = in_project and not has_lock_or_model
        if is_target(names) and not member:
            yield Candidate(directory, _display(given, relative), root, names)
        if depth >= max_depth:
            if dirs:
                yield Skipped(_display(given, relative), f"deeper than --max-depth {max_depth}; not searched")
            continue
        child_in_project = in_project or "uv.lock" in names
        for name in reversed(dirs):
            if name in SKIP_DIRS:
                continue
            child_rel = f"{relative}/{name}" if relative else name
            stack.append((directory / name, child_rel, depth + 1, child_in_project))
