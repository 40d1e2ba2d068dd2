"""The registry gate end to end (issue 22): a real `mlflow server` delivers its own signed webhooks
to a real `uv-audit serve` on 127.0.0.1, which audits each new model version and tags it.

The models are the committed fixtures that tests/remote's `logged` logs into the server (real
MLflow 3.17.2 logging with real `uv export`); here new versions of them are registered once the
webhook exists.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mlflow")

from auditor import __version__
from tests.remote.conftest import FIXTURES, Logged
from tests.serve.conftest import (
    SECRET,
    WEBHOOK_CACHE_TTL,
    Receiver,
    envelope,
    post,
    signed_headers,
    start_receiver,
    wait_for,
)

STATUS, SUMMARY, VERSION, ALIAS_REMOVED = (
    "uv-audit.status",
    "uv-audit.summary",
    "uv-audit.version",
    "uv-audit.alias-removed",
)
WITHIN = 30.0  # seconds from registration to the tag, generously
LEAKED = "S3cr3t-deploy-token-7f3a"


@pytest.fixture(scope="module")
def gate(logged: Logged, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Receiver, Any]]:
    """A receiver with `--enforce-alias champion`, and MLflow's webhook pointing at it."""
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=logged.uri)
    receiver = start_receiver(tmp_path_factory.mktemp("gate"), logged.uri, "--enforce-alias", "champion")
    webhook = client.create_webhook(
        name="uv-audit-gate",
        url=receiver.url,
        events=["model_version.created", "model_version_alias.created"],
        secret=SECRET,
    )
    time.sleep(WEBHOOK_CACHE_TTL + 0.5)  # the server's webhook cache may still hold "no webhooks"
    try:
        yield receiver, client
    finally:
        client.delete_webhook(webhook.webhook_id)
        time.sleep(WEBHOOK_CACHE_TTL + 0.5)  # later modules register versions without this webhook
        receiver.terminate()


def register(client: Any, logged: Logged, key: str, name: str) -> str:
    """A new version of registered model `name` from the model logged as `key` (what
    `mlflow.register_model` does for `models:/<model_id>` and for a run-artifact model)."""
    from mlflow.exceptions import MlflowException

    with contextlib.suppress(MlflowException):  # already there
        client.create_registered_model(name)
    model = logged.models[key]
    if model["model_id"]:
        version = client.create_model_version(name, f"models:/{model['model_id']}", model_id=model["model_id"])
    else:
        run = client.get_run(model["run_id"])
        version = client.create_model_version(name, f"{run.info.artifact_uri}/model", run_id=model["run_id"])
    return str(version.version)


def register_files(client: Any, model: Path, name: str) -> str:
    """Log a model directory's files as a run's `model` artifacts and register them as a new version."""
    experiment = client.get_experiment_by_name("uv-audit-remote-a").experiment_id
    run = client.create_run(experiment)
    client.log_artifacts(run.info.run_id, str(model), "model")
    client.set_terminated(run.info.run_id)
    with contextlib.suppress(Exception):  # already there
        client.create_registered_model(name)
    return str(client.create_model_version(name, f"{run.info.artifact_uri}/model", run.info.run_id).version)


def tags_of(client: Any, name: str, version: str) -> dict[str, str]:
    return dict(client.get_model_version(name, version).tags)


def wait_tagged(client: Any, name: str, version: str) -> dict[str, str]:
    found: dict[str, str] = wait_for(
        lambda: (lambda t: t if STATUS in t else None)(tags_of(client, name, version)),
        WITHIN,
        f"{STATUS} on {name}/{version}",
    )
    return found


