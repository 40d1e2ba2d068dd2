"""The requirements.txt MLflow writes from its `uv export` (SPEC §1).

As `mlflow/pyfunc/model.py` and `mlflow/utils/environment.py` (3.17) do it: `--extra-index-url`
lines for the non-PyPI indexes of uv.lock (3.12 and later) plus the uv export lines, united as a set with
`cloudpickle==<installed>` (so an identical locked line is kept once) and sorted as plain strings
in uv's spelling; `mlflow==<running>` inserted first when no MLflow line is there; then
de-duplicated per (name, marker) and rewritten through `packaging.requirements.Requirement`
(`_deduplicate_requirements`); no trailing newline.
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet

from auditor.export import ExportResult, render_uv
from auditor.lockfile import Lock
from auditor.mlflow.packages import MLFLOW_NAMES, PYPI_URLS
from auditor.mlflow.versions import behaviour
from auditor.names import canonicalize_name
from auditor.pep508 import Requirement, requirement_or_none


def mlflow_lines(uv_output: str) -> list[str]:
    """The lines MLflow keeps from `uv export` stdout (`export_uv_requirements`): stripped, no
    blanks, no comments; still in uv's spelling (`name==1.0 ; marker`)."""
    return [line.strip() for line in uv_output.splitlines() if line.strip() and not line.strip().startswith("#")]


def index_urls(lock: Lock) -> tuple[str, ...]:
    """The registries in uv.lock, as MLflow's `extract_index_urls_from_uv_lock` finds them."""
    return tuple(sorted({p.source.value for p in lock.packages if p.source.kind == "registry"}))


def locked_version(lock: Lock, *names: str) -> str | None:
    """The version uv.lock locks for the first of `names` it has."""
    for name in names:
        for package in lock.packages:
            if package.name == name and package.version:
                return str(package.version)
    return None


def locked_mlflow(lock: Lock) -> str | None:
    """The MLflow release uv.lock locks (mlflow, else mlflow-skinny)."""
    return locked_version(lock, *MLFLOW_NAMES[:2])


def render_mlflow(
    result: ExportResult,
    *,
    mlflow_version: str | None,
    cloudpickle_version: str | None,
    index_urls: tuple[str, ...] = (),
) -> str:
    """The requirements.txt MLflow logs for a pyfunc model of a uv project (module docstring)."""
    lines = [f"--extra-index-url {url}" for url in index_urls if url.lower() not in PYPI_URLS]
    lines += mlflow_lines(render_uv(result, hashes=False, annotate=False))
    defaults = set() if cloudpickle_version is None else {f"cloudpickle=={_strip_local(cloudpickle_version)}"}
    requirements = sorted(set(lines) | defaults)
    if mlflow_version is not None and not any(_name(line) in MLFLOW_NAMES for line in requirements):
        requirements.insert(0, f"mlflow=={mlflow_version}")
    return "\n".join(_deduplicate(requirements))


def requirements_txt(
    result: ExportResult, lock: Lock, *, mlflow_version: str | None, cloudpickle_version: str | None
) -> str:
    """The requirements.txt MLflow `mlflow_version` (None: the newest known) logs for `result`:
    its release decides whether uv.lock's indexes become `--extra-index-url` lines (3.12+)."""
    urls = index_urls(lock) if behaviour(mlflow_version).extra_index_urls else ()
    pins = {"mlflow_version": mlflow_version, "cloudpickle_version": cloudpickle_version}
    return render_mlflow(result, index_urls=urls, **pins)


def _name(line: str) -> str | None:
    req = requirement_or_none(line)
    return None if req is None else canonicalize_name(req.name)


def _strip_local(version: str) -> str:
    return version.split("+", 1)[0]


def _deduplicate(lines: list[str]) -> list[str]:
    """MLflow's `_deduplicate_requirements` for pinned lines: one per (name, marker), specifiers
    of a repeated pair joined (MLflow would first check them with a pip dry run)."""
    merged: dict[object, Requirement | str] = {}
    for line in lines:
        req = requirement_or_none(line)
        if req is None:
            merged.setdefault(line, line)
            continue
        key = (req.name, str(req.marker) if req.marker else "")
        existing = merged.get(key)
        if isinstance(existing, Requirement):
            if existing.specifier and req.specifier and existing.specifier != req.specifier:
                req.specifier = SpecifierSet(f"{existing.specifier},{req.specifier}")
            elif existing.specifier and not req.specifier:
                req.specifier = existing.specifier
            if existing.extras and not req.extras:
                req.extras = existing.extras
            elif existing.extras and req.extras != existing.extras:
                req.extras = set(sorted(existing.extras | req.extras))
        merged[key] = req
    return [str(req) for req in merged.values()]
