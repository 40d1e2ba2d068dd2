from __future__ import annotations

from pathlib import Path

import pytest

from tests.builder import audit_files, rules_of, uv_project


def mlmodel(version: str) -> str:
    return f"flavors:\n  python_function:\n    python_version: 3.11.7\nmlflow_version: {version}\n"


def packaged(name: str = "my-model", extra: str = "", logged_by: str = "3.17.2") -> dict[str, str]:
    """A packaged project's model, logged (and, by default, served) by MLflow `logged_by`."""
    return {**uv_project(name=name, packaged=True, pyproject_extra=extra), "MLmodel": mlmodel(logged_by)}


def test_fires_for_a_packaged_project_without_source(tmp_path: Path) -> None:
    files = {**packaged(), "code/model.py": ""}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA502")
    assert finding.file is not None and finding.file.endswith("pyproject.toml")
    lines = (tmp_path / "target" / "pyproject.toml").read_text().splitlines()
    assert finding.line is not None and lines[finding.line - 1] == "[build-system]"
    assert finding.expected == "src/my_model/"
    assert "package = false" in (finding.fix or "")


@pytest.mark.parametrize(
    "layout", ["src/my_model/__init__.py", "my_model/__init__.py", "my_model.py", "src/my_model.py"]
)
def test_silent_when_the_source_is_there(tmp_path: Path, layout: str) -> None:
    assert rules_of(audit_files(tmp_path, {**packaged(), layout: ""}), "UVA502") == []


def test_silent_with_package_false(tmp_path: Path) -> None:
    files = packaged(extra="[tool.uv]\npackage = false")
    assert rules_of(audit_files(tmp_path, files), "UVA502") == []


def test_silent_without_build_system(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path, uv_project(name="my-model")), "UVA502") == []


def test_fires_with_package_true(tmp_path: Path) -> None:
    files = packaged(extra="[tool.uv]\npackage = true")
    assert len(rules_of(audit_files(tmp_path, files), "UVA502")) == 1


def test_silent_when_the_serving_mlflow_does_not_install_the_project(tmp_path: Path) -> None:
    assert rules_of(audit_files(tmp_path / "a", packaged(logged_by="3.18.0")), "UVA502") == []
    [finding] = rules_of(audit_files(tmp_path / "b", packaged()), "UVA502")
    assert "restored as MLflow 3.17.2 does: uv sync --frozen --no-dev, from MLmodel's mlflow_version" in finding.message


def test_the_option_and_the_table_choose_the_serving_mlflow(tmp_path: Path) -> None:
    from auditor.run import RunOptions
    from tests.builder import audit_dir, write_files

    root = write_files(tmp_path / "m", packaged())
    assert rules_of(audit_dir(root, options=RunOptions(paths=(str(root),), serving_mlflow="3.18.0")), "UVA502") == []
    table = packaged(logged_by="3.18.0", extra='[tool.uv-audit]\nserving-mlflow = "3.16.1"')
    [finding] = rules_of(audit_files(tmp_path / "t", table), "UVA502")
    assert "MLflow 3.16.1" in finding.message and "from [tool.uv-audit] serving-mlflow" in finding.message


def test_a_project_checkout_is_judged_as_the_newest_mlflow_restores(tmp_path: Path) -> None:
    files = uv_project(name="my-model", packaged=True)
    assert rules_of(audit_files(tmp_path, files), "UVA502") == []

