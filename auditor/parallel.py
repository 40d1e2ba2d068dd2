"""Audit many targets: in worker processes when there are many, with a progress bar on a
terminal. Results come back in discovery order whatever the parallelism.

Targets are audited in an order that puts the ones sharing a uv.lock next to each other (see
`schedule`), so that each process parses a lock and computes its exports once while they are in the
small caches of auditor.load and auditor.context, and holds only a few parsed locks at a time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO

from auditor import config as cfg
from auditor.audit import audit_target
from auditor.cache import inputs
from auditor.discover import Candidate
from auditor.load import load_target
from auditor.options import Options
from auditor.report import TargetReport

PARALLEL_THRESHOLD = 200
"""Below this many targets a single process is faster than starting workers."""


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def audit_candidate(candidate: Candidate, options: Options, environ: cfg.Overrides) -> TargetReport:
    """Load one target from the disk and audit it (what a worker process runs)."""
    return audit_target(load_target(candidate, options.max_file_size), options, environ)


def _worker(
    batch: tuple[list[Candidate], Options, cfg.Overrides, int | None],
) -> tuple[list[TargetReport], inputs.Manifest | None]:
    """A batch's reports, and what it read when the parent records its inputs (`since` set)."""
    items, options, environ, since = batch
    if since is not None:
        inputs.start(since)
    try:
        return [audit_candidate(c, options, environ) for c in items], inputs.part()
    finally:
        if since is not None:
            inputs.stop()


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
        import shutil  # lazily: shutil pulls in bz2 and lzma, which a single-target run never needs

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


def _lock_size(candidate: Candidate) -> int:
    if "uv.lock" not in candidate.names:
        return -1
    try:
        return os.lstat(candidate.directory / "uv.lock").st_size
    except OSError:
        return -1


def schedule(items: list[Candidate]) -> list[int]:
    """The indices of `items` in audit order: grouped by the size of their uv.lock (one `lstat`, no
    read; equal sizes are almost always equal contents, and a wrong guess costs only a cache miss),
    discovery order within a group."""
    sizes = [_lock_size(c) for c in items]
    return sorted(range(len(items)), key=lambda i: (sizes[i], i))


def batches_of(order: list[int], sizes: list[int], jobs: int) -> list[list[int]]:
    """`order` cut into batches for the workers: each batch holds the targets of one lock size
    (one uv.lock, almost always), a group larger than `len(order) / (2 * jobs)` is cut into pieces
    of that size, so that each worker parses a lock and runs the rules on its contents about once
    (a worker's caches outlive its batches), and every worker gets work even with one lock."""
    limit = max(1, -(-len(order) // (2 * jobs)))
    out: list[list[int]] = []
    for position, index in enumerate(order):
        if not out or len(out[-1]) >= limit or sizes[position - 1] != sizes[position]:
            out.append([])
        out[-1].append(index)
    return out


def audit_parallel(items: list[Candidate], options: Options, environ: cfg.Overrides) -> Iterator[TargetReport]:
    """Audit every candidate; yield the results in the order of `items`."""
    jobs = options.jobs or _default_jobs()
    show = options.progress if options.progress is not None else (sys.stderr.isatty() and len(items) >= 20)
    progress = _Progress(len(items), bool(show))
    order = schedule(items) if len(items) > 1 else list(range(len(items)))
    results: list[TargetReport | None] = [None] * len(items)
    if jobs <= 1 or (len(items) < PARALLEL_THRESHOLD and options.jobs is None) or len(items) < 2:
        for index in order:
            results[index] = audit_candidate(items[index], options, environ)
            progress.advance()
    else:
        from concurrent.futures import ProcessPoolExecutor

        # The biggest locks first: the light batches then fill in behind them (the last batch to
        # start is a small one, so no worker is left alone with a big lock at the end).
        slices = batches_of(order, [_lock_size(items[i]) for i in order], jobs)[::-1]
        since = inputs.since()
        batches = [([items[i] for i in indices], options, environ, since) for indices in slices]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for indices, (batch, read) in zip(slices, pool.map(_worker, batches), strict=True):
                for index, result in zip(indices, batch, strict=True):
                    results[index] = result
                inputs.merge(read)
                progress.advance(len(batch))
    for done in results:
        assert done is not None
        yield done
