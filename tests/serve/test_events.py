"""Which deliveries mean an audit: MLflow 3.17.2's own example payloads, and hostile ones."""

from __future__ import annotations

import json

import pytest

from auditor.serve.events import BadPayload, Job, parse

types = pytest.importorskip("mlflow.webhooks.types")
webhook = pytest.importorskip("mlflow.entities.webhook")


def envelope(event: str, data: object) -> bytes:
    entity, action = event.split(".")
    return json.dumps(
        {"entity": entity, "action": action, "timestamp": "2026-01-01T00:00:00+00:00", "data": data}
    ).encode()


def test_mlflow_example_payloads() -> None:
    created = types.ModelVersionCreatedPayload.example()
    alias = types.ModelVersionAliasCreatedPayload.example()
    assert parse(envelope("model_version.created", created), "d1") == (
        "model_version.created",
        Job("d1", "model_version.created", "example_model", "1"),
    )
    event, job = parse(envelope("model_version_alias.created", alias), "d2")
    assert job == Job("d2", event, "example_model", "1", "example_alias")
    assert job.uri == "models:/example_model/1"


def test_every_other_mlflow_event_is_ignored() -> None:
    names = {f"{e.value}.{a.value}" for e, actions in webhook.VALID_ENTITY_ACTIONS.items() for a in actions}
    assert {"model_version.created", "model_version_alias.created", "model_version_tag.set"} <= names
    for name in sorted(names - {"model_version.created", "model_version_alias.created"}):
        assert parse(envelope(name, {"name": "m"}), "d") == (name, None)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b'{"entity": "model_version"}',
        envelope("model_version.created", None),
        envelope("model_version.created", {"version": "1"}),
        envelope("model_version.created", {"name": "a/b", "version": "1"}),
        envelope("model_version.created", {"name": "models:/x", "version": "1"}),
        envelope("model_version.created", {"name": "m", "version": "1/../2"}),
        envelope("model_version.created", {"name": "m\n", "version": "1"}),
        envelope("model_version.created", {"name": "m" * 300, "version": "1"}),
        envelope("model_version_alias.created", {"name": "m", "version": "1"}),
        b'{"entity": "model version", "action": "created"}',
    ],
)
def test_malformed_payloads_are_bad(body: bytes) -> None:
    with pytest.raises(BadPayload):
        parse(body, "d")
