"""UVA601-UVA603: did MLflow write its files from the lock, and will MLflow itself be restored?

UVA603 (conda.yaml against requirements.txt) is in `rules.conda`.
"""

from __future__ import annotations

from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.mlflow import RUNTIME, export_command
from auditor.rule import rule
from rules import examples
from rules.common import intended


@rule("UVA601", "mlflow-runtime-not-locked", Severity.ERROR, needs=(t.REQUIREMENTS, t.LOCK))
def mlflow_runtime_not_locked(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """requirements.txt holds MLflow or cloudpickle, but uv.lock does not lock it.

    Why: MLflow adds `mlflow==<version>` and `cloudpickle==<version>` to requirements.txt when
    the export lacks them (typically when the model was logged from an interpreter outside the
    project). A `uv sync --frozen` restore installs only what uv.lock locks, so the served model
    has no MLflow or cannot unpickle.

    Fires when: requirements.txt names mlflow, mlflow-skinny, mlflow-tracing or cloudpickle and
    uv.lock has no package of that name.

    Fix: add it to the project (`uv add mlflow-skinny==3.17.2 cloudpickle==3.1.3`), run
    `uv lock`, and log the model again from the project's environment.

    Failing example:

        --- requirements.txt
        cloudpickle==3.1.3
        --- uv.lock
        version = 1
        requires-python = ">=3.10"

    Passing example:

        --- requirements.txt
        cloudpickle==3.1.3
        --- uv.lock
        version = 1
        requires-python = ">=3.10"

        [[package]]
        name = "cloudpickle"
        version = "3.1.3"
        source = { registry = "https://pypi.org/simple" }
    """
    assert target.requirements is not None and target.lock is not None
    for line in target.requirements.lines:
        if line.name in RUNTIME and not target.lock.by_name(line.name):
            pinned = f"{line.name}=={line.pinned_version}" if line.pinned_version else line.name
            yield mlflow_runtime_not_locked.finding(
                target,
                t.REQUIREMENTS,
                f"requirements.txt needs {line.text} but uv.lock does not lock {line.name}: a uv restore installs "
                f"only what uv.lock locks, so the served model has no {line.name} ({ctx.serving().describe()})",
                package=line.name,
                line=line.line,
                actual=line.text,
                fix=f"Run `uv add {pinned}` in the project and log the model again from the project's environment "
                "(`uv run ...`).",
            )


def _export_names(target: t.Target, ctx: AuditContext) -> set[str]:
    return {e.name for e in intended(ctx) if not e.local and e.name not in RUNTIME}


def is_inferred(target: t.Target, ctx: AuditContext) -> bool:
    """Whether requirements.txt was not produced from uv.lock: fewer than half of the intended
    export's packages (MLflow's own mlflow/cloudpickle lines aside) appear in it. UVA202 stands
    down for such a target."""
    if not (target.usable(t.REQUIREMENTS) and target.usable(t.LOCK) and target.usable(t.PYPROJECT)):
        return False
    assert target.requirements is not None
    expected = _export_names(target, ctx)
    listed = {line.name for line in target.requirements.lines if line.name}
    return bool(expected) and 2 * len(expected & listed) < len(expected)


SIX = '\n[[package]]\nname = "six"\nversion = "1.16.0"\nsource = { registry = "https://pypi.org/simple" }\n'


@rule(
    "UVA602",
    "inferred-requirements",
    Severity.ERROR,
    (t.REQUIREMENTS, t.LOCK, t.PYPROJECT),
    {
        "FAILING": "--- requirements.txt\nmlflow==3.17.2\ncloudpickle==3.1.3\n"
        + examples.one_dependency("six==1.16.0", SIX),
        "PASSING": "--- requirements.txt\nsix==1.16.0\n" + examples.one_dependency("six==1.16.0", SIX),
    },
)
def inferred_requirements(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """requirements.txt was not produced from uv.lock.

    Why: when `uv` is not on PATH, MLflow silently falls back to inferring requirements from the
    model's imports and still logs uv.lock: requirements.txt then lists a few top-level packages
    at whatever versions were installed, and a `virtualenv` restore gets a different environment.

    Fires when: fewer than half of the packages that the intended export lists from uv.lock
    appear in requirements.txt (MLflow's own mlflow and cloudpickle lines do not count). It
    replaces the per-package missing-requirement (UVA202) findings for that target.

    Fix: log the model again with uv on PATH, or regenerate requirements.txt with MLflow's
    `uv export` command.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    if not is_inferred(target, ctx):
        return
    assert target.requirements is not None
    expected = _export_names(target, ctx)
    listed = {line.name for line in target.requirements.lines if line.name}
    found = expected & listed
    runtime = sorted(listed & RUNTIME)
    besides = f" (besides {', '.join(runtime)}, which MLflow adds itself)" if runtime else ""
    cfg = ctx.config
    yield inferred_requirements.finding(
        target,
        t.REQUIREMENTS,
        f"requirements.txt names {len(found)} of the {len(expected)} packages that uv.lock exports for the intended "
        f"selection{besides}: it was not written by `uv export` (MLflow falls back to inferring requirements from "
        "the model's imports when uv is not on PATH)",
        expected=f"{len(expected)} packages from uv.lock",
        actual=f"{len(found)} of them",
        fix=f"Log the model again with uv on PATH, or run `{export_command(cfg.groups, cfg.extras, cfg.only_groups)}`.",
    )


RULES = (mlflow_runtime_not_locked, inferred_requirements)
