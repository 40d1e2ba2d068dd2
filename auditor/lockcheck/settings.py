"""The resolver settings uv.lock records, against the workspace root's `[tool.uv]`: the checks
`ValidatedLock::validate` (crates/uv-lock-operations/src/validated_lock.rs, uv 0.13.9) makes before
`Lock::satisfies`.

`[options]` holds `resolution-mode`, `prerelease-mode` and `prerelease-package`, `fork-strategy`
and `exclude-newer` (with `exclude-newer-span` and `exclude-newer-package`), each written only when
it is not uv's default; `conflicts`, `supported-markers` and `required-markers` sit at the top.
Settings only a `uv.toml`, the environment or the command line could give are not seen here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlunsplit

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from auditor.export import markers_equivalent
from auditor.export.markers import MarkerError
from auditor.lockcheck import timestamps
from auditor.lockcheck.diff import Change, Difference
from auditor.lockfile import Lock
from auditor.members import local_path
from auditor.names import canonicalize_name
from auditor.pep508 import InvalidRequirement, parse_requirement
from auditor.pyproject import Pyproject
from auditor.urls import split as split_url

DEFAULTS = {"resolution": "highest", "prerelease": "if-necessary-or-explicit", "fork-strategy": "requires-python"}
LOCK_KEYS = {"resolution": "resolution-mode", "prerelease": "prerelease-mode", "fork-strategy": "fork-strategy"}


class Undecided(Exception):
    """A setting whose effect cannot be told statically; the message says why."""


def _line(root: Pyproject, key: str) -> int | None:
    return root.lines.get(f"tool.uv.{key}") or root.lines.get("tool.uv")


def _changed(root: Pyproject, key: str, expected: object, locked: object) -> Difference:
    return Difference(f"tool.uv.{key}", None, "changed", str(expected), str(locked), _line(root, key))


def _modes(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {canonicalize_name(str(k)): str(v) for k, v in raw.items()}


def options(lock: Lock, root: Pyproject) -> Iterator[Difference]:
    """`resolution`, `prerelease` (global and per package) and `fork-strategy`."""
    uv = root.tool_uv.settings
    for key, default in DEFAULTS.items():
        expected = uv.get(key, default)
        locked = lock.options.get(LOCK_KEYS[key], default)
        if expected != locked:
            yield _changed(root, key, expected, locked)
    expected_modes, locked_modes = _modes(uv.get("prerelease-package")), _modes(lock.options.get("prerelease-package"))
    if expected_modes != locked_modes:
        yield _changed(root, "prerelease", _text(expected_modes), _text(locked_modes))


def _text(modes: Mapping[str, object]) -> str:
    return "{" + ", ".join(f"{k} = {v}" for k, v in sorted(modes.items())) + "}"


def _cutoff(value: object, where: str) -> timestamps.Cutoff:
    cutoff = timestamps.parse(value)
    if cutoff is None:
        raise Undecided(f"{where} `{value}` is not a timestamp, date or span uv-audit can read")
    return cutoff


def _cutoff_changed(locked: object, current: object, where: str) -> bool:
    verdict = timestamps.changed(_cutoff(locked, f"uv.lock {where}"), _cutoff(current, f"tool.uv.{where}"))
    if verdict is None:
        raise Undecided(f"tool.uv.{where} `{current}` is a date, which uv reads in the machine's time zone")
    return verdict


def exclude_newer(lock: Lock, root: Pyproject) -> Iterator[Difference]:
    """uv's `ExcludeNewer::compare` of the lock's cutoffs with the current ones (Undecided: unknowable)."""
    uv, opts = root.tool_uv.settings, lock.options
    locked_global: object = opts.get("exclude-newer")
    if "exclude-newer-span" in opts:
        locked_global = {"span": opts["exclude-newer-span"]}
    current_global = uv.get("exclude-newer")
    shown_lock = _shown_lock(opts)
    if locked_global is None and current_global is not None:
        yield Difference(
            "tool.uv.exclude-newer",
            None,
            "added",
            f'exclude-newer = "{current_global}"',
            None,
            _line(root, "exclude-newer"),
        )
        return
    if locked_global is not None and current_global is None:
        yield Difference("tool.uv.exclude-newer", None, "removed", None, shown_lock, _line(root, "exclude-newer"))
        return
    if locked_global is not None and _cutoff_changed(locked_global, current_global, "exclude-newer"):
        yield _changed(root, "exclude-newer", f'exclude-newer = "{current_global}"', shown_lock)
        return
    locked_packages = {canonicalize_name(str(k)): v for k, v in _mapping(opts.get("exclude-newer-package")).items()}
    names = {p.name for p in lock.packages} | set(locked_packages)
    current = {canonicalize_name(str(k)): v for k, v in _mapping(uv.get("exclude-newer-package")).items()}
    current = {k: v for k, v in current.items() if k in names}
    for name in sorted(set(locked_packages) | set(current)):
        before, now = locked_packages.get(name), current.get(name)
        if _package_changed(before, now, name):
            shown_now, shown_before = (
                None if v is None else f"exclude-newer-package.{name} = {_toml(v)}" for v in (now, before)
            )
            change: Change = "added" if before is None else ("removed" if now is None else "changed")
            yield Difference(
                "tool.uv.exclude-newer", None, change, shown_now, shown_before, _line(root, "exclude-newer-package")
            )
            return


def _toml(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else f'"{value}"'


def _shown_lock(opts: Mapping[str, Any]) -> str:
    """The lock's global cutoff as uv.lock writes it (`[options]`)."""
    if "exclude-newer-span" in opts:
        return f'exclude-newer-span = "{opts["exclude-newer-span"]}"'
    return f'exclude-newer = "{opts.get("exclude-newer")}"'


