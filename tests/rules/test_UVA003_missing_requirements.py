from __future__ import annotations

from pathlib import Path

from auditor.findings import Severity
from tests.builder import audit_files, rules_of, uv_project

MLMODEL = "flavors:\n  python_function:\n    python_version: 3.11.7\n"


def test_fires_for_a_model_with_lock_but_no_requirements(tmp_path: Path) -> None:
    [finding] = rules_of(audit_files(tmp_path, {**uv_project(), "MLmodel": MLMODEL}), "UVA003")
    assert finding.severity is Severity.WARNING
    assert finding.file is not None and finding.file.endswith("MLmodel")
    assert finding.fix is not None and "`uv export --no-dev --no-hashes --frozen" in finding.fix


def test_silent_for_a_project_checkout_and_with_requirements(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path / "a", uv_project()), "UVA003") == []
    files = {**uv_project(), "MLmodel": MLMODEL, "requirements.txt": "six==1.16.0\n"}
    assert rules_of(audit_files(tmp_path / "b", files), "UVA003") == []
