from __future__ import annotations

from pathlib import Path

from auditor.findings import Severity
from tests.builder import audit_files, rules_of, uv_project

MLMODEL = "flavors:\n  python_function:\n    python_version: 3.11.7\n"


def test_fires_without_python_version_and_suggests_the_logged_python(tmp_path: Path) -> None:
    files = {**uv_project(), "MLmodel": MLMODEL}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA401")
    assert finding.severity is Severity.WARNING
    assert finding.file is not None and finding.file.endswith("uv.lock")
    assert finding.fix is not None and "uv python pin 3.11.7" in finding.fix


def test_suggests_requires_python_lowest_without_a_model(tmp_path: Path) -> None:
    [finding] = rules_of(audit_files(tmp_path, uv_project(requires_python=">=3.12")), "UVA401")
    assert finding.fix is not None and "uv python pin 3.12" in finding.fix


def test_silent_with_python_version(tmp_path: Path) -> None:
    files = {**uv_project(), ".python-version": "3.11\n"}
    assert rules_of(audit_files(tmp_path, files), "UVA401") == []


def test_silent_without_lock(tmp_path: Path) -> None:
    files = {"pyproject.toml": uv_project()["pyproject.toml"]}
    assert rules_of(audit_files(tmp_path, files), "UVA401") == []