def _package_changed(before: object, now: object, name: str) -> bool:
    if before is None:
        return now is not None and now is not False
    if now is None:
        return True
    if before is False:
        return now is not False
    if now is False:
        return False  # uv keeps a lock whose package cutoff was switched off
    return _cutoff_changed(before, now, f"exclude-newer-package.{name}")


def _mapping(raw: object) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def _conflict_set(items: object, owner: str | None) -> frozenset[tuple[str, str, str]]:
    out = set()
    for item in items if isinstance(items, (list, tuple)) else ():
        if not isinstance(item, Mapping):
            continue
        package = canonicalize_name(str(item.get("package", owner or "")))
        extra = item.get("extra")
        group = item.get("group")
        out.add(
            (package, canonicalize_name(str(extra)) if extra else "", canonicalize_name(str(group)) if group else "")
        )
    return frozenset(out)


def conflicts(lock: Lock, root: Pyproject, projects: Mapping[str, Pyproject], complete: bool) -> Iterator[Difference]:
    """`tool.uv.conflicts` of the root (a virtual one) and every member, against the lock's."""
    if not complete:
        return  # a member's pyproject.toml is missing: its conflicts cannot be read
    declared: set[frozenset[tuple[str, str, str]]] = set()
    sources = [p for p in projects.values() if p.has_project_table] + ([] if root.has_project_table else [root])
    for project in sources:
        if any(i.include_group for g in project.dependency_groups.values() for i in g) and project.tool_uv.conflicts:
            return  # uv adds the sets that `include-group` implies; not ported
        declared |= {_conflict_set(s, project.name) for s in project.tool_uv.conflicts}
    locked = {frozenset((i.package, i.extra or "", canonicalize_name(i.group) if i.group else "") for i in s)
              for s in lock.conflicts}  # fmt: skip
    if declared != locked:
        yield Difference("tool.uv.conflicts", None, "changed", _sets(declared), _sets(locked), _line(root, "conflicts"))


def _sets(sets: set[frozenset[tuple[str, str, str]]]) -> str:
    def item(i: tuple[str, str, str]) -> str:
        return i[0] + (f"[{i[1]}]" if i[1] else "") + (f":{i[2]}" if i[2] else "")

    return "; ".join(sorted(", ".join(sorted(item(i) for i in s)) for s in sets)) or "none"


