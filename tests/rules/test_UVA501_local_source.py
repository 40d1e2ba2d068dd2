from __future__ import annotations

from pathlib import Path

import pytest

from tests.builder import Pkg, audit_files, rules_of, uv_project


def project(kind: str, path: str) -> dict[str, str]:
    helper = Pkg("helpers", "0.1.0", source=f'{{ {kind} = "{path}" }}', sdist=False, wheels=[])
    return uv_project(dependencies=["helpers"], packages=[helper, Pkg("six", "1.16.0")])


@pytest.mark.parametrize("kind", ["path", "directory", "editable"])
def test_fires_for_a_local_source_outside_the_artifacts(tmp_path: Path, kind: str) -> None:
    findings = audit_files(tmp_path, project(kind, "../helpers"))
    [finding] = rules_of(findings, "UVA501")
    assert finding.package == "helpers"
    assert finding.file is not None and finding.file.endswith("uv.lock")
    lock = (tmp_path / "target" / "uv.lock").read_text().splitlines()
    assert finding.line is not None and lock[finding.line - 1] == 'name = "helpers"'
    assert lock[finding.line - 2] == "[[package]]"
    assert "../helpers" in finding.message and finding.fix


@pytest.mark.parametrize("path", ["/opt/helpers", "libs/helpers", "dist/helpers-0.1.0-py3-none-any.whl"])
def test_fires_for_absolute_or_unlogged_paths(tmp_path: Path, path: str) -> None:
    assert [f.package for f in rules_of(audit_files(tmp_path, project("path", path)), "UVA501")] == ["helpers"]


def test_silent_when_the_directory_is_logged(tmp_path: Path) -> None:
    files = {**project("editable", "libs/helpers"), "libs/helpers/pyproject.toml": '[project]\nname = "helpers"\n'}
    assert rules_of(audit_files(tmp_path, files), "UVA501") == []


def test_silent_when_the_wheel_file_is_logged(tmp_path: Path) -> None:
    wheel = "dist/helpers-0.1.0-py3-none-any.whl"
    files: dict[str, str | bytes] = {**project("path", wheel), wheel: b"PK"}
    assert rules_of(audit_files(tmp_path, files), "UVA501") == []


def test_silent_for_the_project_itself_and_outside_the_intended_export(tmp_path: Path) -> None:
    helper = Pkg("helpers", "0.1.0", source='{ directory = "../helpers" }', sdist=False, wheels=[])
    files = uv_project(packaged=True, groups={"dev": ["helpers"]}, packages=[helper])
    files["src/demo/__init__.py"] = ""
    assert rules_of(audit_files(tmp_path, files), "UVA501") == []
