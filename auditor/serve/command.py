"""`uv-audit serve`: the click command (options, checks, then uvicorn).

The secret comes from UV_AUDIT_WEBHOOK_SECRET only, the tracking server from MLFLOW_TRACKING_URI
(and MLflow's own auth variables: MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD, ...).
Starlette, uvicorn and MLflow are imported only when the command runs.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Sequence
from typing import Any

import click

from auditor import config as cfg
from auditor.audit import check_options
from auditor.errors import UsageError
from auditor.options import DEFAULT_MAX_FILE_SIZE, Options
from auditor.serve import INSTALL_HINT
from auditor.serve import settings as st

_ALIAS = re.compile(r"[A-Za-z0-9_-]{1,255}")
HELP = """Receive MLflow's registry webhooks and tag every new model version with its audit.

Verifies each delivery's HMAC signature with $UV_AUDIT_WEBHOOK_SECRET (401/403 otherwise), audits
models:/<name>/<version> on $MLFLOW_TRACKING_URI for model_version.created and
model_version_alias.created, and sets uv-audit.status (pass|fail|error), uv-audit.summary and
uv-audit.version on that version. The audited model's own [tool.uv-audit] and inline ignores are
not applied. See docs/webhook.md."""


def _split(values: Sequence[str]) -> tuple[str, ...] | None:
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None


def _settings(values: dict[str, Any], environ: dict[str, str]) -> st.ServeSettings:
    secret = environ.get(st.SECRET_ENV, "")
    if not secret.strip():
        raise UsageError(f"set {st.SECRET_ENV} to the webhook's secret (it is never taken from the command line)")
    tracking_uri = environ.get("MLFLOW_TRACKING_URI", "").strip()
    if not tracking_uri:
        raise UsageError("set MLFLOW_TRACKING_URI to the tracking server whose registry sends the webhooks")
    severity: dict[str, str] = {}
    for item in values["severities"]:
        code, sep, level = item.partition("=")
        if not sep:
            raise UsageError(f"--severity expects CODE=LEVEL, got {item!r}")
        severity[code.strip()] = level.strip()
    for alias in values["enforce_aliases"]:
        if not _ALIAS.fullmatch(alias):
            raise UsageError(f"--enforce-alias {alias!r} is not an MLflow alias name")
    options = Options(
        select=_split(values["select"]),
        ignore=_split(values["ignore"]),
        fail_on=values["fail_on"],
        groups=_split(values["groups"]),
        only_groups=_split(values["only_groups"]),
        extras=_split(values["extras"]),
        all_extras=values["all_extras"],
        python_platform=values["python_platform"],
        python_version=values["python_version"],
        severity=severity or None,
        max_file_size=values["max_file_size"],
        tracking_uri=tracking_uri,
    )
    environment = cfg.from_environment(environ)
    check_options(options, environment)  # a bad option is exit 2 before the port is opened
    audit = st.AuditSettings(options, environment)
    return st.ServeSettings(
        audit=audit,
        secret=secret.encode("utf-8", "surrogateescape"),
        host=values["host"],
        port=values["port"],
        workers=values["workers"],
        queue_limit=values["queue_limit"],
        audit_timeout=values["audit_timeout"],
        drain_timeout=values["drain_timeout"],
        enforce_aliases=tuple(dict.fromkeys(values["enforce_aliases"])),
        ssl_certfile=values["ssl_certfile"],
        ssl_keyfile=values["ssl_keyfile"],
    )


def _require_extra() -> None:
    for module in ("starlette", "uvicorn", "mlflow"):
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            raise UsageError(f"`uv-audit serve` needs {module}: {INSTALL_HINT}")


@click.command("serve", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default=st.DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=st.DEFAULT_PORT, show_default=True)
@click.option(
    "--enforce-alias",
    "enforce_aliases",
    multiple=True,
    metavar="NAME",
    help="Remove this alias from a version that does not pass, and say why in a tag (repeatable).",
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=st.DEFAULT_WORKERS, show_default=True, help="Audits at a time."
)
@click.option(
    "--queue-limit",
    type=click.IntRange(1, 100_000),
    default=st.DEFAULT_QUEUE_LIMIT,
    show_default=True,
    help="Accepted deliveries waiting for a worker; beyond it the answer is 429.",
)
@click.option(
    "--audit-timeout",
    type=click.FloatRange(min=0.01),
    default=st.DEFAULT_AUDIT_TIMEOUT,
    show_default=True,
    help="Seconds an audit (fetch and rules) may take before the version is tagged error.",
)
@click.option(
    "--drain-timeout",
    type=click.FloatRange(min=0),
    default=st.DEFAULT_DRAIN_TIMEOUT,
    show_default=True,
    help="On SIGTERM/SIGINT, seconds to finish queued audits before cancelling them.",
)
@click.option("--ssl-certfile", type=click.Path(exists=True, dir_okay=False), help="Serve https with this certificate.")
@click.option("--ssl-keyfile", type=click.Path(exists=True, dir_okay=False), help="The certificate's private key.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Status fail at or above this severity [default: warning].",
)
@click.option("--select", multiple=True, help="Only run these rules (codes, names or prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names or prefixes).")
@click.option("--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Change a rule's severity.")
@click.option("--group", "groups", multiple=True, help="A dependency group the inference environment should contain.")
@click.option("--only-group", "only_groups", multiple=True, help="Only this dependency group, no core dependencies.")
@click.option("--extra", "extras", multiple=True, help="An optional extra the inference environment should contain.")
@click.option("--all-extras", is_flag=True, help="The inference environment should contain every extra.")
@click.option("--python-platform", help="Target platform for wheel checks (uv's names).")
@click.option("--python-version", help="Target Python version for wheel checks.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=DEFAULT_MAX_FILE_SIZE, show_default=True)
def serve_command(**options: Any) -> None:
    settings = _settings(options, dict(os.environ))
    if bool(settings.ssl_certfile) != bool(settings.ssl_keyfile):
        raise UsageError("--ssl-certfile and --ssl-keyfile go together")
    _require_extra()
    from auditor.serve.server import run

    run(settings)