def environments(lock: Lock, root: Pyproject) -> Iterator[Difference]:
    """`tool.uv.environments` / `required-environments` against `supported-markers` / `required-markers`."""
    for key, locked in (("environments", lock.supported_markers), ("required-environments", lock.required_markers)):
        raw = root.tool_uv.settings.get(key, [])
        declared = [raw] if isinstance(raw, str) else [str(m) for m in raw] if isinstance(raw, list) else []
        try:
            same = len(declared) == len(locked) and all(
                markers_equivalent(a, b, lock.requires_python) for a, b in zip(declared, locked, strict=True)
            )
        except MarkerError as exc:
            raise Undecided(f"tool.uv.{key}: {exc}") from None
        if not same:
            yield _changed(root, key, " | ".join(declared) or "none", " | ".join(locked) or "none")


PYPI = "https://pypi.org/simple"
INDEX_KEYS = ("index", "index-url", "extra-index-url", "find-links", "no-index")


def _location(url: str) -> str:
    """An index as uv compares it: a URL without credentials, or a path relative to the root."""
    parts = split_url(url)
    if parts.scheme in ("http", "https"):
        netloc = parts.netloc.rsplit("@", 1)[-1].lower()
        return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    path = parts.path if parts.scheme == "file" else url
    return local_path(path)


def _urls(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    return [str(u) for u in raw] if isinstance(raw, list) else []


def indexes(lock: Lock, root: Pyproject, projects: Mapping[str, Pyproject]) -> Iterator[Difference]:
    """uv's missing-index check: once any index is configured, every registry a locked package
    comes from must still be one of them (`allowed_indexes`, plus the indexes of the members)."""
    uv = root.tool_uv.settings
    if not any(k in uv for k in INDEX_KEYS):
        return
    allowed = {_location(u) for u in _urls(uv.get("find-links"))}
    if uv.get("no-index") is not True:
        named = [i.url for i in root.tool_uv.index]
        allowed |= {_location(u) for u in [*named, *_urls(uv.get("index-url")), *_urls(uv.get("extra-index-url"))]}
        if not any(i.default for i in root.tool_uv.index) and "index-url" not in uv:
            allowed.add(PYPI)
    allowed |= {_location(i.url) for p in projects.values() for i in p.tool_uv.index}
    for package in lock.packages:
        if package.source.kind == "registry" and _location(package.source.value) not in allowed:
            key = "find-links" if "find-links" in uv and "index" not in uv else "index"
            # a line would not name the package: the finding points at the file
            yield Difference(f"tool.uv.{key}", package.name, "removed", None, package.source.value, None)
            return


def _static_metadata(raw: Mapping[str, Any]) -> tuple[object, ...]:
    """One `dependency-metadata` entry as uv's `StaticMetadata` compares it."""
    try:
        version = Version(str(raw["version"])) if raw.get("version") is not None else None
        requires = frozenset(str(parse_requirement(str(r))) for r in raw.get("requires-dist", []))
        python = SpecifierSet(str(raw["requires-python"])) if raw.get("requires-python") else None
    except (InvalidVersion, InvalidRequirement, InvalidSpecifier, TypeError) as exc:
        raise Undecided(f"tool.uv.dependency-metadata: {exc}") from None
    extras = raw.get("provides-extras", raw.get("provides-extra", []))
    names = frozenset(canonicalize_name(str(e)) for e in extras) if isinstance(extras, list) else frozenset()
    return (canonicalize_name(str(raw.get("name", ""))), version, requires, python, names)


def dependency_metadata(lock: Lock, root: Pyproject) -> Iterator[Difference]:
    """`tool.uv.dependency-metadata` for the packages the lock has (or recorded) against the lock's."""
    recorded = {_static_metadata(m) for m in lock.manifest.dependency_metadata}
    known = {p.name for p in lock.packages} | {str(m[0]) for m in recorded}
    raw = root.tool_uv.settings.get("dependency-metadata", [])
    declared = {_static_metadata(m) for m in raw if isinstance(m, Mapping)} if isinstance(raw, list) else set()
    declared = {m for m in declared if m[0] in known}
    if declared != recorded:
        names = sorted({str(m[0]) for m in declared ^ recorded})
        line = root.lines.get(f"tool.uv.dependency-metadata:{names[0]}")
        yield Difference("tool.uv.dependency-metadata", names[0], "changed", ", ".join(names), None, line)
