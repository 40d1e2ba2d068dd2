from __future__ import annotations

from pathlib import Path

import pytest

from tests.builder import audit_files, rules_of, uv_project

PYTHON_ENV = "python: {v}\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n"
MLMODEL = "flavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n    python_version: {v}\n"
CONDA = "channels:\n- conda-forge\ndependencies:\n- python={v}\n- pip\n"


def model(version: str) -> dict[str, str]:
    return {
        "python_env.yaml": PYTHON_ENV.format(v=version),
        "MLmodel": MLMODEL.format(v=version),
        "conda.yaml": CONDA.format(v=version),
    }


@pytest.mark.parametrize("pin", ["3.12", "3.11.8", ">=3.12", "cp310"])
def test_fires_once_for_all_files_recording_the_same_python(tmp_path: Path, pin: str) -> None:
    files = {**uv_project(), **model("3.11.7"), ".python-version": pin + "\n"}
    [finding] = rules_of(audit_files(tmp_path, files), "UVA403")
    assert finding.file is not None and finding.file.endswith("python_env.yaml")
    assert finding.line == 1
    assert finding.expected == pin and finding.actual == "3.11.7"
    assert "MLmodel" in finding.message and "conda.yaml" in finding.message
    assert finding.fix


@pytest.mark.parametrize("pin", ["3.11", "3.11.7", "cpython@3.11", ">=3.11,<3.12", "python3.11", "/usr/bin/python3"])
def test_silent_when_the_request_admits_the_logged_python(tmp_path: Path, pin: str) -> None:
    files = {**uv_project(), **model("3.11.7"), ".python-version": pin + "\n"}
    assert rules_of(audit_files(tmp_path, files), "UVA403") == []


def test_each_disagreeing_file_is_reported(tmp_path: Path) -> None:
    files = {
        **uv_project(),
        "MLmodel": MLMODEL.format(v="3.12.1"),
        "conda.yaml": CONDA.format(v="3.11.7"),
        ".python-version": "3.11\n",
    }
    [finding] = rules_of(audit_files(tmp_path, files), "UVA403")
    assert finding.file is not None and finding.file.endswith("MLmodel")
    assert finding.line == 4 and finding.actual == "3.12.1"
