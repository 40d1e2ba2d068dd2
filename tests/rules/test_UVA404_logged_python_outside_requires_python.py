from __future__ import annotations

from pathlib import Path

from tests.builder import audit_files, rules_of, uv_project

MLMODEL = "flavors:\n  python_function:\n    python_version: {v}\n"


def test_fires_when_requires_python_excludes_the_logged_python(tmp_path: Path) -> None:
    files = {**uv_project(requires_python=">=3.12"), "MLmodel": MLMODEL.format(v="3.11.7")}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA404")
    assert finding.file is not None and finding.file.endswith("MLmodel")
    assert finding.line == 3
    assert finding.actual == "3.11.7" and finding.expected == ">=3.12"
    assert "pyproject.toml" in finding.message and "uv.lock" in finding.message
    assert finding.fix


def test_upper_bound(tmp_path: Path) -> None:
    files = {**uv_project(requires_python=">=3.10,<3.12"), "python_env.yaml": "python: 3.12.4\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA404")
    assert finding.file is not None and finding.file.endswith("python_env.yaml")


def test_silent_when_allowed_or_unknown(tmp_path: Path) -> None:
    files = {**uv_project(requires_python=">=3.11"), "MLmodel": MLMODEL.format(v="3.11.7")}
    assert rules_of(audit_files(tmp_path / "a", files), "UVA404") == []
    files = {**uv_project(requires_python=">=3.11"), "MLmodel": MLMODEL.format(v="not-a-version")}
    assert rules_of(audit_files(tmp_path / "b", files), "UVA404") == []
