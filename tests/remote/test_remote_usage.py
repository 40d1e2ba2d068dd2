"""The MLflow options' usage errors, with or without the `mlflow` extra installed (no server)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from click.testing import CliRunner

import auditor.remote
from auditor.cli.group import main
from auditor.options import Options
from auditor.remote import INSTALL_HINT, is_remote_uri
from tests.remote.conftest import FIXTURES

HAS_MLFLOW = importlib.util.find_spec("mlflow") is not None


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("args", [["models:/fraud@champion"], ["--experiment", "x"], ["--registered-models"]])
def test_without_the_extra_a_remote_target_exits_2_with_the_install_line(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auditor.remote, "mlflow_available", lambda: False)
    code, stderr = invoke(*args, "--tracking-uri", "http://127.0.0.1:9")
    assert code == 2
    assert stderr.splitlines() == [f"uv-audit: error: {args[0]} needs the MLflow client: {INSTALL_HINT}"]


@pytest.mark.skipif(HAS_MLFLOW, reason="MLflow is installed here")
def test_entry_point_without_mlflow_installed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "runs:/abc/model"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2
    assert proc.stderr == f"uv-audit: error: runs:/abc/model needs the MLflow client: {INSTALL_HINT}\n"


def test_local_paths_never_load_mlflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auditor.remote, "mlflow_available", lambda: pytest.fail("MLflow looked up"))
    code, _ = invoke(str(FIXTURES / "clean") if (FIXTURES / "clean").is_dir() else ".", "--format", "json")
    assert code in (0, 1)


def test_alias_needs_registered_models() -> None:
    assert invoke("--alias", "champion", ".") == (2, "uv-audit: error: --alias needs --registered-models\n")


@pytest.mark.skipif(not HAS_MLFLOW, reason="needs the mlflow extra")
@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("models:/", "models:/: expected models:/<name>/<version>, models:/<name>@<alias> or models:/<model_id>"),
        ("models:/fraud@", "models:/fraud@: expected models:/<name>@<alias>"),
        ("runs:/", "runs:/: expected runs:/<run_id>/<artifact_path>"),
    ],
)
def test_malformed_uri_is_a_usage_error(uri: str, message: str) -> None:
    assert invoke(uri, "--tracking-uri", "http://127.0.0.1:9") == (2, f"uv-audit: error: {message}\n")


@pytest.mark.skipif(not HAS_MLFLOW, reason="needs the mlflow extra")
def test_no_tracking_uri_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    code, stderr = invoke("models:/fraud/1")
    assert code == 2
    assert stderr == "uv-audit: error: no MLflow tracking server: pass --tracking-uri URI or set MLFLOW_TRACKING_URI\n"


def test_uri_detection_and_cli_options() -> None:
    assert is_remote_uri("runs:/abc/model") and is_remote_uri("models:/m-123")
    assert not is_remote_uri("mlruns/0") and not is_remote_uri("./models:/x")
    assert not Options(tracking_uri=None, experiments=(), registered_models=False).selects_remote
    options = Options(experiments=("a", "7"))
    assert options.max_results == 100
    assert options.selects_remote and Options(registered_models=True).selects_remote
