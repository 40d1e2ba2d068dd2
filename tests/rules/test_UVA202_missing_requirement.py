from __future__ import annotations

from pathlib import Path

from tests.rules.common import run


def test_complete_requirements_pass(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA202") == []


def test_missing_marker_package_is_reported_with_its_marker(tmp_path: Path) -> None:
    [finding] = run(tmp_path, "UVA202", requirements="six==1.16.0\ntqdm==4.67.1\n")
    assert finding.package == "colorama" and finding.expected == "colorama==0.4.6"
    assert "sys_platform == 'win32'" in finding.message


def test_intended_group_must_be_present(tmp_path: Path) -> None:
    found = run(tmp_path, "UVA202", groups=("train",))
    assert [f.package for f in found] == ["attrs"]


def test_inferred_requirements_give_uva602_instead(tmp_path: Path) -> None:
    assert run(tmp_path, "UVA202", requirements="mlflow==3.17.2\ncloudpickle==3.1.1\nnumpy==2.0\n") == []
    assert run(tmp_path / "b", "UVA602", requirements="mlflow==3.17.2\ncloudpickle==3.1.1\nnumpy==2.0\n")


def test_project_itself_is_never_missing(tmp_path: Path) -> None:
    assert all(f.package != "demo" for f in run(tmp_path, "UVA202", requirements="six==1.16.0\n"))
