from __future__ import annotations

from pathlib import Path

from tests.rules.common import project, run


def test_satisfied(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA102") == []


def test_locked_version_outside_specifier(tmp_path: Path) -> None:
    files = project(dependencies=["six>=1.17", "tqdm==4.67.1"])
    [finding] = run(tmp_path, "UVA102", files=files)
    assert finding.package == "six" and finding.actual == "1.16.0" and finding.expected == "six>=1.17"
    assert finding.line is not None and "six>=1.17" in files["pyproject.toml"].splitlines()[finding.line - 1]


def test_group_requirement_and_prerelease_lock(tmp_path: Path) -> None:
    files = project(groups={"train": ["attrs<24"]})
    [finding] = run(tmp_path, "UVA102", files=files)
    assert finding.package == "attrs"


def test_unlocked_package_is_left_to_uva101(tmp_path: Path) -> None:
    files = project(dependencies=["six==1.16.0", "tqdm==4.67.1", "requests>=2"])
    assert run(tmp_path, "UVA102", files=files) == []
