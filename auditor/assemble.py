"""assemble(display, names, entries, read) -> Target: parse each artifact once, from contents.

Pure: the files come from `read(relative_path)`, so the same code builds a target from the disk
(auditor.load) and from bytes handed over by an engine (auditor.api.audit_files). A file that cannot
be read or parsed becomes a `Problem` (rule UVA004) with file and line. Parsed results are cached by
content hash, so a store where thousands of models share a few uv.lock files parses each distinct
file once. Every file read is also scanned for credentials (`Target.secrets`, rule UVA701), parsed
or not, once per content, and the pickles the pyfunc flavor loads are scanned for the modules they
import (never unpickled).
"""

from __future__ import annotations

import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from auditor import prefetch
from auditor import target as t
from auditor.artifacts import PYLOCK
from auditor.contents import content_digest
from auditor.contents import decode as _decode
from auditor.errors import ArtifactError, TooLarge
from auditor.lockfile import parse_lock
from auditor.members import member_dirs
from auditor.mlmodel import MLModel, parse_conda, parse_mlmodel, parse_python_env
from auditor.pickles import PyfuncCode, decompress, pyfunc_code
from auditor.pyproject import Pyproject, parse_pyproject
from auditor.pythonversion import parse_python_version
from auditor.reqfile import parse_requirements
from auditor.secrets import Hit, scan

if TYPE_CHECKING:
    from auditor.pickles.scan import PickleRefs

Reader = Callable[[str], bytes]
"""Bytes of a file by its path relative to the target (POSIX); raises FileNotFoundError when there
is no such file, ArtifactError (TooLarge over the size limit) when it cannot be read."""

_CACHE_SIZES = {t.LOCK: 4, t.PYPROJECT: 64}
"""Parsed documents kept per kind (others: _CACHE_SIZE). Locks are the big ones (a 2 MB uv.lock parses
into tens of MB of objects); the scheduler (auditor.parallel) audits targets that share a uv.lock
one after another, so a few suffice."""
_CACHE_SIZE = 256


def _parse_pylock(text: str) -> Any:
    from auditor.pylockfile import parse_pylock  # lazily: only a target with a pylock.toml needs it

    return parse_pylock(text)


_PARSERS: dict[str, Callable[[str], Any]] = {
    t.LOCK: parse_lock,
    t.PYPROJECT: parse_pyproject,
    t.REQUIREMENTS: parse_requirements,
    t.PYTHON_VERSION: parse_python_version,
    t.MLMODEL: parse_mlmodel,
    t.PYTHON_ENV: parse_python_env,
    t.CONDA: parse_conda,
    PYLOCK: _parse_pylock,
}
_caches: dict[str, OrderedDict[str, Any]] = {kind: OrderedDict() for kind in _PARSERS}
PARSE_COUNT: dict[str, int] = dict.fromkeys(_PARSERS, 0)
"""How many documents of each kind this process parsed (cache misses): tests check the reuse."""
_secret_scans: OrderedDict[str, tuple[Hit, ...]] = OrderedDict()
SCAN_COUNT: dict[str, int] = dict.fromkeys(_PARSERS, 0)
"""How many files of each kind this process scanned for credentials (cache misses)."""


def _parse(kind: str, data: bytes, digest: str | None = None) -> tuple[Any, str]:
    """Decode and parse `data` as `kind`, once per distinct content while it stays in the kind's
    LRU (a cached document is neither decoded nor parsed again)."""
    digest = digest or content_digest(data)
    cache = _caches[kind]
    if digest in cache:
        cache.move_to_end(digest)
        return cache[digest], digest
    text = _decode(data)  # before taking a lock's tables: while the child may still be parsing
    found = prefetch.tables(digest) if kind == t.LOCK else None
    value = _PARSERS[kind](text) if found is None else parse_lock(text, *found)  # found: in these very bytes
    PARSE_COUNT[kind] += 1
    cache[digest] = value
    if len(cache) > _CACHE_SIZES.get(kind, _CACHE_SIZE):
        cache.popitem(last=False)
    return value, digest