def test_leaking_version_fails_and_clean_version_passes(gate: tuple[Receiver, Any], logged: Logged) -> None:
    receiver, client = gate
    started = time.monotonic()
    leak = register(client, logged, "leak", "gate-leak")
    clean = register(client, logged, "clean", "gate-clean")
    leak_tags = wait_tagged(client, "gate-leak", leak)
    clean_tags = wait_tagged(client, "gate-clean", clean)
    elapsed = time.monotonic() - started
    assert leak_tags[STATUS] == "fail"
    assert clean_tags[STATUS] == "pass"
    assert leak_tags[VERSION] == clean_tags[VERSION] == __version__
    first, *findings = leak_tags[SUMMARY].splitlines()
    assert first == "fail (fail-on warning): 2 errors, 0 warnings, 0 info"
    assert [line.split()[1] for line in findings] == ["UVA301", "UVA301"]
    assert "requirements.txt:" in findings[0] and "train" in findings[0]
    assert clean_tags[SUMMARY] == "pass (fail-on warning): 0 errors, 0 warnings, 0 info"
    assert elapsed < WITHIN
    print(f"\nregistration -> both versions tagged: {elapsed:.2f}s")
    # one log line per delivery, from MLflow's own deliveries (written once the tags are: a loaded
    # machine can read the tags before the second line is there)
    models = (f"gate-leak/{leak}", f"gate-clean/{clean}")

    def logged_both() -> list[dict[str, Any]] | None:
        found = [ln for ln in receiver.lines() if ln.get("model") in models]
        return found if {ln["model"] for ln in found} == set(models) else None

    lines: list[dict[str, Any]] = wait_for(logged_both, WITHIN, "a log line for each delivery")
    assert sorted((ln["model"], ln["verdict"]) for ln in lines) == [
        (f"gate-clean/{clean}", "pass"),
        (f"gate-leak/{leak}", "fail"),
    ]
    assert all(ln["event"] == "model_version.created" and ln["tagged"] and ln["ms"] >= 0 for ln in lines)


def test_mlflow_test_webhook_is_accepted(gate: tuple[Receiver, Any]) -> None:
    receiver, client = gate
    [webhook] = [w for w in client.list_webhooks() if w.name == "uv-audit-gate"]
    result = client.test_webhook(webhook.webhook_id)
    assert result.success and result.response_status == 202, result
    # MLflow's example payload names `example_model`, which does not exist: an error, logged, no crash
    line = wait_for(
        lambda: [ln for ln in receiver.lines() if ln.get("model") == "example_model/1"], WITHIN, "the test delivery"
    )[0]
    assert line["verdict"] == "error" and line["tagged"] is False


def test_forged_unsigned_stale_and_replayed_deliveries_do_nothing(gate: tuple[Receiver, Any], logged: Logged) -> None:
    receiver, client = gate
    # uv-audit-leak/1 was registered by `logged` before the webhook existed: it carries no tag yet
    assert STATUS not in tags_of(client, "uv-audit-leak", "1")
    payload = envelope("model_version", "created", {"name": "uv-audit-leak", "version": "1"})
    body = payload.encode()
    forged = signed_headers(payload, secret="not-the-secret")
    unsigned = {k: v for k, v in signed_headers(payload).items() if k != "X-MLflow-Signature"}
    stale = signed_headers(payload, at=int(time.time()) - 3600)
    tampered = signed_headers(payload)
    answers = [
        post(receiver.url, body, forged)[0],
        post(receiver.url, body, unsigned)[0],
        post(receiver.url, body, stale)[0],
        post(receiver.url, body.replace(b'"1"', b'"2"'), tampered)[0],
    ]
    assert answers == [403, 401, 403, 403]
    # a genuine delivery of an ignored event, then the same request again: the replay is refused
    ignored = envelope("model_version_tag", "set", {"name": "uv-audit-leak", "version": "1", "key": "k", "value": "v"})
    headers = signed_headers(ignored)
    assert post(receiver.url, ignored.encode(), headers)[0] == 200
    assert post(receiver.url, ignored.encode(), headers)[0] == 403
    # a genuine delivery for another untagged version is audited; the refused ones were never queued
    assert STATUS not in tags_of(client, "uv-audit-clean", "1")
    _, status, _ = receiver.send("model_version", "created", {"name": "uv-audit-clean", "version": "1"})
    assert status == 202
    assert wait_tagged(client, "uv-audit-clean", "1")[STATUS] == "pass"
    assert tags_of(client, "uv-audit-leak", "1") == {}
    refused = [ln for ln in receiver.lines() if ln.get("verdict") == "refused"]
    assert [ln["http"] for ln in refused][-5:] == [403, 401, 403, 403, 403]


