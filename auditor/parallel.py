"""Audit many targets: in worker processes when there are many, with a progress bar on a
terminal. Results come back in discovery order whatever the parallelism."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

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
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def advance(self, count: int = 1) -> None:
        if not self.enabled:
            return
        self.done += count
        width = 30
        filled = width * self.done // max(self.total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} targets")
        if self.done >= self.total:
            sys.stderr.write("\n")
        sys.stderr.flush()


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
