"""load(candidate) -> Target: read and parse each artifact once, confined to the given PATH.

A file that cannot be read or parsed becomes a UVA004 finding with file and line. A symlink that
points outside the PATH, a FIFO or device, a directory where a file should be, or a file larger
than the limit is never opened. Parsed results are cached by content hash, so a store where
thousands of models share a few uv.lock files parses each distinct file once.
"""

from __future__ import annotations

import os
import re
import stat
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

try:  # hashlib's own import loads OpenSSL (~3 ms of a cold start); BLAKE2 alone is built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the _blake2 module
    from hashlib import blake2b

from auditor import target as t
from auditor.artifacts import LISTING_DEPTH
from auditor.discover import Candidate, directory_candidate
from auditor.errors import ArtifactError
from auditor.lockfile import parse_lock
from auditor.members import member_dirs
from auditor.mlmodel import MLModel, parse_conda, parse_mlmodel, parse_python_env
from auditor.options import DEFAULT_MAX_FILE_SIZE
from auditor.pickles import PickleRefs, PyfuncCode, decompress, pyfunc_code, scan_pickle
from auditor.pyproject import Pyproject, parse_pyproject
from auditor.pythonversion import parse_python_version
from auditor.reqfile import parse_requirements

LISTING_LIMIT = 5000
_CACHE_SIZES = {t.LOCK: 4, t.PYPROJECT: 64}
"""Parsed documents kept per kind (others: _CACHE_SIZE). Locks are the big ones (a 2 MB uv.lock parses
into tens of MB of objects); the scheduler (auditor.parallel) audits targets that share a uv.lock
one after another, so a few suffice."""
_CACHE_SIZE = 256

