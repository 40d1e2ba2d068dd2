"""A real `mlflow server` that delivers webhooks to loopback, and real `uv-audit serve` receivers.

`mlflow_server` overrides tests/remote's fixture of that name for the tests below this directory,
with the same helpers (tests/remote/conftest.py) plus what MLflow 3.17.2 needs to deliver to a
plain-http receiver on 127.0.0.1 (`MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS`, `MLFLOW_WEBHOOK_ALLOWED_SCHEMES`)
and a 1 s webhook cache (`MLFLOW_WEBHOOK_CACHE_TTL`, 60 s by default: a webhook created after the
cache was filled would otherwise see no delivery for a minute). `logged` is tests/remote's: it logs
the committed fixtures into this server. `Receiver` runs the installed `uv-audit serve` entry point
in a subprocess. Every address is 127.0.0.1; every process is stopped by the fixtures.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.remote.conftest import STARTUP_TIMEOUT, Server, _environment, _free_port, _stop, logged

__all__ = ["logged"]

SECRET = "uv-audit-test-webhook-secret"
WEBHOOK_CACHE_TTL = 1
ENTRY_POINT = Path(sys.executable).with_name("uv-audit")
# Loopback only: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def wait_for(condition: Callable[[], Any], timeout: float, what: str, interval: float = 0.2) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def _start_mlflow(base: Path) -> tuple[subprocess.Popen[bytes], Server]:
    port = _free_port()
    log = base / "server.log"
    artifacts = base / "artifacts"
    command = [sys.executable, "-m", "mlflow", "server", "--backend-store-uri", f"sqlite:///{base / 'mlflow.db'}"]
    command += ["--artifacts-destination", str(artifacts), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    env = _environment(
        {
            "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
            "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS": "true",
            "MLFLOW_WEBHOOK_ALLOWED_SCHEMES": "https,http",
            "MLFLOW_WEBHOOK_CACHE_TTL": str(WEBHOOK_CACHE_TTL),
        }
    )
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, env=env, cwd=base, start_new_session=True
        )
    return process, Server(f"http://127.0.0.1:{port}", log, artifacts)


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    pytest.importorskip("mlflow")
    pytest.importorskip("mlflow.server")
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    process, server = _start_mlflow(tmp_path_factory.mktemp("mlflow-webhook-server"))
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _ok(f"{server.uri}/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"mlflow server did not start:\n{server.log.read_text()[-3000:]}")
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)


def _ok(url: str, opener: urllib.request.OpenerDirector = OPENER) -> bool:
    try:
        with opener.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.HTTPError):
        return False


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float = 10,
    opener: urllib.request.OpenerDirector = OPENER,
) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def envelope(entity: str, action: str, data: dict[str, Any]) -> str:
    """The JSON MLflow 3.17.2 sends (`_send_webhook_request`), serialized as it does."""
    now = datetime.now(timezone.utc).isoformat()
    return json.dumps({"entity": entity, "action": action, "timestamp": now, "data": data})


def signed_headers(
    payload: str, secret: str = SECRET, delivery_id: str | None = None, at: int | None = None
) -> dict[str, str]:
    """Headers as MLflow sends them, signed by MLflow's own function."""
    from mlflow.webhooks.delivery import _generate_hmac_signature

    delivery_id = delivery_id or str(uuid.uuid4())
    timestamp = str(int(time.time()) if at is None else at)
    return {
        "Content-Type": "application/json",
        "X-MLflow-Delivery-Id": delivery_id,
        "X-MLflow-Timestamp": timestamp,
        "X-MLflow-Signature": _generate_hmac_signature(secret, delivery_id, timestamp, payload),
    }


@dataclass
class Receiver:
    process: subprocess.Popen[bytes]
    port: int
    stdout: Path
    stderr: Path
    scheme: str = "http"
    opener: urllib.request.OpenerDirector = OPENER

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/webhook"

    def health(self) -> dict[str, Any]:
        with self.opener.open(f"{self.scheme}://127.0.0.1:{self.port}/healthz", timeout=5) as response:
            return dict(json.loads(response.read()))

    def lines(self, since: int = 0) -> list[dict[str, Any]]:
        """The JSON log lines, from the `since`-th on."""
        return [json.loads(line) for line in self.stdout.read_text().splitlines() if line.strip()][since:]

    def deliveries(self, delivery_id: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line.get("delivery_id") == delivery_id]

    def send(self, entity: str, action: str, data: dict[str, Any], **signing: Any) -> tuple[str, int, dict[str, Any]]:
        payload = envelope(entity, action, data)
        headers = signed_headers(payload, **signing)
        status, body = post(self.url, payload.encode("utf-8"), headers, opener=self.opener)
        return headers["X-MLflow-Delivery-Id"], status, body

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def terminate(self, timeout: float = 60) -> None:
        """SIGTERM, then wait for a graceful exit (SIGKILL and fail past `timeout`). uvicorn
        re-raises the signal once it has shut down, so the exit status is -SIGTERM, which systemd
        and Kubernetes take for a clean stop; the last log line says the pool was closed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(self.process)
            pytest.fail(f"uv-audit serve did not stop within {timeout:.0f}s of SIGTERM")
        assert code in (0, -signal.SIGTERM), self.stderr.read_text()[-2000:]
        assert self.lines()[-1]["event"] == "server.stopped"
        assert "Traceback" not in self.stderr.read_text()


def start_receiver(
    base: Path,
    tracking_uri: str,
    *args: str,
    secret: str = SECRET,
    opener: urllib.request.OpenerDirector | None = None,
) -> Receiver:
    """Start `uv-audit serve --port <free> ARGS...`; with `opener` (one trusting its certificate), over https."""
    port = _free_port()
    base.mkdir(parents=True, exist_ok=True)
    stdout, stderr = base / f"serve-{port}.out", base / f"serve-{port}.err"
    env = _environment({"UV_AUDIT_WEBHOOK_SECRET": secret, "MLFLOW_TRACKING_URI": tracking_uri})
    command = [str(ENTRY_POINT), "serve", "--port", str(port), *args]
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=base, start_new_session=True)
    receiver = Receiver(process, port, stdout, stderr, "https" if opener else "http", opener or OPENER)
    deadline = time.monotonic() + 60
    while not _ok(f"{receiver.scheme}://127.0.0.1:{port}/healthz", receiver.opener):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"uv-audit serve did not start:\n{stderr.read_text()[-3000:]}")
        time.sleep(0.1)
    return receiver


@pytest.fixture
def receiver_factory(tmp_path: Path) -> Iterator[Callable[..., Receiver]]:
    """Start receivers (`factory(tracking_uri, *args)`); every one still running is stopped afterwards."""
    if not ENTRY_POINT.is_file():
        pytest.skip(f"the uv-audit entry point is not installed next to {sys.executable}")
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    started: list[Receiver] = []

    def factory(tracking_uri: str, *args: str, **kwargs: Any) -> Receiver:
        receiver = start_receiver(tmp_path / "receivers", tracking_uri, *args, **kwargs)
        started.append(receiver)
        return receiver

    yield factory
    for receiver in started:
        _stop(receiver.process)
