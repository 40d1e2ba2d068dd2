"""`.python-version` parsed into interpreter requests, in the forms uv accepts.

`3.11`, `3.11.7`, `3.13t`, `>=3.11,<3.13`, `cpython@3.12`, `cpython-3.12.3-linux-x86_64-gnu`,
`cpython3.12`, `pypy3.10`, `pp310`, `cp312`, `python3.12`, a path, `any`; comments (`#`) and blank
lines are skipped; uv uses the first request of `.python-version`.
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from auditor.errors import ArtifactError
from auditor.frozen import frozen

_IMPLEMENTATIONS = {
    "cpython": "cpython",
    "cp": "cpython",
    "python": "cpython",
    "pypy": "pypy",
    "pp": "pypy",
    "graalpy": "graalpy",
    "gp": "graalpy",
    "pyodide": "pyodide",
}
_VERSION = r"(\d+(?:\.\d+){0,2}(?:(?:a|b|rc)\d+)?)(t|\+freethreaded|\+gil)?"
_NAMED = re.compile(r"^(cpython|pypy|graalpy|pyodide|python)[@-]?" + _VERSION + r"(?:-.*)?$", re.I)
_SHORT = re.compile(r"^(cp|pp|gp)(\d)(\d{1,2})(t)?$", re.I)
_PLAIN = re.compile(r"^" + _VERSION + r"$")


@frozen
class PythonRequest:
    raw: str
    line: int
    implementation: str | None = None
    version: str | None = None
    """A plain version request such as `3.11` or `3.11.7` (no operator)."""
    specifier: str | None = None
    """A specifier request such as `>=3.11,<3.13`."""
    free_threaded: bool = False
    comparable: bool = True
    """False for paths, `any`, or names uv resolves by executable name: nothing to compare."""

    def matches(self, version: Version) -> bool | None:
        """Whether an interpreter version satisfies the request; None when it cannot be judged."""
        if not self.comparable:
            return None
        if self.specifier is not None:
            return SpecifierSet(self.specifier).contains(version, prereleases=True)
        if self.version is None:
            return True
        wanted = Version(self.version)
        parts = len(wanted.release)
        return version.release[:parts] == wanted.release[:parts] and (
            wanted.pre is None or parts < 3 or version.pre == wanted.pre
        )

    def allowed_by(self, requires_python: SpecifierSet) -> bool | None:
        """Whether any interpreter this request admits is allowed by requires-python."""
        if not self.comparable:
            return None
        if self.version is not None:
            wanted = Version(self.version)
            if len(wanted.release) >= 3:
                return requires_python.contains(wanted, prereleases=True)
            # `3.11` admits 3.11.0 .. 3.11.x: allowed when some patch release is.
            major, minor = ((*wanted.release, 0))[:2]
            return any(
                requires_python.contains(Version(f"{major}.{minor}.{patch}"), prereleases=True)
                for patch in range(0, 40)
            )
        if self.specifier is not None:
            candidates = [Version(f"3.{minor}.{patch}") for minor in range(0, 20) for patch in (0, 5, 20)]
            spec = SpecifierSet(self.specifier)
            return any(
                spec.contains(v, prereleases=True) and requires_python.contains(v, prereleases=True) for v in candidates
            )
        return True


@frozen
class PythonVersionFile:
    requests: tuple[PythonRequest, ...]

    @property
    def primary(self) -> PythonRequest | None:
        return self.requests[0] if self.requests else None


def _parse_version(raw: str, line: int, implementation: str | None, version: str, suffix: str | None) -> PythonRequest:
    try:
        Version(version)
    except InvalidVersion:
        raise ArtifactError(f"invalid Python version request {raw!r}", line) from None
    return PythonRequest(raw, line, implementation, version, None, suffix in ("t", "+freethreaded"))


def parse_request(raw: str, line: int) -> PythonRequest:
    text = raw.strip()
    lowered = text.lower()
    if lowered in ("any", "default"):
        return PythonRequest(text, line, comparable=False)
    if lowered in _IMPLEMENTATIONS and lowered not in ("cp", "pp", "gp"):
        return PythonRequest(text, line, implementation=_IMPLEMENTATIONS[lowered])
    if match := _PLAIN.match(text):
        return _parse_version(text, line, None, match.group(1), match.group(2))
    if match := _NAMED.match(text):
        return _parse_version(text, line, _IMPLEMENTATIONS[match.group(1).lower()], match.group(2), match.group(3))
    if match := _SHORT.match(text):
        version = f"{match.group(2)}.{match.group(3)}"
        return _parse_version(text, line, _IMPLEMENTATIONS[match.group(1).lower()], version, match.group(4))
    if text[:1] in "<>=!~":
        try:
            SpecifierSet(text)
        except InvalidSpecifier:
            raise ArtifactError(f"invalid Python version specifier {text!r}", line) from None
        return PythonRequest(text, line, specifier=text)
    if "/" in text or "\\" in text or re.match(r"^[\w.+-]+$", text):
        # A path or an executable name: uv resolves it at run time; nothing to compare.
        return PythonRequest(text, line, comparable=False)
    raise ArtifactError(f"invalid Python request {text!r}", line)


def parse_python_version(text: str) -> PythonVersionFile:
    if "\x00" in text:
        raise ArtifactError(".python-version contains NUL bytes", None)
    requests = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        content = raw.split("#", 1)[0].strip()
        if content:
            requests.append(parse_request(content, number))
    return PythonVersionFile(tuple(requests))
