"""check_lock on small inline projects: each test edits one side of a fresh pair."""

from __future__ import annotations

from auditor.lockcheck import check_lock, is_stale
from auditor.lockfile import parse_lock
from auditor.pyproject import parse_pyproject
from tests.lockcheck.builder import Project, differences, summary

BASE = Project(
    dependencies=("requests>=2.31,<3", "numpy>=1.26; python_version < '3.13'"),
    extras={"gpu": ("torch>=2.4",)},
    groups={"dev": ("pytest>=8",)},
)


def test_identical_files_have_no_difference() -> None:
    assert differences(BASE, BASE) == ()
    assert not is_stale(parse_lock(BASE.lock()), parse_pyproject(BASE.pyproject()), {})


def test_added_requirement() -> None:
    edited = BASE.with_(dependencies=(*BASE.dependencies, "rich>=13"))
    (diff,) = differences(edited, BASE)
    assert (diff.section, diff.package, diff.change) == ("dependencies", "rich", "added")
    assert diff.pyproject == "rich>=13" and diff.lock is None
    assert diff.file == "pyproject.toml" and diff.member == "demo" and diff.line is not None


def test_removed_requirement() -> None:
    edited = BASE.with_(dependencies=("requests>=2.31,<3",))
    (diff,) = differences(edited, BASE)
    assert (diff.section, diff.package, diff.change) == ("dependencies", "numpy", "removed")
    assert diff.pyproject is None and diff.lock is not None and diff.lock.startswith("numpy>=1.26")


def test_changed_specifier() -> None:
    edited = BASE.with_(dependencies=("requests>=2.32,<3", BASE.dependencies[1]))
    (diff,) = differences(edited, BASE)
    assert (diff.section, diff.package, diff.change) == ("dependencies", "requests", "changed")
    assert diff.pyproject == "requests>=2.32,<3"
    assert diff.lock is not None and "2.31" in diff.lock


def test_marker_only_change() -> None:
    edited = BASE.with_(dependencies=("requests>=2.31,<3; sys_platform != 'win32'", BASE.dependencies[1]))
    assert summary(differences(edited, BASE)) == [("dependencies", "requests", "changed")]


def test_extras_change() -> None:
    edited = BASE.with_(dependencies=("requests[socks]>=2.31,<3", BASE.dependencies[1]))
    assert summary(differences(edited, BASE)) == [("dependencies", "requests", "changed")]


def test_specifier_order_and_trailing_zeros_are_not_a_change() -> None:
    edited = BASE.with_(dependencies=("requests<3.0,>=2.31.0", BASE.dependencies[1]))
    assert differences(edited, BASE) == ()


def test_name_normalisation_is_not_a_change() -> None:
    lock = BASE.with_(dependencies=("foo-bar>=1",))
    assert differences(BASE.with_(dependencies=("Foo_Bar>=1",)), lock) == ()
    assert (
        differences(
            BASE.with_(dependencies=("foo.bar[Some_Extra]>=1",)), lock.with_(dependencies=("foo-bar[some-extra]>=1",))
        )
        == ()
    )


def test_markers_compare_by_meaning() -> None:
    lock = BASE.with_(dependencies=("numpy>=1.26; python_full_version < '3.13'",))
    assert differences(BASE.with_(dependencies=('numpy>=1.26 ; python_version<"3.13"',)), lock) == ()
    # Implied by requires-python (>=3.10): uv simplifies it away.
    assert (
        differences(
            BASE.with_(dependencies=("numpy>=1.26; python_version >= '3.8'",)),
            BASE.with_(dependencies=("numpy>=1.26",)),
        )
        == ()
    )
    swapped = BASE.with_(dependencies=("x; sys_platform == 'linux' and os_name == 'posix'",))
    assert differences(swapped, BASE.with_(dependencies=("x; os_name == 'posix' and sys_platform == 'linux'",))) == ()


def test_requires_python_change() -> None:
    (diff,) = differences(BASE.with_(requires_python=">=3.11"), BASE)
    assert (diff.section, diff.package, diff.change) == ("requires-python", None, "changed")
    assert (diff.pyproject, diff.lock) == (">=3.11", ">=3.10")
    assert differences(BASE.with_(requires_python=">=3.10.0"), BASE) == ()


def test_version_bump() -> None:
    (diff,) = differences(BASE.with_(version="1.1.0"), BASE)
    assert (diff.section, diff.package, diff.change, diff.pyproject, diff.lock) == (
        "version",
        None,
        "changed",
        "1.1.0",
        "1.0.0",
    )
    assert differences(BASE.with_(version="1.0"), BASE) == ()


