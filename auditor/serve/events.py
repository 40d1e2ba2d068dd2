"""Which verified deliveries mean an audit, and of what.

MLflow's envelope (3.17.2 `_send_webhook_request`): `{"entity": ..., "action": ..., "timestamp":
ISO-8601, "data": {...}}` (plus `"workspace"` with workspaces enabled). `model_version.created`
carries `data.name`, `data.version` (and source, run_id, tags, description);
`model_version_alias.created` carries `data.name`, `data.alias`, `data.version`. Every other event
is acknowledged and ignored. Registered model names never contain `/` or `:` (MLflow's
`_validate_model_name`), so `models:/<name>/<version>` is unambiguous.
"""

from __future__ import annotations

import json
import re

from auditor.frozen import frozen

MODEL_VERSION_CREATED = "model_version.created"
ALIAS_CREATED = "model_version_alias.created"
AUDITED = (MODEL_VERSION_CREATED, ALIAS_CREATED)
_NAME_LIMIT = 256
_VERSION = re.compile(r"[0-9]{1,18}")
_EVENT_PART = re.compile(r"[a-z_]{1,64}")


class BadPayload(ValueError):
    """A signed delivery whose body is not an MLflow registry payload (400)."""


@frozen
class Job:
    delivery_id: str
    event: str
    name: str
    version: str
    alias: str | None = None

    @property
    def uri(self) -> str:
        return f"models:/{self.name}/{self.version}"

    @property
    def model(self) -> str:
        return f"{self.name}/{self.version}"


def _text(data: dict[str, object], key: str, limit: int) -> str:
    value = data.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value or len(value) > limit or not value.isprintable():
        raise BadPayload(f"data.{key} is missing or not a valid value")
    return value


def event_of(payload: object) -> str:
    """`<entity>.<action>` of an envelope."""
    if not isinstance(payload, dict):
        raise BadPayload("the body is not a JSON object")
    entity, action = payload.get("entity"), payload.get("action")
    if not (isinstance(entity, str) and isinstance(action, str)) or not (
        _EVENT_PART.fullmatch(entity) and _EVENT_PART.fullmatch(action)
    ):
        raise BadPayload("no entity/action in the envelope")
    return f"{entity}.{action}"


def parse(body: bytes, delivery_id: str) -> tuple[str, Job | None]:
    """The delivery's event and the audit it asks for (None: an event the gate ignores)."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadPayload("the body is not UTF-8 JSON") from None
    event = event_of(payload)
    if event not in AUDITED:
        return event, None
    data = payload.get("data")
    if not isinstance(data, dict):
        raise BadPayload("no data object in the envelope")
    name = _text(data, "name", _NAME_LIMIT)
    if "/" in name or ":" in name:
        raise BadPayload("data.name is not a registered model name")
    version = _text(data, "version", 18)
    if not _VERSION.fullmatch(version):
        raise BadPayload("data.version is not a version number")
    alias = _text(data, "alias", 255) if event == ALIAS_CREATED else None
    return event, Job(delivery_id, event, name, version, alias)
