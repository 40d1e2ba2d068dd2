#!/usr/bin/env python3
"""Regenerate every test fixture by running real MLflow 3.17.2 and real uv 0.13.9.

    python scripts/gen_fixtures.py [--venv DIR] [--workdir DIR] [--keep-workdir]

Nothing in tests/fixtures/ or examples/demo-model/ is written by hand: this script builds small
uv projects in a scratch directory, runs ``uv lock`` for real against PyPI, logs models from them
with MLflow's public API (``scripts/fixture_projects/log_model.py``, run by the tool venv's
interpreter with the project as the working directory), and copies what MLflow wrote.
It wipes and rewrites only the directories it owns (see ``CASES`` and ``COMPOSITES``) plus
tests/fixtures/MANIFEST.json. The tool venv (default ``~/.cache/uv-audit/fixture-venv``, outside
the repo) is created on first use with ``pip install mlflow==3.17.2 uv==0.13.9 ...``.

What MLflow 3.17.2 really does (read from mlflow/utils/uv_utils.py, mlflow/utils/environment.py,
mlflow/pyfunc/__init__.py and mlflow/pyfunc/model.py of the installed package):

* Detection: ``detect_uv_project(dir)`` is true when BOTH ``uv.lock`` and ``pyproject.toml`` exist
  in ``dir`` (no search of parent directories). ``dir`` is the ``uv_project_path=`` argument of
  ``mlflow.pyfunc.log_model/save_model`` when given, else ``Path.cwd()`` captured at the start of
  saving, if ``MLFLOW_UV_AUTO_DETECT`` (default true) is set.
* Export: ``infer_pip_requirements`` then runs, with ``cwd`` = the project directory,
  ``<which uv> export --no-dev --no-hashes --frozen [--group G]... [--extra E]... --no-header
  --no-emit-project --no-annotate``. ``uv`` is found with ``shutil.which("uv")`` and must be
  >= 0.6.10. Groups and extras come ONLY from the ``uv_groups=`` / ``uv_extras=`` parameters of
  ``mlflow.pyfunc.log_model`` / ``save_model``: 3.17.2 has no ``MLFLOW_UV_GROUPS`` /
  ``MLFLOW_UV_EXTRAS`` environment variable (its only uv variables are ``MLFLOW_UV_AUTO_DETECT``
  and ``MLFLOW_LOG_UV_FILES``). The groups/extras are not written to any artifact.
  Private registry URLs found in uv.lock become ``--extra-index-url URL`` lines.
* Post-processing (``_process_pip_requirements``): the exported lines are unioned with the
  flavor's defaults (pyfunc: ``cloudpickle==<installed version>``) and sorted as plain strings;
  ``mlflow==<running version>`` is inserted FIRST only when no line names mlflow, mlflow-skinny or
  mlflow-tracing; lines are rewritten through ``packaging.requirements.Requirement`` (markers come
  out double-quoted); the result is written without trailing newline to requirements.txt and as
  the pip list of conda.yaml. python_env.yaml records the logging interpreter (``python: 3.11.7``)
  and its pip/setuptools versions.
* Fallback: if uv is not on PATH (or too old, or the export fails) MLflow logs a warning and
  falls back to import-capture inference (it loads the model in a subprocess); the uv files are
  still copied afterwards.
* Copy: only the pyfunc flavor copies files (``copy_uv_project_files``): ``uv.lock``,
  ``pyproject.toml`` and ``.python-version`` (when present) from the project directory, unchanged
  (``shutil.copy2``), unless ``MLFLOW_LOG_UV_FILES=false``. No source code, no workspace members,
  no path dependencies. Other flavors (e.g. ``mlflow.sklearn``) DO use ``uv export`` when the cwd
  is a uv project but copy none of the uv files (fixture ``sklearn-in-uv-project``).
* Restore (mlflow/utils/virtualenv.py): with ``--env-manager uv`` and a uv.lock artifact, MLflow
  runs ``uv venv --python <python_env.yaml python>``, copies uv.lock, pyproject.toml (or writes a
  minimal one) and .python-version into the new env directory and runs ``uv sync --frozen
  --no-dev`` there with ``UV_PROJECT_ENVIRONMENT`` = that directory. requirements.txt is then
  NOT used, so ``mlflow==``/``cloudpickle==`` lines the lock lacks are never installed. Unless
  ``--skip-restore-check`` is given, this script restores every pyfunc fixture that has a uv.lock
  with ``mlflow models prepare-env --env-manager uv`` and records the outcome in MANIFEST.json.
* Storage: MLflow 3 ``log_model`` writes to ``<exp>/models/<model_id>/artifacts/``, not to the
  run's artifacts, so ``mlflow artifacts download -r RUN_ID`` only finds models saved with
  ``save_model`` + ``log_artifacts`` (fixture ``run-dir``). The ``./mlruns`` file store raises
  unless ``MLFLOW_ALLOW_FILE_STORE=true``; this script sets it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parent.parent
HELPERS = REPO / "scripts" / "fixture_projects"
FIXTURES = REPO / "tests" / "fixtures"
EXAMPLES = REPO / "examples"

MLFLOW_VERSION = "3.17.2"
UV_VERSION = "0.13.9"
# Pinned in the tool venv so requirements.txt (which gets cloudpickle==<installed>) is stable and
# equals the cloudpickle that the projects' locks resolve to through mlflow-skinny.
CLOUDPICKLE_VERSION = "3.1.3"
SKLEARN_VERSION = "1.9.1"
TOOL_REQUIREMENTS = [
    f"mlflow=={MLFLOW_VERSION}",
    f"uv=={UV_VERSION}",
    f"cloudpickle=={CLOUDPICKLE_VERSION}",
    f"scikit-learn=={SKLEARN_VERSION}",
]
# Every project resolves with this cutoff, so a rerun gives the same uv.lock.
EXCLUDE_NEWER = "2026-11-24T00:00:00Z"

SKINNY = f"mlflow-skinny=={MLFLOW_VERSION}"
TQDM = "tqdm==4.70.1"  # tqdm -> colorama; sys_platform == 'win32'
PYTEST = "pytest==9.2.0"
RICH = "rich==15.0.0"  # rich -> markdown-it-py -> mdurl, rich -> pygments
SKLEARN = f"scikit-learn=={SKLEARN_VERSION}"

MODEL_MODULE = HELPERS / "uv_audit_fixture_model.py"
LOG_SCRIPT = HELPERS / "log_model.py"


# --------------------------------------------------------------------------- project recipes


def render_pyproject(
    name: str,
    *,
    deps: list[str],
    requires_python: str = ">=3.11",
    optional: dict[str, list[str]] | None = None,
    groups: dict[str, list[str]] | None = None,
    build_backend: str | None = None,
    tool_uv: dict[str, object] | None = None,
    sources: dict[str, str] | None = None,
) -> str:
    """A pyproject.toml as a person would write it (uv init style)."""

    def array(items: list[str]) -> str:
        if not items:
            return "[]"
        return "[\n" + "".join(f'    "{i}",\n' for i in items) + "]"

    out = [
        "[project]",
        f'name = "{name}"',
        'version = "0.1.0"',
        f'description = "uv-audit fixture: {name}"',
        f'requires-python = "{requires_python}"',
        f"dependencies = {array(deps)}",
    ]
    if optional:
        out += ["", "[project.optional-dependencies]"]
        out += [f"{k} = {array(v)}" for k, v in optional.items()]
    if groups:
        out += ["", "[dependency-groups]"]
        out += [f"{k} = {array(v)}" for k, v in groups.items()]
    if build_backend == "hatchling":
        out += ["", "[build-system]", 'requires = ["hatchling"]', 'build-backend = "hatchling.build"']
    elif build_backend is not None:
        raise ValueError(build_backend)
    out += ["", "[tool.uv]"]
    for key, value in (tool_uv or {}).items():
        out.append(f"{key} = {json.dumps(value)}")
    out.append(f'exclude-newer = "{EXCLUDE_NEWER}"')
    if sources:
        out += ["", "[tool.uv.sources]"]
        out += [f"{k} = {v}" for k, v in sources.items()]
    return "\n".join(out) + "\n"


@dataclass
class Case:
    name: str
    scenario: str
    dest: Path
    project: dict | None  # render_pyproject kwargs (name added); None = plain directory
    python_pin: str | None = "3.11"  # `uv python pin` value, None = no .python-version
    pin_after_lock: bool = False
    src_package: bool = False  # create src/<pkg>/__init__.py (packaged project)
    path_helper: bool = False  # create ../fixture-helper (path dependency)
    stale_edit: tuple[str, str] | None = None  # (old requirement, new requirement)
    uv_on_path: bool = True
    action: str = "pyfunc_log_model"
    uv_groups: list[str] | None = None
    uv_extras: list[str] | None = None
    intended_findings: list[str] = field(default_factory=list)
    notes: str = ""


def fx(name: str) -> Path:
    return FIXTURES / name


BASE_GROUPS = {"dev": [PYTEST]}
TRAIN_GROUPS = {"dev": [PYTEST], "train": [TQDM]}

CASES: list[Case] = [
    Case(
        "clean",
        "Correct, restorable model: the project locks MLflow's runtime (mlflow-skinny, and "
        "cloudpickle through it), .python-version 3.11 matches the 3.11.7 logging interpreter, "
        "no build-system (virtual project), a dev group that --no-dev drops, and tqdm whose "
        "colorama dependency is marker-conditional. requires-python >=3.10 so that "
        "python_full_version markers appear too.",
        fx("clean"),
        dict(deps=[SKINNY, TQDM], requires_python=">=3.10", groups=BASE_GROUPS),
    ),
    Case(
        "train-leak-default-groups",
        "[tool.uv] default-groups = ['dev', 'train'] with train = [tqdm]; logged normally. "
        "MLflow's `uv export --no-dev` only removes dev, so the train group (tqdm, colorama) "
        "lands in requirements.txt.",
        fx("train-leak-default-groups"),
        dict(deps=[SKINNY], groups=TRAIN_GROUPS, tool_uv={"default-groups": ["dev", "train"]}),
        intended_findings=["UVA301"],
    ),
    Case(
        "uv-groups-train",
        "Same dependency groups, no default-groups; logged with mlflow.pyfunc.log_model("
        "uv_groups=['train']) so MLflow runs `uv export ... --group train`. Nothing in the "
        "artifacts records the group: audited with the default selection it is a group leak, "
        "with --group train (or MLFLOW_UV_GROUPS=train) it is clean.",
        fx("uv-groups-train"),
        dict(deps=[SKINNY], groups=TRAIN_GROUPS),
        uv_groups=["train"],
        intended_findings=["UVA301"],
    ),
    Case(
        "uv-extras-serve",
        "Optional extra serve = [rich]; logged with uv_extras=['serve'] (`uv export ... --extra "
        "serve`). Audited with the default selection it is an extra leak, with --extra serve "
        "it is clean.",
        fx("uv-extras-serve"),
        dict(deps=[SKINNY], optional={"serve": [RICH]}, groups=BASE_GROUPS),
        uv_extras=["serve"],
        intended_findings=["UVA302"],
    ),
    Case(
        "packaged-project",
        "Packaged project: [build-system] hatchling and a src/packaged_project/ layout that "
        "MLflow does not log, so `uv sync --frozen` on the artifacts would have to build a "
        "project whose source is missing.",
        fx("packaged-project"),
        dict(deps=[SKINNY, TQDM], groups=BASE_GROUPS, build_backend="hatchling"),
        src_package=True,
        intended_findings=["UVA502"],
    ),
    Case(
        "packaged-package-false",
        "Same as packaged-project but with [tool.uv] package = false: uv treats it as virtual "
        "and never builds it, so the missing source does not matter.",
        fx("packaged-package-false"),
        dict(
            deps=[SKINNY, TQDM],
            groups=BASE_GROUPS,
            build_backend="hatchling",
            tool_uv={"package": False},
        ),
        src_package=True,
    ),
    Case(
        "no-python-version",
        "Like clean (requires-python >=3.11) but the project has no .python-version file, so MLflow copies none.",
        fx("no-python-version"),
        dict(deps=[SKINNY, TQDM], groups=BASE_GROUPS),
        python_pin=None,
        intended_findings=["UVA401"],
    ),
    Case(
        "python-version-mismatch",
        "The project pins .python-version 3.12 (`uv python pin 3.12`) but the model was logged "
        "by a 3.11.7 interpreter.",
        fx("python-version-mismatch"),
        dict(deps=[SKINNY, TQDM], groups=BASE_GROUPS),
        python_pin="3.12",
        pin_after_lock=True,
        intended_findings=["UVA403"],
    ),
    Case(
        "import-inference",
        "uv NOT on PATH while logging: MLflow warns, falls back to import-capture inference "
        "(requirements.txt is just mlflow + cloudpickle) and still copies uv.lock, "
        "pyproject.toml and .python-version.",
        fx("import-inference"),
        dict(deps=[SKINNY, TQDM], groups=BASE_GROUPS),
        uv_on_path=False,
        intended_findings=["UVA602", "UVA601"],
        notes="UVA601 because the inferred `mlflow==` line names mlflow while the lock only locks mlflow-skinny.",
    ),
    Case(
        "stale-lock",
        "pyproject.toml edited after `uv lock` (tqdm's specifier changed), then logged: "
        "`uv export --frozen` exports the old lock without complaint. The locked tqdm still "
        "satisfies the new specifier, so only the staleness is wrong.",
        fx("stale-lock"),
        dict(deps=[SKINNY, TQDM], groups=BASE_GROUPS),
        stale_edit=(TQDM, "tqdm>=4.70"),
        intended_findings=["UVA101"],
    ),
    Case(
        "outside-interpreter",
        "The project locks only tqdm (no mlflow, no cloudpickle); the model is logged by an "
        "interpreter outside the project, and MLflow adds `mlflow==3.17.2` (first line) and "
        "`cloudpickle==3.1.3`, which the lock does not contain.",
        fx("outside-interpreter"),
        dict(deps=[TQDM], groups=BASE_GROUPS),
        intended_findings=["UVA601"],
    ),
    Case(
        "path-dependency",
        "The project depends on a sibling package through [tool.uv.sources] fixture-helper = "
        "{ path = '../fixture-helper', editable = true }; MLflow exports `-e ../fixture-helper` "
        "and logs neither the helper nor the project source.",
        fx("path-dependency"),
        dict(
            deps=[SKINNY, "fixture-helper"],
            groups=BASE_GROUPS,
            sources={"fixture-helper": '{ path = "../fixture-helper", editable = true }'},
        ),
        path_helper=True,
        intended_findings=["UVA501"],
    ),
    Case(
        "sklearn-flavor",
        "mlflow.sklearn.log_model of a tiny LinearRegression logged from a plain directory "
        "(no uv project): no uv files, requirements inferred by import capture. MLflow "
        "3.17.2's default sklearn serialization is skops (model.skops, `skops==` in "
        "requirements.txt, no cloudpickle).",
        fx("sklearn-flavor"),
        None,
        python_pin=None,
        action="sklearn_log_model",
    ),
    Case(
        "sklearn-in-uv-project",
        "mlflow.sklearn.log_model logged from inside a uv project: MLflow's auto-detection "
        "runs `uv export` for requirements.txt, but only the pyfunc flavor copies uv files, so "
        "the artifacts hold no uv.lock / pyproject.toml / .python-version. MLflow also adds "
        "its sklearn defaults, so requirements.txt has `skops==` although the project's lock "
        "(not logged) does not contain skops.",
        fx("sklearn-in-uv-project"),
        dict(deps=[SKINNY, SKLEARN], groups=BASE_GROUPS),
        action="sklearn_log_model",
    ),
    Case(
        "demo-model",
        "README demo: a packaged project (hatchling, src/ layout not logged) with "
        "default-groups = ['dev', 'train'] leaking tqdm into requirements.txt, and no "
        ".python-version.",
        EXAMPLES / "demo-model",
        dict(
            deps=[SKINNY],
            groups=TRAIN_GROUPS,
            build_backend="hatchling",
            tool_uv={"default-groups": ["dev", "train"]},
        ),
        python_pin=None,
        src_package=True,
        intended_findings=["UVA301", "UVA401", "UVA502"],
    ),
]

CASE_BY_NAME = {c.name: c for c in CASES}

# Composite fixtures, built from the projects above.
RUN_DIR_MODELS = [  # (case whose project is the cwd, artifact path in the run)
    ("clean", "model"),
    ("train-leak-default-groups", "model_with_train_group"),
]
FILE_STORE_MODELS = [  # (case, action, name)
    ("clean", "pyfunc_log_model", "model"),
    ("train-leak-default-groups", "pyfunc_log_model", "model"),
    ("stale-lock", "pyfunc_log_model", "model"),
    ("outside-interpreter", "pyfunc_save_log_artifacts", "model"),
]
COMPOSITES = ["run-dir", "file-store", "project-checkout"]


# --------------------------------------------------------------------------- tooling


def log(msg: str) -> None:
    print(f"[gen_fixtures] {msg}", flush=True)


def run(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None, quiet=False):
    log(f"$ {' '.join(map(str, cmd))}" + (f"   (in {cwd})" if cwd else ""))
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, text=True, capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"command failed ({proc.returncode}): {cmd}")
    if not quiet and proc.stderr.strip():
        sys.stderr.write(textwrap.indent(proc.stderr.strip(), "    ") + "\n")
    return proc


def base_env() -> dict[str, str]:
    """The inherited environment minus anything that could steer uv or a virtualenv."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("UV_", "MLFLOW_", "VIRTUAL_ENV", "CONDA_", "PYTHON"))
    }
    env["UV_PYTHON_DOWNLOADS"] = "never"
    # Some networks re-sign TLS for the package files host; this changes nothing uv writes.
    env["UV_SYSTEM_CERTS"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def ensure_venv(venv: Path) -> tuple[Path, Path, dict[str, str]]:
    py = venv / "bin" / "python"
    uv = venv / "bin" / "uv"
    probe = (
        "import json, os, sys, mlflow, cloudpickle, sklearn, platform;"
        "print(json.dumps({'mlflow': mlflow.__version__, 'cloudpickle': cloudpickle.__version__,"
        "'sklearn': sklearn.__version__, 'python': platform.python_version(),"
        "'python_base_bin': os.path.join(sys.base_prefix, 'bin')}))"
    )

    def versions():
        if not (py.exists() and uv.exists()):
            return None
        p = subprocess.run([py, "-c", probe], capture_output=True, text=True, env=base_env())
        q = subprocess.run([uv, "--version"], capture_output=True, text=True)
        if p.returncode or q.returncode:
            return None
        v = json.loads(p.stdout)
        v["uv"] = q.stdout.split()[1]
        return v

    v = versions()
    want = {"mlflow": MLFLOW_VERSION, "cloudpickle": CLOUDPICKLE_VERSION, "sklearn": SKLEARN_VERSION, "uv": UV_VERSION}
    if v is None or any(v.get(k) != w for k, w in want.items()):
        log(f"creating tool venv {venv} (pip install {' '.join(TOOL_REQUIREMENTS)})")
        if venv.exists():
            shutil.rmtree(venv)
        venv.parent.mkdir(parents=True, exist_ok=True)
        run([sys.executable, "-m", "venv", venv])
        run([py, "-m", "pip", "install", "-q", *TOOL_REQUIREMENTS], env=base_env(), quiet=True)
        v = versions()
        if v is None or any(v.get(k) != w for k, w in want.items()):
            raise SystemExit(f"tool venv has wrong versions: {v}")
    log(f"tool venv OK: {v}")
    return py, uv, v


def rel(p: Path) -> str:
    return p.relative_to(REPO).as_posix()


def copy_artifacts(src: Path, dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "mlflow.db"))


