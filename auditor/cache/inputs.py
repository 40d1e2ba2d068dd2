"""The manifest of what an audit read, recorded while it runs and verified on a re-run.

`start()` begins recording in this process; auditor.discover and auditor.load report each directory
they list (`listed`) and each file they are asked for (`opened`); worker processes record their own
part (`part`) and the parent merges it (`merge`). Recording costs a dict update per call, and nothing
when it is off (the library API, the tests' CliRunner).
"""

from __future__ import annotations

import os
import time

TYPE_CHECKING = False  # typing and collections.abc cost a cache hit ~10 ms to import
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    Manifest = dict[str, Any]
    """{"dirs": {path: listing}, "files": {path: [lstat, stat, digest]}, "roots": {given: realpath}}"""

try:  # hashlib's own import loads OpenSSL (~3 ms of a cold start); BLAKE2 alone is built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the _blake2 module
    from hashlib import blake2b

RACY_NS = 2_000_000_000
"""A file whose mtime or ctime is this close to the recording's start (or later) may change again
without its timestamps moving (they tick coarsely): its content digest is recorded too."""

_state: dict[str, Any] | None = None


def start(since_ns: int | None = None) -> None:
    """Record from now on (a worker passes its parent's start time)."""
    global _state
    _state = {"since": since_ns or time.time_ns(), "dirs": {}, "files": {}, "roots": {}, "ok": True}


def active() -> bool:
    return _state is not None


def since() -> int | None:
    return None if _state is None else int(_state["since"])


def uncacheable() -> None:
    """This run's result depends on something the manifest cannot check (a tracking server)."""
    if _state is not None:
        _state["ok"] = False


def listing(entries: Iterable[os.DirEntry[str]]) -> str:
    """A directory's names and kinds (d, f, l for a symlink, o), sorted, from the entries' types."""
    out = []
    for entry in entries:
        try:
            kind = "l" if entry.is_symlink() else "d" if entry.is_dir(follow_symlinks=False) else "f"
            if kind == "f" and not entry.is_file(follow_symlinks=False):
                kind = "o"
        except OSError:
            kind = "?"
        out.append(f"{entry.name}\x00{kind}")
    return "\x01".join(sorted(out))


def listed(directory: str | os.PathLike[str], entries: Iterable[os.DirEntry[str]] | None) -> None:
    """`directory` was listed (None: it could not be)."""
    if _state is not None:
        _state["dirs"][os.fspath(directory)] = None if entries is None else listing(entries)


def resolved(given: str) -> None:
    if _state is not None:
        _state["roots"][given] = os.path.realpath(given)


def signature(path: str, follow: bool) -> list[int] | None:
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except (OSError, ValueError):
        return None
    return [info.st_mode, info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def opened(path: str | os.PathLike[str], data: bytes | None = None) -> None:
    """The audit asked for `path` (and read `data` from it, when it did)."""
    if _state is None:
        return
    name = os.fspath(path)
    link, target = signature(name, False), signature(name, True)
    racy = data is not None and target is not None and max(target[4], target[5]) >= _state["since"] - RACY_NS
    _state["files"][name] = [link, target, digest(data) if racy and data is not None else None]


def part() -> Manifest | None:
    """What this process recorded (a worker's share), or None when not recording."""
    return None if _state is None else {k: _state[k] for k in ("dirs", "files", "roots", "ok")}


def merge(share: Manifest | None) -> None:
    if _state is None or share is None:
        return
    for key in ("dirs", "files", "roots"):
        _state[key].update(share[key])
    _state["ok"] = _state["ok"] and share["ok"]


def stop() -> Manifest | None:
    """The manifest of the run (None when it is not cacheable); recording ends."""
    global _state
    state, _state = _state, None
    if state is None or not state["ok"]:
        return None
    return {k: state[k] for k in ("dirs", "files", "roots")}


def _listing_now(directory: str) -> str | None:
    try:
        with os.scandir(directory) as it:
            return listing(it)
    except OSError:
        return None


def unchanged(manifest: Manifest) -> bool:
    """Whether every input of `manifest` is as it was recorded."""
    try:
        for given, real in manifest["roots"].items():
            if os.path.realpath(given) != real:
                return False
        for directory, names in manifest["dirs"].items():
            if _listing_now(directory) != names:
                return False
        for path, (link, target, content) in manifest["files"].items():
            if signature(path, False) != link or signature(path, True) != target:
                return False
            if content is not None:
                with open(path, "rb") as handle:
                    if digest(handle.read()) != content:
                        return False
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return False
    return True
