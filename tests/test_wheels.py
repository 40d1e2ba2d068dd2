"""auditor.wheels: uv platform names, wheel tags for a target, marker environments (hypothesis)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

import pytest
import tomli
from hypothesis import given
from hypothesis import strategies as st
from packaging import __version__ as packaging_version
from packaging import tags
from packaging.markers import Marker
from packaging.utils import InvalidWheelFilename, parse_wheel_filename
from packaging.version import Version

from auditor import wheels
from auditor.export import markers as M

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARCHES = ("x86_64", "aarch64")
pythons = st.integers(min_value=8, max_value=14).map(lambda minor: Version(f"3.{minor}"))
glibc = st.integers(min_value=17, max_value=40)
named = st.sampled_from(
    ["linux", "macos", "windows", "x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu", "x86_64-apple-darwin",
     "aarch64-apple-darwin", "x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc", "x86_64-unknown-linux-musl",
     "x86_64-manylinux_2_17", "aarch64-manylinux_2_31", "x86_64-manylinux2014"]
)  # fmt: skip


def ok(wheel: str, python: Version, platform: str) -> bool:
    return bool(wheels.compatible([wheel], wheels.supported_tags(python, wheels.parse_platform(platform))))


@pytest.mark.parametrize(
    ("name", "os", "arch", "level"),
    [(None, "manylinux", "x86_64", (2, 28)), ("linux", "manylinux", "x86_64", (2, 28)),
     ("x86_64-unknown-linux-gnu", "manylinux", "x86_64", (2, 28)),
     ("aarch64-unknown-linux-gnu", "manylinux", "aarch64", (2, 28)),
     ("x86_64-manylinux_2_28", "manylinux", "x86_64", (2, 28)),
     ("manylinux_2_31_aarch64", "manylinux", "aarch64", (2, 31)),
     ("x86_64-manylinux2014", "manylinux", "x86_64", (2, 17)), ("macos", "macos", "aarch64", (13, 0)),
     ("x86_64-apple-darwin", "macos", "x86_64", (13, 0)), ("windows", "windows", "x86_64", (0, 0)),
     ("x86_64-unknown-linux-musl", "musllinux", "x86_64", (1, 2))],
)  # fmt: skip
def test_uv_platform_names(name: str | None, os: str, arch: str, level: tuple[int, int]) -> None:
    platform = wheels.parse_platform(name)
    assert (platform.os, platform.arch, (platform.major, platform.minor)) == (os, arch, level)


@pytest.mark.parametrize("name", ["plan9", "x86_64-manylinux_3_1", "", "aarch64-apple-ios"])
def test_unknown_platform_names(name: str) -> None:
    with pytest.raises(ValueError, match="unknown Python platform"):
        wheels.parse_platform(name or "  ")


@given(pythons, named)
def test_pure_wheels_install_everywhere(python: Version, platform: str) -> None:
    assert ok("six-1.16.0-py2.py3-none-any.whl", python, platform)
    assert ok("attrs-24.1-py3-none-any.whl", python, platform)


@given(st.integers(8, 14), st.integers(8, 14), named)
def test_cpython_specific_wheels_need_the_same_minor(built: int, running: int, platform: str) -> None:
    p = wheels.parse_platform(platform)
    tag = wheels.platform_tags(p)[0]
    assert ok(f"x-1-cp3{built}-cp3{built}-{tag}.whl", Version(f"3.{running}"), platform) == (built == running)


@given(st.integers(8, 14), st.integers(8, 14), named)
def test_abi3_wheels_install_on_the_same_or_newer_python(built: int, running: int, platform: str) -> None:
    tag = wheels.platform_tags(wheels.parse_platform(platform))[-1]
    assert ok(f"x-1-cp3{built}-abi3-{tag}.whl", Version(f"3.{running}"), platform) == (built <= running)


@given(st.sampled_from(ARCHES), glibc, glibc, pythons)
def test_manylinux_wheels_need_a_glibc_at_most_the_targets(arch: str, built: int, target: int, python: Version) -> None:
    wheel = f"x-1-py3-none-manylinux_2_{built}_{arch}.whl"
    assert ok(wheel, python, f"{arch}-manylinux_2_{target}") == (built <= target)


@given(st.sampled_from(ARCHES), glibc, glibc, pythons)
def test_higher_glibc_accepts_a_superset(arch: str, low: int, high: int, python: Version) -> None:
    low, high = min(low, high), max(low, high)
    lower = wheels.supported_tags(python, wheels.parse_platform(f"{arch}-manylinux_2_{low}"))
    higher = wheels.supported_tags(python, wheels.parse_platform(f"{arch}-manylinux_2_{high}"))
    assert lower <= higher


@given(named, named, pythons)
def test_binary_wheels_do_not_cross_os_or_arch(built_for: str, target: str, python: Version) -> None:
    a, b = wheels.parse_platform(built_for), wheels.parse_platform(target)
    wheel = f"x-1-py3-none-{wheels.platform_tags(a)[0]}.whl"
    if (a.os, a.arch) != (b.os, b.arch) and not (a.os == "macos" and b.os == "macos"):
        assert not ok(wheel, python, target)
    if a == b:
        assert ok(wheel, python, target)


@given(st.sampled_from(ARCHES), glibc)
def test_manylinux_aliases_name_the_same_platform(arch: str, minor: int) -> None:
    a = wheels.parse_platform(f"{arch}-manylinux_2_{minor}")
    b = wheels.parse_platform(f"manylinux_2_{minor}_{arch}")
    assert wheels.platform_tags(a) == wheels.platform_tags(b)
    assert wheels.platform_tags(a)[-1] == f"linux_{arch}"


@given(named, pythons)
def test_marker_environment_matches_the_platform(platform: str, python: Version) -> None:
    p = wheels.parse_platform(platform)
    env = wheels.marker_environment(python, p)
    assert wheels.selects(f"sys_platform == '{p.sys_platform}'", env) is True
    assert wheels.selects(f"python_version == '{python.major}.{python.minor}'", env) is True
    assert wheels.selects(f"platform_system != '{p.platform_system}'", env) is False
    assert Marker(f"os_name == '{p.os_name}'").evaluate(env)


def test_uv_marker_values() -> None:
    env = wheels.marker_environment(Version("3.11.7"), wheels.parse_platform("macos"))
    assert (env["platform_machine"], env["sys_platform"], env["python_full_version"]) == ("arm64", "darwin", "3.11.7")
    env = wheels.marker_environment(Version("3.12"), wheels.parse_platform("windows"))
    assert (env["os_name"], env["sys_platform"], env["python_full_version"]) == ("nt", "win32", "3.12.0")


def test_unparseable_marker_and_wheel_name() -> None:
    env = wheels.marker_environment(Version("3.11"), wheels.parse_platform(None))
    assert wheels.selects("sys_platform ==", env) is None
    assert wheels.selects(None, env) is True
    assert wheels.wheel_tags("not-a-wheel.zip") is None
    assert wheels.wheel_tags("torch-2.9.1%2Bcpu-cp310-cp310-manylinux_2_28_x86_64.whl") is not None


def _triples(found: Iterable[tags.Tag]) -> frozenset[tuple[str, str, str]]:
    return frozenset((t.interpreter, t.abi, t.platform) for t in found)


def _naive(names: list[str], supported: frozenset[tuple[str, str, str]]) -> tuple[str, ...]:
    out = []
    for name in names:
        try:
            found = _triples(parse_wheel_filename(unquote(name))[3])
        except InvalidWheelFilename:
            continue
        if not found.isdisjoint(supported):
            out.append(name)
    return tuple(out)


@pytest.mark.parametrize(
    "target",
    ["linux", "aarch64-unknown-linux-gnu", "x86_64-unknown-linux-musl", "macos", "x86_64-apple-darwin", "windows"],
)
def test_the_platform_prefilter_is_exact_on_every_corpus_wheel(target: str) -> None:
    locks = sorted(CORPUS.glob("*/uv.lock")) if CORPUS.is_dir() else []
    if not locks:
        pytest.skip("../shared/corpus is absent")
    names = sorted(
        {
            w["url"].rsplit("/", 1)[1]
            for lock in locks
            for p in tomli.loads(lock.read_text(encoding="utf-8")).get("package", [])
            for w in p.get("wheels", [])
            if isinstance(w, dict) and isinstance(w.get("url"), str)
        }
    )
    names += [
        "not-a-wheel.zip",
        "x-1-py3-none-ANY.whl",
        "x-1-py3-none-any.WHL",
        "x-bad_version-py3-none-any.whl",
        "x-1-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    ]
    for python in (Version("3.10"), Version("3.12"), Version("3.13")):
        supported = wheels.supported_tags(python, wheels.parse_platform(target))
        expected = _naive(names, supported)
        assert wheels.compatible(names, supported) == expected
        assert wheels.installs(names, supported) == bool(expected)
        assert all(wheels.installs([n], supported) == (n in expected) for n in names[:400])


def _corpus_locks() -> list[Path]:
    return sorted(CORPUS.glob("*/uv.lock")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("target", [*named.elements, "i686-pc-windows-msvc", "aarch64-unknown-linux-musl"])
@pytest.mark.parametrize("free_threaded", [False, True])
def test_supported_tags_are_packagings(target: str, free_threaded: bool) -> None:
    platform = wheels.parse_platform(target)
    for python in (Version("3.8"), Version("3.10"), Version("3.13"), Version("3.14")):
        version = (python.major, python.minor)
        abi = f"cp{python.major}{python.minor}{'t' if free_threaded else ''}"
        platforms = wheels.platform_tags(platform)
        expected = {
            *tags.cpython_tags(version, [abi], platforms),
            *tags.compatible_tags(version, abi.rstrip("t"), platforms),
        }
        assert wheels.supported_tags(python, platform, free_threaded) == _triples(expected)


_ODD_WHEELS = [
    "x-1-py3-none-any.whl",
    "X_Y-1.0-1-py2.py3-none-ANY.whl",
    "x-1-1a-py3-none-any.whl",
    "x-1-a1-py3-none-any.whl",
    "x__y-1-py3-none-any.whl",
    "-1-py3-none-any.whl",
    "x.y-1-py3-none-any.whl",
    "x-y-1-py3-none-any.whl",
    "x-1-py3..cp3-none-any.whl",
    "x-1-3py-none-any.whl",
    "x-1-py3-none-.whl",
    "\u00e9t\u00e9-1-py3-none-any.whl",
    "x-1-py3-none-any",
    "x-1-2-3-py3-none-any.whl",
]


def test_wheel_names_read_as_packaging_reads_them() -> None:
    names = {w for lock in _corpus_locks() for w in re.findall(r"/([^/\"]+\.whl)\"", lock.read_text(encoding="utf-8"))}
    if Version(packaging_version) >= Version("26.3"):  # the checks wheel_tags makes (empty parts, interpreters)
        names.update(_ODD_WHEELS)
    assert names
    for name in sorted(names):
        try:
            expected: frozenset[tuple[str, str, str]] | None = _triples(parse_wheel_filename(unquote(name))[3])
        except InvalidWheelFilename:
            expected = None
        assert wheels.wheel_tags(name) == expected, name


def test_export_markers_select_as_packaging_evaluates_them() -> None:
    """uv's markers (every corpus lock's, as the export prints them) against each platform."""
    texts = {m for lock in _corpus_locks() for m in re.findall(r'marker = "([^"]*)"', lock.read_text(encoding="utf-8"))}
    texts |= {"python_full_version >= '3.11' and sys_platform == 'linux'", "platform_machine != 'x86_64'"}
    printed = {M.to_string(M.parse(t)) for t in texts} - {None}
    assert len(printed) > 2
    for target in named.elements:
        for python in (Version("3.9"), Version("3.11.7"), Version("3.13")):
            env = wheels.marker_environment(python, wheels.parse_platform(target))
            for text in printed:
                assert wheels.selects(text, env) is Marker(text).evaluate(env), (text, target, python)


def test_a_prerelease_python_is_selected_as_packaging_evaluates_it() -> None:
    env = wheels.marker_environment(Version("3.14.0rc1"), wheels.parse_platform(None))
    for text in ("python_full_version >= '3.14'", "python_full_version < '3.14'", "sys_platform == 'linux'"):
        assert wheels.selects(text, env) is Marker(text).evaluate(env)
