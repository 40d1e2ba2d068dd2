"""The ASGI app (Starlette): `POST /webhook`, `GET /healthz`.

A delivery is read (at most `max_body` bytes), its signature and timestamp verified, its id checked
against the ones already taken — all before its body is parsed. Then: an event the gate does not
audit is 200 and ignored; an audited one is queued and answered 202 at once, or 429 (with
`Retry-After`, which MLflow's retry honours) when the queue is full. One log line per delivery.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from auditor import __version__
from auditor.serve import logs
from auditor.serve.events import BadPayload, parse
from auditor.serve.pool import Pool
from auditor.serve.settings import ServeSettings
from auditor.serve.signature import DELIVERY_ID_HEADER, Refused, SeenDeliveries, verify

RETRY_AFTER = "5"


class _TooLarge(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _claimed_id(request: Request) -> str | None:
    """The delivery id a refused request claims, for the log only when it looks like one."""
    value = request.headers.get(DELIVERY_ID_HEADER, "")
    return value if value and len(value) <= 128 and value.replace("-", "").isalnum() else None


def create_app(settings: ServeSettings) -> Starlette:
    seen = SeenDeliveries(settings.replay_window)
    holder: dict[str, Pool] = {}

    def answer(status: int, body: dict[str, Any], received: float, **fields: Any) -> JSONResponse:
        logs.delivery(**fields, http=status, ms=round((time.monotonic() - received) * 1000))
        headers = {"Retry-After": RETRY_AFTER} if status in (429, 503) else None
        return JSONResponse(body, status_code=status, headers=headers)

    async def webhook(request: Request) -> JSONResponse:
        received = time.monotonic()
        pool = holder["pool"]
        if pool.closing:
            return answer(503, {"error": "shutting down"}, received, verdict="busy", reason="shutting down")
        try:
            body = await _body(request, settings.max_body)
        except _TooLarge:
            reason = f"body larger than {settings.max_body} bytes"
            return answer(
                413, {"error": reason}, received, delivery_id=_claimed_id(request), verdict="invalid", reason=reason
            )
        try:
            signed = verify(request.headers, body, settings.secret, time.time(), settings.replay_window)
            if seen.seen(signed.delivery_id):
                raise Refused(403, "delivery id already taken (a replay)")
        except Refused as refused:
            fields = {"delivery_id": _claimed_id(request), "verdict": "refused", "reason": refused.reason}
            return answer(refused.status, {"error": refused.reason}, received, **fields)
        delivery_id = signed.delivery_id
        try:
            event, job = parse(body, delivery_id)
        except BadPayload as exc:
            seen.add(delivery_id)
            return answer(
                400, {"error": str(exc)}, received, delivery_id=delivery_id, verdict="invalid", reason=str(exc)
            )
        if job is None:
            seen.add(delivery_id)
            return answer(
                200,
                {"status": "ignored", "event": event},
                received,
                delivery_id=delivery_id,
                event=event,
                verdict="ignored",
            )
        if not pool.submit(job, received):
            fields = {"delivery_id": delivery_id, "event": event, "model": job.model, "verdict": "busy"}
            return answer(429, {"error": "audit queue full; retry later"}, received, **fields)
        seen.add(delivery_id)
        return JSONResponse({"status": "accepted", "delivery_id": delivery_id, "model": job.uri}, status_code=202)

    async def healthz(request: Request) -> JSONResponse:
        health = {**holder["pool"].health(), "version": __version__}
        return JSONResponse(health, status_code=200 if health["status"] == "ok" else 503)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool = Pool(settings)
        holder["pool"] = pool
        pool.start()
        logs.delivery(event="server.started", workers=settings.workers, queue_limit=settings.queue_limit)
        try:
            yield
        finally:
            await pool.close(settings.drain_timeout)
            logs.delivery(event="server.stopped")

    routes = [Route("/webhook", webhook, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    return Starlette(routes=routes, lifespan=lifespan)
