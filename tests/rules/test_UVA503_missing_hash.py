from __future__ import annotations

from pathlib import Path

from tests.builder import Pkg, audit_files, rules_of, uv_project


def test_fires_for_an_exported_package_without_hashes(tmp_path: Path) -> None:
    files = uv_project(dependencies=["six", "idna"], packages=[Pkg("six", "1.16.0", hashes=False), Pkg("idna", "3.7")])
    [finding] = rules_of(audit_files(tmp_path, files), "UVA503")
    assert finding.package == "six"
    lock = (tmp_path / "target" / "uv.lock").read_text().splitlines()
    assert finding.line is not None and lock[finding.line - 1] == 'name = "six"'
    assert "uv lock --refresh-package six" in (finding.fix or "")


def test_url_source_without_hash(tmp_path: Path) -> None:
    pkg = Pkg("six", "1.16.0", hashes=False, source='{ url = "https://example.com/six-1.16.0.tar.gz" }', wheels=[])
    files = uv_project(dependencies=["six"], packages=[pkg])
    assert [f.package for f in rules_of(audit_files(tmp_path, files), "UVA503")] == ["six"]


def test_silent_outside_the_intended_export_and_for_local_packages(tmp_path: Path) -> None:
    files = uv_project(
        dependencies=["helpers"],
        groups={"dev": ["six"]},
        packages=[
            Pkg("six", "1.16.0", hashes=False),
            Pkg("helpers", "0.1.0", source='{ directory = "helpers" }', sdist=False, wheels=[], hashes=False),
        ],
    )
    files["helpers/pyproject.toml"] = '[project]\nname = "helpers"\n'
    assert rules_of(audit_files(tmp_path, files), "UVA503") == []


def test_selected_group_counts(tmp_path: Path) -> None:
    files = uv_project(groups={"serve": ["six"]}, packages=[Pkg("six", "1.16.0", hashes=False)])
    files["pyproject.toml"] += '\n[tool.uv-audit]\ngroups = ["serve"]\n'
    assert [f.package for f in rules_of(audit_files(tmp_path, files), "UVA503")] == ["six"]
