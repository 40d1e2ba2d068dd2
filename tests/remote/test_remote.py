"""Auditing models straight from a real MLflow tracking server (issue 10).

Each URI form is audited through the CLI and compared with auditing the same model downloaded by
hand with `mlflow artifacts download`; the weights are never requested; a missing run, a missing
model and an unreachable server are one line each on stderr while the other targets are audited.
"""

from __future__ import annotations

import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("mlflow")

from auditor.cli.group import main
from auditor.options import Options
from auditor.target import ARTIFACTS
from tests.remote.conftest import FIXTURES, Logged, _environment

WEIGHT_NAMES = ("python_model.pkl", "weights.bin", "uv_audit_fixture_model.py")

# Each URI form: a function of the logged models -> URI.
FORMS: dict[str, Callable[[Logged], str]] = {
    "runs-logged-model": lambda lg: f"runs:/{lg.models['clean']['run_id']}/model",
    "runs-run-artifacts": lambda lg: f"runs:/{lg.models['leak']['run_id']}/model",
    "models-version": lambda lg: "models:/uv-audit-clean/2",
    "models-alias": lambda lg: "models:/uv-audit-clean@champion",
    "models-model-id": lambda lg: f"models:/{lg.models['nopy']['model_id']}",
    "models-latest": lambda lg: "models:/uv-audit-leak/latest",
}


def audit(*args: str) -> tuple[int, dict[str, Any], str]:
    """Run the CLI in-process; returns (exit code, JSON report, stderr)."""
    result = CliRunner().invoke(main, ["check", *args, "--format", "json"], catch_exceptions=False)
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, report, result.stderr


def normalized(target: dict[str, Any], path: str) -> dict[str, Any]:
    """A target's report with its path replaced, so a remote and a local audit compare equal."""
    text = json.dumps({k: v for k, v in target.items() if k != "path"}).replace(path, "<TARGET>")
    return dict(json.loads(text))


