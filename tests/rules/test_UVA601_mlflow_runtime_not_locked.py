from __future__ import annotations

from pathlib import Path

from tests.builder import Pkg, audit_files, rules_of, uv_project


def test_fires_for_each_runtime_package_the_lock_lacks(tmp_path: Path) -> None:
    files = uv_project(dependencies=["tqdm"], packages=[Pkg("tqdm", "4.70.1")])
    files["requirements.txt"] = "cloudpickle==3.1.3\nmlflow==3.17.2\ntqdm==4.70.1"
    findings = rules_of(audit_files(tmp_path, files), "UVA601")
    assert [(f.package, f.line) for f in findings] == [("cloudpickle", 1), ("mlflow", 2)]
    assert all(f.file is not None and f.file.endswith("requirements.txt") for f in findings)
    assert "uv add mlflow==3.17.2" in (findings[1].fix or "")


def test_silent_when_locked_under_any_spelling(tmp_path: Path) -> None:
    files = uv_project(
        dependencies=["mlflow-skinny"],
        packages=[Pkg("mlflow-skinny", "3.17.2", deps=["cloudpickle"]), Pkg("cloudpickle", "3.1.3")],
    )
    files["requirements.txt"] = "cloudpickle==3.1.3\nMLflow_Skinny==3.17.2\n"
    assert rules_of(audit_files(tmp_path, files), "UVA601") == []


def test_other_unlocked_packages_are_not_this_rule(tmp_path: Path) -> None:
    files = uv_project()
    files["requirements.txt"] = "requests==2.32.0\n"
    assert rules_of(audit_files(tmp_path, files), "UVA601") == []