def _secrets(kind: str, display: str, data: bytes, digest: str) -> list[t.Secret]:
    """The credentials in a file's text, scanned once per distinct content. Bytes that are not
    UTF-8 are scanned as replacement characters: a secret in a broken file leaks all the same."""
    hits = _secret_scans.get(digest)
    if hits is None:
        found = prefetch.hits(digest) if kind == t.LOCK else None
        if found is not None:  # scanned by the prefetching child, from these very bytes
            hits = _secret_scans[digest] = tuple(Hit(*hit) for hit in found)
        else:
            hits = _secret_scans[digest] = scan(data.decode("utf-8", "replace"))
            SCAN_COUNT[kind] += 1
        if len(_secret_scans) > _CACHE_SIZE:
            _secret_scans.popitem(last=False)
    else:
        _secret_scans.move_to_end(digest)
    return [t.Secret(hit.line, hit.kind, hit.shown, hit.value, file=display) for hit in hits]


_REQUIREMENTS_VARIANT = re.compile(r"requirements[\w.-]*\.txt")
_PYLOCK_VARIANT = re.compile(r"pylock\.[^.]+\.toml")


def file_name(artifact: str, names: frozenset[str]) -> str | None:
    """The file that holds an artifact: its own name, or for a uv project checkout without
    requirements.txt the one `requirements*.txt` it has (e.g. `requirements-serve.txt`)."""
    if artifact in names:
        return artifact
    if artifact == PYLOCK and "uv.lock" in names:
        variants = [n for n in names if _PYLOCK_VARIANT.fullmatch(n)]
        return variants[0] if len(variants) == 1 else None
    if artifact == t.REQUIREMENTS and ("uv.lock" in names or "pyproject.toml" in names) and "MLmodel" not in names:
        variants = [n for n in names if _REQUIREMENTS_VARIANT.fullmatch(n)]
        if len(variants) == 1:
            return variants[0]
    return None


def _read(read: Reader, relative: str, kind: str, display: str, secrets: list[t.Secret]) -> tuple[bytes, str]:
    data = read(relative)
    digest = content_digest(data)
    secrets.extend(_secrets(kind, display, data, digest))
    return data, digest


def _problem(artifact: str, shown: str, exc: ArtifactError | FileNotFoundError) -> t.Problem:
    message = exc.message if isinstance(exc, ArtifactError) else "cannot be read: No such file or directory"
    return t.Problem(shown, getattr(exc, "line", None), f"{artifact}: {message}")


def _parse_into(
    parsed: dict[str, Any],
    invalid: set[str],
    found: dict[str, list[t.Problem]],
    artifact: str,
    shown: str,
    data: bytes,
    digest: str,
) -> None:
    try:
        parsed[artifact] = _parse(artifact, data, digest)[0]
    except ArtifactError as exc:
        invalid.add(artifact)
        found[artifact] = [_problem(artifact, shown, exc)]
    except RecursionError:
        invalid.add(artifact)
        found[artifact] = [t.Problem(shown, None, f"{artifact}: nesting too deep to parse")]


