"""Package and extra names as PEP 503 normalises them, without importing packaging.utils (which
imports packaging.tags, and with it logging, subprocess and platform: ~15 ms of a cold start)."""

from __future__ import annotations

import re

_VALID = re.compile(r"[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9]", re.IGNORECASE | re.ASCII)


class InvalidName(ValueError):
    """Not a valid distribution name (`packaging.utils.InvalidName`)."""


def canonicalize_name(name: str, *, validate: bool = False) -> str:
    """`packaging.utils.canonicalize_name(name, validate=...)`: `re.sub(r"[-_.]+", "-", name).lower()`;
    with `validate`, InvalidName unless `name` is a valid distribution name."""
    if validate and not _VALID.fullmatch(name):
        raise InvalidName(f"name is invalid: {name!r}")
    value = name.lower().replace("_", "-").replace(".", "-")
    while "--" in value:
        value = value.replace("--", "-")
    return value


def canonicalize_version(text: str, *, strip_trailing_zero: bool = True) -> str:
    """`packaging.utils.canonicalize_version(text, strip_trailing_zero=...)`: the normalised
    version, trailing `.0` release parts dropped (but the first); an invalid version as written."""
    from packaging.version import InvalidVersion, Version

    try:
        version = Version(text)
    except InvalidVersion:
        return text
    release = version.release
    if strip_trailing_zero:
        while len(release) > 1 and release[-1] == 0:
            release = release[:-1]
    parts = [f"{version.epoch}!" if version.epoch else "", ".".join(str(x) for x in release)]
    if version.pre is not None:
        parts.append("".join(str(x) for x in version.pre))
    if version.post is not None:
        parts.append(f".post{version.post}")
    if version.dev is not None:
        parts.append(f".dev{version.dev}")
    if version.local is not None:
        parts.append(f"+{version.local}")
    return "".join(parts)
