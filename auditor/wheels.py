"""Which wheels install where: uv's `--python-platform` names turned into wheel tags and PEP 508
marker environments, and wheel file names matched against them.

Tags are (interpreter, abi, platform) triples, generated as `packaging.tags.cpython_tags` and
`compatible_tags` do, and wheel names are read as `packaging.utils.parse_wheel_filename` reads
them, without importing packaging.tags (logging, subprocess, platform: ~10 ms of a cold start);
macOS platform lists and free-threaded ABIs still come from packaging.tags. Markers are evaluated
in the export engine's marker algebra, as uv evaluates them. Tests compare each with packaging.

The platforms follow uv's `TargetTriple` (`crates/uv-configuration/src/target_triple.rs`): `linux`
and `x86_64-unknown-linux-gnu` mean manylinux_2_28 on x86_64, `aarch64-unknown-linux-gnu` the same
on aarch64, the `*-unknown-linux-musl` targets musllinux_1_2, macOS targets assume macOS 13.0,
and `macos` is `aarch64-apple-darwin`, `windows` is `x86_64-pc-windows-msvc`. The tag lists follow
uv's `compatible_tags` (`crates/uv-platform-tags/src/tags.rs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote

from packaging.version import InvalidVersion, Version

from auditor.frozen import frozen
from auditor.names import canonicalize_name

Tag = tuple[str, str, str]
"""(interpreter, abi, platform), lower-cased as `packaging.tags.Tag` holds them."""

DEFAULT_PLATFORM = "x86_64-unknown-linux-gnu"
MACOS_DEFAULT = (13, 0)


@frozen
class Platform:
    name: str
    """The name as uv spells it, e.g. `x86_64-unknown-linux-gnu`."""
    os: str
    """manylinux, musllinux, macos or windows."""
    arch: str
    """The machine in wheel tags: x86_64, aarch64, i686, ..."""
    major: int = 0
    minor: int = 0
    """glibc, musl or macOS version (unused for windows)."""

    @property
    def sys_platform(self) -> str:
        return {"macos": "darwin", "windows": "win32"}.get(self.os, "linux")

    @property
    def platform_system(self) -> str:
        return {"macos": "Darwin", "windows": "Windows"}.get(self.os, "Linux")

    @property
    def platform_machine(self) -> str:
        if self.os == "macos" and self.arch == "aarch64":
            return "arm64"
        if self.os == "windows":
            return {"x86_64": "x86_64", "aarch64": "ARM64", "i686": "x86"}[self.arch]
        return self.arch

    @property
    def os_name(self) -> str:
        return "nt" if self.os == "windows" else "posix"

    def describe(self) -> str:
        if self.os == "windows":
            return f"{self.name} (Windows {self.arch})"
        return f"{self.name} ({self.os}_{self.major}_{self.minor} {self.arch})"


_ALIASES = {
    "linux": "x86_64-unknown-linux-gnu",
    "macos": "aarch64-apple-darwin",
    "windows": "x86_64-pc-windows-msvc",
    "x8664-unknown-linux-gnu": "x86_64-unknown-linux-gnu",
    "x8664-unknown-linux-musl": "x86_64-unknown-linux-musl",
    "x8664-apple-darwin": "x86_64-apple-darwin",
    "x8664-pc-windows-msvc": "x86_64-pc-windows-msvc",
    "arm64-pc-windows-msvc": "aarch64-pc-windows-msvc",
}
_FIXED = {
    "x86_64-unknown-linux-gnu": ("manylinux", "x86_64", 2, 28),
    "aarch64-unknown-linux-gnu": ("manylinux", "aarch64", 2, 28),
    "riscv64-unknown-linux": ("manylinux", "riscv64", 2, 39),
    "x86_64-unknown-linux-musl": ("musllinux", "x86_64", 1, 2),
    "aarch64-unknown-linux-musl": ("musllinux", "aarch64", 1, 2),
    "x86_64-apple-darwin": ("macos", "x86_64", *MACOS_DEFAULT),
    "aarch64-apple-darwin": ("macos", "aarch64", *MACOS_DEFAULT),
    "x86_64-pc-windows-msvc": ("windows", "x86_64", 0, 0),
    "aarch64-pc-windows-msvc": ("windows", "aarch64", 0, 0),
    "i686-pc-windows-msvc": ("windows", "i686", 0, 0),
}
_MANYLINUX = re.compile(r"^(x86_64|x8664|aarch64)-manylinux(?:_2_(\d+)|2014|(2)(\d+))$")
_MANYLINUX_ALIAS = re.compile(r"^manylinux(?:_2_(\d+)|2014)_(x86_64|aarch64)$")
# The oldest manylinux minor uv offers per architecture (Arch::get_minimum_manylinux_minor).
_MIN_MANYLINUX = {"x86_64": 5, "i686": 5, "aarch64": 17, "riscv64": 31}


def platform_names() -> tuple[str, ...]:
    """Examples of accepted names, for messages."""
    return (*_ALIASES, *_FIXED, "x86_64-manylinux_2_17", "aarch64-manylinux_2_28", "x86_64-manylinux2014")


def parse_platform(name: str | None) -> Platform:
    """A uv `--python-platform` value (None: uv's default Linux target). Raises ValueError."""
    raw = (name or DEFAULT_PLATFORM).strip()
    key = _ALIASES.get(raw.lower(), raw.lower())
    if key in _FIXED:
        os, arch, major, minor = _FIXED[key]
        return Platform(raw, os, arch, major, minor)
    if match := _MANYLINUX.match(key):
        arch = "x86_64" if match.group(1) in ("x86_64", "x8664") else "aarch64"
        minor = int(match.group(2) or match.group(4) or 17)
        return Platform(raw, "manylinux", arch, 2, minor)
    if match := _MANYLINUX_ALIAS.match(key):
        return Platform(raw, "manylinux", match.group(2), 2, int(match.group(1) or 17))
    raise ValueError(f"unknown Python platform {raw!r} (uv names such as {', '.join(platform_names()[:8])}, ...)")


def platform_tags(platform: Platform) -> tuple[str, ...]:
    """The platform parts of the wheel tags uv accepts for `platform`, most specific first."""
    arch = platform.arch
    if platform.os == "manylinux":
        out: list[str] = []
        for minor in range(platform.minor, _MIN_MANYLINUX.get(arch, 17) - 1, -1):
            out.append(f"manylinux_2_{minor}_{arch}")
            out += {12: [f"manylinux2010_{arch}"], 17: [f"manylinux2014_{arch}"], 5: [f"manylinux1_{arch}"]}.get(
                minor, []
            )
        return (*out, f"linux_{arch}")
    if platform.os == "musllinux":
        return (*(f"musllinux_{platform.major}_{m}_{arch}" for m in range(platform.minor, -1, -1)), f"linux_{arch}")
    if platform.os == "macos":
        from packaging import tags

        mac_arch = "arm64" if arch == "aarch64" else arch
        return tuple(tags.mac_platforms((platform.major, platform.minor), mac_arch))
    return ({"x86_64": "win_amd64", "aarch64": "win_arm64", "i686": "win32"}[arch],)


@lru_cache(maxsize=64)
def supported_tags(python: Version, platform: Platform, free_threaded: bool = False) -> frozenset[Tag]:
    """Every wheel tag a CPython `python` on `platform` installs."""
    major, minor = python.major, python.minor
    interpreter = f"cp{major}{minor}"
    platforms = platform_tags(platform)
    if free_threaded:  # packaging's versions differ in the stable ABI they allow here: its own list
        from packaging import tags

        found = set(tags.cpython_tags((major, minor), [f"{interpreter}t"], platforms))
        found.update(tags.compatible_tags((major, minor), interpreter, platforms))
        return frozenset((t.interpreter, t.abi, t.platform) for t in found)
    # cpython_tags((major, minor), [interpreter], platforms)
    abi3 = (major, minor) >= (3, 2)
    out = {(interpreter, abi, p) for abi in (interpreter, "none", *(("abi3",) if abi3 else ())) for p in platforms}
    if abi3:
        out.update((f"cp{major}{older}", "abi3", p) for older in range(minor - 1, 1, -1) for p in platforms)
    # compatible_tags((major, minor), interpreter, platforms)
    pys = (f"py{major}{minor}", f"py{major}", *(f"py{major}{older}" for older in range(minor - 1, -1, -1)))
    out.update((py, "none", p) for py in pys for p in (*platforms, "any"))
    out.add((interpreter, "none", "any"))
    return frozenset(out)


_BUILD = re.compile(r"(\d+)(.*)\Z", re.ASCII)
_NAME_PART = re.compile(r"^[\w._]+\Z", re.UNICODE)


@lru_cache(maxsize=16384)
def wheel_tags(filename: str) -> frozenset[Tag] | None:
    """The tags of a wheel file name (percent-escapes as in lock URLs are decoded), or None when it
    is not a valid wheel name (the checks of packaging 26's `parse_wheel_filename`)."""
    stem = unquote(filename)
    if not stem.endswith(".whl"):
        return None
    stem = stem[:-4]
    dashes = stem.count("-")
    if dashes not in (4, 5):
        return None
    parts = stem.split("-", dashes - 2)
    if "__" in parts[0] or _NAME_PART.match(parts[0]) is None:
        return None
    try:
        Version(parts[1])
    except InvalidVersion:
        return None
    if dashes == 5 and _BUILD.match(parts[2]) is None:
        return None
    interpreters, abis, platforms = (c.split(".") for c in parts[-1].split("-"))
    if "" in interpreters or "" in abis or "" in platforms or not all(i.isidentifier() for i in interpreters):
        return None
    return frozenset((i.lower(), a.lower(), p.lower()) for i in interpreters for a in abis for p in platforms)


@lru_cache(maxsize=64)
def _platforms(supported: frozenset[Tag]) -> frozenset[str]:
    return frozenset(tag[2] for tag in supported)


def _may_match(filename: str, platforms: frozenset[str]) -> bool:
    """False when no tag of `filename` can be in a set whose platforms are `platforms`: its last
    dash-separated part (the platform tags, lower-cased as tags are) names none.
    Exact, and it spares parsing the wheels built for other platforms (most wheels of a binary
    package)."""
    stem = unquote(filename)
    if not stem.endswith(".whl"):
        return False
    return not platforms.isdisjoint(stem[:-4].rpartition("-")[2].lower().split("."))


def compatible(filenames: Iterable[str], supported: frozenset[Tag]) -> tuple[str, ...]:
    """The wheel file names that install for the `supported` tags."""
    platforms = _platforms(supported)
    out = []
    for name in filenames:
        if not _may_match(name, platforms):
            continue
        wheel = wheel_tags(name)
        if wheel is not None and not wheel.isdisjoint(supported):
            out.append(name)
    return tuple(out)


def installs(filenames: Iterable[str], supported: frozenset[Tag]) -> bool:
    """Whether any of the wheel file names installs for the `supported` tags (stops at the first)."""
    platforms = _platforms(supported)
    for name in filenames:
        if _may_match(name, platforms):
            wheel = wheel_tags(name)
            if wheel is not None and not wheel.isdisjoint(supported):
                return True
    return False


def marker_environment(python: Version, platform: Platform) -> dict[str, str]:
    """The PEP 508 environment of CPython `python` on `platform`, as uv's TargetTriple sets it."""
    full = str(python) if len(python.release) >= 3 else f"{python.major}.{python.minor}.0"
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": platform.os_name,
        "platform_machine": platform.platform_machine,
        "platform_python_implementation": "CPython",
        "platform_release": "",
        "platform_system": platform.platform_system,
        "platform_version": "",
        "python_full_version": full,
        "python_version": f"{python.major}.{python.minor}",
        "sys_platform": platform.sys_platform,
        "extra": "",
    }


def selects(marker: str | None, environment: dict[str, str]) -> bool | None:
    """Whether an export marker selects the environment; None when it cannot be evaluated."""
    if marker is None or not marker.strip():
        return True
    from auditor.export.markers import MarkerError, parse
    from auditor.export.transform import evaluate

    try:
        node = parse(marker)
        full, implementation = (Version(environment[k]) for k in ("python_full_version", "implementation_version"))
    except (MarkerError, InvalidVersion, KeyError, RecursionError, ValueError):
        return None
    if full.pre or full.dev or implementation.pre or implementation.dev:
        return _packaging_selects(marker, environment)  # the algebra holds releases only
    values: dict[str, object] = dict(environment)
    values.update(python_full_version=full.release, implementation_version=implementation.release)
    extra = environment.get("extra")
    return evaluate(node, values, frozenset([canonicalize_name(extra)] if extra else []))


def _packaging_selects(marker: str, environment: dict[str, str]) -> bool | None:
    from packaging.markers import InvalidMarker, Marker, UndefinedComparison, UndefinedEnvironmentName

    try:
        return Marker(marker).evaluate(environment)
    except (InvalidMarker, UndefinedComparison, UndefinedEnvironmentName):
        return None
