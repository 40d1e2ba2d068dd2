"""What a fix would change in one target, or why it refuses to touch it (docs/fix.md).

`plan(candidate, options, environ)` loads and audits the target like `uv-audit` does (the same
configuration: options, MLFLOW_UV_* environment, the target's `[tool.uv-audit]`), refuses what
a rewrite cannot repair honestly, and otherwise computes the new requirements.txt, conda.yaml
(pip list, `python=`), python_env.yaml (`python:`) and a missing `.python-version`. It reads
only inside the target and writes nothing; uv.lock and pyproject.toml are never among the files
it changes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from auditor import config as cfg
from auditor import intent, mlflow
from auditor import target as t
from auditor.audit import configure
from auditor.discover import Candidate
from auditor.engine import target_report
from auditor.errors import ArtifactError
from auditor.export import MarkerError, SelectionError, export, project_context
from auditor.findings import Severity
from auditor.fix import requirements as reqs
from auditor.fix.write import Change, WriteRefused, check_directory, check_file, write_atomic
from auditor.fix.yamledit import FixError, rewrite_conda, rewrite_python_env
from auditor.frozen import field, frozen
from auditor.interpreter import logged_pythons, requires_pythons
from auditor.load import load_target, read_bytes
from auditor.mlflow import envfiles
from auditor.options import Options
from auditor.report import TargetReport
from rules import ALL_RULES

WRITABLE = (t.REQUIREMENTS, t.CONDA, t.PYTHON_ENV, t.PYTHON_VERSION)
"""The only files a fix may write."""
NEEDED = (t.LOCK, t.PYPROJECT, t.MLMODEL, t.PYTHON_ENV, t.CONDA, t.PYTHON_VERSION)
"""Files that must parse for a fix (a broken requirements.txt is what a fix rewrites)."""
STALE = frozenset({"UVA101", "UVA102", "UVA103"})
SECRET = "UVA701"
UNRESTORABLE = frozenset({"UVA501", "UVA502"})
UNKNOWN_SELECTION = "UVA303"
_USERINFO = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^/\s?#@]+@")
"""A URL with userinfo (`https://user:token@host`): whatever UVA701 says, a fix never rewrites
(or prints a diff of) a file that holds one."""


@frozen
class Plan:
    display: str
    root: Path
    """The resolved PATH the target was found under: nothing outside it is written."""
    changes: tuple[Change, ...] = ()
    refused: str | None = None
    """Why the target is left as it is (one line), or None."""
    notes: tuple[str, ...] = field(default_factory=tuple)


class _Refuse(Exception):
    pass


def _where(target: str, file: str | None, line: int | None) -> str:
    """` at pyproject.toml:8`: the file relative to the target (the line names the target)."""
    if not file:
        return ""
    name = os.path.relpath(file, target) if file.startswith(target) else file
    return f" at {name}:{line}" if line else f" in {name}"


def _refusal(report: TargetReport) -> str | None:
    """The first reason in the audit not to rewrite; suppression never hides a stale lock or a
    secret. Messages name codes, files and packages only, never a value from the files."""
    everything = [*report.findings, *(s.finding for s in report.suppressed)]
    path = report.path
    for f in everything:
        if f.rule == SECRET:
            where = _where(path, f.file, f.line)
            return f"a logged file holds a credential ({f.rule}{where}): rotate it, then log the model again"
    for f in everything:
        if f.rule in STALE:
            return (
                f"uv.lock is stale ({f.rule} {f.name}{_where(path, f.file, f.line)}): "
                "run `uv lock` in the project and log the model again"
            )
    for f in report.findings:
        if f.rule in UNRESTORABLE and f.severity is Severity.ERROR:
            package = f" [{f.package}]" if f.package else ""
            return (
                f"the project cannot be restored from these artifacts ({f.rule} {f.name}{package}); "
                "a rewrite would not change that: fix the project and log the model again"
            )
    for f in everything:
        if f.rule == UNKNOWN_SELECTION:
            return f"the selection names a group or extra the project does not define ({f.rule}); choose one it defines"
    return None


def _structure(target: t.Target) -> None:
    if not target.present(t.MLMODEL):
        raise _Refuse("not a logged model (no MLmodel): fix rewrites what MLflow logs; for a project run `uv export`")
    for artifact in (t.LOCK, t.PYPROJECT):
        if not target.present(artifact):
            raise _Refuse(f"no {artifact}: there is nothing to rewrite requirements.txt from")
    for problem in target.problems:
        if any(problem.message.startswith(f"{a}:") for a in NEEDED if a in target.invalid):
            where = _where(target.path, problem.file, problem.line).removeprefix(" at ").removeprefix(" in ")
            raise _Refuse(f"{where} cannot be parsed (UVA004): repair it by hand first")
    mlmodel = target.mlmodel
    assert mlmodel is not None
    if mlmodel.flavors != (envfiles.PYFUNC_FLAVOR,):
        flavors = ", ".join(mlmodel.flavors) or "none"
        raise _Refuse(f"flavors {flavors}: MLflow adds each flavour's own packages; fix rewrites pyfunc models only")


def _read(candidate: Candidate, name: str, max_size: int) -> str | None:
    path = candidate.directory / name
    if not os.path.lexists(path):
        return None
    try:
        return read_bytes(path, candidate.root, max_size).decode("utf-8")
    except (ArtifactError, UnicodeDecodeError):
        raise _Refuse(f"{name} cannot be read") from None


def _no_secret(name: str, text: str | None) -> None:
    if text is not None and (match := _USERINFO.search(text)):
        line = text.count("\n", 0, match.start()) + 1
        raise _Refuse(f"{name}:{line} holds a URL with a password or token: rotate it, then log the model again")


def _mlmodel_cloudpickle(document: Mapping[str, Any]) -> str | None:
    flavors = document.get("flavors")
    flavor = flavors.get(envfiles.PYFUNC_FLAVOR) if isinstance(flavors, dict) else None
    value = flavor.get(f"{envfiles.PYFUNC_PICKLER}_version") if isinstance(flavor, dict) else None
    return str(value) if value is not None else None


def _python_pin(target: t.Target, logged: str | None, notes: list[str]) -> str | None:
    if target.present(t.PYTHON_VERSION) or logged is None:
        return None
    excluding = [r.raw for r in requires_pythons(target) if not r.specifier.contains(logged, prereleases=True)]
    if excluding:
        notes.append(f"no .python-version written: requires-python `{excluding[0]}` excludes Python {logged}")
        return None
    return f"{logged}\n"


def _changes(candidate: Candidate, target: t.Target, config: cfg.Config, size: int) -> tuple[list[Change], list[str]]:
    lock, pyproject = target.lock, target.pyproject
    assert lock is not None and pyproject is not None and target.mlmodel is not None
    intended = intent.intended_selection(config, intent.defined_groups(target), intent.defined_extras(target))
    try:
        result = export(lock, project_context(pyproject, lock, target.members), mlflow.export_selection(intended))
    except (SelectionError, MarkerError, KeyError) as exc:
        raise _Refuse(f"uv.lock cannot be exported for the intended selection: {exc}") from None
    raw = {name: _read(candidate, name, size) for name in WRITABLE}
    for name in WRITABLE:
        _no_secret(name, raw[name])
    current = target.requirements if target.usable(t.REQUIREMENTS) else None
    mlmodel = target.mlmodel
    pinned = reqs.pins(current, lock, result, mlmodel.mlflow_version, _mlmodel_cloudpickle(mlmodel.document))
    writer = mlflow.serving(target, config).behaviour  # the release whose requirements.txt is written
    urls = mlflow.index_urls(lock) if writer.extra_index_urls else ()
    rendered = reqs.render(result, urls, pinned, current, raw[t.REQUIREMENTS] if current else None)
    _no_secret("uv.lock", rendered.text)  # an index URL of the lock
    if not rendered.text:
        raise _Refuse("the export is empty and MLflow's own pins are unknown: nothing honest to write")
    notes = [f"dropped {d}: the package is no longer listed" for d in rendered.dropped]
    logged = logged_pythons(target)
    python = logged[0].raw if logged else None
    new: dict[str, str | None] = {t.REQUIREMENTS: rendered.text, t.PYTHON_VERSION: _python_pin(target, python, notes)}
    try:
        if raw[t.CONDA] is not None:
            new[t.CONDA] = rewrite_conda(raw[t.CONDA] or "", python, rendered.mlflow_lines)
        if raw[t.PYTHON_ENV] is not None and python is not None:
            new[t.PYTHON_ENV] = rewrite_python_env(raw[t.PYTHON_ENV] or "", python)
    except FixError as exc:
        raise _Refuse(str(exc)) from None
    except RecursionError:  # PyYAML composes, copies and dumps recursively
        raise _Refuse("conda.yaml or python_env.yaml is nested too deeply to rewrite; fix it by hand") from None
    changes = [
        Change(name, candidate.directory / name, os.path.join(candidate.display, name), raw[name], text)
        for name, text in new.items()
        if text is not None and text != raw[name]
    ]
    return sorted(changes, key=lambda c: WRITABLE.index(c.name)), notes


def plan(candidate: Candidate, options: Options, environ: cfg.Overrides) -> Plan:
    """What fixing this target would write, or why it is refused (module docstring)."""
    target = load_target(candidate, options.max_file_size)
    config, target = configure(target, options, environ)
    try:
        check_directory(candidate.directory, candidate.root)
        for name in WRITABLE:
            check_file(candidate.directory / name, name)
        _structure(target)
        reason = _refusal(target_report(target, config, ALL_RULES))
        if reason is not None:
            raise _Refuse(reason)
        changes, notes = _changes(candidate, target, config, options.max_file_size)
    except (_Refuse, WriteRefused) as exc:
        return Plan(candidate.display, candidate.root, refused=str(exc))
    return Plan(candidate.display, candidate.root, tuple(changes), notes=tuple(notes))


def apply(plan_: Plan) -> None:
    """Write every change of `plan_`, each atomically (auditor.fix.write)."""
    for change in plan_.changes:
        check_directory(change.path.parent, plan_.root)
        write_atomic(change.path, change.new)
