"""Requirements normalised the way uv's `normalize_requirement` does before it compares them.

uv compares `requires-dist`, `requires-dev` and the `[manifest]` lists as sets of requirements with
sorted extras, specifiers sorted and compared by meaning (`>=1.0` equals `>=1.0.0`), markers
compared by meaning after simplification against `requires-python`, and sources reduced to what the
lock records (index URL without credentials, Git URL with its reference, paths relative to the
workspace root). `NormReq` is that comparable form; `same` is uv's equality.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlunsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from auditor.export import markers_equivalent, normalize_marker
from auditor.frozen import frozen
from auditor.lockfile import MetadataRequirement
from auditor.members import local_path
from auditor.names import canonicalize_name, canonicalize_version
from auditor.urls import split as split_url

LOCAL_KINDS = ("editable", "directory", "virtual", "path")
ANY_LOCAL = "directory|virtual"
"""A directory source whose package-or-virtual status cannot be read (its pyproject.toml is absent)."""


@frozen
class NormReq:
    name: str
    extras: tuple[str, ...] = ()
    specifier: tuple[tuple[str, str], ...] = ()
    source: tuple[str, ...] = ("registry", "", "")
    """("registry", index URL, conflict) / ("git", repo, reference, subdirectory) / ("url", url,
    subdirectory) / (local kind, path relative to the workspace root)."""
    marker: str | None = None
    """As uv prints it (canonical: one text per meaning); None is always true."""


@lru_cache(maxsize=4096)
def specifier_key(text: str | None) -> tuple[tuple[str, str], ...]:
    """Sorted (operator, version) pairs; versions compare without trailing zeros except for `~=`."""
    if not text or not text.strip():
        return ()
    try:
        specs = SpecifierSet(text)
    except InvalidSpecifier:
        return (("", text.strip()),)
    out = []
    for spec in specs:
        version = spec.version
        if spec.operator == "===" or version.endswith(".*"):
            key = version
        else:
            key = canonicalize_version(version, strip_trailing_zero=spec.operator != "~=")
        out.append((spec.operator, key))
    return tuple(sorted(out))


def git_key(url: str, reference: tuple[str, str] | None = None, subdirectory: str | None = None) -> tuple[str, ...]:
    """A Git source as (repository, reference, subdirectory); query/fragment carry uv's fields."""
    parts = split_url(url.removeprefix("git+"))
    query = dict(parse_qsl(parts.query))
    path = parts.path
    ref = ""
    if reference is not None:
        ref = f"{reference[0]}={reference[1]}"
    elif "@" in path.rsplit("/", 1)[-1] or ("@" in path and not query):
        path, _, rev = path.rpartition("@")
        ref = f"rev={rev}"
    for kind in ("tag", "branch", "rev"):
        if kind in query and not ref:
            ref = f"{kind}={query[kind]}"
    fragment = dict(parse_qsl(parts.fragment)) if "=" in parts.fragment else {}
    subdir = subdirectory or query.get("subdirectory") or fragment.get("subdirectory") or ""
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    return ("git", urlunsplit((parts.scheme, netloc, path, "", "")), ref, subdir)


def url_key(url: str, subdirectory: str | None = None) -> tuple[str, ...]:
    parts = split_url(url)
    fragment = dict(parse_qsl(parts.fragment)) if "=" in parts.fragment else {}
    netloc = parts.netloc.rsplit("@", 1)[-1]
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return ("url", clean, subdirectory or fragment.get("subdirectory") or "")


def _conflict(raw: Any) -> str:
    if not isinstance(raw, Mapping):
        return ""
    package = canonicalize_name(str(raw.get("package", "")))
    if "extra" in raw:
        return f"{package}[{canonicalize_name(str(raw['extra']))}]"
    if "group" in raw:
        return f"{package}:{canonicalize_name(str(raw['group']))}"
    return package


def index_url(url: str) -> str:
    parts = split_url(url)
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, parts.query, "")).rstrip("/")


