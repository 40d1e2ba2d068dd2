"""action.yml: its shell steps run here as the Actions runner would run them (bash, inputs as
environment variables), with the uv-audit of this environment standing in for the installed one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def _step(name: str) -> dict[str, Any]:
    step = next(s for s in ACTION["runs"]["steps"] if s["name"] == name)
    assert isinstance(step, dict)
    return step


def _run_audit(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str]:
    exe = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("uv-audit is not installed in this environment")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    env = {
        **os.environ,
        "UV_AUDIT": exe,
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "PATHS": inputs.get("paths", "."),
        "FAIL_ON": inputs.get("fail-on", "warning"),
        "FORMAT": inputs.get("format", "github"),
        "UPLOAD_SARIF": inputs.get("upload-sarif", "false"),
        "SARIF_FILE": inputs.get("sarif-file", ""),
        "HTML_REPORT": inputs.get("html-report", ""),
        "EXTRA_ARGS": inputs.get("args", ""),
    }
    done = subprocess.run(
        ["bash", "-c", _step("Run uv-audit")["run"]], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)
    return done, outputs, summary.read_text(encoding="utf-8") if summary.exists() else ""


def _fail_step(code: str) -> int:
    env = {**os.environ, "CODE": code, "FAIL_ON": "warning"}
    return subprocess.run(["bash", "-c", _step("Fail on findings")["run"]], env=env, capture_output=True).returncode


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "format", "upload-sarif"} <= set(ACTION["inputs"])
    upload = _step("Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    for step in ACTION["runs"]["steps"]:  # inputs reach scripts only through env (no script injection)
        assert "${{" not in step.get("run", ""), step["name"]


@pytest.mark.skipif(not (FIXTURES / "train-leak-default-groups").is_dir(), reason="fixtures missing")
def test_findings_write_summary_annotations_sarif_and_fail(tmp_path: Path) -> None:
    paths = "tests/fixtures/train-leak-default-groups\ntests/fixtures/project-checkout"
    html = tmp_path / "report.html"
    done, outputs, summary = _run_audit(tmp_path, paths=paths, **{"upload-sarif": "true", "html-report": str(html)})
    assert done.returncode == 0, done.stderr
    assert "::error file=tests/fixtures/train-leak-default-groups/requirements.txt,line=" in done.stdout
    assert outputs["exit-code"] == "1"
    assert summary.startswith("## uv-audit:") and "UVA301" in summary
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert _fail_step(outputs["exit-code"]) == 1


@pytest.mark.skipif(not (FIXTURES / "project-checkout").is_dir(), reason="fixtures missing")
def test_clean_project_passes(tmp_path: Path) -> None:
    done, outputs, summary = _run_audit(tmp_path, paths="tests/fixtures/project-checkout", **{"fail-on": "error"})
    assert done.returncode == 0 and outputs["exit-code"] == "0" and "sarif-file" not in outputs
    assert "no findings" in summary
    assert _fail_step("0") == 0


def test_usage_error_fails_with_2(tmp_path: Path) -> None:
    _, outputs, _ = _run_audit(tmp_path, paths="does/not/exist")
    assert outputs["exit-code"] == "2"
    assert _fail_step("2") == 2
