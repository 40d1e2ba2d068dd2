"""The pool's deadlines and its shutdown, against the real tracking server: an audit past its
deadline tags the version `error`; SIGTERM drains the queue, or with no drain time cancels what is
left, one log line for every accepted delivery either way."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("mlflow")

from tests.remote.conftest import Logged
from tests.serve.conftest import Receiver, wait_for

STATUS, SUMMARY = "uv-audit.status", "uv-audit.summary"


def new_versions(logged: Logged, name: str, count: int) -> tuple[Any, list[str]]:
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=logged.uri)
    assert not list(client.list_webhooks()), "no webhook may deliver these registrations elsewhere"
    client.create_registered_model(name)
    model_id = logged.models["clean"]["model_id"]
    versions = [
        str(client.create_model_version(name, f"models:/{model_id}", model_id=model_id, await_creation_for=0).version)
        for _ in range(count)
    ]
    return client, versions


def send_all(receiver: Receiver, name: str, versions: list[str]) -> dict[str, str]:
    """version -> delivery id, every one accepted."""
    sent = {}
    for version in versions:
        delivery_id, status, _ = receiver.send("model_version", "created", {"name": name, "version": version})
        assert status == 202
        sent[version] = delivery_id
    return sent


def test_an_audit_past_its_deadline_tags_the_version_error(
    logged: Logged, receiver_factory: Callable[..., Receiver]
) -> None:
    client, [version] = new_versions(logged, "gate-deadline", 1)
    receiver = receiver_factory(logged.uri, "--audit-timeout", "0.01")
    send_all(receiver, "gate-deadline", [version])
    tags = wait_for(
        lambda: (
            dict(client.get_model_version("gate-deadline", version).tags).get(STATUS)
            and dict(client.get_model_version("gate-deadline", version).tags)
        ),
        30,
        "the error tag",
    )
    assert tags[STATUS] == "error"
    assert tags[SUMMARY] == "error: models:/gate-deadline/1 could not be audited: the audit took longer than 0.01 s"
    # the abandoned audit thread still ends by itself and gives its slot back
    wait_for(lambda: receiver.health()["stuck"] == 0, 30, "the late audit thread to end")
    receiver.terminate()


def test_sigterm_drains_the_queue(logged: Logged, receiver_factory: Callable[..., Receiver]) -> None:
    client, versions = new_versions(logged, "gate-drain", 6)
    receiver = receiver_factory(logged.uri, "--workers", "1")
    sent = send_all(receiver, "gate-drain", versions)
    receiver.terminate()  # at once: most of the six are still queued
    assert {dict(client.get_model_version("gate-drain", v).tags).get(STATUS) for v in versions} == {"pass"}
    assert [[ln["verdict"] for ln in receiver.deliveries(d)] for d in sent.values()] == [["pass"]] * 6


def test_sigterm_without_drain_time_cancels_cleanly(logged: Logged, receiver_factory: Callable[..., Receiver]) -> None:
    client, versions = new_versions(logged, "gate-cancel", 20)
    receiver = receiver_factory(logged.uri, "--workers", "1", "--drain-timeout", "0")
    sent = send_all(receiver, "gate-cancel", versions)
    receiver.terminate()
    outcome = {v: [ln["verdict"] for ln in receiver.deliveries(d)] for v, d in sent.items()}
    assert all(len(verdicts) == 1 for verdicts in outcome.values()), outcome  # none lost silently
    counts = Counter(verdicts[0] for verdicts in outcome.values())
    assert set(counts) <= {"pass", "cancelled", "dropped"} and counts["dropped"] > 0, counts
    for version, [verdict] in outcome.items():
        tags = dict(client.get_model_version("gate-cancel", version).tags)
        if verdict == "dropped":
            assert tags == {}
        elif verdict == "pass":
            assert tags[STATUS] == "pass"
