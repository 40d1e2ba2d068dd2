"""UVA401-UVA404: is the Python the model was logged with the one the project asks for?"""

from __future__ import annotations

from collections.abc import Iterator

from auditor import interpreter as py
from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.rule import rule


@rule("UVA401", "missing-python-version", Severity.WARNING, needs=(t.LOCK,))
def missing_python_version(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """A target with uv.lock has no `.python-version`.

    Why: `uv sync --frozen` picks whatever interpreter `requires-python` admits (often the newest
    one installed or downloadable), not the one the model was trained and logged with; a pickled
    model or a wheel built for one minor version can break on another.

    Fires when: the artifact set holds uv.lock and no `.python-version` file.

    Fix: run `uv python pin <version>` in the project (the version that logs the model) and commit
    the file; MLflow copies `.python-version` next to the model when the project has one.

    Failing example:

        --- uv.lock
        version = 1
        requires-python = ">=3.10"
        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
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
        --- .python-version
        3.11
    """
    if target.present(t.PYTHON_VERSION):
        return
    version = py.suggested(target) or "3.X"
    if target.kind == "model":
        message = "uv.lock is here but .python-version is not: a uv restore picks any interpreter requires-python "
        message += "allows"
        fix = f"Run `uv python pin {version}` in the project, commit .python-version and log the model again."
    else:
        message = (
            "the project has no .python-version, so the models logged from it carry none: a uv restore then picks "
            "any interpreter requires-python allows, not the one the model was trained and pickled with"
        )
        fix = f"Run `uv python pin {version}` and commit .python-version (MLflow copies it next to every model)."
    yield missing_python_version.finding(target, t.LOCK, message, expected=".python-version", fix=fix)


@rule("UVA402", "python-version-outside-requires-python", Severity.ERROR, needs=(t.PYTHON_VERSION,))
def python_version_outside_requires_python(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """`.python-version` asks for an interpreter that `requires-python` excludes.

    Why: uv refuses to sync (or silently uses another interpreter) when the pinned Python is not
    allowed by the project's `requires-python`; the pin and the project contradict each other.

    Fires when: no interpreter that the first request of `.python-version` admits is allowed by
    `requires-python` in pyproject.toml or in uv.lock.

    Fix: pin a version that `requires-python` allows (`uv python pin 3.11`), or widen
    `requires-python` and run `uv lock`.

    Failing example:

        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.11"
        --- .python-version
        3.10

    Passing example:

        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.11"
        --- .python-version
        3.11
    """
    request = target.python_version.primary if target.python_version else None
    if request is None:
        return
    excluding = [r for r in py.requires_pythons(target) if request.allowed_by(r.specifier) is False]
    if not excluding:
        return
    where = " and ".join(f"{r.artifact} (`{r.raw}`)" for r in excluding)
    yield python_version_outside_requires_python.finding(
        target,
        t.PYTHON_VERSION,
        f".python-version asks for Python `{request.raw}`, which requires-python in {where} excludes",
        line=request.line,
        expected=excluding[0].raw,
        actual=request.raw,
        fix=f"Pin a Python that `{excluding[0].raw}` allows (`uv python pin <version>`), "
        "or change requires-python and run `uv lock`.",
    )


@rule("UVA403", "python-mismatch", Severity.ERROR, needs=(t.PYTHON_VERSION,))
def python_mismatch(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The interpreter that logged the model does not match the `.python-version` request.

    Why: the model was pickled by one Python, and `uv sync --frozen` restores it on the one
    `.python-version` asks for; a model logged from an interpreter outside the project is the
    usual cause (and it may miss packages, too).

    Fires when: python_env.yaml `python`, conda.yaml `python=` or MLmodel `python_version` is
    not admitted by the first request of `.python-version` (`3.11` admits `3.11.7`).

    Fix: log the model from the project's own environment (`uv run python train.py`), or pin the
    Python that logs it (`uv python pin 3.11.7`).

    Failing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- .python-version
        3.12
        --- python_env.yaml
        python: 3.11.7

    Passing example:

        --- MLmodel
        flavors:
          python_function:
            python_version: 3.11.7
        --- .python-version
        3.11
        --- python_env.yaml
        python: 3.11.7
    """
    request = target.python_version.primary if target.python_version else None
    if request is None:
        return
    for logged, files in py.distinct_logged(target):
        if request.matches(logged.version) is False:
            yield python_mismatch.finding(
                target,
                logged.artifact,
                f"the model was logged with Python {logged.raw} ({', '.join(files)}) but .python-version "
                f"asks for `{request.raw}`",
                line=logged.line,
                expected=request.raw,
                actual=logged.raw,
                fix=f"Log the model from the project's environment (`uv run ...`), or run "
                f"`uv python pin {logged.raw}` if that Python is the intended one.",
            )


@rule("UVA404", "logged-python-outside-requires-python", Severity.ERROR)
def logged_python_outside_requires_python(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The interpreter that logged the model is excluded by `requires-python`.

    Why: the model cannot have been logged from the project's environment; a uv restore will use
    a different Python than the one that pickled the model, and the logged requirements may not
    match what the project locks.

    Fires when: python_env.yaml, conda.yaml or MLmodel records a Python version that
    `requires-python` in pyproject.toml or uv.lock does not allow.

    Fix: log the model from the project's environment (`uv run python train.py`), or change
    `requires-python` to allow that Python and run `uv lock`.

    Failing example:

        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.12"
        --- python_env.yaml
        python: 3.11.7

    Passing example:

        --- pyproject.toml
        [project]
        name = "demo"
        version = "0.1.0"
        requires-python = ">=3.11"
        --- python_env.yaml
        python: 3.11.7
    """
    requires = py.requires_pythons(target)
    for logged, files in py.distinct_logged(target):
        excluding = [r for r in requires if not r.specifier.contains(logged.version, prereleases=True)]
        if excluding:
            where = " and ".join(f"{r.artifact} (`{r.raw}`)" for r in excluding)
            yield logged_python_outside_requires_python.finding(
                target,
                logged.artifact,
                f"the model was logged with Python {logged.raw} ({', '.join(files)}), which requires-python "
                f"in {where} excludes",
                line=logged.line,
                expected=excluding[0].raw,
                actual=logged.raw,
                fix="Log the model from the project's environment (`uv run ...`), or allow that Python in "
                "requires-python and run `uv lock`.",
            )


RULES = (
    missing_python_version,
    python_version_outside_requires_python,
    python_mismatch,
    logged_python_outside_requires_python,
)
