"""One JSON line per delivery on stdout: `{"ts", "delivery_id", "event", "model", "verdict", "http", "ms", ...}`.

`verdict` is `pass`, `fail` or `error` for an audited delivery (written when its tags are set),
`refused` (401/403), `ignored` (200, an event the gate does not audit), `invalid` (400/413),
`busy` (429), `dropped` or `cancelled` (accepted, but the server stopped before its audit ended).
Values pass the tag redaction, so a credential in a URL never reaches the log either.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

from auditor.serve.tags import _redact

LOGGER = "uv_audit.serve"


def logger() -> logging.Logger:
    log = logging.getLogger(LOGGER)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    return log


def delivery(**fields: Any) -> None:
    line: dict[str, Any] = {"ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds")}
    for key, value in fields.items():
        line[key] = _redact(value) if isinstance(value, str) else value
    logger().info(json.dumps(line, ensure_ascii=True, separators=(",", ":")))
    for handler in logger().handlers:
        handler.flush()
