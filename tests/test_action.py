"""action.yml, run locally with the runner's semantics on ubuntu (tests/actionrunner.py): its bash
steps for real, against the fixtures, with the uv-audit of this environment behind a wrapper that
counts how often it runs; the install step for real (pinned, hashed) when PyPI can be reached."""

from __future__ import annotations

import json
import re
import shutil
import socket
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.actionrunner import Result, load, run_action

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
ACTION = load(REPO / "action.yml")
LEAK = "tests/fixtures/train-leak-default-groups"
needs_fixtures = pytest.mark.skipif(not (FIXTURES / "train-leak-default-groups").is_dir(), reason="fixtures missing")
PUSH: dict[str, Any] = {"event_name": "push", "event": {}, "action_path": str(REPO), "workspace": str(REPO)}
FORK_PR: dict[str, Any] = {
    **PUSH,
    "event_name": "pull_request",
    "event": {"pull_request": {"head": {"repo": {"fork": True}}}},
}


def _counting_uv_audit(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for the installed console script: records each run, then runs the real one."""
    real = shutil.which("uv-audit", path=str(Path(sys.executable).parent))
    if real is None:
        pytest.skip("uv-audit is not installed in this environment")
    calls = tmp_path / "calls.txt"
    wrapper = tmp_path / "bin" / "uv-audit"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/bash\necho run >> "{calls}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, calls


def _run(tmp_path: Path, github: dict[str, Any] = PUSH, **inputs: str) -> tuple[Result, int, str]:
    """Run the action with `inputs`; returns the result, how many times uv-audit ran, and the
    job summary."""
    wrapper, calls = _counting_uv_audit(tmp_path)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    summary = tmp_path / "summary.md"
    result = run_action(
        ACTION,
        inputs,
        workdir=REPO,
        runner_temp=temp,
        github=github,
        fake_outputs={"install": {"uv-audit": str(wrapper)}},
        env={"GITHUB_STEP_SUMMARY": str(summary), "COLUMNS": "80"},
    )
    runs = len(calls.read_text().splitlines()) if calls.exists() else 0
    return result, runs, summary.read_text(encoding="utf-8") if summary.exists() else ""


def test_action_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "format", "args", "upload-sarif", "sarif-file", "html-report"} <= set(ACTION["inputs"])
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]  # inputs reach scripts only through env
        if "uses" in step:  # third-party actions pinned by commit, the tag in a comment
            assert re.fullmatch(r"[\w-]+/[\w/-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    uses = {s["uses"].split("@")[0] for s in ACTION["runs"]["steps"] if "uses" in s}
    assert uses == {"actions/setup-python", "github/codeql-action/upload-sarif"}
    install = next(s for s in ACTION["runs"]["steps"] if s["name"] == "Install uv-audit")["run"]
    assert "/bin/" not in install and "Scripts/" in install  # the venv's layout comes from its Python


def test_pinned_requirements_cover_every_dependency() -> None:
    import tomli
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pyproject = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    needed = [*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"]]
    pinned: dict[str, str] = {}
    hashes: dict[str, int] = {}
    current = ""
    for line in (REPO / "action" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", line):
            current = str(canonicalize_name(match[1]))
            pinned[current] = match[2]
        elif line.strip().startswith("--hash=sha256:"):
            hashes[current] = hashes.get(current, 0) + 1
    for spec in needed:
        requirement = Requirement(spec)
        name = str(canonicalize_name(requirement.name))
        assert name in pinned, f"{name} is not pinned in action/requirements.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (name, pinned[name])
    assert set(hashes) == set(pinned) and min(hashes.values()) >= 1


@needs_fixtures
def test_one_run_writes_log_summary_sarif_and_html_and_fails(tmp_path: Path) -> None:
    spaced = tmp_path / "models with spaces" / "leak model"
    shutil.copytree(FIXTURES / "train-leak-default-groups", spaced)
    html = tmp_path / "report.html"
    result, runs, summary = _run(
        tmp_path,
        paths=f"{LEAK}\n\n  {spaced}  \ntests/fixtures/project-checkout\n",
        **{"upload-sarif": "true", "html-report": str(html)},
    )
    assert runs == 1  # one audit for the log, the summary, SARIF and HTML
    audit = result.step("Run uv-audit")
    assert audit.code == 0, audit.stderr
    assert f"::error file={LEAK}/requirements.txt,line=" in audit.stdout
    assert f"{spaced}/requirements.txt" in audit.stdout  # a path with spaces stays one path
    assert audit.outputs["exit-code"] == "1"
    assert summary.startswith("## uv-audit:") and "UVA301" in summary and "leak model" in summary
    sarif = json.loads(Path(audit.outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and len(sarif["runs"][0]["results"]) == summary.count("group-leak")
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert audit.outputs["html-report"] == str(html)
    upload = result.step("Upload SARIF")
    assert upload.ran and upload.inputs == {"sarif_file": audit.outputs["sarif-file"], "category": "uv-audit"}
    assert not upload.continue_on_error  # a push can upload: a failure there is real
    fail = result.step("Fail on findings")
    assert fail.ran and fail.code == 1 and result.failed
    assert fail.stdout.startswith("::error title=uv-audit::findings at or above warning")


@needs_fixtures
def test_clean_project_passes_without_sarif(tmp_path: Path) -> None:
    result, runs, summary = _run(tmp_path, paths="tests/fixtures/project-checkout", **{"fail-on": "error"})
    audit = result.step("Run uv-audit")
    assert runs == 1 and audit.outputs["exit-code"] == "0" and "sarif-file" not in audit.outputs
    assert "no findings" in summary
    assert not result.step("Upload SARIF").ran and not result.step("Fail on findings").ran
    assert not result.failed


@needs_fixtures
def test_usage_error_fails_the_step_with_uv_audits_line_once(tmp_path: Path) -> None:
    result, runs, summary = _run(tmp_path, paths=f"{LEAK}\ndoes/not/exist", **{"upload-sarif": "true"})
    assert runs == 1
    audit = result.step("Run uv-audit")
    assert audit.code == 2 and result.failed
    errors = [line for line in result.log.splitlines() if "uv-audit: error:" in line]
    assert errors == ["::error title=uv-audit::uv-audit: error: path does not exist: does/not/exist"], result.log
    assert "exit-code" not in audit.outputs and summary == ""
    assert not result.step("Upload SARIF").ran  # no SARIF was written: nothing to upload
    assert not result.step("Fail on findings").ran  # the error is said once


@pytest.mark.parametrize(
    ("inputs", "error"),
    [
        ({"format": "html"}, "format must be github, text, concise, json or markdown, not 'html'"),
        ({"format": "yaml"}, "format must be github, text, concise, json or markdown, not 'yaml'"),
        ({"upload-sarif": "yes"}, "upload-sarif must be true or false, not 'yes'"),
        ({"fail-on": "fatal"}, "uv-audit: error: "),
    ],
)
def test_invalid_inputs_are_one_error(inputs: dict[str, str], error: str, tmp_path: Path) -> None:
    result, runs, _ = _run(tmp_path, paths=LEAK, **inputs)
    audit = result.step("Run uv-audit")
    assert audit.code == 2 and result.failed
    lines = [line for line in result.log.splitlines() if line.startswith("::error")]
    assert len(lines) == 1 and lines[0].startswith(f"::error title=uv-audit::{error}"), result.log
    assert runs == (1 if "fail-on" in inputs else 0)  # the action's own checks run nothing


@needs_fixtures
def test_args_are_one_per_line_without_quote_leakage(tmp_path: Path) -> None:
    args = "--ignore\n'UVA301'\n\n  \"--select=UVA3, UVA4\"\n--statistics\n"
    result, runs, _ = _run(tmp_path, paths=LEAK, format="text", args=args)
    audit = result.step("Run uv-audit")
    assert runs == 1 and audit.code == 0, result.log
    assert audit.outputs["exit-code"] == "0"  # the leak is ignored: the quotes did not reach uv-audit
    assert audit.stdout.splitlines()[-1].startswith("1 target, 0 findings")


@needs_fixtures
def test_concise_log_and_no_summary(tmp_path: Path) -> None:
    result, runs, summary = _run(tmp_path, paths=LEAK, format="concise", summary="false")
    audit = result.step("Run uv-audit")
    assert runs == 1 and summary == ""
    assert audit.stdout.startswith(f"{LEAK}/requirements.txt:")


@needs_fixtures
def test_upload_may_fail_on_a_fork_pull_request(tmp_path: Path) -> None:
    result, _, _ = _run(tmp_path, github=FORK_PR, paths=LEAK, **{"upload-sarif": "true"})
    upload = result.step("Upload SARIF")
    assert upload.ran and upload.continue_on_error


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


@needs_fixtures
@pytest.mark.skipif(not _pypi_reachable(), reason="PyPI cannot be reached")
def test_real_install_from_pinned_hashes_then_one_run(tmp_path: Path) -> None:
    """The install step itself: a venv from this Python, every dependency and the build backend
    from action/requirements.txt with --require-hashes, the checkout built without isolation."""
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    result = run_action(
        ACTION,
        {"paths": LEAK, "format": "concise"},
        workdir=REPO,
        runner_temp=temp,
        github=PUSH,
        env={
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        },
    )
    install = result.step("Install uv-audit")
    assert install.code == 0, install.stderr[-3000:]
    exe = Path(install.outputs["uv-audit"])
    assert exe == temp / "uv-audit-venv" / "bin" / "uv-audit" and exe.is_file()
    audit = result.step("Run uv-audit")
    assert audit.code == 0 and audit.outputs["exit-code"] == "1", audit.stderr
    assert audit.stdout.startswith(f"{LEAK}/requirements.txt:")
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("## uv-audit:")


def _doc_blocks(language: str) -> list[Any]:
    text = (REPO / "docs" / "integrations.md").read_text(encoding="utf-8")
    assert "OWNER" not in text  # real snippets only
    return [yaml.safe_load(block) for block in re.findall(rf"```{language}\n(.*?)```", text, re.S)]


@needs_fixtures
def test_the_documented_workflow_runs_as_written(tmp_path: Path) -> None:
    [workflow] = [b for b in _doc_blocks("yaml") if isinstance(b, dict) and "jobs" in b]
    steps = workflow["jobs"]["audit"]["steps"]
    for step in steps:
        assert step["uses"] == "./" or re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
    [ours] = [s for s in steps if s["uses"] == "./"]
    assert set(ours["with"]) <= set(ACTION["inputs"])
    workspace = tmp_path / "workspace"  # a repository with the paths the snippet names
    shutil.copytree(FIXTURES / "train-leak-default-groups", workspace / "models" / "leak")
    shutil.copytree(FIXTURES / "file-store" / "mlruns", workspace / "mlruns")
    wrapper, calls = _counting_uv_audit(tmp_path)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    result = run_action(
        ACTION,
        {k: str(v) for k, v in ours["with"].items()},
        workdir=workspace,
        runner_temp=temp,
        github={**PUSH, "workspace": str(workspace)},
        fake_outputs={"install": {"uv-audit": str(wrapper)}},
        env={"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_WORKSPACE": str(workspace)},
    )
    audit = result.step("Run uv-audit")
    assert len(calls.read_text().splitlines()) == 1 and audit.outputs["exit-code"] == "1", result.log
    assert "::error file=models/leak/requirements.txt" in audit.stdout  # relative to the workspace
    assert (workspace / ours["with"]["html-report"]).is_file() and result.step("Upload SARIF").ran


def test_the_documented_pre_commit_hook_matches_the_published_one() -> None:
    [config] = [b for b in _doc_blocks("yaml") if isinstance(b, dict) and "repos" in b]
    [hook] = config["repos"][0]["hooks"]
    [published] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["files"]) == (published["id"], published["entry"], published["files"])


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
@pytest.mark.parametrize("name", [s["name"] for s in ACTION["runs"]["steps"] if "run" in s])
def test_step_scripts_pass_shellcheck(name: str, tmp_path: Path) -> None:
    import subprocess

    script = tmp_path / "step.sh"
    script.write_text("#!/bin/bash\n" + next(s for s in ACTION["runs"]["steps"] if s["name"] == name)["run"])
    # SC2153: PATHS and paths are two names on purpose (the input, the parsed list)
    done = subprocess.run(["shellcheck", "-s", "bash", "-e", "SC2153", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
