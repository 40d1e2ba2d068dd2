"""Cache entries on disk: where they live, their key, reading one (never trusting it) and writing
one atomically. Imports nothing of the audit: the console script's fast path runs on it alone.

An entry is a checksum line (BLAKE2 of the body) and a `marshal` body (the interpreter's own
format: json's import, through `re`, cost a cache hit ~15 ms). The checksum is verified before the
body is decoded, so a damaged entry never reaches the decoder, and the decoded value is accepted
only when it is made of dicts, lists, strings, ints and None in the expected shape (marshal never
runs what it decodes; nothing else of an entry is trusted).
"""

from __future__ import annotations

import marshal
import os
import sys

from auditor.cache.inputs import digest, unchanged

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from auditor.cache.inputs import Manifest

FORMAT = "uv-audit-cache/1"
ENV_PREFIXES = ("MLFLOW_", "UV_AUDIT_", "GITHUB_WORKSPACE", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "COLUMNS")
ENV_NAMES = ("LINES", "TERM", "LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8")
"""The environment variables that can change a report or how it is written (MLFLOW_UV_* is the
configuration layer, UV_AUDIT_TOML the parser, GITHUB_WORKSPACE the SARIF root, the rest colour,
width and encoding)."""
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def directory(environ: Mapping[str, str]) -> str:
    """`UV_AUDIT_CACHE_DIR`, else the platform's user cache directory for uv-audit."""
    given = environ.get("UV_AUDIT_CACHE_DIR", "").strip()
    if given:
        return os.path.abspath(given)
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        return os.path.join(environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local"), "uv-audit", "Cache")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "uv-audit")
    return os.path.join(environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "uv-audit")


def _code() -> list[Any]:
    """The tool's own files (auditor/, rules/, templates: path, size, mtime) and the import path's
    directories (a package installed or upgraded changes its directory's mtime)."""
    out: list[Any] = []
    parent = os.path.dirname(_PACKAGE)
    roots = [_PACKAGE, os.path.join(parent, "rules"), os.path.join(parent, "templates")]
    stack = [r for r in roots if os.path.isdir(r)]
    while stack:
        current = stack.pop()
        with os.scandir(current) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        stack.append(entry.path)
                elif not entry.name.endswith((".pyc", ".pyo")):
                    info = entry.stat()
                    out.append((entry.path, info.st_size, info.st_mtime_ns))
    for path in sys.path:
        try:
            out.append((path, os.stat(path).st_mtime_ns))
        except OSError:
            continue
    out.sort()
    return out


def _terminal(fd: int) -> list[int] | None:
    try:
        if not os.isatty(fd):
            return None
        size = os.get_terminal_size(fd)
    except OSError:
        return None
    return [size.columns, size.lines]


def key(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The invocation's key: everything but the files that decides what the run writes."""
    from auditor import __version__

    env = sorted((k, v) for k, v in environ.items() if k.startswith(ENV_PREFIXES) or k in ENV_NAMES)
    stdout = getattr(sys.stdout, "encoding", None)
    parts: list[object] = [FORMAT, __version__, sys.version, sys.platform, os.getcwd(), list(args), env]
    parts += [_terminal(1), _terminal(2), stdout, _code()]
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


def _plain(value: object, depth: int = 0) -> bool:
    """Whether `value` is made of dicts with str keys, lists, str, int, bool and None only."""
    if depth > 8:
        return False
    if value is None or isinstance(value, (str, int)):
        return True
    if isinstance(value, list):
        return all(_plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v, depth + 1) for k, v in value.items())
    return False


def _path(root: str, entry_key: str) -> str:
    return os.path.join(root, "v1", f"{entry_key}.json")


def load(root: str, entry_key: str) -> dict[str, Any] | None:
    """The entry for `entry_key` when it is intact, ours and its inputs unchanged; else None."""
    try:
        with open(_path(root, entry_key), "rb") as handle:
            check, _, body = handle.read().partition(b"\n")
        if digest(body) != check.decode("ascii"):
            return None
        entry = marshal.loads(body)
    except (OSError, ValueError, EOFError, TypeError, UnicodeError):
        return None
    if not _plain(entry):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != entry_key:
        return None
    outputs, code, manifest = entry.get("outputs"), entry.get("exit"), entry.get("manifest")
    if code not in (0, 1) or not isinstance(manifest, dict) or not isinstance(outputs, list):
        return None
    if not all(isinstance(o, list) and len(o) == 2 and all(isinstance(x, str) for x in o) for o in outputs):
        return None
    return entry if unchanged(manifest) else None


def save(root: str, entry_key: str, manifest: Manifest, outputs: list[tuple[str, str]], code: int) -> None:
    """Write the entry atomically (a temporary file in the same directory, renamed over it); a
    cache that cannot be written is no error."""
    import tempfile

    entry = {
        "format": FORMAT,
        "key": entry_key,
        "exit": code,
        "outputs": [list(o) for o in outputs],
        "manifest": manifest,
    }
    body = marshal.dumps(entry)
    target = _path(root, entry_key)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".entry-", dir=os.path.dirname(target))
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(digest(body).encode("ascii") + b"\n" + body)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return
