from __future__ import annotations

from pathlib import Path

from auditor.findings import Severity
from tests.builder import audit_files, rules_of, uv_project


def test_fires_for_a_project_without_lock(tmp_path: Path) -> None:
    files = {"pyproject.toml": uv_project()["pyproject.toml"]}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA001")
    assert finding.severity is Severity.ERROR and finding.package is None
    assert finding.file is not None and finding.file.endswith("pyproject.toml")


def test_fires_for_a_model_with_requirements_but_no_lock(tmp_path: Path) -> None:
    files = {"MLmodel": "flavors: {}\n", "requirements.txt": "six==1.16.0\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA001")
    assert finding.file is not None and finding.file.endswith("requirements.txt")


def test_silent_with_lock(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, uv_project()), "UVA001") == []
