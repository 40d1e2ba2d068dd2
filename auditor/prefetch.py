"""A big uv.lock read and parsed in a forked child while the command imports the audit.

A cold run spends its first ~50 ms importing the audit machinery; parsing the largest corpus lock
(rtoml) takes another ~43 ms. For a single target directory whose uv.lock is big (`MIN_SIZE`),
the console script (`ENABLED`, set by auditor.entry) forks a child first: it reads that file and
writes its content digest and TOML tables (marshal) to an anonymous in-memory file; the audit
takes the tables instead of parsing the file. The child also shapes the tables' wheel entries
(auditor.lockshape), finds the line of each package's name and, for a lock up to SCAN_SIZE,
scans it for credentials; it imports only what it uses (rtoml, auditor.contents, tomlparse,
textlines and lockshape, kept light). The audit meanwhile does everything else (its imports, the
credential scan of the other files, and of the lock unless the child is already done, the other
files' parses) and takes the lock's tables last (auditor.assemble), so that it waits least.

Nothing the child sends can change a verdict:
- the audit reads every file itself, through its own reader and limits; a result is used only
  for a file whose content digest is the one the child read, and it is what the audit itself
  would compute from those bytes (`tomlparse.loads` of the text `decode` gives; the audit
  makes decode's checks itself, before it takes the tables);
- the child reads only a regular file named uv.lock directly in the given directory (neither
  being a symbolic link), up to the default size limit; it executes nothing and writes only to
  an anonymous in-memory file (memfd) that it shares with the audit;
- anything unexpected (no fork, threads running, a value marshal cannot carry, a child that
  fails) means no result, and the audit computes everything as it always does.

Linux only (fork without threads is safe there, and memfd exists); elsewhere, and from the
Python API, nothing is prefetched.
"""

from __future__ import annotations

import os
import stat
import sys

TYPE_CHECKING = False  # typing and collections.abc cost a cache hit (auditor.entry) a few ms to import
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

ENABLED = False
"""Set by the console script (auditor.entry): only a command-line run forks."""
MIN_SIZE = 128 * 1024
"""Below this a lock parses and scans in a few ms: not worth a fork."""
MAX_SIZE = 16 * 1024 * 1024
SCAN_SIZE = 1024 * 1024
"""Up to this size the child also scans the lock for credentials: it is done before the audit's
imports are, and the audit takes its hits (bigger, the child's parse is the longer part: the audit
scans meanwhile)."""

_child: tuple[int, int] | None = None  # (pid, the file it writes its result to)
_results: dict[str, Any] | None = None  # digest -> TOML tables
_hits: dict[str, list[tuple[int, str, str, str]]] = {}  # digest -> credential hits
_reaped: int | None = None  # the child's exit status, when `hits` found it done
TAKEN = 0
"""How many parsed documents this process took from the child (tests read it)."""


def _lock_path(paths: Sequence[str]) -> str | None:
    if len(paths) > 1:
        return None
    directory = paths[0] if paths else "."
    try:
        if not stat.S_ISDIR(os.lstat(directory).st_mode):
            return None
        info = os.lstat(os.path.join(directory, "uv.lock"))
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or not MIN_SIZE <= info.st_size <= MAX_SIZE:
        return None
    return os.path.join(directory, "uv.lock")


def start(paths: Sequence[str]) -> None:
    """Fork the child for `paths` (the command's PATH arguments) when it is worth it and safe."""
    global _child
    if not ENABLED or _child is not None or _results is not None:
        return
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    path = _lock_path(paths)
    if path is None:
        return
    try:  # the child writes its result here and exits; the parent reads it in one go (a pipe
        # would make the child and the audit take turns over 64 KB chunks: 15 ms for 2 MB)
        shared = os.memfd_create("uv-audit-prefetch", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return
    try:
        pid = os.fork()
    except OSError:
        os.close(shared)
        return
    if pid == 0:  # the child: never returns
        code = 1
        try:
            import gc

            gc.disable()  # it parses and exits: nothing to collect
            _work(path, shared)
            code = 0
        except BaseException:  # whatever fails here, the audit computes everything itself
            pass
        finally:
            os._exit(code)
    _child = (pid, shared)


def _work(path: str, out: int) -> None:
    """In the child: read `path` (a regular file, not through a symlink, at most MAX_SIZE bytes),
    and write its digest, tables and (up to SCAN_SIZE) credential hits to `out`; anything
    unexpected raises (and the audit then does it all itself)."""
    import marshal

    from auditor.contents import content_digest
    from auditor.lockshape import shape_wheels
    from auditor.textlines import package_lines
    from auditor.tomlparse import loads

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIZE:
            return
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_SIZE:  # grew since the fstat: not worth sending
                return
        data = b"".join(chunks)
    finally:
        os.close(fd)
    # the text `contents.decode` gives; the audit makes its checks (long numbers) itself
    text = data.decode("utf-8").lstrip("\ufeff")
    tables: Any = loads(text)
    shape_wheels(tables)
    headers = package_lines(text)
    hits = None
    if len(data) <= SCAN_SIZE:
        from auditor.secrets import scan

        hits = [(h.line, h.kind, h.shown, h.value) for h in scan(data.decode("utf-8", "replace"))]
    payload = marshal.dumps((content_digest(data), tables, hits, headers))  # raises for a value marshal cannot carry
    view = memoryview(payload)
    while view:
        view = view[os.write(out, view) :]


def hits(digest: str) -> list[tuple[int, str, str, str]] | None:
    """The credential hits (line, kind, shown, value) the child found in these bytes, if it is
    done already (never waits: the audit scans them itself otherwise), or None."""
    global _reaped
    if _results is None and _child is not None:
        try:
            done, status = os.waitpid(_child[0], os.WNOHANG)
        except OSError:
            done, status = _child[0], 1  # not ours to wait for any more: no result
        if done == 0:
            return None
        _reaped = status
    _take()
    return _hits.pop(digest, None)


def pending() -> bool:
    """Whether a child is parsing (its result not taken yet): the audit then parses the lock last."""
    return _child is not None


def tables(digest: str) -> tuple[dict[str, Any], list[int]] | None:
    """The TOML tables the child parsed from the file with this content digest (its wheels
    shaped by `lockshape.shape_wheels`) and the lines of its packages' names
    (`textlines.package_lines`), handed over once (the audit keeps its own parsed model), or None."""
    global TAKEN
    found = _take().pop(digest, None)
    if isinstance(found, tuple):
        TAKEN += 1
        return found
    return None


def _take() -> dict[str, Any]:
    """The child's result by content digest (waiting for it once; empty without a child)."""
    global _child, _results
    if _results is not None:
        return _results
    _results = {}
    if _child is None:
        return _results
    pid, shared = _child
    _child = None
    try:
        status = _reaped if _reaped is not None else os.waitpid(pid, 0)[1]
        size = os.fstat(shared).st_size if status == 0 else 0
        payload = os.pread(shared, size, 0) if size else b""
    except OSError:
        return _results
    finally:
        os.close(shared)
    if not payload:
        return _results
    import marshal

    try:
        digest, parsed, hits, headers = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return _results
    if isinstance(digest, str) and isinstance(parsed, dict) and isinstance(headers, list):
        _results[digest] = (parsed, headers)
        if isinstance(hits, list):
            _hits[digest] = hits
    return _results
