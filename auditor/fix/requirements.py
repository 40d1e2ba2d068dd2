"""The requirements.txt a fix writes: what MLflow logs from uv.lock for the intended selection
(`auditor.mlflow.render_mlflow` over the export of `auditor.mlflow.export_selection`), with the
`# uv-audit: ignore[...]` comments of the current file kept.

The pins MLflow adds by itself (`mlflow==<running>` when the export names no MLflow package,
`cloudpickle==<installed>`) are the ones of the logging environment, which the artifacts record
only indirectly: the current requirements.txt's own `mlflow==`/`cloudpickle==` line, else the
version uv.lock locks, else MLmodel (`mlflow_version`, the pyfunc flavour's `cloudpickle_version`).
When the export itself lists cloudpickle, the environment synced from the lock had that version
installed (and MLflow refuses to log two different cloudpickle pins), so the locked one is used.

MLflow never writes comments. An ignore comment is put back, after two spaces, on the new line
for the same package (the same marker when the package has several lines, else every line of
it); one for a package the fixed file no longer lists is dropped, and the fix says so.
"""

from __future__ import annotations

import re

from auditor import mlflow
from auditor.export import ExportResult
from auditor.frozen import frozen
from auditor.lockfile import Lock
from auditor.mlflow.envfiles import PYFUNC_PICKLER
from auditor.names import canonicalize_name
from auditor.pep508 import requirement_or_none
from auditor.reqfile import ReqLine, RequirementsFile

_IGNORE = re.compile(r"#\s*uv-audit:\s*ignore\[[^\]]*\]")


@frozen
class Pins:
    mlflow: str | None
    cloudpickle: str | None


@frozen
class Rendered:
    text: str
    """requirements.txt, ignore comments included."""
    mlflow_lines: tuple[str, ...]
    """The lines as MLflow writes them (conda.yaml's pip list)."""
    dropped: tuple[str, ...] = ()
    """Ignore comments that had no line to go to, for the fix's messages."""


def _current_pin(current: RequirementsFile | None, name: str) -> str | None:
    if current is None:
        return None
    lines = current.by_name(name)
    if len(lines) == 1 and lines[0].requirement is not None and lines[0].requirement.marker is None:
        return lines[0].pinned_version
    return None


def pins(
    current: RequirementsFile | None,
    lock: Lock,
    result: ExportResult,
    mlmodel_mlflow: str | None,
    mlmodel_cloudpickle: str | None,
) -> Pins:
    """The `mlflow` and `cloudpickle` versions MLflow added when it logged the model (module doc)."""
    exported = [e.version for e in result.entries if e.name == PYFUNC_PICKLER and e.version]
    cloudpickle = (
        exported[0]
        if exported
        else _current_pin(current, PYFUNC_PICKLER) or mlflow.locked_version(lock, PYFUNC_PICKLER) or mlmodel_cloudpickle
    )
    running = mlflow.MLFLOW_NAMES[0]
    version = _current_pin(current, running) or mlflow.locked_mlflow(lock) or mlmodel_mlflow
    return Pins(version, cloudpickle)


def _comment(raw_lines: list[str], start: int, end: int) -> str | None:
    """The ignore comment written on physical lines start..end-1 (1-based) of the file."""
    match = _IGNORE.search("\n".join(raw_lines[start - 1 : end - 1]))
    return match.group(0) if match else None


def _ignores(current: RequirementsFile, raw: str) -> list[tuple[ReqLine, str]]:
    raw_lines = raw.splitlines()
    starts = sorted({r.line for r in current.lines} | {o.line for o in current.options} | {len(raw_lines) + 1})
    out: list[tuple[ReqLine, str]] = []
    for req in current.lines:
        if not req.ignores:
            continue
        end = next(s for s in starts if s > req.line)
        comment = _comment(raw_lines, req.line, end)
        if comment is not None:
            out.append((req, comment))
    return out


def _key(line: str) -> tuple[str | None, str]:
    req = requirement_or_none(line)
    if req is None:
        return None, line
    return canonicalize_name(req.name), str(req.marker) if req.marker else ""


def _targets(req: ReqLine, keys: list[tuple[str | None, str]]) -> list[int]:
    if req.name is None:
        return [i for i, (name, text) in enumerate(keys) if name is None and text == req.text]
    same = [i for i, (name, _) in enumerate(keys) if name == req.name]
    marker = str(req.requirement.marker) if req.requirement is not None and req.requirement.marker else ""
    exact = [i for i in same if keys[i][1] == marker]
    return exact or same


def render(
    result: ExportResult,
    index_urls: tuple[str, ...],
    pinned: Pins,
    current: RequirementsFile | None,
    raw: str | None,
) -> Rendered:
    """requirements.txt for the export `result`, with `--extra-index-url` lines for `index_urls`
    (those of uv.lock, for a release that writes them) (module docstring)."""
    text = mlflow.render_mlflow(
        result, mlflow_version=pinned.mlflow, cloudpickle_version=pinned.cloudpickle, index_urls=index_urls
    )
    lines = text.split("\n") if text else []
    if current is None or raw is None:
        return Rendered(text, tuple(lines))
    keys = [_key(line) for line in lines]
    out = list(lines)
    dropped: list[str] = []
    for req, comment in _ignores(current, raw):
        found = _targets(req, keys)
        if not found:
            dropped.append(f"`{comment}` of {req.name or req.text} (line {req.line})")
        for index in found:
            if comment not in out[index]:
                out[index] = f"{out[index]}  {comment}"
    return Rendered("\n".join(out), tuple(lines), tuple(dropped))
