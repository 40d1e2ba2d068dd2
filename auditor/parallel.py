"""Audit many targets: in worker processes when there are many, with a progress bar on a
terminal. Results come back in discovery order whatever the parallelism."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from auditor import config as cfg
from auditor.discover import Candidate

if TYPE_CHECKING:
    from auditor.run import AuditedTarget, RunOptions

PARALLEL_THRESHOLD = 200
"""Below this many targets a single process is faster than starting workers."""


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _worker(batch: tuple[list[Candidate], RunOptions, cfg.Overrides]) -> list[AuditedTarget]:
    from auditor.run import audit_candidate

    items, options, environ = batch
    return [audit_candidate(c, options, environ) for c in items]


class _Progress:
    """A one-line progress bar on stderr (never stdout, so machine formats stay clean).

    Redraws at most ten times a second, fits the terminal's width, and erases itself when done so
    the report that follows starts on a clean line.
    """

    INTERVAL = 0.1

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.stream = stream if stream is not None else sys.stderr
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def line(self) -> str:
        columns = shutil.get_terminal_size((80, 24)).columns
        elapsed = time.monotonic() - self.started
        counter = f" {self.done}/{self.total} targets {100 * self.done // max(self.total, 1):3d}% {elapsed:4.0f}s"
        bar = max(10, min(40, columns - len(counter) - 3))
        filled = bar * self.done // max(self.total, 1)
        return f"[{'#' * filled}{'.' * (bar - filled)}]{counter}"[: max(columns - 1, 20)]

    def advance(self, count: int = 1) -> None:
        if not self.enabled:
            return
        self.done = min(self.total, self.done + count)
        now = time.monotonic()
        if self.done < self.total and now - self._drawn < self.INTERVAL:
            return
        self._drawn = now
        text = self.line()
        self.stream.write("\r" + text.ljust(self._width))
        self._width = len(text)
        if self.done >= self.total:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.flush()


def audit_parallel(items: list[Candidate], options: RunOptions, environ: cfg.Overrides) -> Iterator[AuditedTarget]:
    from auditor.run import audit_candidate

    jobs = options.jobs or _default_jobs()
    show = options.progress if options.progress is not None else (sys.stderr.isatty() and len(items) >= 20)
    progress = _Progress(len(items), bool(show))
    if jobs <= 1 or (len(items) < PARALLEL_THRESHOLD and options.jobs is None):
        for candidate in items:
            yield audit_candidate(candidate, options, environ)
            progress.advance()
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(256, len(items) // (jobs * 4) or 1))
    batches = [(items[i : i + size], options, environ) for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for results in pool.map(_worker, batches):
            yield from results
            progress.advance(len(results))