def lock_facts(lock_path: Path) -> dict:
    """Versions of MLflow's runtime packages in a uv.lock (None when not locked)."""
    if not lock_path.exists():
        return {}
    data = tomllib.loads(lock_path.read_text())
    pkgs = {p["name"]: p.get("version") for p in data.get("package", [])}
    return {n: pkgs.get(n) for n in ("mlflow", "mlflow-skinny", "mlflow-tracing", "cloudpickle")}


# --------------------------------------------------------------------------- generator


class Generator:
    def __init__(self, venv: Path, workdir: Path, restore_checks: bool = True):
        self.workdir = workdir
        self.restore_checks = restore_checks
        self.py, self.uv, self.versions = ensure_venv(venv)
        if workdir.exists():
            shutil.rmtree(workdir)
        (workdir / "projects").mkdir(parents=True)
        # A directory holding only `uv`, so PATH says exactly whether MLflow can find uv.
        self.uvbin = workdir / "uvbin"
        self.uvbin.mkdir()
        (self.uvbin / "uv").symlink_to(self.uv)
        # Run the helpers from outside the git checkout so MLflow records no git tags.
        tools = workdir / "tools"
        tools.mkdir()
        self.log_script = Path(shutil.copy2(LOG_SCRIPT, tools / LOG_SCRIPT.name))
        self.model_module = Path(shutil.copy2(MODEL_MODULE, tools / MODEL_MODULE.name))
        self.system_path = "/usr/local/bin:/usr/bin:/bin"
        for d in self.system_path.split(":"):
            if (Path(d) / "uv").exists():
                raise SystemExit(f"{d}/uv exists: cannot log a model with uv absent from PATH")
        self.results: dict[str, dict] = {}
        self.projects: dict[str, Path] = {}
        self.case_facts: dict[str, dict] = {}
        self.counter = 0

    # -- uv ---------------------------------------------------------------------------------

    def uv_run(self, args: list[str], cwd: Path):
        env = base_env()
        env["PATH"] = f"{self.uvbin}:{env.get('PATH', self.system_path)}"
        return run([self.uv, *args], cwd=cwd, env=env)

    # -- projects ---------------------------------------------------------------------------

    def build_project(self, case: Case) -> Path:
        pdir = self.workdir / "projects" / case.name
        pdir.mkdir(parents=True)
        facts: dict = {"python_version_file": None}
        if case.project is None:
            self.projects[case.name] = pdir
            self.case_facts[case.name] = facts | {"uv_project": False}
            return pdir
        if case.path_helper:
            helper = self.workdir / "projects" / "fixture-helper"
            (helper / "src" / "fixture_helper").mkdir(parents=True)
            (helper / "pyproject.toml").write_text(
                render_pyproject("fixture-helper", deps=[], build_backend="hatchling")
            )
            (helper / "src" / "fixture_helper" / "__init__.py").write_text(
                '"""Helper package that lives next to the project, not inside it."""\n'
            )
        (pdir / "pyproject.toml").write_text(render_pyproject(case.name, **case.project))
        if case.src_package:
            pkg = pdir / "src" / case.name.replace("-", "_")
            pkg.mkdir(parents=True)
            (pkg / "__init__.py").write_text(f'"""{case.name}: training code (not logged)."""\n')
        if case.python_pin and not case.pin_after_lock:
            self.uv_run(["python", "pin", case.python_pin], pdir)
        self.uv_run(["lock"], pdir)
        if case.python_pin and case.pin_after_lock:
            self.uv_run(["python", "pin", case.python_pin], pdir)
        if case.stale_edit:
            old, new = case.stale_edit
            lock = tomllib.loads((pdir / "uv.lock").read_text())
            root = next(p for p in lock["package"] if p["name"] == case.name)
            old_name = old.split("=")[0].split(">")[0].split("<")[0]
            facts["locked_requires_dist_entry"] = next(
                r for r in root["metadata"]["requires-dist"] if r["name"] == old_name
            )
            text = (pdir / "pyproject.toml").read_text()
            if text.count(f'"{old}"') != 1:
                raise SystemExit(f"{case.name}: cannot edit {old!r} exactly once")
            (pdir / "pyproject.toml").write_text(text.replace(f'"{old}"', f'"{new}"'))
            # Prove the lock really is stale now, as uv itself sees it.
            check = subprocess.run(
                [self.uv, "lock", "--check"],
                cwd=pdir,
                env=base_env(),
                capture_output=True,
                text=True,
            )
            if check.returncode == 0:
                raise SystemExit(f"{case.name}: `uv lock --check` still passes after the edit")
            facts["uv_lock_check_after_edit"] = {
                "command": "uv lock --check",
                "returncode": check.returncode,
                "error": next((ln for ln in check.stderr.splitlines() if ln.startswith("error:")), None),
            }
        pyproject = tomllib.loads((pdir / "pyproject.toml").read_text())
        pv = pdir / ".python-version"
        facts.update(
            {
                "uv_project": True,
                "python_version_file": pv.read_text().strip() if pv.exists() else None,
                "requires_python": pyproject["project"].get("requires-python"),
                "build_system": pyproject.get("build-system", {}).get("build-backend"),
                "tool_uv_package": pyproject.get("tool", {}).get("uv", {}).get("package"),
                "default_groups": pyproject.get("tool", {}).get("uv", {}).get("default-groups"),
                "dependency_groups": sorted(pyproject.get("dependency-groups", {})),
                "optional_dependencies": sorted(pyproject["project"].get("optional-dependencies", {})),
                "src_layout_logged": False if case.src_package else None,
                "lock_runtime_versions": lock_facts(pdir / "uv.lock"),
            }
        )
        self.projects[case.name] = pdir
        self.case_facts[case.name] = facts
        return pdir

    # -- MLflow -----------------------------------------------------------------------------

    def log_model(
        self,
        *,
        cwd: Path,
        store: Path,
        action: str,
        name: str,
        uv_on_path: bool = True,
        uv_groups=None,
        uv_extras=None,
        run_id=None,
        run_name=None,
        log_dicts=None,
        experiment="uv-audit-fixtures",
    ) -> dict:
        self.counter += 1
        tag = f"{self.counter:02d}-{cwd.name}"
        cfg_path = self.workdir / "logs" / f"{tag}.json"
        cfg_path.parent.mkdir(exist_ok=True)
        result_path = self.workdir / "logs" / f"{tag}.result.json"
        cfg = {
            "tracking_uri": store.resolve().as_uri(),
            "experiment": experiment,
            "run_id": run_id,
            "run_name": run_name,
            "action": action,
            "name": name,
            "uv_groups": uv_groups,
            "uv_extras": uv_extras,
            "code_path": str(self.model_module),
            "log_dicts": log_dicts,
            "result": str(result_path),
        }
        cfg_path.write_text(json.dumps(cfg, indent=2))
        env = base_env()
        env.update(
            {
                "PATH": f"{self.uvbin}:{self.system_path}" if uv_on_path else self.system_path,
                "MLFLOW_ALLOW_FILE_STORE": "true",
                "MLFLOW_DISABLE_TELEMETRY": "true",
                "DO_NOT_TRACK": "true",
                "GIT_PYTHON_REFRESH": "quiet",
            }
        )
        proc = run([self.py, self.log_script, cfg_path], cwd=cwd, env=env, quiet=True)
        (self.workdir / "logs" / f"{tag}.log").write_text(proc.stdout + proc.stderr)
        result = json.loads(result_path.read_text())
        if bool(result["uv_on_path"]) != uv_on_path:
            raise SystemExit(f"uv on PATH is {result['uv_on_path']}, expected {uv_on_path}")
        result["export_commands"] = [" ".join(["uv", *c.split(" ")[1:]]) for c in result["uv_export_commands"]]
        return result

    def model_entry(self, case: Case, result: dict) -> dict:
        warnings = [
            r["message"]
            for r in result["log"]
            if r["level"] == "WARNING" and r["logger"].startswith(("mlflow.utils.",))
        ]
        return {
            "path": rel(case.dest),
            "kind": "model",
            "scenario": case.scenario,
            "intended_findings": case.intended_findings,
            "notes": case.notes or None,
            "flavor": "sklearn" if case.action.startswith("sklearn") else "python_function",
            "logging_api": {
                "pyfunc_log_model": "mlflow.pyfunc.log_model",
                "pyfunc_save_log_artifacts": "mlflow.pyfunc.save_model + mlflow.log_artifacts",
                "sklearn_log_model": "mlflow.sklearn.log_model",
            }[case.action],
            "uv_groups": case.uv_groups or [],
            "uv_extras": case.uv_extras or [],
            "uv_on_path": bool(result["uv_on_path"]),
            "uv_export_command": result["export_commands"][0] if result["export_commands"] else None,
            "requirements_source": "uv export"
            if result["export_commands"] and not any("Falling back" in w for w in warnings)
            else "import inference",
            "stale_edit": None
            if not case.stale_edit
            else {
                "file": "pyproject.toml",
                "table": "project.dependencies",
                "package": "tqdm",
                "old": case.stale_edit[0],
                "new": case.stale_edit[1],
                **{
                    k: v
                    for k, v in self.case_facts[case.name].items()
                    if k in ("uv_lock_check_after_edit", "locked_requires_dist_entry")
                },
            },
            "python_version": result["python_version"],
            "mlflow_version": result["mlflow_version"],
            "uv_version": self.versions["uv"],
            "cloudpickle_version": result["cloudpickle_version"],
            "sklearn_version": result.get("sklearn_version"),
            "model_id": result.get("model_id"),
            "run_id": result["run_id"],
            "mlflow_uv_warnings": warnings,
            "project": {
                k: v
                for k, v in self.case_facts[case.name].items()
                if k not in ("uv_lock_check_after_edit", "locked_requires_dist_entry")
            },
        }

    def restore_check(self, model_dir: Path) -> dict:
        """Restore the model the way MLflow serves it: `mlflow models prepare-env --env-manager
        uv`, which creates a venv with `uv venv --python <python_env.yaml python>`, copies
        uv.lock, pyproject.toml and .python-version into it and runs `uv sync --frozen --no-dev`
        (requirements.txt is not used). Records whether that worked and, if so, whether MLflow's
        runtime ended up installed."""
        copy = self.workdir / "restore" / model_dir.name
        copy_artifacts(model_dir, copy)
        env_root = self.workdir / "restore-envs" / model_dir.name
        env = base_env()
        env.update(
            {
                # uv, and the logging interpreter's directory so `uv venv --python 3.11.7` finds it
                "PATH": f"{self.uvbin}:{Path(self.versions['python_base_bin'])}:{self.system_path}",
                "MLFLOW_ENV_ROOT": str(env_root),
                "MLFLOW_DISABLE_TELEMETRY": "true",
                "DO_NOT_TRACK": "true",
            }
        )
        cmd = [self.py.parent / "mlflow", "models", "prepare-env", "-m", copy, "--env-manager", "uv"]
        log(f"$ mlflow models prepare-env -m {copy} --env-manager uv")
        proc = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True)
        output = proc.stdout + proc.stderr
        (self.workdir / "logs" / f"restore-{model_dir.name}.log").write_text(output)
        lines = output.splitlines()
        error = None
        for i, ln in enumerate(lines):
            if ln.startswith("error:"):
                chunk = [ln]
                chunk += [c.strip() for c in lines[i + 1 : i + 4] if c.startswith("  cause:")]
                error = "\n".join(chunk)
                break
        if error:
            error = re.sub(re.escape(str(env_root)) + r"/mlflow-[0-9a-f]+", "<env>", error)
            error = error.replace(str(env_root), "<env-root>")
        installed = None
        if proc.returncode == 0:
            site = list(env_root.glob("mlflow-*/lib/python*/site-packages"))
            names = {d.name.split("-")[0].lower().replace("_", "-") for s in site for d in s.glob("*.dist-info")}
            installed = {n: n in names for n in ("mlflow", "mlflow-skinny", "cloudpickle")}
        shutil.rmtree(env_root, ignore_errors=True)
        shutil.rmtree(copy, ignore_errors=True)
        return {
            "command": "mlflow models prepare-env -m MODEL_DIR --env-manager uv",
            "runs": "uv sync --frozen --no-dev (with uv.lock, pyproject.toml, .python-version "
            "copied into the new environment directory)",
            "ok": proc.returncode == 0,
            "uv_error": error,
            "runtime_installed": installed,
        }

    # -- fixtures ---------------------------------------------------------------------------

    def make_case(self, case: Case) -> dict:
        pdir = self.build_project(case)
        store = self.workdir / "stores" / "cases"
        result = self.log_model(
            cwd=pdir,
            store=store,
            action=case.action,
            name="model",
            uv_on_path=case.uv_on_path,
            uv_groups=case.uv_groups,
            uv_extras=case.uv_extras,
            run_name=case.name,
        )
        copy_artifacts(Path(result["artifact_dir"]), case.dest)
        log(f"wrote {rel(case.dest)}")
        entry = self.model_entry(case, result)
        if self.restore_checks and (case.dest / "uv.lock").exists():
            entry["restore_check"] = self.restore_check(case.dest)
        return entry

    def make_run_dir(self) -> dict:
        store = self.workdir / "stores" / "run-dir"
        run_id = None
        models = []
        for i, (case_name, artifact_path) in enumerate(RUN_DIR_MODELS):
            result = self.log_model(
                cwd=self.projects[case_name],
                store=store,
                action="pyfunc_save_log_artifacts",
                name=artifact_path,
                run_id=run_id,
                run_name="run-with-two-models",
                log_dicts={"eval/metrics.json": {"rmse": 0.0, "n": 3}} if i == 0 else None,
            )
            run_id = result["run_id"]
            models.append(
                {
                    "path": artifact_path,
                    "case": case_name,
                    "intended_findings": CASE_BY_NAME[case_name].intended_findings,
                    "uv_export_command": result["export_commands"][0],
                }
            )
        dest = FIXTURES / "run-dir"
        download = self.workdir / "downloads" / "run-dir"
        env = base_env()
        env.update(
            {
                "PATH": self.system_path,
                "MLFLOW_ALLOW_FILE_STORE": "true",
                "MLFLOW_DISABLE_TELEMETRY": "true",
                "DO_NOT_TRACK": "true",
                "MLFLOW_TRACKING_URI": store.resolve().as_uri(),
            }
        )
        cmd = ["mlflow", "artifacts", "download", "-r", run_id, "-d", str(download)]
        run([self.py.parent / "mlflow", *cmd[1:]], env=env, quiet=True)
        copy_artifacts(download, dest)
        log(f"wrote {rel(dest)}")
        return {
            "path": rel(dest),
            "kind": "run-dir",
            "scenario": "What `mlflow artifacts download -r RUN_ID -d run-dir/` leaves for one run "
            "holding two pyfunc models (saved with mlflow.pyfunc.save_model and logged with "
            "mlflow.log_artifacts, since MLflow 3 log_model stores models outside the run) and a "
            "non-model artifact eval/metrics.json.",
            "download_command": f"mlflow artifacts download -r {run_id} -d run-dir",
            "run_id": run_id,
            "models": models,
            "python_version": self.versions["python"],
            "mlflow_version": self.versions["mlflow"],
            "uv_version": self.versions["uv"],
        }

    def make_file_store(self) -> dict:
        store = self.workdir / "stores" / "file-store" / "mlruns"
        models = []
        for case_name, action, name in FILE_STORE_MODELS:
            result = self.log_model(
                cwd=self.projects[case_name],
                store=store,
                action=action,
                name=name,
                run_name=case_name,
                experiment="uv-audit-file-store",
            )
            art = Path(result["artifact_dir"]).relative_to(store.parent)
            models.append(
                {
                    "path": art.as_posix(),
                    "case": case_name,
                    "intended_findings": CASE_BY_NAME[case_name].intended_findings,
                    "layout": "logged-model" if action == "pyfunc_log_model" else "run-artifact",
                    "model_id": result.get("model_id"),
                    "run_id": result["run_id"],
                    "uv_export_command": result["export_commands"][0],
                }
            )
        dest = FIXTURES / "file-store"
        copy_artifacts(store.parent, dest)
        log(f"wrote {rel(dest)}")
        return {
            "path": rel(dest),
            "kind": "file-store",
            "scenario": "A local MLflow 3.17.2 file store (tracking URI file://.../mlruns, "
            "MLFLOW_ALLOW_FILE_STORE=true) with four pyfunc models: three from "
            "mlflow.pyfunc.log_model under <exp>/models/<model_id>/artifacts/ and one saved "
            "into a run's artifacts under <exp>/<run_id>/artifacts/model/. Empty directories "
            "MLflow creates (metrics/, params/, empty artifacts/) are not kept by git.",
            "models": models,
            "python_version": self.versions["python"],
            "mlflow_version": self.versions["mlflow"],
            "uv_version": self.versions["uv"],
        }

    def make_project_checkout(self) -> dict:
        """A uv project checkout with a committed requirements.txt from plain `uv export`."""
        pdir = self.workdir / "projects" / "project-checkout"
        pdir.mkdir(parents=True)
        (pdir / "pyproject.toml").write_text(
            render_pyproject(
                "project-checkout",
                deps=[TQDM, RICH],
                groups=BASE_GROUPS,
            )
        )
        self.uv_run(["python", "pin", "3.11"], pdir)
        self.uv_run(["lock"], pdir)
        export = ["export", "--frozen", "--no-dev", "--output-file", "requirements.txt"]
        self.uv_run(export, pdir)
        dest = FIXTURES / "project-checkout"
        copy_artifacts(pdir, dest)
        log(f"wrote {rel(dest)}")
        return {
            "path": rel(dest),
            "kind": "project-checkout",
            "scenario": "A uv project checkout (no MLflow) as a pre-commit hook sees it: "
            "pyproject.toml, uv.lock, .python-version and a requirements.txt written by plain "
            "`uv export` (header, hashes and `# via` annotations included).",
            "intended_findings": [],
            "uv_export_command": "uv " + " ".join(export),
            "uv_version": self.versions["uv"],
            "python_version_file": "3.11",
        }


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def base_parser(description: str, workdir: Path) -> argparse.ArgumentParser:
    """The options every fixture script takes: the tool venv, the scratch directory, keeping it."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(os.environ.get("UV_AUDIT_FIXTURE_VENV", Path.home() / ".cache/uv-audit/fixture-venv")),
    )
    parser.add_argument("--workdir", type=Path, default=workdir)
    parser.add_argument("--keep-workdir", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__.split("\n\n")[0], Path("/tmp/uv-audit-fixture-work"))
    parser.add_argument(
        "--skip-restore-check", action="store_true", help="do not restore each model with `mlflow models prepare-env`"
    )
    args = parser.parse_args(argv)

    gen = Generator(args.venv, args.workdir, restore_checks=not args.skip_restore_check)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    entries: dict[str, dict] = {}
    for case in CASES:
        entries[case.name] = gen.make_case(case)
    entries["run-dir"] = gen.make_run_dir()
    entries["file-store"] = gen.make_file_store()
    entries["project-checkout"] = gen.make_project_checkout()

    for entry in entries.values():
        entry["size_bytes"] = dir_size(REPO / entry["path"])
    manifest = {
        "generator": "scripts/gen_fixtures.py",
        "regenerate": "python scripts/gen_fixtures.py",
        "mlflow_version": gen.versions["mlflow"],
        "uv_version": gen.versions["uv"],
        "python_version": gen.versions["python"],
        "cloudpickle_version": gen.versions["cloudpickle"],
        "sklearn_version": gen.versions["sklearn"],
        "exclude_newer": EXCLUDE_NEWER,
        "restore_checks": gen.restore_checks,
        "mlflow_uv_export_command": "uv export --no-dev --no-hashes --frozen [--group G]... "
        "[--extra E]... --no-header --no-emit-project --no-annotate",
        "fixtures": entries,
    }
    (FIXTURES / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    total = sum(e["size_bytes"] for e in entries.values())
    for e in entries.values():
        log(f"{e['size_bytes']:>9,d}  {e['path']}")
    log(f"{total:>9,d}  total")
    if not args.keep_workdir:
        shutil.rmtree(args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
