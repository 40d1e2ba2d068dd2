from __future__ import annotations

from pathlib import Path

from tests.builder import audit_files, rules_of, uv_project


def test_broken_toml_names_file_and_line_and_stops_rules_that_need_it(tmp_path: Path) -> None:
    files = {**uv_project(), "pyproject.toml": '[project]\nname = "demo"\nversion = \n'}
    findings = audit_files(tmp_path, files)
    [finding] = rules_of(findings, "UVA004")
    assert finding.file is not None and finding.file.endswith("pyproject.toml") and finding.line == 3
    assert not rules_of(findings, "UVA101") and not rules_of(findings, "UVA002")


def test_invalid_requirement_line(tmp_path: Path) -> None:
    files = {**uv_project(), "requirements.txt": "six==1.16.0\nthis is not a requirement!\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA004")
    assert finding.file is not None and finding.file.endswith("requirements.txt") and finding.line == 2


def test_one_finding_per_broken_file(tmp_path: Path) -> None:
    files = {"uv.lock": "version = [", "pyproject.toml": "[project", "MLmodel": "flavors: [\n"}
    found = sorted(Path(f.file or "").name for f in rules_of(audit_files(tmp_path, files), "UVA004"))
    assert found == ["MLmodel", "pyproject.toml", "uv.lock"]


def test_silent_on_valid_files(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, uv_project()), "UVA004") == []
