from __future__ import annotations

from pathlib import Path

from tests.builder import audit_files, rules_of, uv_project


def test_fires_for_a_lock_without_its_project(tmp_path: Path) -> None:
    [finding] = rules_of(audit_files(tmp_path, {"uv.lock": uv_project()["uv.lock"]}), "UVA002")
    assert finding.file is not None and finding.file.endswith("uv.lock")
    assert finding.expected == "pyproject.toml"


def test_silent_with_pyproject(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, uv_project()), "UVA002") == []
