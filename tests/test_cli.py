"""The real CLI: CliRunner and the installed entry point in a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import __version__
from auditor.cli import main
from tests.builder import uv_project, write_files
from tests.conftest import validate_report

CLEAN = {**uv_project(), ".python-version": "3.11\n"}


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == f"uv-audit {__version__}"
    code, out, _ = invoke("--help")
    assert code == 0
    for option in (
        "--format",
        "--output",
        "--fail-on",
        "--select",
        "--ignore",
        "--group",
        "--only-group",
        "--extra",
        "--all-extras",
        "--python-platform",
        "--severity",
        "--jobs",
        "--max-file-size",
    ):
        assert option in out
    assert "export" in out and "explain" in out


def test_clean_project_exits_0_and_json_validates(tmp_path: Path) -> None:
    write_files(tmp_path / "proj", CLEAN)
    code, out, _ = invoke("--format", "json", str(tmp_path / "proj"))
    data = validate_report(out)
    assert code == 0, out
    assert data["summary"] == {"targets": 1, "findings": 0, "error": 0, "warning": 0, "info": 0, "suppressed": 0}


def test_findings_exit_1_and_paths_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path / "run-dir" / "model", {"pyproject.toml": CLEAN["pyproject.toml"], "MLmodel": "flavors: {}\n"})
    monkeypatch.chdir(tmp_path)
    code, out, _ = invoke("--format", "json", "run-dir/")
    data = validate_report(out)
    assert code == 1
    target = data["targets"][0]  # type: ignore[index]
    assert target["path"] == "run-dir/model"
    assert {f["rule"]: f["file"] for f in target["findings"]}["UVA001"] == "run-dir/model/pyproject.toml"


def test_fail_on_and_output_file(tmp_path: Path) -> None:
    write_files(tmp_path / "proj", uv_project())  # only UVA401 (warning) when the python rules are present
    out_file = tmp_path / "report.json"
    code, out, _ = invoke(
        "--format", "json", "-o", str(out_file), "--fail-on", "error", "--ignore", "UVA4", str(tmp_path / "proj")
    )
    assert code == 0 and out == ""
    validate_report(out_file.read_text())


@pytest.mark.parametrize(
    "args",
    [
        ["does-not-exist"],
        ["--format", "yaml", "."],
        ["--fail-on", "fatal", "."],
        ["--select", "UVA999", "."],
        ["--severity", "UVA001", "."],
        ["--severity", "UVA001=loud", "."],
        ["--no-such-option", "."],
        ["explain", "UVA999"],
        ["--python-platform", "amiga-os", "."],
        ["--python-version", "three", "."],
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("uv-audit: error:")
    assert "Traceback" not in out + err


def test_unknown_pyproject_key_is_that_targets_uva004(tmp_path: Path) -> None:
    files = uv_project(pyproject_extra='[tool.uv-audit]\nfial-on = "error"\n')
    write_files(tmp_path / "proj", files)
    code, out, err = invoke(str(tmp_path / "proj"), "--format", "json")
    assert code == 1 and err == ""
    [finding] = [f for t in json.loads(out)["targets"] for f in t["findings"] if f["rule"] == "UVA004"]
    lines = (tmp_path / "proj" / "pyproject.toml").read_text().splitlines()
    assert "fial-on" in finding["message"] and lines[finding["line"] - 1].startswith("fial-on")


def test_pyproject_config_is_applied(tmp_path: Path) -> None:
    files = uv_project(pyproject_extra='[tool.uv-audit]\nignore = ["missing-lock"]\n')
    write_files(tmp_path / "proj", {"pyproject.toml": files["pyproject.toml"]})
    assert invoke(str(tmp_path / "proj"))[0] == 0
    code, out, _ = invoke("--select", "UVA001", str(tmp_path / "proj"))
    assert code == 1 and "UVA001" in out


def test_severity_override_and_select_prefix(tmp_path: Path) -> None:
    write_files(tmp_path / "m", {"MLmodel": "flavors: {}\n", **uv_project()})  # UVA003 warning
    code, out, _ = invoke(
        "--format",
        "json",
        "--select",
        "UVA003",
        "--severity",
        "UVA003=info",
        "--fail-on",
        "warning",
        str(tmp_path / "m"),
    )
    data = validate_report(out)
    assert code == 0
    findings = data["targets"][0]["findings"]  # type: ignore[index]
    assert [(f["rule"], f["severity"]) for f in findings] == [("UVA003", "info")]


def test_text_report_fits_80_columns(tmp_path: Path) -> None:
    write_files(tmp_path / "a-rather-long-directory-name" / "model", {"MLmodel": "flavors: {}\n", **uv_project()})
    write_files(tmp_path / "bad", {"uv.lock": "version = 9\n", "pyproject.toml": CLEAN["pyproject.toml"]})
    code, out, _ = invoke("--no-color", str(tmp_path))
    assert code == 1
    assert all(len(line) <= 80 for line in out.splitlines() if not line.startswith(str(tmp_path))), out
    assert "UVA003 missing-requirements" in out and "UVA004 invalid-artifact" in out
    assert "\x1b[" not in out
    assert out.strip().splitlines()[-1].startswith("2 targets,")


def test_rules_and_explain() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "UVA001" in out and "missing-lock" in out
    code, out, _ = invoke("explain", "missing-lock")
    assert code == 0 and out.startswith("UVA001 missing-lock") and "Fix" in out


def test_installed_entry_point_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("uv-audit is not installed in this environment")
    write_files(tmp_path / "proj", CLEAN)
    done = subprocess.run([exe, "--format", "json", str(tmp_path / "proj")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    validate_report(done.stdout)
    bad = subprocess.run([exe, str(tmp_path / "nope")], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
