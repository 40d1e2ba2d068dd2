"""load(candidate) -> Target: read each artifact from the disk, confined to the given PATH, and
assemble the target (auditor.assemble parses, caches and scans).

A symlink that points outside the PATH, a FIFO or device, a directory where a file should be, or
a file larger than the limit is never opened: it is a UVA004 problem with file and line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from auditor import target as t
from auditor.artifacts import LISTING_DEPTH
from auditor.assemble import assemble
from auditor.cache import inputs
from auditor.discover import Candidate, directory_candidate
from auditor.errors import ArtifactError, TooLarge
from auditor.options import DEFAULT_MAX_FILE_SIZE

LISTING_LIMIT = 5000


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_bytes(path: Path, root: Path, max_size: int) -> bytes:
    """Read a regular file inside `root`; raise ArtifactError for anything else."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            if not _inside(path, root):
                raise ArtifactError("is a symlink pointing outside the audited path; not read")
            info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ArtifactError("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ArtifactError("is not a regular file (FIFO, socket or device); not read")
        if info.st_size > max_size:
            raise TooLarge(f"is {info.st_size} bytes, over the {max_size}-byte limit (--max-file-size); not read")
        with open(path, "rb", buffering=0) as handle:
            # sized from fstat, not max_size + 1: a 16 MB buffer a file cost ~0.4 ms
            size = os.fstat(handle.fileno()).st_size
            if size > max_size:
                raise TooLarge(f"is {size} bytes, over the {max_size}-byte limit (--max-file-size); not read")
            data = handle.read(size + 1)
            if len(data) > size:  # grew since fstat: read on, up to the limit
                data += handle.read(max_size + 1 - len(data)) or b""
    except ArtifactError:
        raise
    except OSError as exc:
        raise ArtifactError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_size:
        raise TooLarge(f"is over the {max_size}-byte limit (--max-file-size); not read")
    return data


def _listing(directory: Path) -> frozenset[str]:
    out: set[str] = set()
    stack: list[tuple[Path, str, int]] = [(directory, "", 0)]
    while stack and len(out) < LISTING_LIMIT:
        current, prefix, depth = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except OSError:
            inputs.listed(current, None)
            continue
        inputs.listed(current, entries)
        for entry in entries:
            relative = f"{prefix}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            out.add(relative + ("/" if is_dir else ""))
            if is_dir and depth + 1 < LISTING_DEPTH and entry.name not in (".git", ".venv", "__pycache__"):
                stack.append((Path(entry.path), relative + "/", depth + 1))
    return frozenset(out)


def load_target(candidate: Candidate, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> t.Target:
    """The target in `candidate.directory`; nothing outside `candidate.root` is read."""

    def read(relative: str) -> bytes:
        path = candidate.directory / relative
        data = None
        try:
            if not os.path.lexists(path):
                raise FileNotFoundError(relative)
            if "/" in relative and not _inside(path, candidate.root):
                raise FileNotFoundError(relative)  # a member directory symlinked out of the PATH: not ours
            data = read_bytes(path, candidate.root, max_file_size)
            return data
        finally:
            inputs.opened(path, data)

    return assemble(candidate.display, candidate.names, _listing(candidate.directory), read, max_file_size)


def load_directory(directory: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> t.Target:
    """One directory as a target of its own (how `uv-audit export` reads a project)."""
    return load_target(directory_candidate(directory, str(directory)), max_file_size)
