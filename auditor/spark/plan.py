"""What the driver decides before any task runs: the options every task audits with, and the
input rows (one per target, or per path to discover in the task where it lands).

Pure Python: nothing here imports pyspark or pyarrow, so it is tested and type-checked without
them. Local paths and `file:` URIs are discovered on the driver with the command line's own
`discover` (same targets, same display paths, same workspace-member and depth rules), because a
directory walk reads names only and a store of 300 models must be split across partitions, which
needs its targets before the job starts. The rows are ordered as the command line's scheduler
orders targets (by uv.lock size: equal sizes are almost always equal contents), so contiguous
ranges give each task few distinct locks. MLflow URIs stay one row each: resolving and fetching
them is the network I/O the tasks exist for.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from auditor import config as cfg
from auditor.audit import check_options
from auditor.discover import Candidate, Skipped, discover
from auditor.errors import UsageError
from auditor.frozen import frozen, replace
from auditor.options import Options
from auditor.parallel import schedule
from auditor.remote import INSTALL_HINT, is_remote_uri, mlflow_available
from auditor.spark.schema import TARGET, URI
from auditor.spark.selectors import selector_rows

TARGETS_PER_TASK = 64
"""Default partition size: small enough that a retried task redoes little and a registry spreads
over every core, big enough that the per-task overhead (~0.1 s) stays small against the audits."""
ENVIRON_PREFIX = "MLFLOW_UV_"
"""The environment variables an audit reads (auditor.config.from_environment): taken from the
driver, so executors' own environments never change a result."""


@frozen
class Plan:
    """What every task receives (pickled with the function)."""

    options: Options
    environ: Mapping[str, str]


@frozen
class Row:
    kind: str
    path: str
    """A directory (TARGET, PATH) or an MLflow URI (URI), as the task reads it."""
    display: str
    """What findings name: the path or URI as given, joined with the target's relative path."""
    root: str
    """The resolved PATH given: nothing outside it is read (TARGET only; else empty)."""
    order: int

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "path": self.path, "display": self.display, "root": self.root, "order": self.order}


def resolve(options: Options, environ: Mapping[str, str]) -> Options:
    """Validate the options as the command line does (UsageError) and fix the tracking URI from
    the driver (`tracking_uri`, else its MLFLOW_TRACKING_URI): executors must not look it up."""
    check_options(options, cfg.from_environment(environ))
    if options.alias is not None and not options.registered_models:
        raise UsageError("--alias needs --registered-models")
    tracking_uri = options.tracking_uri or environ.get("MLFLOW_TRACKING_URI", "").strip() or None
    return replace(options, tracking_uri=tracking_uri, progress=False)


def make_plan(options: Options, environ: Mapping[str, str]) -> Plan:
    """What the tasks receive: the resolved options without the selectors (the driver expanded
    them into rows) and the driver's MLFLOW_UV_* variables."""
    kept = {key: value for key, value in environ.items() if key.startswith(ENVIRON_PREFIX)}
    return Plan(replace(options, experiments=(), registered_models=False, alias=None), kept)


def check_remote(uri: str) -> None:
    """UsageError for a malformed MLflow URI, or when the MLflow client is not installed (as the
    command line). auditor.remote.resolve imports MLflow, so only a run with URIs loads it."""
    if not mlflow_available():
        raise UsageError(f"{uri} needs the MLflow client: {INSTALL_HINT}")
    from auditor.remote.resolve import check_uri

    check_uri(uri)


def local_path(given: str) -> str:
    """The directory a local path or `file:` URI names (UsageError for another scheme)."""
    if not given.startswith("file:"):
        if "://" in given:
            scheme = given.split("://", 1)[0]
            raise UsageError(
                f"{given}: {scheme}:// is not supported; pass a local or mounted path (e.g. /dbfs/...), "
                "a file: URI or an MLflow runs:/ or models:/ URI"
            )
        return given
    parts = urlsplit(given)
    if parts.netloc not in ("", "localhost"):
        raise UsageError(f"{given}: a file: URI on another host ({parts.netloc}) cannot be read")
    return unquote(parts.path) or "/"


def as_given(display: str, local: str, given: str) -> str:
    """A discovered display path under `local` shown under `given` (the file: URI the user wrote)."""
    if local == given or not display.startswith(local):
        return display
    return given.rstrip("/") + display[len(local.rstrip("/")) :]


def plan_rows(paths: Sequence[str], options: Options) -> tuple[list[Row], list[str]]:
    """The input rows for `paths` and the options' MLflow selectors (UsageError as the command
    line: a missing path, a directory with no target, a malformed URI), and the notes about what
    discovery skipped and what the selectors left out."""
    if isinstance(paths, str):
        raise UsageError("paths must be a list of paths or URIs (or a DataFrame with a `path` column), not a string")
    if not paths and not options.selects_remote:
        raise UsageError("no paths to audit")
    candidates: list[Candidate] = []
    displays: list[str] = []
    notes: list[str] = []
    remote: list[tuple[str, str, str]] = []
    seen: set[Path] = set()
    for given in paths:
        if is_remote_uri(given):
            check_remote(given)
            remote.append((URI, given.rstrip("/"), given.rstrip("/")))
            continue
        local = local_path(given)
        for item in discover([local], options.max_depth):
            if isinstance(item, Skipped):
                notes.append(f"{as_given(item.display, local, given)}: {item.reason}")
            elif item.directory.resolve() not in seen:  # one target named by several paths: audited once
                seen.add(item.directory.resolve())
                candidates.append(item)
                displays.append(as_given(item.display, local, given))
    selected, said = selector_rows(options)
    rows = [
        Row(TARGET, str(candidates[i].directory), displays[i], str(candidates[i].root), order)
        for order, i in enumerate(schedule(candidates))
    ]
    unique = {(kind, display): (kind, path, display) for kind, path, display in [*remote, *selected]}
    rows += [Row(kind, path, display, "", len(rows) + n) for n, (kind, path, display) in enumerate(unique.values())]
    return rows, notes + said


def partition_count(rows: int, parallelism: int, requested: int | None) -> int:
    """Partitions for `rows` input rows: as requested, else one per TARGETS_PER_TASK rows and at
    least one per core; never more than there are rows."""
    if requested is not None:
        if requested < 1:
            raise UsageError(f"partitions must be at least 1, got {requested}")
        return min(requested, max(rows, 1))
    return max(1, min(max(rows, 1), max(parallelism, math.ceil(rows / TARGETS_PER_TASK))))


def driver_environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ
