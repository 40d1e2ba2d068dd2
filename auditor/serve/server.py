"""Run the app under uvicorn with the gate's settings (blocking until SIGTERM/SIGINT)."""

from __future__ import annotations

import logging
import os

import uvicorn

from auditor.serve.app import create_app
from auditor.serve.settings import ServeSettings

GRACEFUL_CONNECTIONS = 10.0
"""Seconds uvicorn waits for open connections on shutdown before the pool drains."""


def run(settings: ServeSettings) -> None:
    from auditor.remote.fetch import HTTP_DEFAULTS

    # The remote fetch sets these around each audit; set once here, for every worker thread alike.
    for key, value in HTTP_DEFAULTS.items():
        os.environ.setdefault(key, value)
    logging.getLogger("mlflow").setLevel(logging.ERROR)
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        lifespan="on",
        access_log=False,
        server_header=False,
        log_level="info",
        timeout_graceful_shutdown=int(GRACEFUL_CONNECTIONS),
        ssl_certfile=settings.ssl_certfile,
        ssl_keyfile=settings.ssl_keyfile,
    )
    uvicorn.Server(config).run()