def test_dynamic_version_is_not_judged() -> None:
    dynamic = BASE.with_(version=None)
    assert differences(dynamic, dynamic) == ()


def test_static_version_becoming_dynamic_is_a_difference() -> None:
    # uv: MismatchedDynamic ("static version: expected a dynamic version").
    assert summary(differences(BASE.with_(version=None), BASE)) == [("version", None, "changed")]


def test_extra_requirement_added() -> None:
    edited = BASE.with_(extras={"gpu": ("torch>=2.4", "triton")})
    assert summary(differences(edited, BASE)) == [("optional-dependencies.gpu", "triton", "added")]


def test_extra_added_without_requirements() -> None:
    edited = BASE.with_(extras={"gpu": ("torch>=2.4",), "cpu": ()})
    assert summary(differences(edited, BASE)) == [("optional-dependencies.cpu", None, "added")]


def test_group_requirement_changed() -> None:
    edited = BASE.with_(groups={"dev": ("pytest>=9",)})
    assert summary(differences(edited, BASE)) == [("dependency-groups.dev", "pytest", "changed")]


def test_group_removed() -> None:
    edited = BASE.with_(groups={})
    assert summary(differences(edited, BASE)) == [("dependency-groups.dev", "pytest", "removed")]


def test_legacy_dev_dependencies_are_the_dev_group() -> None:
    legacy = BASE.with_(groups={}, legacy_dev=("pytest>=8",))
    assert differences(legacy, legacy) == ()
    # The lock does not know where `dev` came from: a move to [dependency-groups] is no change.
    assert differences(BASE, legacy) == ()
    edited = legacy.with_(legacy_dev=("pytest>=8", "mypy>=1.0"))
    (diff,) = differences(edited, legacy)
    assert (diff.section, diff.package, diff.change) == ("tool.uv.dev-dependencies", "mypy", "added")


def test_include_group_is_flattened() -> None:
    grouped = BASE.with_(
        groups={"test": ("pytest>=8",), "lint": ("ruff",), "dev": ("pre-commit",)}, includes={"dev": ("test", "lint")}
    )
    assert differences(grouped, grouped) == ()
    edited = grouped.with_(groups={**grouped.groups, "lint": ("ruff>=0.6",)})
    assert summary(differences(edited, grouped)) == [
        ("dependency-groups.dev", "ruff", "changed"),
        ("dependency-groups.lint", "ruff", "changed"),
    ]


def test_sources_with_index_and_extra_are_lowered() -> None:
    pyproject = BASE.pyproject() + (
        '\n[tool.uv.sources]\ntorch = [{ index = "cpu", extra = "gpu" }]\n'
        '\n[[tool.uv.index]]\nname = "cpu"\nurl = "https://download.pytorch.org/whl/cpu"\nexplicit = true\n'
    )
    lowered = (
        '{ name = "torch", marker = "extra == \'gpu\'", specifier = ">=2.4", '
        'index = "https://download.pytorch.org/whl/cpu", conflict = { package = "demo", extra = "gpu" } }'
    )
    lock = BASE.lock().replace('{ name = "torch", marker = "extra == \'gpu\'", specifier = ">=2.4" }', lowered)
    assert lowered in lock
    assert differences(pyproject, lock) == ()
    (diff,) = differences(BASE, lock)
    assert (diff.section, diff.package, diff.change) == ("optional-dependencies.gpu", "torch", "changed")


def test_workspace_member_differences_name_the_member_file() -> None:
    root = BASE.pyproject() + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    member = Project(name="lib", dependencies=("attrs>=23",))
    lock = BASE.lock().replace("revision = 3\n", 'revision = 3\n\n[manifest]\nmembers = ["demo", "lib"]\n')
    lock += "\n" + member.lock().split("[[package]]", 1)[1].replace('editable = "."', 'editable = "packages/lib"').join(
        ["[[package]]", ""]
    )
    members = {"packages/lib": parse_pyproject(member.with_(dependencies=("attrs>=24",)).pyproject())}
    (diff,) = check_lock(parse_lock(lock), parse_pyproject(root), members)
    assert (diff.member, diff.file, diff.section, diff.package, diff.change) == (
        "lib",
        "packages/lib/pyproject.toml",
        "dependencies",
        "attrs",
        "changed",
    )
    # Without the member's pyproject.toml nothing can be judged about it.
    assert check_lock(parse_lock(lock), parse_pyproject(root), {}) == ()


def test_order_is_deterministic() -> None:
    edited = BASE.with_(version="2", dependencies=("b", "a", "c"), groups={"dev": ()})
    first = differences(edited, BASE)
    assert first == differences(edited, BASE)
    assert len(first) == len(set(first))
