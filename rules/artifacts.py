"""UVA001-UVA004: is every file there, and can it be read?"""

from __future__ import annotations

from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.mlflow import WITHOUT_LOCK, export_command
from auditor.rule import rule


@rule("UVA001", "missing-lock", Severity.ERROR)
def missing_lock(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A target has pyproject.toml or requirements.txt but no uv.lock.

    Why: without uv.lock nothing pins the environment the model was trained in beyond what
    requirements.txt says. Every MLflow release (3.11 to 3.18) restores a model without uv.lock
    with `uv pip install -r requirements.txt` (`--env-manager uv`) or pip (`--env-manager
    virtualenv`, the default): the model restores, but every dependency that requirements.txt
    does not pin floats to whatever the index holds that day, and requirements.txt cannot be
    checked against a lock. MLflow copies uv.lock only for models logged with
    `mlflow.pyfunc.log_model` from inside a uv project (with uv on PATH); other flavors (sklearn,
    transformers, ...) never log uv files. In a project checkout, uv.lock is simply not committed.

    Fires when: the artifact set holds pyproject.toml or requirements.txt and no uv.lock.

    Fix: in a project, run `uv lock` and commit uv.lock; for a pyfunc model, run `uv lock` and log
    the model again from inside the project, so MLflow copies uv.lock next to the model; for
    another flavor, keep requirements.txt fully pinned (it is the whole environment).

    Failing example:

        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        dependencies = ["six==1.16.0"]

    Passing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
    """
    if not target.present(t.LOCK) and (target.present(t.PYPROJECT) or target.present(t.REQUIREMENTS)):
        found = t.PYPROJECT if target.present(t.PYPROJECT) else t.REQUIREMENTS
        message, fix = _missing_lock(target, found)
        yield missing_lock.finding(target, found, message, expected="uv.lock", fix=fix)


def _missing_lock(target: t.Target, found: str) -> tuple[str, str]:
    """(message, fix) for a target without uv.lock, by kind and flavor."""
    if target.kind != "model":
        return (
            f"{found} is here but uv.lock is not: models logged from this project get no lock, and their "
            "dependencies float beyond what requirements.txt pins",
            "Run `uv lock` and commit uv.lock.",
        )
    message = (
        f"the model has {found} but no uv.lock: MLflow restores it with `{WITHOUT_LOCK}` (every release), "
        "pinned only as far as requirements.txt pins it; the rest floats to whatever the index holds"
    )
    flavors = target.mlmodel.flavors if target.mlmodel is not None else ()
    other = [f for f in flavors if f != "python_function"]
    if other:
        return message, (
            f"MLflow logs uv files only for `mlflow.pyfunc.log_model` from a uv project; for the {other[0]} flavor "
            "requirements.txt is the whole environment: keep every line pinned (`==`)."
        )
    return message, "Run `uv lock` in the project, then log the model again from the project directory."


@rule("UVA002", "missing-pyproject", Severity.ERROR)
def missing_pyproject(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A target has uv.lock but no pyproject.toml.

    Why: `uv sync --frozen` and `uv export --frozen` need the project's pyproject.toml next to
    uv.lock; without it, uv cannot find the project and the lock cannot be used or checked.

    Fires when: the artifact set holds uv.lock and no pyproject.toml.

    Fix: copy the project's pyproject.toml next to uv.lock (MLflow does this when it logs from
    inside the project), or log the model again from the project directory.

    Failing example:

        --- uv.lock
        version = 1
        requires-python = ">=3.10"

    Passing example:

        --- uv.lock
        version = 1
        requires-python = ">=3.10"
        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.10"
    """
    if target.present(t.LOCK) and not target.present(t.PYPROJECT):
        yield missing_pyproject.finding(
            target,
            t.LOCK,
            "uv.lock is here but pyproject.toml is not: uv cannot use the lock without its project",
            expected="pyproject.toml",
            fix="Copy the project's pyproject.toml next to uv.lock, or log the model again from the project directory."
            if target.kind == "model"
            else "Commit the project's pyproject.toml next to uv.lock.",
        )


@rule("UVA003", "missing-requirements", Severity.WARNING)
def missing_requirements(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A model directory has uv.lock and MLmodel but no requirements.txt.

    Why: MLflow's default restore (`--env-manager virtualenv`) and most serving images install
    requirements.txt; without it the model only restores through uv.

    Fires when: the artifact set holds uv.lock and MLmodel and no requirements.txt.

    Fix: log the model again with uv on PATH (MLflow writes requirements.txt with `uv export`),
    or write it with `uv export --no-dev --no-hashes --frozen --no-header --no-emit-project --no-annotate`.

    Failing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- uv.lock
        version = 1
        requires-python = ">=3.10"

    Passing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- uv.lock
        version = 1
        requires-python = ">=3.10"
        --- requirements.txt
        six==1.16.0
    """
    if target.present(t.LOCK) and target.present(t.MLMODEL) and not target.present(t.REQUIREMENTS):
        yield missing_requirements.finding(
            target,
            t.MLMODEL,
            "the model has uv.lock but no requirements.txt: only a uv restore can rebuild its environment",
            expected="requirements.txt",
            fix=f"Log the model again with uv on PATH, or write it with `{export_command()}`.",
        )


@rule("UVA004", "invalid-artifact", Severity.ERROR)
def invalid_artifact(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A file cannot be read or parsed.

    Why: a broken uv.lock, pyproject.toml, requirements.txt or MLflow YAML file makes the restore
    fail, and no other check that needs that file can run.

    Fires when: TOML or YAML does not parse, uv.lock has an unsupported `version`, a requirement
    line is not valid PEP 508, a file is not UTF-8, is too large, is not a regular file, or is a
    symlink that points outside the audited path. The finding names the file and the line.

    Fix: regenerate the file with the tool that owns it (`uv lock`, `uv export`, `mlflow`), or
    correct the line named in the finding.

    Failing example:

        --- requirements.txt
        six==1.16.0
        this is not a requirement!
        --- uv.lock
        version = 1

    Passing example:

        --- requirements.txt
        six==1.16.0
        --- uv.lock
        version = 1
    """
    for problem in target.problems:
        yield invalid_artifact.finding(
            target,
            None,
            problem.message,
            file=problem.file,
            line=problem.line,
            fix="Regenerate the file with the tool that owns it (uv lock, uv export, mlflow), or fix it by hand.",
        )


RULES = (missing_lock, missing_pyproject, missing_requirements, invalid_artifact)