MAX_DIGITS = 1000
"""No uv or MLflow file has a longer number; packaging's Version() of one over Python's 4,300-digit
int limit raises a bare ValueError (a `.python-version` of `3.999...` crashed the loader and rules)."""
_DIGIT_MAP = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
"""ASCII digits to "0", every other byte to " ": a long number is then one substring search (3 ms
on a 2 MB lock, ten times faster than a regex). Versions, TOML and YAML numbers are ASCII only."""
_PARSERS: dict[str, Callable[[str], Any]] = {
    t.LOCK: parse_lock,
    t.PYPROJECT: parse_pyproject,
    t.REQUIREMENTS: parse_requirements,
    t.PYTHON_VERSION: parse_python_version,
    t.MLMODEL: parse_mlmodel,
    t.PYTHON_ENV: parse_python_env,
    t.CONDA: parse_conda,
}
_caches: dict[str, OrderedDict[str, Any]] = {kind: OrderedDict() for kind in _PARSERS}
PARSE_COUNT: dict[str, int] = dict.fromkeys(_PARSERS, 0)
"""How many documents of each kind this process parsed (cache misses): tests check the reuse."""


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
            raise ArtifactError(f"is {info.st_size} bytes, over the {max_size}-byte limit (--max-file-size); not read")
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except ArtifactError:
        raise
    except OSError as exc:
        raise ArtifactError(f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > max_size:
        raise ArtifactError(f"is over the {max_size}-byte limit (--max-file-size); not read")
    return data


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArtifactError(f"is not valid UTF-8 (byte {exc.start})", line) from None
    long_number = data.translate(_DIGIT_MAP).find(b"0" * (MAX_DIGITS + 1))
    if long_number >= 0:
        line = data.count(b"\n", 0, long_number) + 1
        raise ArtifactError(f"holds a number of more than {MAX_DIGITS} digits; not parsed", line)
    return text


def content_digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def _parse(kind: str, data: bytes) -> tuple[Any, str]:
    """Decode and parse `data` as `kind`, once per distinct content while it stays in the kind's
    LRU (a cached document is neither decoded nor parsed again)."""
    digest = content_digest(data)
    cache = _caches[kind]
    if digest in cache:
        cache.move_to_end(digest)
        return cache[digest], digest
    value = _PARSERS[kind](_decode(data))
    PARSE_COUNT[kind] += 1
    cache[digest] = value
    if len(cache) > _CACHE_SIZES.get(kind, _CACHE_SIZE):
        cache.popitem(last=False)
    return value, digest


def _listing(directory: Path) -> frozenset[str]:
    out: set[str] = set()
    stack: list[tuple[Path, str, int]] = [(directory, "", 0)]
    while stack and len(out) < LISTING_LIMIT:
        current, prefix, depth = stack.pop()
        try:
            with os.scandir(current) as it:
                entries = list(it)
        except OSError:
            continue
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


_REQUIREMENTS_VARIANT = re.compile(r"requirements[\w.-]*\.txt")


def file_name(artifact: str, names: frozenset[str]) -> str | None:
    """The file that holds an artifact: its own name, or for a uv project checkout without
    requirements.txt the one `requirements*.txt` it has (e.g. `requirements-serve.txt`)."""
    if artifact in names:
        return artifact
    if artifact == t.REQUIREMENTS and ("uv.lock" in names or "pyproject.toml" in names) and "MLmodel" not in names:
        variants = [n for n in names if _REQUIREMENTS_VARIANT.fullmatch(n)]
        if len(variants) == 1:
            return variants[0]
    return None


def load_target(candidate: Candidate, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> t.Target:
    files: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    problems: list[t.Problem] = []
    invalid: set[str] = set()
    lock_digest = None
    for artifact in t.ARTIFACTS:
        name = file_name(artifact, candidate.names)
        if name is None:
            continue
        display = os.path.join(candidate.display, name)
        files[artifact] = display
        try:
            data = read_bytes(candidate.directory / name, candidate.root, max_file_size)
            parsed[artifact], digest = _parse(artifact, data)
            if artifact == t.LOCK:
                lock_digest = digest
        except ArtifactError as exc:
            invalid.add(artifact)
            problems.append(t.Problem(display, exc.line, f"{artifact}: {exc.message}"))
        except RecursionError:
            invalid.add(artifact)
            problems.append(t.Problem(display, None, f"{artifact}: nesting too deep to parse"))
    lock = parsed.get(t.LOCK)
    entries = _listing(candidate.directory)
    projects = (e[: -len("/pyproject.toml")] for e in entries if e.endswith("/pyproject.toml"))
    members: dict[str, Pyproject] = {}
    for member in member_dirs(lock, parsed.get(t.PYPROJECT), projects):
        path = candidate.directory / member / "pyproject.toml"
        if not _inside(path, candidate.root) or not os.path.isfile(path):
            continue
        try:
            members[member] = _parse(t.PYPROJECT, read_bytes(path, candidate.root, max_file_size))[0]
        except ArtifactError as exc:
            problems.append(t.Problem(os.path.join(candidate.display, member, "pyproject.toml"), exc.line, exc.message))
    pyfunc, pickles = _pyfunc(candidate, parsed.get(t.MLMODEL), entries, max_file_size, problems)
    return t.Target(
        path=candidate.display,
        files=files,
        invalid=frozenset(invalid),
        problems=tuple(problems),
        lock=lock,
        lock_digest=lock_digest,
        pyproject=parsed.get(t.PYPROJECT),
        requirements=parsed.get(t.REQUIREMENTS),
        python_version=parsed.get(t.PYTHON_VERSION),
        mlmodel=parsed.get(t.MLMODEL),
        python_env=parsed.get(t.PYTHON_ENV),
        conda=parsed.get(t.CONDA),
        members=members,
        entries=entries,
        pyfunc=pyfunc,
        pickles=pickles,
    )


_scans: OrderedDict[str, PickleRefs] = OrderedDict()


def _pyfunc(
    candidate: Candidate,
    mlmodel: MLModel | None,
    entries: frozenset[str],
    max_file_size: int,
    problems: list[t.Problem],
) -> tuple[PyfuncCode | None, tuple[tuple[str, PickleRefs], ...]]:
    """What the python_function flavor loads, and the module references of its pickles (read,
    never unpickled; one scan per distinct content). A pickle over the size limit is not read: it
    is model data, not a broken file."""
    if mlmodel is None:
        return None, ()
    code = pyfunc_code(mlmodel.document, (e for e in entries if not e.endswith("/")))
    if code is None:
        return None, ()
    scanned: list[tuple[str, PickleRefs]] = []
    for pickle in code.pickles:
        path = candidate.directory / pickle.path
        try:
            if os.lstat(path).st_size > max_file_size:
                continue
            data = decompress(read_bytes(path, candidate.root, max_file_size), pickle.compression, max_file_size)
            digest = content_digest(data)
            refs = _scans.get(digest)
            if refs is None:
                refs = _scans[digest] = scan_pickle(data)
                if len(_scans) > _CACHE_SIZE:
                    _scans.popitem(last=False)
            scanned.append((pickle.path, refs))
        except OSError:
            continue
        except ArtifactError as exc:
            problems.append(t.Problem(os.path.join(candidate.display, pickle.path), None, f"{pickle.path}: {exc}"))
    return code, tuple(scanned)


def load_directory(directory: Path, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> t.Target:
    """One directory as a target of its own (how `uv-audit export` reads a project)."""
    return load_target(directory_candidate(directory, str(directory)), max_file_size)
