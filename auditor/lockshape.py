"""The shape uv writes a wheel entry of uv.lock in, checked in one go and turned into the fields of
`lockmodel.Artifact` (auditor.lockentries). The prefetching child (auditor.prefetch) turns the
wheels of the tables it parses into these tuples, so that the audit builds them without looking
again: TOML has no tuples, so a tuple among a package's wheels is one this function made.
Import-free: the child imports it first."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_INT64_MIN, _INT64_END = -(2**63), 2**63

WheelFields = tuple["str | None", "str | None", "str | None", "str | None", "int | None", "str | None"]
"""url, path, filename (derived from the URL or path when not written), hash, size, upload-time."""


def wheel_fields(raw: dict[str, Any]) -> WheelFields | None:
    """The Artifact fields of an entry in uv's shape (each value a string, the size an int64),
    or None: then lockentries checks it field by field and words the error."""
    url, path, filename, digest, size = (
        raw.get("url"),
        raw.get("path"),
        raw.get("filename"),
        raw.get("hash"),
        raw.get("size"),
    )
    if (
        (url is None or isinstance(url, str))
        and (path is None or isinstance(path, str))
        and (filename is None or isinstance(filename, str))
        and (digest is None or isinstance(digest, str))
        and (size is None or (type(size) is int and _INT64_MIN <= size < _INT64_END))
    ):
        if filename is None and (url or path):
            filename = (url or path or "").rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]
        uploaded = raw.get("upload-time")
        return (url, path, filename, digest, size, uploaded if isinstance(uploaded, str) else None)
    return None


def shape_wheels(tables: dict[str, Any]) -> None:
    """In place: each package's wheel entries in uv's shape become their `wheel_fields`."""
    packages = tables.get("package")
    if not isinstance(packages, list):
        return
    for package in packages:
        wheels = package.get("wheels") if isinstance(package, dict) else None
        if isinstance(wheels, list):
            package["wheels"] = [(isinstance(w, dict) and wheel_fields(w)) or w for w in wheels]
