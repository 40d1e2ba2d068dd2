"""The Python API: the audit as a library (SPEC §7). Nothing else of `auditor` is public.

    from auditor.api import audit_paths

    report = audit_paths(["mlruns/"], groups=("serve",), isolated=True)
    if report.failed:
        for target in report.targets:
            for finding in target.findings:
                print(target.path, finding.rule, finding.package, finding.message)

`audit_paths(paths, **options)` discovers and audits every target below local paths and MLflow
URIs (`runs:/...`, `models:/...`, with the `mlflow` extra) and returns the `Report` the command
line renders. `audit_files(files, name=..., options=...)` audits one target from the contents of
its files, as a pure function: no disk, no network (what an engine such as Spark ships to its
workers; auditor.spark does). `audit_files(files, name=..., options=...)` audits one target from the contents of
its files, as a pure function: no disk, no network (what an engine such as Spark ships to its
workers; auditor.spark does). `options` are the fields of `Options`, the command line's options by their Python
names (`fail_on`, `groups`, `only_groups`, `extras`, `all_extras`, `select`, `ignore`,
`severity`, `python_platform`, `python_version`, `serving_mlflow`, `isolated`, `max_file_size`,
`max_depth`, `jobs`, `progress`, `tracking_uri`, `experiments`, `max_results`,
`registered_models`, `alias`); `environ` stands for the process environment (MLFLOW_UV_*).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from auditor import config as cfg
from auditor.assemble import assemble
from auditor.audit import audit_target, check_options
from auditor.cache import inputs
from auditor.errors import TooLarge
from auditor.findings import Finding, Severity, Suppressed
from auditor.options import Options
from auditor.report import Report, TargetReport
from auditor.secrets import redact
from rules import ALL_RULES

__all__ = ["Finding", "Options", "Report", "Severity", "Suppressed", "TargetReport", "audit_files", "audit_paths"]


def _entries(paths: Iterable[str], directories: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for path in (*paths, *(f"{d}/x" for d in directories)):
        out.add(path)
        parts = path.split("/")
        out.update("/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    return frozenset(out - {f"{d}/x" for d in directories})


def audit_files(
    files: Mapping[str, bytes],
    *,
    name: str,
    options: Options | None = None,
    environ: Mapping[str, str] | None = None,
) -> TargetReport:
    """Audit one target from the contents of its files, keyed by their POSIX paths relative to the
    target (`uv.lock`, `pyproject.toml`, `requirements.txt`, `.python-version`, `MLmodel`,
    `python_env.yaml`, `conda.yaml`, a workspace member's `pkg/pyproject.toml`, `python_model.pkl`,
    `code/...`; a key ending in `/` is a directory, its value ignored, e.g. an empty `src/pkg/`);
    findings name the files `name/<path>`. `environ` (default: none) stands for the
    MLFLOW_UV_* variables. Pure: reads no file, opens no connection, keeps only in-process caches.
    Raises UsageError for a bad option, ValueError for a path that leaves the target."""
    settings = options or Options()
    env_layer = cfg.from_environment(environ or {})
    check_options(settings, env_layer)
    clean: dict[str, bytes] = {}
    directories: set[str] = set()
    for key, data in files.items():
        path = posixpath.normpath(key)
        if path.startswith(("/", "../")) or path in ("..", ".") or "\\" in key:
            raise ValueError(f"{key!r} is not a path inside the target")
        if key.endswith("/"):
            directories.add(path)
        else:
            clean[path] = bytes(data)

    def read(relative: str) -> bytes:
        if relative not in clean:
            raise FileNotFoundError(relative)
        data = clean[relative]
        if len(data) > settings.max_file_size:
            raise TooLarge(f"is {len(data)} bytes, over the {settings.max_file_size}-byte limit (--max-file-size)")
        return data

    names = [p for p in clean if "/" not in p]
    target = assemble(name, names, _entries(clean, directories), read, settings.max_file_size)
    return audit_target(target, settings, env_layer)


def audit_paths(
    paths: Sequence[str],
    *,
    environ: Mapping[str, str] | None = None,
    root: str | None = None,
    **options: Any,
) -> Report:
    """Audit every target below `paths`. Raises `auditor.errors.UsageError` for a bad option,
    a path that does not exist or a directory with no target (the command line's exit 2)."""

    from auditor.discover import Candidate, Skipped, discover
    from auditor.parallel import audit_parallel
    from auditor.remote import remote_targets

    settings = options.pop("options", None) or Options(**options)
    env = os.environ if environ is None else environ
    env_layer = cfg.from_environment(env)
    check_options(settings, env_layer)  # a bad option fails before the disk is touched
    candidates: list[Candidate] = []
    notes: list[str] = []
    # MLflow URIs and selectors are fetched into temporary directories that live until audited.
    with remote_targets(paths, settings) as remote:
        if settings.selects_remote or len(remote.local_paths) != len(paths) or remote.candidates:
            inputs.uncacheable()  # what a tracking server holds is fetched every time
        for item in discover(remote.local_paths, settings.max_depth):
            if isinstance(item, Skipped):
                notes.append(redact(f"{item.display}: {item.reason}"))
            else:
                candidates.append(item)
        candidates.extend(remote.candidates)
        targets = tuple(audit_parallel(candidates, settings, env_layer))
    return Report(
        targets=targets,
        notes=tuple(notes),
        rules=ALL_RULES,
        root=root or env.get("GITHUB_WORKSPACE") or None,
        unreadable=tuple(redact(error) for error in remote.errors),
    )