def from_metadata(req: MetadataRequirement) -> NormReq:
    """A `requires-dist` / `requires-dev` / `[manifest]` entry of uv.lock, normalised."""
    source = req.source
    key: tuple[str, ...]
    if "git" in source:
        key = git_key(str(source["git"]).split("#", 1)[0])
    elif "url" in source:
        key = url_key(str(source["url"]), source.get("subdirectory"))
    else:
        key = (
            "registry",
            index_url(str(source["index"])) if "index" in source else "",
            _conflict(source.get("conflict")),
        )
        for kind in LOCAL_KINDS:
            if kind in source:
                key = (kind, local_path(str(source[kind])))
    return NormReq(
        name=req.name,
        extras=tuple(sorted(set(req.extras))),
        specifier=specifier_key(req.specifier) if key[0] == "registry" else (),
        source=key,
        marker=normalize_marker(req.marker),
    )


ANY_SOURCE = ("any",)
"""A source that cannot be worked out statically (an unknown index name, a `file:` URL): matches any."""


def _same_source(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if a == b or ANY_SOURCE in (a, b):
        return True
    for x, y in ((a, b), (b, a)):
        if x[0] in (ANY_LOCAL, y[0]) and y[0] in LOCAL_KINDS and _same_path(x[1], y[1]):
            return x[0] == y[0] or y[0] in ("directory", "virtual")
    return False


def _same_path(a: str, b: str) -> bool:
    """Equal paths, or `../<root dir>/x` against `x`: a path that leaves the workspace root and
    comes back into it (the root directory's own name is not known here)."""
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if x.startswith("../") and not y.startswith("../"):
            rest = x[3:].partition("/")[2]
            if local_path(rest or ".") == y:
                return True
    return False


def same(a: NormReq, b: NormReq, requires_python: str | None) -> bool:
    """uv's equality of two normalised requirements (markers by meaning)."""
    return (
        a.name == b.name
        and a.extras == b.extras
        and (a.specifier == b.specifier or ANY_SOURCE in (a.source, b.source))
        and _same_source(a.source, b.source)
        and _same_marker(a.marker, b.marker, requires_python)
    )


_EXTRA_ONLY = re.compile(r"extra == '([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)'")  # a valid name


def _same_marker(a: str | None, b: str | None, requires_python: str | None) -> bool:
    """`markers_equivalent`, without the marker algebra where the answer is plain: equal texts
    (both the printer's canonical form), and `extra == 'x'` against `extra == 'y'` for another
    extra (one package's requirements per extra), which never select the same environments:
    `extra` is neither in the platform exclusions nor in requires-python."""
    if a == b:
        return True
    if a is not None and b is not None:
        x, y = _EXTRA_ONLY.fullmatch(a), _EXTRA_ONLY.fullmatch(b)
        if x is not None and y is not None and canonicalize_name(x[1]) != canonicalize_name(y[1]):
            return False
    return markers_equivalent(a, b, requires_python)


def render(req: NormReq) -> str:
    """The requirement as PEP 508 text, with a non-registry source after ` @ `."""
    text = req.name + (f"[{','.join(req.extras)}]" if req.extras else "")
    kind = req.source[0]
    if kind == "registry":
        text += ",".join(op + version for op, version in req.specifier)
    elif kind == "git":
        _, repo, ref, subdir = req.source
        text += f" @ git+{repo}" + (f"@{ref.split('=', 1)[1]}" if ref else "")
        text += f"#subdirectory={subdir}" if subdir else ""
    elif kind == "url":
        text += f" @ {req.source[1]}" + (f"#subdirectory={req.source[2]}" if req.source[2] else "")
    else:
        text += f" @ {req.source[1]}"
    marker = req.marker
    if marker is not None:
        text += ("; " if kind == "registry" else " ; ") + marker
    if kind == "registry" and req.source[1]:
        text += f"  (index {req.source[1]})"
    return text