def test_enforce_alias_removes_it_from_a_failing_version(gate: tuple[Receiver, Any], logged: Logged) -> None:
    receiver, client = gate
    from mlflow.exceptions import MlflowException

    failing = register(client, logged, "leak", "gate-alias")
    passing = register(client, logged, "clean", "gate-alias")
    assert wait_tagged(client, "gate-alias", failing)[STATUS] == "fail"
    assert wait_tagged(client, "gate-alias", passing)[STATUS] == "pass"
    client.set_registered_model_alias("gate-alias", "champion", failing)
    client.set_registered_model_alias("gate-alias", "challenger", failing)  # not enforced: stays

    def champion_gone() -> bool:
        try:
            client.get_model_version_by_alias("gate-alias", "champion")
        except MlflowException:
            return True
        return False

    wait_for(champion_gone, WITHIN, "the champion alias to be removed")
    wait_for(  # the tag saying why is written right after the removal
        lambda: ALIAS_REMOVED in tags_of(client, "gate-alias", failing), WITHIN, f"{ALIAS_REMOVED} on the version"
    )
    removed = tags_of(client, "gate-alias", failing)[ALIAS_REMOVED]
    assert removed.startswith("@champion removed ") and removed.endswith("this version's uv-audit.status is fail")
    assert client.get_model_version_by_alias("gate-alias", "challenger").version == failing
    # a passing version keeps the alias
    client.set_registered_model_alias("gate-alias", "champion", passing)
    wait_for(
        lambda: [
            ln
            for ln in receiver.lines()
            if ln.get("model") == f"gate-alias/{passing}" and ln.get("event") == "model_version_alias.created"
        ],
        WITHIN,
        "the alias delivery of the passing version",
    )
    assert client.get_model_version_by_alias("gate-alias", "champion").version == passing
    assert ALIAS_REMOVED not in tags_of(client, "gate-alias", passing)
    # whichever of the two alias deliveries of the failing version was audited first removed it
    found = wait_for(
        lambda: (lambda got: got if len(got) == 2 else None)(
            [ln for ln in receiver.lines() if ln.get("model") == f"gate-alias/{failing}" and ln.get("alias")]
        ),
        WITHIN,
        "the log lines of both alias deliveries",
    )
    assert sorted(ln["alias"] for ln in found) == ["challenger", "champion"]
    assert [ln["aliases_removed"] for ln in found if "aliases_removed" in ln] == [["champion"]]


def test_tags_never_carry_a_secret_from_the_audited_files(
    gate: tuple[Receiver, Any], logged: Logged, tmp_path: Path
) -> None:
    receiver, client = gate
    # The clean fixture's real MLflow files, with a private index and a direct URL carrying a token
    # added to requirements.txt (the hand edit that leaks credentials into the registry).
    model = tmp_path / "model"
    shutil.copytree(FIXTURES / "clean", model)
    with open(model / "requirements.txt", "a", encoding="utf-8") as handle:
        handle.write(f"\n--extra-index-url https://deploy:{LEAKED}@pypi.internal.example/simple")
        handle.write(f"\nprivate-pkg @ https://deploy:{LEAKED}@pypi.internal.example/private_pkg-1.0-py3-none-any.whl")
    version = register_files(client, model, "gate-secret")
    found = wait_tagged(client, "gate-secret", version)
    assert found[STATUS] == "fail"
    assert "private-pkg" in found[SUMMARY] and "https://***@pypi.internal.example/" in found[SUMMARY]
    assert all(LEAKED not in value for value in found.values())
    assert LEAKED not in receiver.stdout.read_text()


@pytest.mark.parametrize("how", ["tool-uv-audit", "inline-ignores"])
def test_the_model_cannot_switch_its_gate_off(gate: tuple[Receiver, Any], tmp_path: Path, how: str) -> None:
    """The leaking fixture, with its UVA301 findings suppressed by its own files: the CLI honours
    that (the suppression works), the gate does not."""
    from click.testing import CliRunner

    from auditor.cli.group import main

    _, client = gate
    model = tmp_path / "model"
    shutil.copytree(FIXTURES / "train-leak-default-groups", model)
    if how == "tool-uv-audit":
        with open(model / "pyproject.toml", "a", encoding="utf-8") as handle:
            handle.write('\n[tool.uv-audit]\nignore = ["UVA3"]\n')
    else:
        requirements = model / "requirements.txt"
        lines = requirements.read_text().split("\n")
        marked = [
            f"{ln}  # uv-audit: ignore[group-leak]" if ln.startswith(("colorama==", "tqdm==")) else ln for ln in lines
        ]
        assert marked != lines
        requirements.write_text("\n".join(marked))
    assert CliRunner().invoke(main, ["check", str(model)]).exit_code == 0
    version = register_files(client, model, f"gate-suppressed-{how}")
    found = wait_tagged(client, f"gate-suppressed-{how}", version)
    assert found[STATUS] == "fail"
    assert [line.split()[1] for line in found[SUMMARY].splitlines()[1:]] == ["UVA301", "UVA301"]
