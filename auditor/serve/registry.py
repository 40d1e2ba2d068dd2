"""The gate's writes to the model registry, through MLflow's own client (blocking).

Aliases first (the gate), then the tags: when a version that does not pass holds an enforced
alias, the alias is removed and `uv-audit.alias-removed` says why; then `uv-audit.summary`,
`uv-audit.version` and, last, `uv-audit.status` are set. The alias is removed only while the version still
holds it (read just before; MLflow has no compare-and-delete, so the read and the delete are two
calls, and this process makes them one step per registered model: two deliveries for one version
never both remove the alias).
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone

from auditor import __version__
from auditor.serve import tags
from auditor.serve.events import Job
from auditor.serve.gate import AuditVerdict

_GUARD = threading.Lock()
_MODEL_LOCKS: dict[str, threading.Lock] = {}


def _model_lock(name: str) -> threading.Lock:
    with _GUARD:
        if len(_MODEL_LOCKS) > 1024:  # bounded: locks of idle models are dropped
            _MODEL_LOCKS.clear()
        return _MODEL_LOCKS.setdefault(name, threading.Lock())


def publish(job: Job, verdict: AuditVerdict, tracking_uri: str, enforce_aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Set the verdict's tags on the version; returns the enforced aliases it removed."""
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    removed: list[str] = []
    if verdict.status != "pass" and enforce_aliases:
        with _model_lock(job.name):
            held = set(client.get_model_version(job.name, job.version).aliases or ())
            for alias in (a for a in enforce_aliases if a in held):
                client.delete_registered_model_alias(job.name, alias)
                removed.append(alias)
                when = datetime.now(timezone.utc).isoformat(timespec="seconds")
                client.set_model_version_tag(
                    job.name, job.version, tags.ALIAS_REMOVED_TAG, tags.alias_removed(alias, verdict.status, when)
                )
    # status last: whoever sees it can read the summary and version it goes with
    values = {tags.SUMMARY_TAG: verdict.summary, tags.VERSION_TAG: __version__, tags.STATUS_TAG: verdict.status}
    for key, value in values.items():
        client.set_model_version_tag(job.name, job.version, key, value)
    return tuple(removed)
