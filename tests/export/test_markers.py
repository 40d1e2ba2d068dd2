"""Marker algebra: simplification preserves meaning, equivalence is an equivalence, printing is
stable. Meaning is checked with `packaging` evaluating both texts on generated environments."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.markers import Marker

from auditor.export import (
    marker_extras,
    marker_is_satisfiable,
    markers_equivalent,
    normalize_marker,
    python_range_subset,
)
from auditor.export import markers as M
from auditor.export import transform as T

VERSIONS = ["3.8", "3.9", "3.10", "3.10.2", "3.11", "3.12", "3.13", "3.14"]
STRINGS = {
    "sys_platform": ["linux", "darwin", "win32"],
    "platform_machine": ["x86_64", "aarch64", "arm64"],
    "implementation_name": ["cpython", "pypy"],
}
VERSION_OPS = ["<", "<=", ">", ">=", "==", "!="]


@st.composite
def atoms(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        key = draw(st.sampled_from(["python_full_version", "python_version"]))
        version = draw(st.sampled_from(VERSIONS))
        if key == "python_version":
            version = ".".join(version.split(".")[:2])
        return f"{key} {draw(st.sampled_from(VERSION_OPS))} '{version}'"
    key = draw(st.sampled_from(sorted(STRINGS)))
    return f"{key} {draw(st.sampled_from(['==', '!=']))} '{draw(st.sampled_from(STRINGS[key]))}'"


markers = st.recursive(
    atoms(),
    lambda inner: st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
    max_leaves=6,
)
environments = st.fixed_dictionaries(
    {
        "python_full_version": st.sampled_from(
            ["3.8.1", "3.9.0", "3.10.0", "3.10.2", "3.10.5", "3.11.7", "3.12.0", "3.13.1", "3.14.0"]
        ),
        **{key: st.sampled_from(values) for key, values in STRINGS.items()},
    }
)


def _env(raw: dict[str, str]) -> dict[str, str]:
    env = dict(raw)
    env["python_version"] = ".".join(raw["python_full_version"].split(".")[:2])
    return env


@settings(max_examples=300, deadline=None)
@given(markers, environments)
def test_simplification_preserves_meaning(text: str, raw_env: dict[str, str]) -> None:
    env = _env(raw_env)
    printed = normalize_marker(text)
    original = Marker(text).evaluate(env)
    simplified = True if printed is None else Marker(printed).evaluate(env)
    assert original == simplified, (text, printed)


@settings(max_examples=200, deadline=None)
@given(markers, environments)
def test_evaluation_agrees_with_packaging(text: str, raw_env: dict[str, str]) -> None:
    env = _env(raw_env)
    node = M.parse(text)
    release = tuple(int(p) for p in env["python_full_version"].split("."))
    ours = T.evaluate(node, {**env, "python_full_version": release})
    assert ours == Marker(text).evaluate(env)


@settings(max_examples=200, deadline=None)
@given(markers, markers)
def test_equivalence_reflexive_and_symmetric(a: str, b: str) -> None:
    assert markers_equivalent(a, a)
    assert markers_equivalent(a, normalize_marker(a))
    assert markers_equivalent(a, b) == markers_equivalent(b, a)


@settings(max_examples=200, deadline=None)
@given(markers)
def test_printing_is_deterministic_and_a_fixpoint(text: str) -> None:
    printed = normalize_marker(text)
    assert printed == normalize_marker(text)
    assert normalize_marker(printed) == printed


def test_quotes_python_version_and_order_do_not_matter() -> None:
    assert markers_equivalent(
        "python_full_version < '3.12' and sys_platform == 'linux'",
        'sys_platform == "linux" and python_version < "3.12"',
    )
    assert not markers_equivalent("python_full_version < '3.12'", "python_full_version <= '3.12'")


def test_requires_python_bounds_the_comparison() -> None:
    assert not markers_equivalent("python_full_version >= '3.10'", None)
    assert markers_equivalent("python_full_version >= '3.10'", None, ">=3.10")


def test_impossible_platforms_do_not_count() -> None:
    # uv knows os_name == 'nt' never holds on linux (its "exclusions").
    assert markers_equivalent(
        "os_name == 'nt' and sys_platform != 'linux' and sys_platform != 'darwin'", "os_name == 'nt'"
    )
    assert not marker_is_satisfiable("os_name == 'nt' and sys_platform == 'linux'")
    assert marker_is_satisfiable("sys_platform == 'linux'")


def test_prints_like_uv() -> None:
    # Cases checked against uv.lock files written by uv.
    assert normalize_marker('python_version < "3.11"') == "python_full_version < '3.11'"
    assert normalize_marker("python_version >= '3.10' and python_version < '3.11'") == "python_full_version == '3.10.*'"
    assert normalize_marker("platform_system == 'Windows'") == "sys_platform == 'win32'"
    assert (
        normalize_marker("sys_platform != 'linux' and sys_platform != 'win32'")
        == "sys_platform != 'linux' and sys_platform != 'win32'"
    )
    assert (
        normalize_marker("python_full_version >= '3.10' and python_full_version < '3.12'", ">=3.10")
        == "python_full_version < '3.12'"
    )
    assert normalize_marker("python_version < '0'") is not None


def test_prints_factored_like_uv_0_13() -> None:
    # Flat DNF in, uv 0.13.9's `uv export` text out (ISOP cover + `format.rs` factoring).
    assert (
        normalize_marker(
            "(implementation_name != 'PyPy' and platform_python_implementation != 'PyPy' and sys_platform == 'linux')"
            " or (implementation_name != 'PyPy' and sys_platform == 'darwin')"
        )
        == "implementation_name != 'PyPy' and ((platform_python_implementation != 'PyPy' and sys_platform == 'linux')"
        " or sys_platform == 'darwin')"
    )
    assert (
        normalize_marker(
            "(platform_machine == 'aarch64' and sys_platform == 'linux')"
            " or (platform_machine == 'x86_64' and sys_platform == 'linux')"
        )
        == "(platform_machine == 'aarch64' or platform_machine == 'x86_64') and sys_platform == 'linux'"
    )
    # A redundant clause goes (the cover is irredundant), `or` needs no brackets around `and`.
    assert (
        normalize_marker(
            "(implementation_name == 'pypy' and platform_python_implementation == 'PyPy')"
            " or (implementation_name == 'pypy' and sys_platform != 'linux')"
            " or (platform_python_implementation != 'PyPy' and sys_platform == 'linux')"
        )
        == "implementation_name == 'pypy' or (platform_python_implementation != 'PyPy' and sys_platform == 'linux')"
    )


def test_impossible_platform_combinations_are_canonicalised() -> None:
    # uv 0.13 makes every marker canonical on the platforms that can exist.
    assert normalize_marker("os_name == 'nt' and sys_platform == 'linux'") == "python_version < '0'"
    assert normalize_marker("os_name == 'nt' and sys_platform == 'win32'") == normalize_marker(
        "sys_platform == 'win32' and os_name == 'nt'"
    )


def test_marker_extras() -> None:
    assert marker_extras("extra == 'Foo_Bar' and (sys_platform == 'linux' or extra == 'cli')") == ("cli", "foo-bar")
    assert marker_extras("sys_platform == 'linux'") == ()
    assert marker_extras(None) == ()


def test_python_range_subset() -> None:
    assert python_range_subset(">=3.11", ">=3.10")
    assert not python_range_subset(">=3.10", ">=3.11")
    assert python_range_subset(">=3.10,<3.13", ">=3.10.0, <3.13")
    assert python_range_subset("==3.12.*", ">=3.12,<3.13") and python_range_subset(">=3.12,<3.13", "==3.12.*")
    assert not python_range_subset(">=3.9", ">=3.9,!=3.9.1")