def assemble(display: str, names: Iterable[str], entries: frozenset[str], read: Reader, max_file_size: int) -> t.Target:
    """The target whose directory holds `names` (file names) and `entries` (relative paths of its
    files and directories, directories ending in `/`), displayed as `display`. `read` enforces
    `max_file_size` on what it reads; decompressed pickles are held to it too."""
    present = frozenset(names)
    files: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    invalid: set[str] = set()
    secrets: list[t.Secret] = []
    digests: dict[str, str] = {}
    lock_digest = None
    found: dict[str, list[t.Problem]] = {}
    later: list[tuple[str, str, bytes, str]] = []
    for artifact in (*t.ARTIFACTS, PYLOCK):
        name = file_name(artifact, present)
        if name is None:
            continue
        shown = os.path.join(display, name)
        files[artifact] = shown
        try:
            data, digest = _read(read, name, artifact, shown, secrets)
        except (ArtifactError, FileNotFoundError) as exc:
            invalid.add(artifact)
            found[artifact] = [_problem(artifact, shown, exc)]
            continue
        digests[name] = digest
        if artifact == t.LOCK and prefetch.pending():  # parsed last: the child may still be at it
            later.append((artifact, shown, data, digest))
        else:
            _parse_into(parsed, invalid, found, artifact, shown, data, digest)
    for artifact, shown, data, digest in later:
        _parse_into(parsed, invalid, found, artifact, shown, data, digest)
    if t.LOCK in parsed:
        lock_digest = digests[t.LOCK]  # the artifact is its file name
    problems = [problem for artifact in (*t.ARTIFACTS, PYLOCK) for problem in found.get(artifact, ())]
    lock = parsed.get(t.LOCK)
    projects = tuple(sorted(e[: -len("/pyproject.toml")] for e in entries if e.endswith("/pyproject.toml")))
    members: dict[str, Pyproject] = {}
    for member in _members(lock, lock_digest, parsed.get(t.PYPROJECT), digests.get(t.PYPROJECT), projects):
        shown = os.path.join(display, member, "pyproject.toml")
        try:
            data, digest = _read(read, f"{member}/pyproject.toml", t.PYPROJECT, shown, secrets)
            digests[f"{member}/pyproject.toml"] = digest
            members[member] = _parse(t.PYPROJECT, data, digest)[0]
        except FileNotFoundError:
            continue
        except ArtifactError as exc:
            problems.append(t.Problem(shown, exc.line, exc.message))
    pyfunc, pickles = _pyfunc(display, parsed.get(t.MLMODEL), entries, read, max_file_size, problems, digests)
    return t.Target(
        path=display,
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
        pylock=parsed.get(PYLOCK),
        members=members,
        entries=entries,
        secrets=tuple(secrets),
        pyfunc=pyfunc,
        pickles=pickles,
        digests=digests,
    )


_member_dirs: OrderedDict[tuple[object, ...], tuple[str, ...]] = OrderedDict()


def _members(
    lock: Any, lock_digest: str | None, root: Pyproject | None, root_digest: str | None, projects: tuple[str, ...]
) -> tuple[str, ...]:
    """member_dirs, once per lock, pyproject.toml and listing (it walks every locked package)."""
    if (lock is not None and lock_digest is None) or (root is not None and root_digest is None):
        return member_dirs(lock, root, projects)
    key = (lock_digest, root_digest, projects)
    found = _member_dirs.get(key)
    if found is None:
        found = _member_dirs[key] = member_dirs(lock, root, projects)
        if len(_member_dirs) > _CACHE_SIZE:
            _member_dirs.popitem(last=False)
    return found


_pickle_scans: OrderedDict[str, PickleRefs] = OrderedDict()


def _pyfunc(
    display: str,
    mlmodel: MLModel | None,
    entries: frozenset[str],
    read: Reader,
    max_file_size: int,
    problems: list[t.Problem],
    digests: dict[str, str],
) -> tuple[PyfuncCode | None, tuple[tuple[str, PickleRefs], ...]]:
    """What the python_function flavor loads, and the module references of its pickles (read,
    never unpickled; one scan per distinct content). A pickle over the size limit is not read: it
    is model data, not a broken file; neither is one that is absent."""
    if mlmodel is None:
        return None, ()
    code = pyfunc_code(mlmodel.document, (e for e in entries if not e.endswith("/")))
    if code is None:
        return None, ()
    scanned: list[tuple[str, PickleRefs]] = []
    for pickle in code.pickles:
        try:
            data = decompress(read(pickle.path), pickle.compression, max_file_size)
            digest = digests[pickle.path] = content_digest(data)
            refs = _pickle_scans.get(digest)
            if refs is None:
                from auditor.pickles.scan import scan_pickle  # only a model with a pickle pays for it

                refs = _pickle_scans[digest] = scan_pickle(data)
                if len(_pickle_scans) > _CACHE_SIZE:
                    _pickle_scans.popitem(last=False)
            scanned.append((pickle.path, refs))
        except (FileNotFoundError, TooLarge):
            continue
        except ArtifactError as exc:
            problems.append(t.Problem(os.path.join(display, pickle.path), None, f"{pickle.path}: {exc}"))
    return code, tuple(scanned)
