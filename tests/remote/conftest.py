"""A real MLflow tracking server for the remote tests, with real models logged into it.

Session fixtures: `mlflow_server` starts `mlflow server` (sqlite backend store, local artifact
destination served through the server, 127.0.0.1, a free port), waits a bounded time for /health,
and always stops it. `logged` logs real pyfunc models into it from the uv projects that
scripts/gen_fixtures.py generated (their uv.lock, pyproject.toml and .python-version, copied from
tests/fixtures/), through tests/remote/log_models.py in a subprocess with uv on PATH, and registers
some of them with versions and aliases. Nothing leaves 127.0.0.1: `uv export --frozen` reads the
lock only (UV_OFFLINE=1 makes sure).

Everything here is skipped when MLflow (the `mlflow` extra plus `mlflow` itself for the server) or
uv is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
MODEL_MODULE = REPO / "scripts" / "fixture_projects" / "uv_audit_fixture_model.py"
LOG_SCRIPT = Path(__file__).with_name("log_models.py")
STARTUP_TIMEOUT = 90.0
WEIGHTS_SIZE = 2 * 1024 * 1024

# (key, fixture project, experiment, how it is logged, registrations)
MODELS: list[dict[str, Any]] = [
    {
        "key": "clean",
        "case": "clean",
        "experiment": "uv-audit-remote-a",
        "action": "pyfunc_log_model",
        "register": [{"name": "uv-audit-clean", "aliases": ["champion"]}],
    },
    {
        "key": "stale",
        "case": "stale-lock",
        "experiment": "uv-audit-remote-a",
        "action": "pyfunc_log_model",
        "register": [{"name": "uv-audit-clean", "aliases": ["challenger"]}],
    },
    {
        "key": "leak",
        "case": "train-leak-default-groups",
        "experiment": "uv-audit-remote-b",
        "action": "pyfunc_save_log_artifacts",
        "register": [{"name": "uv-audit-leak"}],
        "log_dicts": {"eval/metrics.json": {"rmse": 0.0}},
    },
    {
        "key": "nopy",
        "case": "no-python-version",
        "experiment": "uv-audit-remote-b",
        "action": "pyfunc_log_model",
    },
]


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLFLOW_", "UV_", "VIRTUAL_ENV"))}
    env.update(
        {
            "MLFLOW_DISABLE_TELEMETRY": "true",
            "DO_NOT_TRACK": "true",
            "UV_OFFLINE": "1",
            "UV_PYTHON_DOWNLOADS": "never",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    env.update(extra or {})
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    uri: str
    log: Path
    artifacts: Path

    def log_offset(self) -> int:
        return self.log.stat().st_size

    def requests_since(self, offset: int) -> list[str]:
        """Access-log lines (uvicorn's) written after `offset`."""
        with open(self.log, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
        return [line for line in text.splitlines() if '"GET ' in line or '"POST ' in line]


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("mlflow")
    pytest.importorskip("mlflow.server")
    base = tmp_path_factory.mktemp("mlflow-server")
    port = _free_port()
    log = base / "server.log"
    artifacts = base / "artifacts"
    command = [
        sys.executable,
        "-m",
        "mlflow",
        "server",
        "--backend-store-uri",
        f"sqlite:///{base / 'mlflow.db'}",
        "--artifacts-destination",
        str(artifacts),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            command,
            stdout=sink,
            stderr=subprocess.STDOUT,
            # no background job runner (huey workers): a faster start and stop, nothing the tests use
            env=_environment({"MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}),
            cwd=base,
            start_new_session=True,
        )
    uri = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"mlflow server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{uri}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"mlflow server not ready after {STARTUP_TIMEOUT:.0f}s:\n{log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield Server(uri, log, artifacts)
    finally:
        _stop(process)


@dataclass(frozen=True)
class Logged:
    server: Server
    models: dict[str, dict[str, Any]]
    """key -> run_id, experiment_id, model_id (None for a run-artifact model), versions {name: version}."""

    @property
    def uri(self) -> str:
        return self.server.uri


def _uv_bin() -> str:
    uv = pytest.importorskip("uv")
    path: str = uv.find_uv_bin()
    return path


@pytest.fixture(scope="session")
def logged(mlflow_server: Server, tmp_path_factory: pytest.TempPathFactory) -> Logged:
    uv = _uv_bin()
    missing = [m["case"] for m in MODELS if not (FIXTURES / m["case"] / "uv.lock").is_file()]
    if missing:
        pytest.skip(f"tests/fixtures/ lacks {missing} (run scripts/gen_fixtures.py)")
    base = tmp_path_factory.mktemp("mlflow-projects")
    weights = base / "weights.bin"
    weights.write_bytes(os.urandom(WEIGHTS_SIZE))
    specs = []
    for model in MODELS:
        project = base / "projects" / model["key"]
        project.mkdir(parents=True)
        for name in ("uv.lock", "pyproject.toml", ".python-version"):
            if (FIXTURES / model["case"] / name).is_file():
                shutil.copy2(FIXTURES / model["case"] / name, project / name)
        specs.append({**model, "project": str(project), "weights": str(weights)})
    plan = base / "plan.json"
    result = base / "result.json"
    plan.write_text(
        json.dumps(
            {"tracking_uri": mlflow_server.uri, "result": str(result), "code_path": str(MODEL_MODULE), "models": specs}
        )
    )
    path = os.pathsep.join([str(Path(uv).parent), str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    proc = subprocess.run(
        [sys.executable, str(LOG_SCRIPT), str(plan)],
        env=_environment({"PATH": path}),
        cwd=base,
        capture_output=True,
        text=True,
        timeout=240,
    )
    if proc.returncode != 0:
        pytest.fail(f"logging the models failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    exported = [line for line in proc.stderr.splitlines() if "exported" in line.lower() and "via uv" in line]
    assert len(exported) == len(MODELS), f"MLflow did not run `uv export` for every model:\n{proc.stderr[-4000:]}"
    return Logged(mlflow_server, json.loads(result.read_text()))
