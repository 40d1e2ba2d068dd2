from __future__ import annotations

from pathlib import Path

import pytest

from tests.builder import audit_files, rules_of, uv_project


def packaged(name: str = "my-model", extra: str = "") -> dict[str, str]:
    return uv_project(name=name, packaged=True, pyproject_extra=extra)


def test_fires_for_a_packaged_project_without_source(tmp_path: Path) -> None:
    files = {**packaged(), "code/model.py": ""}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA502")
    assert finding.file is not None and finding.file.endswith("pyproject.toml")
    lines = (tmp_path / "target" / "pyproject.toml").read_text().splitlines()
    assert finding.line is not None and lines[finding.line - 1] == "[build-system]"
    assert finding.expected == "src/my_model/"
    assert "package = false" in (finding.fix or "")


@pytest.mark.parametrize(
    "layout", ["src/my_model/__init__.py", "my_model/__init__.py", "my_model.py", "src/my_model.py"]
)
def test_silent_when_the_source_is_there(tmp_path: Path, layout: str) -> None:
    assert rules_of(audit_files(tmp_path, {**packaged(), layout: ""}), "UVA502") == []


def test_silent_with_package_false(tmp_path: Path) -> None:
    files = packaged(extra="[tool.uv]\npackage = false")
    assert rules_of(audit_files(tmp_path, files), "UVA502") == []


def test_silent_without_build_system(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, uv_project(name="my-model")), "UVA502") == []


def test_fires_with_package_true(tmp_path: Path) -> None:
    files = packaged(extra="[tool.uv]\npackage = true")
    assert len(rules_of(audit_files(tmp_path, files), "UVA502")) == 1
