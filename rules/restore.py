"""UVA501-UVA502: can the serving MLflow's restore rebuild the environment from the artifacts alone?

UVA503/UVA505 (where packages come from) are in `rules.provenance`, UVA504 in `rules.wheelcheck`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
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
    restore, `uv sync --frozen` looks for them next to the logged pyproject.toml and fails when the
    directory was not logged with the model.

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
    for entry in intended(ctx):
        source = entry.source
        if source.kind not in _LOCAL_KINDS or posixpath.normpath(source.value) == ".":
            continue
        if not target.contains(source.value):
            yield local_source.finding(
                target,
                t.LOCK,
                f"{entry.name} comes from the local {source.kind} `{source.value}`, which is not among the "
                "artifacts: `uv sync --frozen` cannot install it on restore",
                package=entry.name,
                line=entry.package.line,
                expected=source.value,
                fix=f"Publish {entry.name} to an index and depend on it by version, or log `{source.value}` "
                "with the model at the same path relative to pyproject.toml.",
            )


@rule("UVA502", "unrestorable-project", Severity.ERROR, needs=(t.PYPROJECT,))
def unrestorable_project(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The project is a package (`[build-system]`) whose source was not logged with the model.

    Why: with a `[build-system]`, `uv sync --frozen` builds and installs the project itself; in a
    model's artifacts only pyproject.toml and uv.lock are there, so the build fails and the
    environment is never restored.

    Fires when: pyproject.toml has `[build-system]`, `[tool.uv] package` is not false, and the
    artifacts hold none of `src/<pkg>/`, `<pkg>/`, `src/<pkg>.py`, `<pkg>.py` (`<pkg>` is the
    project name with `-` replaced by `_`).

    Fix: set `[tool.uv] package = false` when serving does not import the project itself (uv then
    installs only its dependencies), or ship the source next to pyproject.toml.

    Failing example:

        --- pyproject.toml
        [project]
        name = "my-model"
        version = "0.1.0"

        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

    Passing example:

        --- pyproject.toml
        [project]
        name = "my-model"
        version = "0.1.0"

        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [tool.uv]
        package = false
    """
    project = target.pyproject
    if project is None or project.build_system is None or project.tool_uv.package is False or not project.name:
        return
    pkg = project.name.replace("-", "_").replace(".", "_")
    layouts = (f"src/{pkg}/", f"{pkg}/", f"src/{pkg}.py", f"{pkg}.py")
    if any(layout in target.entries for layout in layouts):
        return
    yield unrestorable_project.finding(
        target,
        t.PYPROJECT,
        f"pyproject.toml declares [build-system], so `uv sync --frozen` builds the project {project.name}, "
        f"but its source (src/{pkg}/ or {pkg}/) is not among the artifacts",
        line=project.lines.get("build-system"),
        expected=f"src/{pkg}/",
        fix="Set `[tool.uv] package = false` if serving does not import the project, then `uv lock` and log "
        "the model again; otherwise ship the project's source next to pyproject.toml.",
    )


RULES = (local_source, unrestorable_project)
