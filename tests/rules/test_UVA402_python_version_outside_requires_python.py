from __future__ import annotations

from pathlib import Path

import pytest

from tests.builder import audit_files, rules_of, uv_project


@pytest.mark.parametrize(
    ("requires", "pin"),
    [
        (">=3.11", "3.10"),
        (">=3.11", "3.10.14"),
        (">=3.10,<3.12", "3.12"),
        (">=3.11", "cpython@3.9"),
        (">=3.12", "<3.12"),
    ],
)
def test_fires_when_requires_python_excludes_the_pin(tmp_path: Path, requires: str, pin: str) -> None:
    files = {**uv_project(requires_python=requires), ".python-version": f"# pinned\n{pin}\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA402")
    assert finding.line == 2
    assert finding.file is not None and finding.file.endswith(".python-version")
    assert finding.actual == pin and finding.expected == requires
    assert finding.fix


@pytest.mark.parametrize(
    ("requires", "pin"),
    [(">=3.11", "3.11"), (">=3.11", "3.13t"), (">=3.10,<3.12", "3.11.9"), (">=3.10.4", "3.10"), (">=3.10", "any")],
)
def test_silent_when_allowed(tmp_path: Path, requires: str, pin: str) -> None:
    files = {**uv_project(requires_python=requires), ".python-version": f"{pin}\n"}
    assert rules_of(audit_files(tmp_path, files), "UVA402") == []


def test_lock_requires_python_alone_is_enough(tmp_path: Path) -> None:
    project = uv_project(requires_python=">=3.10")
    lock = project["uv.lock"].replace('requires-python = ">=3.10"', 'requires-python = ">=3.12"')
    files = {"uv.lock": lock, ".python-version": "3.11\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA402")
    assert "uv.lock" in finding.message and finding.expected == ">=3.12"
