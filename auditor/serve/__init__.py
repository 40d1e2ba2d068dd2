"""`uv-audit serve`: a registry gate on MLflow's own webhooks (SPEC §7, the optional `server` extra).

MLflow (3.x) POSTs signed deliveries for registry events; the receiver verifies each one before
anything else, answers at once (202) and audits `models:/<name>/<version>` in a bounded worker
pool through the remote path (`auditor.remote`: small metadata files only, never weights), then
sets `uv-audit.status`, `uv-audit.summary` and `uv-audit.version` on that version.

Modules: `settings` (the frozen options of one server), `signature` (MLflow's HMAC scheme),
`events` (which deliveries mean an audit), `gate` (the one call into the audit), `tags` (tag text,
redaction, length), `registry` (the MLflow writes), `pool` (queue, workers, timeouts, drain),
`app` (the Starlette app) and `command` (the click command). Only `app`, `pool` and `command`'s
body import Starlette or uvicorn; importing this package imports neither, nor MLflow.
"""

from __future__ import annotations

INSTALL_HINT = 'pip install "uv-mlflow-audit[server]"'
