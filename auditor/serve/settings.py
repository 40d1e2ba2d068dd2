"""The frozen options of one `uv-audit serve` process."""

from __future__ import annotations

from auditor import config as cfg
from auditor.frozen import field, frozen
from auditor.options import Options

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8585
DEFAULT_WORKERS = 4
DEFAULT_QUEUE_LIMIT = 100
DEFAULT_AUDIT_TIMEOUT = 120.0
DEFAULT_DRAIN_TIMEOUT = 30.0
REPLAY_WINDOW = 300
"""Seconds a delivery's X-MLflow-Timestamp may lie from now, either way: the Standard Webhooks
tolerance that MLflow's delivery module says it follows (MLflow's own receiver example uses 300 s)."""
MAX_BODY = 1024 * 1024
"""MLflow's registry payloads are a few hundred bytes; tags and descriptions can make them larger."""
SECRET_ENV = "UV_AUDIT_WEBHOOK_SECRET"


@frozen
class AuditSettings:
    """What every audit of the gate runs with: the server's options, never the audited model's."""

    options: Options
    """The command line's audit options; `options.tracking_uri` is the registry's tracking server."""
    environment: cfg.Overrides = field(default_factory=cfg.Overrides)
    """MLFLOW_UV_GROUPS / MLFLOW_UV_ONLY_GROUPS / MLFLOW_UV_EXTRAS of the server's environment."""
    isolated: bool = True
    """Ignore the audited files' `[tool.uv-audit]` and inline ignores: the model cannot switch the gate off."""

    @property
    def tracking_uri(self) -> str:
        return self.options.tracking_uri or ""


@frozen
class ServeSettings:
    audit: AuditSettings
    secret: bytes = field(repr=False)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    workers: int = DEFAULT_WORKERS
    queue_limit: int = DEFAULT_QUEUE_LIMIT
    audit_timeout: float = DEFAULT_AUDIT_TIMEOUT
    drain_timeout: float = DEFAULT_DRAIN_TIMEOUT
    replay_window: int = REPLAY_WINDOW
    max_body: int = MAX_BODY
    enforce_aliases: tuple[str, ...] = ()
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
