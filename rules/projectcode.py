"""UVA506: does the model need code of the project that the restore does not install?"""

from __future__ import annotations

from collections.abc import Iterator

from auditor import target as t
from auditor.context import AuditContext
from auditor.findings import Finding, Severity
from auditor.projectcode import import_names, installs_project
from auditor.rule import rule

_PROJECT = """--- pyproject.toml
[project]
name = "demo-model"
version = "0.1.0"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
--- python_model.pkl
cdemo_model.model
EchoModel
p0
(tRp1
.
"""
_MLMODEL = """--- MLmodel
flavors:
  python_function:
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.11.7{code}
mlflow_version: 3.18.0
"""


def _used(target: t.Target, names: frozenset[str], carried: frozenset[str]) -> list[tuple[str, str]]:
    """(module, where) for every module of the project's own package the model imports that its
    `code` directory does not carry: the pickles' references, then MLmodel's loader_module."""
    out: list[tuple[str, str]] = []
    for path, refs in target.pickles:
        for ref in refs.refs:
            top = ref.module.split(".", 1)[0]
            if top in names and top not in carried and (ref.module, path) not in out:
                out.append((f"{ref.module}.{ref.name}" if ref.name else ref.module, path))
    code = target.pyfunc
    if code is not None and code.loader_module:
        top = code.loader_module.split(".", 1)[0]
        if top in names and top not in carried:
            out.append((code.loader_module, "MLmodel's loader_module"))
    return out


@rule(
    "UVA506",
    "project-code-not-restored",
    Severity.ERROR,
    needs=(t.PYPROJECT, t.MLMODEL),
    doc_vars={
        "FAILING": _MLMODEL.format(code="") + _PROJECT,
        "PASSING": _MLMODEL.format(code="\n    code: code") + _PROJECT + "--- code/demo_model/__init__.py\n",
    },
)
def project_code_not_restored(target: t.Target, ctx: AuditContext) -> Iterator[Finding]:
    """The model needs code of the project's own package, and the restore does not install it.

    Why: a model whose `PythonModel` class (or a function it pickles) lives in the project's own
    package is pickled by reference: loading it imports that package. MLflow 3.18 and later
    restore with `uv sync --no-install-project --frozen --no-dev`, which installs the dependencies
    but not the project, so `mlflow.pyfunc.load_model` fails with `ModuleNotFoundError: No module
    named 'demo_model'` after a restore that succeeded. A virtual project (no `[build-system]`,
    or `[tool.uv] package = false`) is never installed, under any MLflow. MLflow 3.11 to 3.17
    install a packaged project (when its source was logged; otherwise UVA502). MLflow's answer is
    `code_paths`: the package copied into the model's `code/` directory, which MLflow puts on
    `sys.path` before loading.

    Fires when: the serving MLflow's restore does not install the project (MLflow >= 3.18, a
    virtual project, `tool.uv.package = false`), and a pickle the python_function flavor loads
    (`python_model.pkl`, pickles under `data`, `model_path`, `artifacts`; read with `pickletools`,
    never unpickled; classes cloudpickle stored by value do not count) references a module of the
    project's own package, or MLmodel's `loader_module` is one, and MLmodel's `code` directory does
    not carry that package. Pickles are read on local models only: a tracking server's
    `python_model.pkl` is not fetched (it may hold the weights).

    Fix: log the model with `code_paths=["src/demo_model"]` (the package directory), serve with
    an MLflow that installs the project (3.17, with its source logged), or move the model class
    into a published package that the project depends on.

    Failing example:

        {FAILING}

    Passing example:

        {PASSING}
    """
    project = target.pyproject
    if project is None or target.pyfunc is None:
        return
    serving = ctx.serving()
    if installs_project(project) and serving.behaviour.installs_project:
        return
    names = import_names(project)
    used = _used(target, names, frozenset(target.pyfunc.code_modules))
    if not used:
        return
    why = "it is a virtual project" if not installs_project(project) else "the restore skips the project"
    module, where = used[0]
    more = f" (and {len(used) - 1} more)" if len(used) > 1 else ""
    top = module.split(".", 1)[0]
    mlmodel = target.mlmodel
    line_key = "loader_module" if where == "MLmodel's loader_module" else "python_model"
    yield project_code_not_restored.finding(
        target,
        t.MLMODEL,
        f"{where} needs `{module}`{more} from the project's own package `{top}`, which the restore does not "
        f"install ({why}: {serving.describe()}) and MLmodel's code paths do not carry: loading fails with "
        f"`ModuleNotFoundError: No module named '{top}'`",
        line=mlmodel.lines.get(line_key) if mlmodel is not None and where != "MLmodel's loader_module" else None,
        expected=f"code/{top}/",
        actual=module,
        fix=f'Log the model with `code_paths=["src/{top}"]` (MLflow copies the package next to the model), or '
        "serve with an MLflow that installs the project, or move the model class into a published package.",
    )


RULES = (project_code_not_restored,)
