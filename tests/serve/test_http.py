"""The receiver's HTTP surface through the installed `uv-audit serve`, and its usage errors.

No tracking server is needed here: the receiver points at a closed port on 127.0.0.1, so nothing
it could do reaches anywhere. Refused requests must never be queued.
"""

from __future__ import annotations

import http.client
import shutil
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli.group import main
from tests.remote.conftest import _free_port
from tests.serve.conftest import (
    ENTRY_POINT,
    OPENER,
    Receiver,
    envelope,
    post,
    signed_headers,
    start_receiver,
    wait_for,
)


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Receiver]:
    if not ENTRY_POINT.is_file():
        pytest.skip(f"the uv-audit entry point is not installed next to {sys.executable}")
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    receiver = start_receiver(tmp_path_factory.mktemp("http"), f"http://127.0.0.1:{_free_port()}")
    yield receiver
    receiver.terminate()


def test_healthz(receiver: Receiver) -> None:
    health = receiver.health()
    assert health["status"] == "ok" and health["workers"] == 4 and health["queue_limit"] == 100
    assert health["queued"] == health["running"] == health["stuck"] == 0


def declared_too_large(receiver: Receiver, size: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", receiver.port, timeout=10)
    try:
        connection.putrequest("POST", "/webhook")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_refused_requests_are_logged_and_never_queued(receiver: Receiver) -> None:
    payload = envelope("model_version", "created", {"name": "m", "version": "1"})
    body = payload.encode()
    good = signed_headers(payload)
    cases = {
        "unsigned": (body, {k: v for k, v in good.items() if k != "X-MLflow-Signature"}, 401),
        "no-timestamp": (body, {k: v for k, v in good.items() if k != "X-MLflow-Timestamp"}, 401),
        "wrong-secret": (body, signed_headers(payload, secret="guess"), 403),
        "stale": (body, signed_headers(payload, at=int(time.time()) - 301), 403),
        "future": (body, signed_headers(payload, at=int(time.time()) + 400), 403),
        "tampered": (body.replace(b'"m"', b'"n"'), good, 403),
    }
    since = len(receiver.lines())
    assert declared_too_large(receiver, 1024 * 1024 + 1) == 413  # answered before the body is read
    for name, (data, headers, expected) in cases.items():
        status, answer = post(receiver.url, data, headers)
        assert status == expected, (name, status, answer)
        assert "error" in answer
    lines = receiver.lines(since)
    assert [line["http"] for line in lines if "http" in line] == [413] + [c[2] for c in cases.values()]
    assert all(line["verdict"] in ("refused", "invalid") for line in lines if "http" in line)
    assert receiver.health()["queued"] == receiver.health()["running"] == 0


def test_signed_but_malformed_ignored_and_replayed(receiver: Receiver) -> None:
    since = len(receiver.lines())
    bad = "not json"
    assert post(receiver.url, bad.encode(), signed_headers(bad))[0] == 400
    ignored = envelope("registered_model", "created", {"name": "m", "tags": {}, "description": None})
    headers = signed_headers(ignored)
    assert post(receiver.url, ignored.encode(), headers) == (
        200,
        {"status": "ignored", "event": "registered_model.created"},
    )
    assert post(receiver.url, ignored.encode(), headers)[0] == 403  # the same delivery again
    accepted = envelope("model_version", "created", {"name": "m", "version": "3"})
    headers = signed_headers(accepted)
    status, answer = post(receiver.url, accepted.encode(), headers)
    assert (status, answer["model"]) == (202, "models:/m/3")
    assert post(receiver.url, accepted.encode(), headers)[0] == 403
    assert [(ln["http"], ln["verdict"]) for ln in receiver.deliveries(headers["X-MLflow-Delivery-Id"])][:1] == [
        (403, "refused")
    ]  # the accepted one logs when its audit ends (it cannot reach the tracking server)
    verdicts = [(line["http"], line["verdict"]) for line in receiver.lines(since) if "http" in line]
    assert verdicts[:4] == [(400, "invalid"), (200, "ignored"), (403, "refused"), (403, "refused")]


def test_other_methods_and_paths(receiver: Receiver) -> None:
    for method, path, expected in (("GET", "/webhook", 405), ("POST", "/healthz", 405), ("GET", "/", 404)):
        request = urllib.request.Request(f"http://127.0.0.1:{receiver.port}{path}", method=method, data=None)
        with pytest.raises(urllib.error.HTTPError) as caught:
            OPENER.open(request, timeout=5)
        assert caught.value.code == expected


def test_an_unreachable_tracking_server_tags_nothing_and_says_why(receiver_factory: Callable[..., Receiver]) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"
    receiver = receiver_factory(dead, "--audit-timeout", "30")
    delivery_id, status, _ = receiver.send("model_version", "created", {"name": "m", "version": "1"})
    assert status == 202
    [line] = wait_for(lambda: receiver.deliveries(delivery_id)[-1:] or None, 60, "the delivery's log line")
    assert line["verdict"] == "error" and line["tagged"] is False
    assert line["reason"].startswith(f"tags not set: cannot reach the MLflow tracking server {dead}")
    receiver.terminate()


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        ({}, [], "set UV_AUDIT_WEBHOOK_SECRET to the webhook's secret"),
        ({"UV_AUDIT_WEBHOOK_SECRET": "s"}, [], "set MLFLOW_TRACKING_URI"),
        (
            {"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://127.0.0.1:1"},
            ["--secret", "s"],
            "No such option",
        ),
        (
            {"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://x"},
            ["--enforce-alias", "a b"],
            "not an MLflow alias",
        ),
        (
            {"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://x"},
            ["--select", "UVA9"],
            "unknown rule code",
        ),
        ({"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://x"}, ["--severity", "UVA401"], "CODE=LEVEL"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(env: dict[str, str], args: list[str], message: str) -> None:
    environ = {"UV_AUDIT_WEBHOOK_SECRET": "", "MLFLOW_TRACKING_URI": "", **env}
    result = CliRunner().invoke(main, ["serve", *args], env=environ)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("uv-audit: error: ") and message in line


def test_without_the_server_extra_it_says_what_to_install() -> None:
    code = "import sys; sys.modules['starlette'] = None; from auditor.cli import entry; entry(['serve'])"
    env = {"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://127.0.0.1:1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert (
        proc.stderr.strip()
        == 'uv-audit: error: `uv-audit serve` needs starlette: pip install "uv-mlflow-audit[server]"'
    )


def test_help_lists_the_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--enforce-alias", "--workers", "--queue-limit", "--audit-timeout", "--fail-on"):
        assert option in result.stdout
    assert "--secret" not in result.stdout


def test_https_with_uvicorns_own_tls(receiver_factory: Callable[..., Receiver], tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed (needed to make a test certificate)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        [openssl, *request, "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    context = ssl.create_default_context(cafile=str(cert))
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    dead = f"http://127.0.0.1:{_free_port()}"
    receiver = receiver_factory(dead, "--ssl-certfile", str(cert), "--ssl-keyfile", str(key), opener=opener)
    assert receiver.url.startswith("https://") and receiver.health()["status"] == "ok"
    _, status, _ = receiver.send("registered_model", "created", {"name": "m"})
    assert status == 200
    with pytest.raises(OSError):  # plain http is not served there
        OPENER.open(f"http://127.0.0.1:{receiver.port}/healthz", timeout=5)
    receiver.terminate()


def test_certfile_without_keyfile_is_a_usage_error(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    env = {"UV_AUDIT_WEBHOOK_SECRET": "s", "MLFLOW_TRACKING_URI": "http://127.0.0.1:1"}
    result = CliRunner().invoke(main, ["serve", "--ssl-certfile", str(cert)], env=env)
    assert result.exit_code == 2 and "--ssl-certfile and --ssl-keyfile go together" in result.stderr
