"""What each Spark task runs on its partition of input rows (mapInArrow's function).

Per partition: every row becomes targets (a driver-discovered directory as is; a path discovered
here; the partition's MLflow URIs fetched together through `auditor.remote`, small files only, into
a temporary directory that lives until the partition is audited), the targets are audited in the
command line's schedule order (by uv.lock size, so targets sharing a lock follow each other and the
parse and export caches of this Python worker serve all but the first), and each target is one
output row. Nothing here imports pyspark; pyarrow only to build the batches.

A row that cannot be audited (a path that does not exist, a model that cannot be fetched) is an
error row that fails the gate; it never fails the task, so one bad model cannot stop a registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from auditor import config as cfg
from auditor.api import audit_files
from auditor.discover import Candidate, directory_candidate, discover
from auditor.errors import UsageError
from auditor.frozen import replace
from auditor.parallel import audit_candidate, schedule
from auditor.remote import is_remote_uri, remote_targets
from auditor.report import TargetReport
from auditor.spark.files import Unreadable, target_files
from auditor.spark.plan import Plan, as_given, check_remote, local_path
from auditor.spark.schema import ERROR, PATH, TARGET, URI, arrow_schema, error_row, target_row

BATCH_ROWS = 256
"""Targets per Arrow batch sent back to Spark."""


def audit_batches(batches: Iterable[Any], plan: Plan) -> Iterator[Any]:
    """mapInArrow's function: input batches of INPUT_DDL rows -> batches of TARGET_DDL rows."""
    pa: Any = importlib.import_module("pyarrow")
    schema = arrow_schema()
    rows = [row for batch in batches for row in batch.to_pylist()]
    out: list[dict[str, object]] = []
    for row in audit_rows(rows, plan):
        out.append(row)
        if len(out) >= BATCH_ROWS:
            yield pa.RecordBatch.from_pylist(out, schema=schema)
            out = []
    if out:
        yield pa.RecordBatch.from_pylist(out, schema=schema)


def _kind(row: Mapping[str, Any]) -> str:
    kind = row.get("kind")
    if isinstance(kind, str) and kind:
        return kind
    return URI if is_remote_uri(str(row.get("path") or "")) else PATH


def _discovered(given: str, max_depth: int) -> list[Candidate]:
    """The targets below a path given in a DataFrame row, displayed as given (UsageError as the CLI)."""
    local = local_path(given)
    return [
        replace(item, display=as_given(item.display, local, given))
        for item in discover([local], max_depth)
        if isinstance(item, Candidate)
    ]


def audit_rows(rows: Sequence[Mapping[str, Any]], plan: Plan) -> Iterator[dict[str, object]]:
    """Every target the rows name, audited: one TARGET_DDL row each (pure Python)."""
    candidates: list[Candidate] = []
    uris: list[str] = []
    for row in rows:
        path = str(row.get("path") or "")
        kind = _kind(row)
        try:
            if kind == TARGET:
                candidate = directory_candidate(Path(path), str(row.get("display") or path))
                candidates.append(replace(candidate, root=Path(str(row.get("root") or path))))
            elif kind == ERROR:
                yield error_row(path, str(row.get("display") or ""))
            elif kind == URI:
                check_remote(path)
                uris.append(path.rstrip("/"))
            else:
                candidates.extend(_discovered(path, plan.options.max_depth))
        except UsageError as exc:
            yield error_row(path, str(exc))
    yield from _audit(candidates, plan)
    if uris:
        yield from _remote(list(dict.fromkeys(uris)), plan)


def _remote(uris: list[str], plan: Plan) -> Iterator[dict[str, object]]:
    try:
        with remote_targets(uris, plan.options) as remote:
            for line in remote.errors:
                uri = next((u for u in uris if line.startswith(f"{u}: ")), "")
                yield error_row(uri or line.split(": ", 1)[0], line[len(uri) + 2 :] if uri else line)
            yield from _audit(remote.candidates, plan)
    except UsageError as exc:  # no MLflow client or no tracking server on this executor
        for uri in uris:
            yield error_row(uri, str(exc))


def audit_one(candidate: Candidate, plan: Plan) -> TargetReport:
    """Read the target's files and audit them with `audit_files`; a file the audit reads that
    cannot be handed over as bytes sends this target through the command line's disk loader."""
    try:
        files = target_files(candidate, plan.options.max_file_size)
    except Unreadable:
        return audit_candidate(candidate, plan.options, cfg.from_environment(plan.environ))
    return audit_files(files, name=candidate.display, options=plan.options, environ=plan.environ)


def _audit(candidates: list[Candidate], plan: Plan) -> Iterator[dict[str, object]]:
    for index in schedule(candidates):  # targets sharing a lock one after another: parsed once
        candidate = candidates[index]
        try:
            report = audit_one(candidate, plan)
        except Exception as exc:  # a bug must not fail the task and hide every other model's result
            yield error_row(candidate.display, f"internal error ({type(exc).__name__}: {exc}); please report it")
            continue
        yield target_row(report)
