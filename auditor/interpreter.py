"""Which Python a target is about: the interpreter that logged the model, the `.python-version`
request, and `requires-python` from pyproject.toml and uv.lock. Pure functions over a Target.
"""

from __future__ import annotations

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from auditor import target as t
from auditor.frozen import frozen


@frozen
class LoggedPython:
    """One place that records the interpreter that logged the model."""

    version: Version
    raw: str
    artifact: str
    """python_env.yaml, MLmodel or conda.yaml."""
    line: int | None


@frozen
class RequiresPython:
    specifier: SpecifierSet
    raw: str
    artifact: str
    """pyproject.toml or uv.lock."""
    line: int | None


def _version(raw: str | None) -> Version | None:
    if raw is None:
        return None
    try:
        return Version(raw.strip())
    except InvalidVersion:
        return None


def logged_pythons(target: t.Target) -> tuple[LoggedPython, ...]:
    """The logged interpreter as each model file records it, most authoritative first."""
    found: list[LoggedPython] = []
    candidates = (
        (
            t.PYTHON_ENV,
            target.python_env.python if target.python_env else None,
            target.python_env.python_line if target.python_env else None,
        ),
        (
            t.MLMODEL,
            target.mlmodel.python_version if target.mlmodel else None,
            target.mlmodel.python_version_line if target.mlmodel else None,
        ),
        (t.CONDA, target.conda.python if target.conda else None, target.conda.python_line if target.conda else None),
    )
    for artifact, raw, line in candidates:
        version = _version(raw) if target.usable(artifact) else None
        if version is not None and raw is not None:
            found.append(LoggedPython(version, raw.strip(), artifact, line))
    return tuple(found)


def distinct_logged(target: t.Target) -> tuple[tuple[LoggedPython, tuple[str, ...]], ...]:
    """One entry per distinct logged version: the first place recording it and every file that does."""
    groups: dict[Version, list[LoggedPython]] = {}
    for logged in logged_pythons(target):
        groups.setdefault(logged.version, []).append(logged)
    return tuple((items[0], tuple(i.artifact for i in items)) for items in groups.values())


def requires_pythons(target: t.Target) -> tuple[RequiresPython, ...]:
    """`requires-python` from pyproject.toml and uv.lock (each when present and valid)."""
    out: list[RequiresPython] = []
    if target.usable(t.PYPROJECT) and target.pyproject is not None and target.pyproject.requires_python:
        raw = target.pyproject.requires_python
        spec = _specifier(raw)
        if spec is not None:
            out.append(RequiresPython(spec, raw, t.PYPROJECT, target.pyproject.lines.get("requires-python")))
    if target.usable(t.LOCK) and target.lock is not None and target.lock.requires_python:
        raw = target.lock.requires_python
        spec = _specifier(raw)
        if spec is not None:
            out.append(RequiresPython(spec, raw, t.LOCK, None))
    return tuple(out)


def _specifier(raw: str) -> SpecifierSet | None:
    try:
        return SpecifierSet(raw)
    except InvalidSpecifier:
        return None


def lowest_allowed(spec: SpecifierSet) -> Version | None:
    """The lowest CPython 3.x release (minor.patch) that `spec` allows, or None."""
    for minor in range(0, 30):
        for patch in range(0, 30):
            candidate = Version(f"3.{minor}.{patch}")
            if spec.contains(candidate, prereleases=True):
                return candidate
    return None


def pinned(target: t.Target) -> Version | None:
    """The `.python-version` request as a version, when it is a plain version (`3.11`, `cp311`)."""
    if not target.usable(t.PYTHON_VERSION) or target.python_version is None:
        return None
    request = target.python_version.primary
    if request is None or not request.comparable or request.version is None:
        return None
    return _version(request.version)


def suggested(target: t.Target) -> str | None:
    """A version to pin when none is: the logged one, else requires-python's lowest minor."""
    logged = logged_pythons(target)
    if logged:
        return str(logged[0].version)
    for requires in requires_pythons(target):
        lowest = lowest_allowed(requires.specifier)
        if lowest is not None:
            return f"{lowest.major}.{lowest.minor}"
    return None


def serving_python(target: t.Target, override: str | None = None) -> tuple[Version, str] | None:
    """The interpreter a restore will most likely use, and where that comes from: the override
    (`--python-version`), the logged Python, the `.python-version` pin, else requires-python's
    lowest release."""
    if override:
        version = _version(override)
        if version is not None:
            return version, "--python-version"
    logged = logged_pythons(target)
    if logged:
        return logged[0].version, f"logged in {logged[0].artifact}"
    pin = pinned(target)
    if pin is not None:
        return pin, ".python-version"
    for requires in requires_pythons(target):
        lowest = lowest_allowed(requires.specifier)
        if lowest is not None:
            where = f"lowest allowed by requires-python in {requires.artifact}"
            return Version(f"{lowest.major}.{lowest.minor}"), where
    return None
