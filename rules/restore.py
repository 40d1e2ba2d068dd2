"""UVA501-UVA502: can the serving MLflow's restore rebuild the environment from the artifacts alone?

UVA503/UVA505 (where packages come from) are in `rules.provenance`, UVA504 in `rules.wheelcheck`,
UVA506 (the model's own code) in `rules.projectcode`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.projectcode import import_names, installs_project
from auditor.rule import rule
from rules import examples
from rules.common import intended

_LOCAL_KINDS = ("path", "directory", "editable")


def _helpers(path: str) -> str:
    """The docstring examples: `demo` depends on a local `helpers` package at `path`."""
    package = f'\n[[package]]\nname = "helpers"\nversion = "0.1.0"\nsource = {{ directory = "{path}" }}\n'
    member = '--- helpers/pyproject.toml\n[project]\nname = "helpers"\nversion = "0.1.0"\n'
    return examples.one_dependency(
        "helpers",
        package,
        pyproject_extra=f'[tool.uv.sources]\nhelpers = {{ path = "{path}" }}',
        requires_dist=f'[{{ name = "helpers", directory = "{path}" }}]',
        extra_files=member if not path.startswith("..") else "",
    )


@rule(
    "UVA501",
    "local-source",
    Severity.ERROR,
    (t.LOCK, t.PYPROJECT),
    {"FAILING": _helpers("../helpers"), "PASSING": _helpers("helpers")},
)
def local_source(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A package in the intended export comes from a local path that the artifacts do not contain.

    Why: uv.lock records path, directory and editable sources relative to the project; on
    restore, `uv sync` (every MLflow release: `uv sync --frozen --no-dev`, and
    `--no-install-project` from 3.18, which skips only the root project) looks for them next to
    the logged pyproject.toml and fails with `Distribution not found` when the directory was not
    logged with the model. Path dependencies and workspace members are installed under every
    MLflow version.

    Fires when: a package that the intended export installs has a `path`, `directory` or
    `editable` source whose file or directory is not among the artifacts (the project itself and
    workspace members logged with it are fine).

    Fix: publish the package to an index and depend on it by version, or log its directory with
    the model at the same relative path.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    restore = ctx.serving().describe()
    for entry in intended(ctx):
        source = entry.source
        if source.kind not in _LOCAL_KINDS or posixpath.normpath(source.value) == ".":
            continue
        if not target.contains(source.value):
            yield local_source.finding(
                target,
                t.LOCK,
                f"{entry.name} comes from the local {source.kind} `{source.value}`, which is not among the "
                f"artifacts: the restore fails with `Distribution not found` ({restore})",
                package=entry.name,
                line=entry.package.line,
                expected=source.value,
                fix=f"Publish {entry.name} to an index and depend on it by version, or log `{source.value}` "
                "with the model at the same path relative to pyproject.toml.",
            )


_MLMODEL = "--- MLmodel\nflavors:\n  python_function:\n    python_version: 3.11.7\nmlflow_version: {}\n"
_PACKAGED = """--- pyproject.toml
[project]
name = "my-model"
version = "0.1.0"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""


@rule(
    "UVA502",
    "unrestorable-project",
    Severity.ERROR,
    needs=(t.PYPROJECT,),
    doc_vars={"FAILING": _MLMODEL.format("3.17.2") + _PACKAGED, "PASSING": _MLMODEL.format("3.17.2") + _PACKAGED},
)
def unrestorable_project(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The project is a package (`[build-system]`) whose source was not logged with the model.

    Why: MLflow 3.11 to 3.17 restore a uv model with `uv sync --frozen --no-dev`, which builds and
    installs the project itself; a model's artifacts hold only pyproject.toml and uv.lock, so the
    build fails (``Failed to build `my-model @ file://...` ``) and the environment is never
    restored. MLflow 3.18 and later restore with `uv sync --no-install-project --frozen --no-dev`,
    which does not build the project: for them the project's source is not needed (but a model
    whose code imports the project then fails to load: UVA506). The serving MLflow is
    `--serving-mlflow`, else `[tool.uv-audit] serving-mlflow`, else MLmodel's `mlflow_version`,
    else the MLflow uv.lock locks, else the newest known release.

    Fires when: the serving MLflow's restore installs the project (MLflow < 3.18), pyproject.toml
    has `[build-system]`, `[tool.uv] package` is not false, and the artifacts hold none of
    `src/<pkg>/`, `<pkg>/`, `src/<pkg>.py`, `<pkg>.py` for any import name of the project (its
    name with `-` replaced by `_`, or what the build backend's settings name). A plain `uv sync
    --frozen`, as uv's guide suggests for containers, fails the same way whatever the MLflow.

    Fix: set `[tool.uv] package = false` when serving does not import the project itself (uv then
    installs only its dependencies), ship the source next to pyproject.toml, or serve with MLflow
    3.18 or later (and carry the project's code with `code_paths` if the model imports it).

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}

        [tool.uv]
        package = false
    """
    project = target.pyproject
    if project is None or not installs_project(project) or not project.name:
        return
    serving = ctx.serving()
    if not serving.behaviour.installs_project:
        return
    names = sorted(import_names(project))
    layouts = [layout for pkg in names for layout in (f"src/{pkg}/", f"{pkg}/", f"src/{pkg}.py", f"{pkg}.py")]
    if any(layout in target.entries for layout in layouts):
        return
    pkg = names[0] if names else project.name
    yield unrestorable_project.finding(
        target,
        t.PYPROJECT,
        f"pyproject.toml declares [build-system], so the restore builds the project {project.name}, but its "
        f"source (src/{pkg}/ or {pkg}/) is not among the artifacts: it fails with `Failed to build` "
        f"({serving.describe()})",
        line=project.lines.get("build-system"),
        expected=f"src/{pkg}/",
        fix="Set `[tool.uv] package = false` if serving does not import the project, then `uv lock` and log "
        "the model again; otherwise ship the project's source next to pyproject.toml, or serve with MLflow 3.18 "
        "or later (`--serving-mlflow`), which does not install the project.",
    )


RULES = (local_source, unrestorable_project)
