"""`uv export --format pylock.toml` (PEP 751), as uv 0.13.9 writes it: `PylockToml::from_lock` and
`to_toml` in `crates/uv-lock/src/lock/export/pylock_toml.rs`, printed the way toml_edit prints
(inline tables, one array element a line when there are several wheels).

Pure: paths are computed from the `root` (the directory holding uv.lock) and `output_dir` strings
given, never looked up on disk.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote, urlunsplit

from packaging.version import InvalidVersion, Version

from auditor.export.lockgraph import source_sort_key
from auditor.export.model import ExportEntry, ExportResult
from auditor.export.render import HEADER
from auditor.export.uvformat import Value, toml_string, toml_value
from auditor.lockfile import Artifact, Lock, LockedPackage, Source
from auditor.names import canonicalize_name
from auditor.urls import split as split_url

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SOURCE_DIST = (".tar.gz", ".zip", ".tar.bz2", ".tar.xz", ".tar.zst", ".tar.lz", ".tar.lzma", ".tbz", ".tgz", ".txz")


class PylockError(ValueError):
    """A lock uv cannot write as pylock.toml, or one that needs the network (uv's wording when uv has one)."""


def render_pylock(
    result: ExportResult,
    lock: Lock,
    *,
    header_command: str | None = None,
    created_by: str = "uv-audit",
    editable: bool | None = None,
    no_editable_packages: Iterable[str] = (),
    root: str = "/",
    output_dir: str | None = None,
    hash_file: Callable[[str], str | None] | None = None,
) -> str:
    """Byte-identical to `uv export --format pylock.toml` stdout, `created-by` aside.

    `editable`: True for `--editable`, False for `--no-editable`, None for neither; paths are made
    relative to `output_dir` (default `root`: stdout, or `-o` in the project directory) as uv does.
    uv hashes files uv.lock records without a hash (local find-links wheels): `hash_file(url)`
    returns `sha256:<hex>` for such a `file://` URL, or None. Raises PylockError where uv 0.13.9
    errors, and where uv would download a file to hash it.
    """
    no_editable = {canonicalize_name(n) for n in no_editable_packages}
    where = _Paths(posixpath.normpath(root), posixpath.normpath(output_dir or root), hash_file)
    out = [HEADER, f"#    {header_command}\n"] if header_command is not None else []
    out.append(f"lock-version = {toml_string('1.0')}\ncreated-by = {toml_string(created_by)}\n")
    environments = [_marker_text(m) for m in lock.supported_markers]
    if environments and all(e is not None for e in environments):
        out.append(f"environments = [{', '.join(toml_string(e or '') for e in environments)}]\n")
    if lock.requires_python is not None:
        out.append(f"requires-python = {toml_string(lock.requires_python)}\n")
    entries = sorted(
        (e for e in result.entries if e.source.kind != "virtual"), key=lambda e: source_sort_key(e.package)
    )
    if not entries:
        out.append("packages = []\n")
    for entry in entries:
        override = True if editable else False if (editable is False or entry.name in no_editable) else None
        out.append("\n[[packages]]\n")
        out.extend(f"{key} = {toml_value(value)}\n" for key, value in _package(entry, where, override).items())
    return "".join(out)


class _Paths:
    def __init__(self, root: str, output_dir: str, hash_file: Callable[[str], str | None] | None) -> None:
        self.root, self.output_dir, self.hash_file = root, output_dir, hash_file

    def digest(self, recorded: str | None, url: str | None) -> str | None:
        if recorded or url is None or not url.startswith("file://") or self.hash_file is None:
            return recorded
        return self.hash_file(url)

    def install(self, path: str) -> str:
        """uv's `try_relative_to_if(absolute(root/path), output_dir, path.is_relative())`."""
        absolute = posixpath.normpath(posixpath.join(self.root, path))
        return absolute if path.startswith("/") else _relative_to(absolute, self.output_dir)

    def file_url(self, *parts: str) -> str:
        return "file://" + quote(posixpath.normpath(posixpath.join(self.root, *parts)), safe="/:@!$&'()*+,;=-._~")


def _relative_to(path: str, base: str) -> str:
    """uv-fs `relative_to`: up to the longest common ancestor, then down. Rust's `join("")` leaves
    a trailing slash (`../../` for an ancestor); the same directory is `.`."""
    parts, base_parts = [p for p in path.split("/") if p], [p for p in base.split("/") if p]
    common = 0
    while common < min(len(parts), len(base_parts)) and parts[common] == base_parts[common]:
        common += 1
    up, down = [".."] * (len(base_parts) - common), parts[common:]
    if not down:
        return "/".join(up) + "/" if up else "."
    return "/".join([*up, *down])


def _package(entry: ExportEntry, where: _Paths, editable_override: bool | None) -> dict[str, Value]:
    package, source, name = entry.package, entry.source, entry.name
    table: dict[str, Value] = {"name": name}
    if source.kind not in ("directory", "editable") and package.version is not None:
        table["version"] = package.version
    if entry.marker is not None:
        table["marker"] = entry.marker
    if source.kind == "registry":
        table["index"] = _strip_credentials(source.value) if _is_url(source.value) else where.file_url(source.value)
    if source.kind == "git":
        table["vcs"] = _vcs(source, name)
    elif source.kind in ("directory", "editable"):
        flag = {True: True, False: None, None: source.kind == "editable"}[editable_override]
        table["directory"] = _drop_none({"path": where.install(source.value), "editable": flag})
    elif source.kind in ("url", "path"):
        archive = _archive(package, source, where)
        if archive is not None:
            table["archive"] = archive
    elif source.kind == "registry":
        if package.sdist is not None:
            table["sdist"] = _registry_file(package.sdist, package, where, "packages.sdist", wheel=False)
        wheels = [_registry_file(w, package, where, "packages.wheels", wheel=True) for w in package.wheels]
        if wheels:
            table["wheels"] = wheels
    return table


def _vcs(source: Source, name: str) -> dict[str, Value]:
    parts = split_url(source.value)
    query = dict(pair.partition("=")[::2] for pair in parts.query.split("&") if pair)
    if "path" in query:
        raise PylockError(f"Package `{name}` uses a Git archive, which pylock.toml export does not support")
    revision = query.get("tag") or query.get("branch") or query.get("rev")
    return _drop_none(
        {
            "type": "git",
            "url": urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
            "requested-revision": unquote(revision) if revision else None,
            "commit-id": parts.fragment,
            "subdirectory": source.subdirectory
            or (unquote(query["subdirectory"]) if "subdirectory" in query else None),
        }
    )


def _archive(package: LockedPackage, source: Source, where: _Paths) -> dict[str, Value] | None:
    is_sdist = source.value.split("#", 1)[0].lower().endswith(_SOURCE_DIST)
    artifact = package.sdist if is_sdist else (package.wheels[0] if package.wheels else None)
    if artifact is None and not is_sdist:
        return None
    url: str | None = None
    path: str | None = None
    if source.kind == "url":
        url = source.value + (f"#subdirectory={source.subdirectory}" if is_sdist and source.subdirectory else "")
    else:
        path = where.install(source.value)
    digest = artifact.hash if artifact is not None else None
    if path is not None:
        digest = where.digest(digest, where.file_url(source.value))
    return _drop_none(
        {
            "url": url,
            "path": path,
            "size": artifact.size if artifact is not None else None,
            "subdirectory": source.subdirectory if is_sdist and source.kind == "url" else None,
            "hashes": _hashes(digest, package.name, "packages.archive"),
        }
    )


def _registry_file(artifact: Artifact, package: LockedPackage, where: _Paths, field: str, *, wheel: bool) -> Value:
    if artifact.url is not None:
        url = artifact.url
    elif artifact.path is not None and not _is_url(package.source.value):
        url = where.file_url(package.source.value, artifact.path)
    else:
        raise PylockError(f"`{field}` entry for `{package.name}` has no URL or path in uv.lock")
    filename = _wheel_filename(artifact.filename or "", package.name) if wheel else None
    last = unquote(split_url(url).path.rsplit("/", 1)[-1])
    return _drop_none(
        {
            "name": filename if filename is not None and filename != last else None,
            "url": url,
            "upload-time": _timestamp(artifact.upload_time),
            "size": artifact.size,
            "hashes": _hashes(where.digest(artifact.hash, url), package.name, field),
        }
    )


def _wheel_filename(filename: str, name: str) -> str:
    """uv's `WheelFilename` display: the dist-info form of the name and the normalised version."""
    parts = filename.removesuffix(".whl").split("-")
    if len(parts) < 5:
        return filename
    try:
        version = str(Version(parts[1]))
    except InvalidVersion:
        version = parts[1]
    return "-".join([canonicalize_name(name).replace("-", "_"), version, *parts[2:]]) + ".whl"


def _hashes(digest: str | None, name: str, field: str) -> dict[str, Value]:
    if not digest or ":" not in digest:
        raise PylockError(
            f"`{field}` entry for `{name}` has no hash in uv.lock: uv would download the file to hash it, "
            "and uv-audit does not fetch files"
        )
    algorithm, _, value = digest.partition(":")
    return {algorithm: value}


_TIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:([Zz])|([+-])(\d\d):(\d\d))?")


def _timestamp(text: str | None) -> datetime | None:
    """uv keeps milliseconds and prints whole seconds (jiff's `nanosecond()` is below a microsecond)."""
    found = _TIME.fullmatch(text or "")
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in found.groups()[:6])
    offset = timedelta(0)
    if found.group(8):
        offset = timedelta(hours=int(found.group(9)), minutes=int(found.group(10)))
        offset = -offset if found.group(8) == "-" else offset
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc)


def _marker_text(marker: str) -> str | None:
    from auditor.export.api import normalize_marker

    return normalize_marker(marker)


def _is_url(value: str) -> bool:
    return bool(_URL.match(value))


def _strip_credentials(url: str) -> str:
    parts = split_url(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _drop_none(table: dict[str, Value | None]) -> dict[str, Value]:
    return {k: v for k, v in table.items() if v is not None}
