from __future__ import annotations

from pathlib import Path

from tests.rules.common import project, run


def test_fresh_lock_passes(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA101") == []


def test_changed_specifier_is_named_with_both_sides(tmp_path: Path) -> None:
    files = project(dependencies=["six>=1.16", "tqdm==4.67.1"], lock_dependencies=["six==1.16.0", "tqdm==4.67.1"])
    [finding] = run(tmp_path, "UVA101", files=files)
    assert finding.package == "six"
    assert finding.expected == "six>=1.16" and finding.actual is not None and "six==1.16" in finding.actual
    assert finding.file is not None and finding.file.endswith("pyproject.toml")
    text = files["pyproject.toml"].splitlines()
    assert finding.line is not None and "six>=1.16" in text[finding.line - 1]
    assert finding.fix is not None and "uv lock" in finding.fix


def test_added_and_removed_requirements(tmp_path: Path) -> None:
    files = project(dependencies=["six==1.16.0", "attrs==24.1.0"], lock_dependencies=["six==1.16.0", "tqdm==4.67.1"])
    found = {(f.package, f.expected is None, f.actual is None) for f in run(tmp_path, "UVA101", files=files)}
    assert found == {("attrs", False, True), ("tqdm", True, False)}


def test_marker_only_change_counts_but_quote_style_does_not(tmp_path: Path) -> None:
    changed = project(
        dependencies=["six==1.16.0; python_version >= '3.11'", "tqdm==4.67.1"],
        lock_dependencies=["six==1.16.0", "tqdm==4.67.1"],
    )
    assert [f.package for f in run(tmp_path / "a", "UVA101", files=changed)] == ["six"]
    same = project(
        dependencies=['six==1.16.0; sys_platform == "linux"', "tqdm==4.67.1"],
        lock_dependencies=["six==1.16.0; sys_platform == 'linux'", "tqdm==4.67.1"],
    )
    assert run(tmp_path / "b", "UVA101", files=same) == []


def test_version_bump_without_relock(tmp_path: Path) -> None:
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace('version = "0.1.0"', 'version = "0.2.0"', 1)
    [finding] = run(tmp_path, "UVA101", files=files)
    assert "version" in finding.message and finding.expected == "0.2.0" and finding.actual == "0.1.0"


def test_dynamic_version_is_not_judged(tmp_path: Path) -> None:
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace('version = "0.1.0"', 'dynamic = ["version"]', 1)
    # uv locks a dynamic-version project without a version
    files["uv.lock"] = files["uv.lock"].replace('name = "demo"\nversion = "0.1.0"\n', 'name = "demo"\n')
    assert run(tmp_path / "dynamic", "UVA101", files=files) == []
    # a static version in the lock while pyproject turned dynamic is what uv rejects
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace('version = "0.1.0"', 'dynamic = ["version"]', 1)
    [finding] = run(tmp_path / "static", "UVA101", files=files)
    assert finding.actual == "0.1.0"


def test_group_change(tmp_path: Path) -> None:
    files = project()
    files["pyproject.toml"] = files["pyproject.toml"].replace(
        'train = [\n    "attrs==24.1.0",\n]', 'train = [\n    "attrs>=24",\n]'
    )
    [finding] = run(tmp_path, "UVA101", files=files)
    assert finding.package == "attrs" and "dependency-groups" in finding.message
