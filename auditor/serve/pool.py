"""A bounded audit pool: a queue of at most `queue_limit` accepted deliveries, `workers` audits at
a time, a deadline per audit, and a drain on shutdown.

Each job runs in two blocking steps, each on its own daemon thread: the audit (fetch + rules),
then the registry writes. A thread slot is held until the thread really ends, so an audit stuck
past its deadline is given up (its version is tagged `error`, its late result discarded) but
still counts against `workers`: never more threads than that, whatever the registry does. Daemon
threads never hold the process up at exit. Every accepted job ends with exactly one log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from auditor.remote.fetch import describe
from auditor.serve import logs, tags
from auditor.serve.events import Job
from auditor.serve.gate import AuditVerdict, audit_model_version
from auditor.serve.registry import publish
from auditor.serve.settings import ServeSettings

T = TypeVar("T")
PUBLISH_TIMEOUT = 60.0
"""Seconds the tag writes of one delivery may take (each MLflow call is bounded by its HTTP timeout too)."""


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


class Pool:
    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.queue: asyncio.Queue[tuple[Job, float]] = asyncio.Queue(maxsize=settings.queue_limit)
        self.slots = asyncio.Semaphore(settings.workers)
        self.workers: list[asyncio.Task[None]] = []
        self.running = 0
        self.stuck = 0
        self.closing = False

    def start(self) -> None:
        self.workers = [
            asyncio.create_task(self._work(), name=f"uv-audit-worker-{n}") for n in range(self.settings.workers)
        ]

    def submit(self, job: Job, received: float) -> bool:
        """Queue a job; False when the queue is full (the caller answers 429)."""
        if self.closing:
            return False
        try:
            self.queue.put_nowait((job, received))
        except asyncio.QueueFull:
            return False
        return True

    def health(self) -> dict[str, Any]:
        state = "draining" if self.closing else ("stuck" if self.stuck >= self.settings.workers else "ok")
        return {
            "status": state,
            "queued": self.queue.qsize(),
            "running": self.running,
            "stuck": self.stuck,
            "workers": self.settings.workers,
            "queue_limit": self.settings.queue_limit,
        }

    async def _in_thread(self, call: Callable[[], T], timeout: float) -> T:
        """Run `call` on a daemon thread within a slot; TimeoutError after `timeout` seconds (the
        slot stays taken until the thread ends)."""
        await self.slots.acquire()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        late = [False]

        def done(result: Any, error: BaseException | None) -> None:
            _settle(future, result, error)
            if late[0]:
                self.stuck -= 1
            self.slots.release()

        def target() -> None:
            result: Any = None
            error: BaseException | None = None
            try:
                result = call()
            except BaseException as exc:
                error = exc
            with contextlib.suppress(RuntimeError):  # a closed loop: the server is gone
                loop.call_soon_threadsafe(done, result, error)

        threading.Thread(target=target, name="uv-audit-gate", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            if not future.done():
                late[0] = True
                self.stuck += 1
            raise

    async def _work(self) -> None:
        while True:
            job, received = await self.queue.get()
            self.running += 1
            try:
                await self._run(job, received)
            except asyncio.CancelledError:
                logs.delivery(**_fields(job), verdict="cancelled", reason="server stopped", ms=_ms(received))
                raise
            except Exception as exc:  # a bug must not cost a worker: the delivery is logged and the loop goes on
                reason = f"internal error: {type(exc).__name__}: {exc}"
                logs.delivery(**_fields(job), verdict="error", tagged=False, reason=reason, ms=_ms(received))
            finally:
                self.running -= 1
                self.queue.task_done()

    async def _run(self, job: Job, received: float) -> None:
        settings = self.settings
        try:
            verdict = await self._in_thread(
                lambda: audit_model_version(job.uri, settings.audit), settings.audit_timeout
            )
        except asyncio.TimeoutError:
            reason = f"the audit took longer than {settings.audit_timeout:g} s"
            verdict = AuditVerdict("error", tags.error_summary(job.uri, reason))
        fields = _fields(job)
        try:
            removed = await self._in_thread(
                lambda: publish(job, verdict, settings.audit.tracking_uri, settings.enforce_aliases), PUBLISH_TIMEOUT
            )
        except Exception as exc:
            reason = f"tags not set: {describe(exc, settings.audit.tracking_uri)}"
            logs.delivery(**fields, verdict=verdict.status, tagged=False, reason=reason, ms=_ms(received))
            return
        extra: dict[str, Any] = {"aliases_removed": list(removed)} if removed else {}
        if verdict.status == "error":
            extra["reason"] = verdict.summary
        logs.delivery(
            **fields, verdict=verdict.status, tagged=True, counts=dict(verdict.counts), ms=_ms(received), **extra
        )

    async def close(self, drain_timeout: float) -> None:
        """Stop taking jobs, let the queued ones finish for up to `drain_timeout` seconds, then
        cancel the rest (one `cancelled` or `dropped` line each)."""
        self.closing = True
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.queue.join(), drain_timeout)
        for worker in self.workers:
            worker.cancel()
        await asyncio.gather(*self.workers, return_exceptions=True)
        while not self.queue.empty():
            job, received = self.queue.get_nowait()
            logs.delivery(**_fields(job), verdict="dropped", reason="server stopped before the audit", ms=_ms(received))


def _ms(received: float) -> int:
    return round((time.monotonic() - received) * 1000)


def _fields(job: Job) -> dict[str, Any]:
    fields: dict[str, Any] = {"delivery_id": job.delivery_id, "event": job.event, "model": job.model, "http": 202}
    if job.alias is not None:
        fields["alias"] = job.alias
    return fields