def hand_download(uri: str, dest: Path) -> Path:
    """`mlflow artifacts download -u URI -d DEST` (everything, weights included), run in-process
    through MLflow's own click CLI; returns the model directory."""
    from mlflow.cli import cli as mlflow_cli

    result = CliRunner().invoke(mlflow_cli, ["artifacts", "download", "-u", uri, "-d", str(dest)])
    assert result.exit_code == 0, (result.output, result.exception)
    found = sorted(p.parent for p in dest.rglob("MLmodel"))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_uri_form_matches_hand_download(
    form: str, logged: Logged, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = FORMS[form](logged)
    code, report, stderr = audit(uri, "--tracking-uri", logged.uri)
    assert stderr == ""
    [remote] = report["targets"]
    assert remote["path"] == uri
    assert all(f["file"].startswith(f"{uri}/") for f in remote["findings"])
    assert sum(remote["artifacts"].values()) >= 6, remote["artifacts"]

    monkeypatch.setenv("MLFLOW_TRACKING_URI", logged.uri)
    local_dir = hand_download(uri, tmp_path / "hand")
    assert (local_dir / "python_model.pkl").is_file()  # the hand download really holds the weights
    local_code, local_report, _ = audit(str(local_dir))
    [local] = local_report["targets"]
    assert normalized(remote, uri) == normalized(local, str(local_dir))
    assert code == local_code


def test_findings_are_those_the_fixtures_promise(logged: Logged) -> None:
    _, report, _ = audit(
        "models:/uv-audit-clean@champion",
        "models:/uv-audit-clean@challenger",
        f"runs:/{logged.models['leak']['run_id']}/model",
        f"models:/{logged.models['nopy']['model_id']}",
        "--tracking-uri",
        logged.uri,
    )
    rules = {t["path"]: sorted({f["rule"] for f in t["findings"]}) for t in report["targets"]}
    assert list(rules.values()) == [[], ["UVA101"], ["UVA301"], ["UVA401"]]


def test_experiments_by_name_and_id(logged: Logged) -> None:
    exp_b = logged.models["leak"]["experiment_id"]
    code, report, stderr = audit(
        "--experiment", "uv-audit-remote-a", "--experiment", exp_b, "--tracking-uri", logged.uri
    )
    paths = [t["path"] for t in report["targets"]]
    m = logged.models
    assert paths == [
        f"models:/{m['stale']['model_id']}",  # newest first
        f"models:/{m['clean']['model_id']}",
        f"models:/{m['nopy']['model_id']}",
        f"runs:/{m['leak']['run_id']}/model",  # a model saved into the run's own artifacts
    ]
    assert stderr == ""
    assert code == 1
    # --max-results bounds the models (and runs) per experiment
    _, report, stderr = audit("--experiment", "uv-audit-remote-a", "--max-results", "1", "--tracking-uri", logged.uri)
    assert [t["path"] for t in report["targets"]] == [f"models:/{m['stale']['model_id']}"]
    assert stderr.splitlines() == [
        "uv-audit: note: experiment uv-audit-remote-a: only the newest 1 logged models; --max-results N for more",
        "uv-audit: note: experiment uv-audit-remote-a: only the newest 1 runs; --max-results N for more",
    ]


def test_registered_models_latest_and_alias(logged: Logged, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", logged.uri)  # instead of --tracking-uri
    _, report, stderr = audit("--registered-models", "--jobs", "2")
    assert [t["path"] for t in report["targets"]] == ["models:/uv-audit-clean/2", "models:/uv-audit-leak/1"]
    assert stderr == ""
    code, report, stderr = audit("--registered-models", "--alias", "champion")
    assert [t["path"] for t in report["targets"]] == ["models:/uv-audit-clean@champion"]
    assert stderr.splitlines() == ["uv-audit: note: models:/uv-audit-leak: no alias 'champion'; not audited"]
    assert code == 0


def test_missing_run_and_model_are_one_line_each(logged: Logged) -> None:
    run_id = logged.models["leak"]["run_id"]
    code, report, stderr = audit(
        "runs:/0123456789abcdef0123456789abcdef/model",
        "models:/uv-audit-clean@champion",
        "models:/no-such-model/1",
        "models:/uv-audit-clean@no-such-alias",
        f"runs:/{run_id}/eval",  # a run directory that holds no model
        str(FIXTURES / "clean"),
        "--tracking-uri",
        logged.uri,
    )
    lines = stderr.splitlines()
    assert len(lines) == 4, lines
    assert lines[0].startswith("uv-audit: runs:/0123456789abcdef0123456789abcdef/model: not found: Run ")
    assert lines[1].startswith("uv-audit: models:/no-such-model/1: not found: Registered Model ")
    assert lines[2].startswith("uv-audit: models:/uv-audit-clean@no-such-alias: ")
    assert "no-such-alias" in lines[2]
    assert (
        lines[3]
        == f"uv-audit: runs:/{run_id}/eval: no uv.lock, pyproject.toml or MLmodel there (not a model directory?)"
    )
    assert [t["path"] for t in report["targets"]] == [str(FIXTURES / "clean"), "models:/uv-audit-clean@champion"]
    assert all(not t["findings"] for t in report["targets"])
    assert code == 1  # a target that could not be audited never passes a gate


def test_unreachable_server_is_one_line_per_target(tmp_path: Path) -> None:
    from tests.remote.conftest import _free_port

    dead = f"http://127.0.0.1:{_free_port()}"
    code, report, stderr = audit(
        "models:/uv-audit-clean@champion", "runs:/abc/model", str(FIXTURES / "clean"), "--tracking-uri", dead
    )
    unreachable = f"cannot reach the MLflow tracking server {dead} (Connection refused)"
    assert stderr.splitlines() == [
        f"uv-audit: models:/uv-audit-clean@champion: {unreachable}",
        f"uv-audit: runs:/abc/model: {unreachable}",
    ]
    assert [t["path"] for t in report["targets"]] == [str(FIXTURES / "clean")]
    assert code == 1
    code, _, stderr = audit("--experiment", "x", "--tracking-uri", dead)
    assert stderr.splitlines() == [
        f"uv-audit: experiment x: cannot reach the MLflow tracking server {dead} (Connection refused)"
    ]
    assert code == 1


def test_only_metadata_is_downloaded_into_a_private_temp_dir(logged: Logged) -> None:
    from auditor.remote.fetch import fetch_all

    uris = [form(logged) for form in FORMS.values()]
    with fetch_all(uris, Options(tracking_uri=logged.uri)) as (candidates, errors):
        assert errors == []
        assert [c.display for c in candidates] == uris
        roots = {c.directory.parent for c in candidates}
        for candidate in candidates:
            files = {
                p.relative_to(candidate.directory).as_posix() for p in candidate.directory.rglob("*") if p.is_file()
            }
            assert files == set(candidate.names) and files <= set(ARTIFACTS), files
            assert {"uv.lock", "pyproject.toml", "requirements.txt", "MLmodel"} <= files
            # directories are shown by name only (the target's listing), never their contents
            assert {p.name for p in candidate.directory.iterdir() if p.is_dir()} == {"artifacts", "code"}
            assert oct(candidate.directory.stat().st_mode & 0o777) == "0o700"
    [root] = roots
    assert not root.exists()  # removed on exit


def test_entry_point_never_requests_the_weights(logged: Logged) -> None:
    """Through the installed console script in a subprocess, checked against the server's access log."""
    script = Path(sys.executable).with_name("uv-audit")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "auditor"]
    uris = [form(logged) for form in FORMS.values()]
    offset = logged.server.log_offset()
    proc = subprocess.run(
        [*command, *uris, "--experiment", "uv-audit-remote-b", "--registered-models", "--format", "json"],
        env=_environment({"MLFLOW_TRACKING_URI": logged.uri}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr  # UVA101, UVA301 and the UVA401 warning
    assert proc.stderr == ""
    assert len(json.loads(proc.stdout)["targets"]) == 7  # the 6 URIs + models:/uv-audit-leak/1 (others repeat)
    requests = logged.server.requests_since(offset)
    downloads = [line for line in requests if "/mlflow-artifacts/artifacts/" in line and "?" not in line.split('"')[1]]
    assert any("/uv.lock " in line for line in downloads), requests[-20:]
    assert not [line for line in requests if any(name in line for name in WEIGHT_NAMES)]
    stored = [p.name for p in logged.server.artifacts.rglob("*") if p.is_file()]
    assert "python_model.pkl" in stored and "weights.bin" in stored  # they exist; they were just never asked for


def test_bare_run_uri_audits_the_models_of_the_run(logged: Logged) -> None:
    leak, clean = logged.models["leak"], logged.models["clean"]
    _, report, stderr = audit(f"runs:/{leak['run_id']}", f"runs:/{clean['run_id']}", "--tracking-uri", logged.uri)
    assert stderr == ""
    assert [t["path"] for t in report["targets"]] == [f"runs:/{leak['run_id']}/model", f"models:/{clean['model_id']}"]


def test_oversized_file_is_not_downloaded_and_reported_as_for_a_local_copy(
    logged: Logged, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = "models:/uv-audit-clean/1"
    offset = logged.server.log_offset()
    code, report, _ = audit(uri, "--tracking-uri", logged.uri, "--max-file-size", "20000")
    assert not [line for line in logged.server.requests_since(offset) if "/uv.lock " in line]
    [remote] = report["targets"]
    assert [f["rule"] for f in remote["findings"] if f["file"] == f"{uri}/uv.lock"] == ["UVA004"]
    monkeypatch.setenv("MLFLOW_TRACKING_URI", logged.uri)
    local_dir = hand_download(uri, tmp_path / "hand")
    local_code, local_report, _ = audit(str(local_dir), "--max-file-size", "20000")
    assert normalized(remote, uri) == normalized(local_report["targets"][0], str(local_dir))
    assert code == local_code == 1


class _Unauthorized(http.server.BaseHTTPRequestHandler):
    """What an authenticating proxy in front of MLflow answers without credentials."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="mlflow"')
        self.send_header("Content-Length", "12")
        self.end_headers()
        self.wfile.write(b"Unauthorized")

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_unauthorized_is_one_line_per_target() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        uri = f"http://127.0.0.1:{server.server_address[1]}"
        code, report, stderr = audit("models:/fraud@champion", str(FIXTURES / "clean"), "--tracking-uri", uri)
    finally:
        server.shutdown()
        server.server_close()
    [line] = stderr.splitlines()
    assert line.startswith(f"uv-audit: models:/fraud@champion: not authorized by {uri} (")
    assert line.endswith("set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD")
    assert [t["path"] for t in report["targets"]] == [str(FIXTURES / "clean")]
    assert code == 1


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            "401 Client Error: Unauthorized for url: http://h/api/2.0/mlflow-artifacts/artifacts?path=1",
            "not authorized by http://h (401 Client Error",
        ),
        ("API request to endpoint /x failed with error code 403 != 200. Response body: 'no'", "not authorized by"),
        ("404 Client Error: Not Found for url: http://h/x", "not found: 404 Client Error"),
        ("Run with id=a404b not found", "Run with id=a404b not found"),  # a 404 inside an id is no status
    ],
)
def test_describe_http_errors(error: str, line: str) -> None:
    from auditor.remote.fetch import describe

    assert describe(Exception(error), "http://h").startswith(line)
