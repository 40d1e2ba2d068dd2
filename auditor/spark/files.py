"""A target directory's files as `auditor.api.audit_files` takes them, read in the task.

The mapping mirrors what the command line's loader sees (auditor.load): every entry of the
target's listing (same depth and skips), with real contents for what the audit reads (the
artifacts and a pylock.toml, every nested `pyproject.toml` a workspace member may own, and the
pickles MLmodel's python_function flavor loads, up to --max-file-size) and empty contents for the
rest, whose names only matter (`src/<pkg>/`, `code/`, local path sources). A directory with
nothing listed below it is a key ending in `/` (one with anything below it is implied). A pickle
over the size limit is left out: it is never read, as on the command line. Nothing outside the
target's PATH is read; symlinks are followed only inside it.

A file the audit would read that cannot be read as bytes (a symlink out of the PATH, a FIFO, a
directory under an artifact's name, an artifact over the size limit, a permission error) raises
`Unreadable`: the caller then audits that one target from the disk with the command line's loader,
so its UVA004 says exactly what the command line says.
"""

from __future__ import annotations

from pathlib import Path

from auditor.artifacts import ARTIFACTS, MLMODEL, PYLOCK
from auditor.assemble import file_name
from auditor.discover import Candidate
from auditor.errors import ArtifactError, TooLarge
from auditor.load import _inside, _listing, read_bytes
from auditor.mlmodel import parse_mlmodel
from auditor.pickles import pyfunc_code


class Unreadable(Exception):
    """A file the audit reads exists but cannot be handed over as bytes."""


def _read(candidate: Candidate, relative: str, max_file_size: int) -> bytes:
    try:
        return read_bytes(candidate.directory / relative, candidate.root, max_file_size)
    except ArtifactError as exc:
        raise Unreadable(f"{relative}: {exc.message}") from None


def _pickles(data: bytes, entries: frozenset[str]) -> tuple[str, ...]:
    """The pickles the python_function flavor loads (what auditor.assemble scans)."""
    try:
        document = parse_mlmodel(data.decode("utf-8").lstrip("\ufeff")).document
    except (ArtifactError, UnicodeDecodeError, RecursionError, ValueError):
        return ()  # the audit reports the broken MLmodel (UVA004); no pickle is looked at then
    code = pyfunc_code(document, (e for e in entries if not e.endswith("/")))
    return tuple(p.path for p in code.pickles) if code else ()


def target_files(candidate: Candidate, max_file_size: int) -> dict[str, bytes]:
    """The files of `candidate` for audit_files (raises Unreadable; see the module)."""
    entries = _listing(candidate.directory)
    files = {e: b"" for e in entries if not e.endswith("/")}
    parts = [e.rstrip("/").split("/") for e in entries]
    holding = {"/".join(p[:i]) + "/" for p in parts for i in range(1, len(p))}  # implied by an entry below
    files.update({e: b"" for e in entries if e.endswith("/") and e not in holding})
    for artifact in (*ARTIFACTS, PYLOCK):  # what auditor.assemble reads (pylock.toml next to uv.lock too)
        name = file_name(artifact, candidate.names)
        if name is not None:
            files[name] = _read(candidate, name, max_file_size)
    for entry in sorted(e for e in entries if e.endswith("/pyproject.toml")):
        if _inside(candidate.directory / entry, candidate.root):
            files[entry] = _read(candidate, entry, max_file_size)
        else:  # a member directory symlinked out of the PATH: not the target's (as auditor.load)
            del files[entry]
    if MLMODEL in candidate.names and files.get(MLMODEL):
        for pickle in _pickles(files[MLMODEL], entries):
            try:
                files[pickle] = read_bytes(candidate.directory / pickle, candidate.root, max_file_size)
            except TooLarge:
                files.pop(pickle, None)  # model data: never read, as on the command line
            except ArtifactError as exc:
                raise Unreadable(f"{pickle}: {exc.message}") from None
    return files


def directory_files(directory: Path, max_file_size: int) -> dict[str, bytes]:
    """A directory's files as audit_files takes them (for scripts and tests)."""
    from auditor.discover import directory_candidate

    return target_files(directory_candidate(directory, str(directory)), max_file_size)
