"""Acceptance on the real fixtures (made by scripts/gen_fixtures.py with real MLflow and uv): each
artifact set gives exactly the findings its scenario calls for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from auditor.mlflow import RUNTIME as MLFLOW_RUNTIME
from auditor.reqfile import parse_requirements
from auditor.run import RunOptions
from tests.builder import audit_dir
from tests.conftest import FIXTURES, REPO, validate_report
from tests.realuv import uv_binary

MANIFEST = FIXTURES / "MANIFEST.json"
pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="fixtures not generated")


def _fixtures() -> dict[str, dict[str, Any]]:
    return json.loads(MANIFEST.read_text())["fixtures"] if MANIFEST.is_file() else {}


def _dir(name: str, entry: dict[str, Any]) -> Path:
    return REPO / entry["path"]


def _expected_codes(entry: dict[str, Any], directory: Path) -> set[str]:
    codes = set(entry["intended_findings"])
    if not (directory / "uv.lock").exists() and (directory / "requirements.txt").exists():
        codes.add("UVA001")  # a model without uv files: nothing to restore with uv
    return codes


@pytest.mark.parametrize("name", [n for n, e in _fixtures().items() if e.get("intended_findings") is not None])
def test_fixture_gives_exactly_its_findings(name: str) -> None:
    entry = _fixtures()[name]
    directory = _dir(name, entry)
    findings = audit_dir(directory)
    assert {f.rule for f in findings} == _expected_codes(entry, directory), [
        (f.rule, f.package, f.message) for f in findings
    ]
    assert all(f.fix for f in findings)
    assert not any("internal error" in f.message for f in findings)


def test_sklearn_model_needs_no_lock_rules() -> None:
    findings = audit_dir(FIXTURES / "sklearn-flavor")
    assert [f.rule for f in findings] == ["UVA001"]


def _real_export(directory: Path, tmp_path: Path, *args: str) -> set[str]:
    """Names real `uv export --frozen` lists for the project, run in a scratch copy."""
    work = tmp_path / "project"
    work.mkdir()
    for name in ("uv.lock", "pyproject.toml", ".python-version"):
        if (directory / name).exists():
            shutil.copy(directory / name, work / name)
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_SYNC": "1", "UV_PYTHON_DOWNLOADS": "never"}
    done = subprocess.run(
        [uv_binary(), "export", "--frozen", "--no-hashes", "--no-header", "--no-emit-project", "--no-annotate", *args],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {line.name for line in parse_requirements(done.stdout).lines if line.name}


@pytest.mark.parametrize(
    ("name", "selection"),
    [("train-leak-default-groups", {}), ("uv-groups-train", {}), ("uv-extras-serve", {})],
)
def test_leaks_are_exactly_what_real_uv_leaves_out(name: str, selection: dict[str, Any], tmp_path: Path) -> None:
    directory = FIXTURES / name
    core = _real_export(directory, tmp_path, "--no-default-groups")
    logged = {line.name for line in parse_requirements((directory / "requirements.txt").read_text()).lines if line.name}
    leaked = logged - core - MLFLOW_RUNTIME
    assert leaked, "the fixture should leak something"
    findings = [f for f in audit_dir(directory) if f.rule in ("UVA301", "UVA302")]
    assert {f.package for f in findings} == leaked
    for finding in findings:
        origin = str(finding.actual).split(" -> ")[0]
        assert origin in (*_fixtures()[name]["uv_groups"], *_fixtures()[name]["uv_extras"], "train"), finding.actual


def test_uv_groups_train_is_clean_when_train_is_intended() -> None:
    directory = FIXTURES / "uv-groups-train"
    assert any(f.rule == "UVA301" for f in audit_dir(directory))
    intended = RunOptions(paths=(str(directory),), groups=("train",))
    assert [f for f in audit_dir(directory, options=intended) if f.rule.startswith(("UVA2", "UVA3"))] == []


def test_stale_lock_names_exactly_the_edited_requirement() -> None:
    edit = _fixtures()["stale-lock"]["stale_edit"]
    [finding] = [f for f in audit_dir(FIXTURES / "stale-lock") if f.rule == "UVA101"]
    assert finding.package == edit["package"] and finding.expected == edit["new"]
    assert finding.actual is not None and edit["locked_requires_dist_entry"]["specifier"] in finding.actual
    assert finding.line is not None
    pyproject = (FIXTURES / "stale-lock" / "pyproject.toml").read_text().splitlines()
    assert edit["new"] in pyproject[finding.line - 1]


def test_import_inference_gives_uva602_not_a_flood() -> None:
    rules = [f.rule for f in audit_dir(FIXTURES / "import-inference")]
    assert "UVA602" in rules and "UVA202" not in rules


@pytest.mark.parametrize("store", ["file-store", "run-dir"])
def test_stores_find_every_model(store: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    result = CliRunner().invoke(main, ["--format", "json", store])
    data = validate_report(result.stdout)
    paths = sorted(t["path"] for t in data["targets"])  # type: ignore[index, union-attr]
    models = sorted(str(p.parent.relative_to(FIXTURES)) for p in (FIXTURES / store).rglob("MLmodel"))
    assert paths == models
    assert result.exit_code in (0, 1)


def test_fixture_reports_validate_and_exit_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    clean = CliRunner().invoke(main, ["--format", "json", "tests/fixtures/clean"])
    assert clean.exit_code == 0, clean.stdout
    validate_report(clean.stdout)
    every = CliRunner().invoke(main, ["--format", "json", "tests/fixtures", "examples"])
    assert every.exit_code == 1
    data = validate_report(every.stdout)
    assert data["summary"]["targets"] >= len(_fixtures())  # type: ignore[index]
