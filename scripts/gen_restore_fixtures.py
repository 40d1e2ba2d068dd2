#!/usr/bin/env python3
"""Restore fixtures made by really restoring: real MLflow 3.17.2 models, restored with real uv 0.13.9.

    python scripts/gen_restore_fixtures.py [--venv DIR] [--workdir DIR] [--keep-workdir]

Writes tests/fixtures/restore/: one model directory per case (``CASES``), ``outcomes.json`` (per
fixture and restore procedure: the commands, exit code, uv's error line, the packages that were
not installed, whether ``mlflow.pyfunc.load_model`` + ``predict`` worked in the restored
environment, and the load error line) and ``mlflow_versions.json`` (per MLflow version range: the
export and restore commands observed from that version's own code, and the source lines they
come from). Only those files are rewritten.

Steps (the tool venv is scripts/gen_fixtures.py's, ``~/.cache/uv-audit/fixture-venv``):

1. Build small uv projects, ``uv lock`` them (``exclude-newer``, ``==`` pins; every project locks
   ``mlflow-skinny`` and ``pandas`` so a restored environment can load a pyfunc model) and log one
   model from each with ``mlflow.pyfunc.log_model`` (real MLflow 3.17.2, the project as cwd).
2. Restore each model as each MLflow version does with ``--env-manager uv``
   (mlflow/utils/virtualenv.py ``_create_virtualenv`` and mlflow/utils/uv_utils.py): ``uv venv
   ENV --python=<python_env.yaml python>``; with uv.lock, copy uv.lock, pyproject.toml and
   .python-version into ENV and run there, with ``UV_PROJECT_ENVIRONMENT=ENV``, ``uv sync
   --frozen --no-dev`` (MLflow 3.11-3.17) or ``uv sync --no-install-project --frozen --no-dev``
   (3.18); without uv.lock, ``uv pip install -r requirements.<hex>.txt`` from a directory of
   symlinks to the model files, once for python_env.yaml's build dependencies and once for
   ``-r requirements.txt``. Then load the model with the restored interpreter.
3. Cross-check: run the real ``mlflow models prepare-env --env-manager uv`` of MLflow 3.11.1,
   3.17.2 and 3.18.0 (3.17.2 installed; the others' modules from their wheels, imported over the
   installed dependencies) on each model, load the model in the environment it made, and record
   whether it agrees with step 2.
4. Version facts: for every minor version 3.11-3.18, log one model and prepare its environment
   with that version's own code, record the ``uv export`` / ``uv sync`` commands it ran and
   where in its source they come from.

Rerunnable (two runs gave byte-identical outcomes.json); it prints the time of each phase. Measured
on this 2-core machine with other jobs running: 15.0 and 27.7 minutes (build, lock and log 47-99 s;
restore and load 85-221 s; prepare-env cross-check 418-637 s; version facts 350-401 s). ``--quick``
skips the last two phases (cross-check recorded as null, mlflow_versions.json kept). Needs PyPI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent / "fixture_projects"))
import gen_fixtures as gf
import restore_facts as facts

REPO = gf.REPO
OUT = REPO / "tests" / "fixtures" / "restore"
HELPERS = gf.HELPERS
LOG_SCRIPT = HELPERS / "log_restore_model.py"
PROBE = HELPERS / "restore_probe.py"
ECHO = gf.MODEL_MODULE  # uv_audit_fixture_model.EchoModel, logged through code_paths

PANDAS = "pandas==3.1.1"  # mlflow.pyfunc imports numpy and pandas: a restored env needs them
RUNTIME = [gf.SKINNY, PANDAS]
LOGGING_MLFLOW = gf.MLFLOW_VERSION
WHEEL_CACHE = Path.home() / ".cache" / "uv-audit" / "mlflow-wheels"
# Every minor version with uv support, at its newest patch release on the index; 3.17.2 is the
# tool venv's own MLflow. ("mlflow-skinny" wheels carry the same `mlflow` package; 3.18.0 is only
# published as "mlflow" so far.)
VERSIONS = {
    "3.11.1": "mlflow-skinny",
    "3.12.0": "mlflow-skinny",
    "3.13.0": "mlflow-skinny",
    "3.14.0": "mlflow-skinny",
    "3.15.2": "mlflow-skinny",
    "3.16.1": "mlflow-skinny",
    "3.17.2": None,
    "3.18.0": "mlflow",
}
SYNC_PRE_318 = ["sync", "--frozen", "--no-dev"]
SYNC_318 = ["sync", "--no-install-project", "--frozen", "--no-dev"]


@dataclass(frozen=True)
class Procedure:
    name: str
    mlflow: str  # the MLflow versions that restore this way
    sync_args: list[str] | None  # None: the requirements.txt procedure
    cross_check: tuple[str, ...]


PROCEDURES = {
    "uv-sync": Procedure("uv-sync", ">=3.11,<3.18", SYNC_PRE_318, ("3.11.1", "3.17.2")),
    "uv-sync-no-install-project": Procedure("uv-sync-no-install-project", ">=3.18", SYNC_318, ("3.18.0",)),
    "uv-pip-requirements": Procedure("uv-pip-requirements", ">=3.11", None, ("3.11.1", "3.17.2", "3.18.0")),
}

MODEL_CLASS = '''"""{doc}"""

import mlflow.pyfunc


class {cls}(mlflow.pyfunc.PythonModel):
    """Returns its input unchanged."""

    def predict(self, context, model_input, params=None):
        return model_input
'''


@dataclass
class Case:
    name: str
    scenario: str
    project: dict | None  # gen_fixtures.render_pyproject kwargs; None = a plain directory
    project_name: str | None = None  # default: the case name
    package_dir: str | None = None  # where the project's own package lives ("src/pkg" or "pkg")
    model: str = "echo"  # "echo": EchoModel via code_paths; "package": the project's own class
    code_paths: list[str] | None = None  # for model="package" (relative to the project)
    by_value: bool = False  # cloudpickle.register_pickle_by_value(the project's package)
    path_helper: bool = False  # ../fixture-helper, a path dependency outside the artifacts
    workspace_member: bool = False  # packages/ws-member, a workspace member
    extra_toml: str = ""

    @property
    def pname(self) -> str:
        return self.project_name or self.name

    @property
    def import_name(self) -> str | None:
        return self.package_dir.rsplit("/", 1)[-1] if self.package_dir else None


HATCH = "hatchling"
CASES = [
    Case(
        "packaged-no-source",
        "Packaged project ([build-system] hatchling, src/packaged_no_source/) logged without its "
        "source; the model class is EchoModel from code_paths, not the project's package.",
        dict(deps=RUNTIME, build_backend=HATCH),
        package_dir="src/packaged_no_source",
    ),
    Case(
        "model-in-package",
        "The python_model class lives in the project's own package (model_in_package.model."
        "PackageModel, importable when logging, so cloudpickle pickles it by reference); no "
        "code_paths. Packaged project, source not logged.",
        dict(deps=RUNTIME, build_backend=HATCH),
        project_name="model-in-package",
        package_dir="src/model_in_package",
        model="package",
    ),
    Case(
        "model-in-package-code-paths",
        "Same project and class, logged with code_paths=['src/model_in_package'], so the package "
        "is under code/model_in_package/ and on sys.path when the model loads.",
        dict(deps=RUNTIME, build_backend=HATCH),
        project_name="model-in-package",
        package_dir="src/model_in_package",
        model="package",
        code_paths=["src/model_in_package"],
    ),
    Case(
        "model-in-package-by-value",
        "Same project and class, with cloudpickle.register_pickle_by_value(model_in_package) before "
        "logging: the class is pickled by value and the pickle does not import the package.",
        dict(deps=RUNTIME, build_backend=HATCH),
        project_name="model-in-package",
        package_dir="src/model_in_package",
        model="package",
        by_value=True,
    ),
    Case(
        "virtual-project",
        "Virtual project (no build-system); EchoModel from code_paths.",
        dict(deps=RUNTIME),
    ),
    Case(
        "virtual-model-in-package",
        "Virtual project whose python_model class lives in its own flat package "
        "(virtual_model_in_package/model.py, importable from the project directory when logging); "
        "no code_paths. uv never installs a virtual project.",
        dict(deps=RUNTIME),
        package_dir="virtual_model_in_package",
        model="package",
    ),
    Case(
        "path-dependency-outside",
        "Virtual project depending on ../fixture-helper through [tool.uv.sources] fixture-helper = "
        "{ path = '../fixture-helper' }; MLflow logs neither.",
        dict(deps=[*RUNTIME, "fixture-helper"], sources={"fixture-helper": '{ path = "../fixture-helper" }'}),
        path_helper=True,
    ),
    Case(
        "workspace-member",
        "Virtual workspace root depending on its member ws-member (packages/ws-member, hatchling); "
        "MLflow logs only the root's uv.lock and pyproject.toml.",
        dict(deps=[*RUNTIME, "ws-member"], sources={"ws-member": "{ workspace = true }"}),
        workspace_member=True,
        extra_toml='\n[tool.uv.workspace]\nmembers = ["packages/ws-member"]\n',
    ),
    Case(
        "requirements-only",
        "Logged from a plain directory (no uv project): no uv.lock, requirements.txt from MLflow's "
        "import inference; restored with `uv pip install -r requirements.txt`.",
        None,
    ),
]


def log(msg: str) -> None:
    print(f"[gen_restore_fixtures] {msg}", flush=True)


def first_error(output: str) -> tuple[str | None, list[str]]:
    """uv's `error:` line and the `cause:` lines under it."""
    lines = output.splitlines()
    for i, ln in enumerate(lines):
        if ln.startswith("error:") or ln.lstrip().startswith("× "):
            causes = []
            for nxt in lines[i + 1 :]:
                s = nxt.strip()
                if s.startswith(("cause:", "Caused by:", "╰─▶")):
                    causes.append(s)
                elif s and causes:
                    break
            return ln.strip(), causes
    return None, []


class Generator:
    def __init__(self, venv: Path, workdir: Path) -> None:
        self.workdir = workdir
        self.py, self.uv, self.versions = gf.ensure_venv(venv)
        if workdir.exists():
            shutil.rmtree(workdir)
        for d in ("projects", "logs", "envs", "prepare", "models", "empty"):
            (workdir / d).mkdir(parents=True)
        self.uvbin = workdir / "uvbin"
        self.uvbin.mkdir()
        (self.uvbin / "uv").symlink_to(self.uv)
        self.tools = workdir / "tools"
        self.tools.mkdir()
        for f in (LOG_SCRIPT, PROBE, ECHO):
            shutil.copy2(f, self.tools / f.name)
        self.path = f"{self.uvbin}:{self.versions['python_base_bin']}:/usr/local/bin:/usr/bin:/bin"
        self.timings: dict[str, float] = {}

    def env(self, **extra: str) -> dict[str, str]:
        env = gf.base_env()
        env.update(
            PATH=self.path,
            MLFLOW_ALLOW_FILE_STORE="true",
            MLFLOW_DISABLE_TELEMETRY="true",
            DO_NOT_TRACK="true",
            GIT_PYTHON_REFRESH="quiet",
        )
        env.update(extra)
        return env

    def sh(self, cmd: list, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)

    # -- MLflow wheels ------------------------------------------------------------------------

    def mlflow_path(self, version: str) -> str | None:
        """The unpacked wheel of that MLflow version (None: the installed 3.17.2)."""
        dist = VERSIONS[version]
        if dist is None:
            return None
        dest = WHEEL_CACHE / version
        if not (dest / "mlflow" / "__init__.py").exists():
            dl = WHEEL_CACHE / "downloads"
            dl.mkdir(parents=True, exist_ok=True)
            gf.run(
                [self.py, "-m", "pip", "download", "-q", "--no-deps", "-d", dl, f"{dist}=={version}"],
                env=gf.base_env(),
                quiet=True,
            )
            wheel = next(dl.glob(f"{dist.replace('-', '_')}-{version}-*.whl"))
            tmp = dest.with_suffix(".tmp")
            shutil.rmtree(tmp, ignore_errors=True)
            with zipfile.ZipFile(wheel) as z:
                z.extractall(tmp)
            # Compiled once here: the runs below do not write bytecode (PYTHONDONTWRITEBYTECODE).
            gf.run([self.py, "-m", "compileall", "-q", tmp], env=gf.base_env(), quiet=True)
            tmp.rename(dest)
        return str(dest)

    # -- projects -----------------------------------------------------------------------------

    def build_project(self, case: Case) -> Path:
        pdir = self.workdir / "projects" / case.name
        pdir.mkdir(parents=True)
        if case.project is None:
            return pdir
        text = gf.render_pyproject(case.pname, **case.project) + case.extra_toml
        (pdir / "pyproject.toml").write_text(text)
        if case.package_dir:
            pkg = pdir / case.package_dir
            pkg.mkdir(parents=True)
            (pkg / "__init__.py").write_text(f'"""{case.pname}: the project\'s own package (not logged)."""\n')
            if case.model == "package":
                (pkg / "model.py").write_text(MODEL_CLASS.format(doc="The project's model class.", cls="PackageModel"))
        if case.path_helper:
            helper = self.workdir / "projects" / "fixture-helper"
            if not helper.exists():
                (helper / "src" / "fixture_helper").mkdir(parents=True)
                (helper / "pyproject.toml").write_text(
                    gf.render_pyproject("fixture-helper", deps=[], build_backend=HATCH)
                )
                (helper / "src" / "fixture_helper" / "__init__.py").write_text('"""Lives next to the project."""\n')
        if case.workspace_member:
            member = pdir / "packages" / "ws-member"
            (member / "src" / "ws_member").mkdir(parents=True)
            (member / "pyproject.toml").write_text(
                '[project]\nname = "ws-member"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
                'dependencies = []\n\n[build-system]\nrequires = ["hatchling"]\n'
                'build-backend = "hatchling.build"\n'
            )
            (member / "src" / "ws_member" / "__init__.py").write_text('"""A workspace member."""\n')
        env = self.env()
        for args in (["python", "pin", "3.11"], ["lock"]):
            gf.run([self.uv, *args], cwd=pdir, env=env, quiet=True)
        return pdir

    def log_model(self, case: Case, pdir: Path, mlflow_path: str | None, tag: str) -> dict:
        cfg_path = self.workdir / "logs" / f"{tag}.json"
        result_path = self.workdir / "logs" / f"{tag}.result.json"
        if case.model == "echo":
            sys_path, model_class, code_paths = (
                [str(self.tools)],
                "uv_audit_fixture_model:EchoModel",
                [str(self.tools / ECHO.name)],
            )
            by_value = []
        else:
            root = pdir / case.package_dir.rsplit("/", 1)[0] if "/" in case.package_dir else pdir
            sys_path = [str(root)]  # stands for the project installed (editable) in the logging venv
            model_class = f"{case.import_name}.model:PackageModel"
            code_paths = case.code_paths
            by_value = [case.import_name] if case.by_value else []
        cfg = {
            "tracking_uri": (self.workdir / "store").resolve().as_uri(),
            "experiment": "uv-audit-restore-fixtures",
            "run_name": case.name,
            "name": "model",
            "mlflow_path": mlflow_path,
            "sys_path": sys_path,
            "model_class": model_class,
            "by_value_modules": by_value,
            "code_paths": code_paths,
            "result": str(result_path),
        }
        cfg_path.write_text(json.dumps(cfg, indent=2))
        proc = gf.run([self.py, self.tools / LOG_SCRIPT.name, cfg_path], cwd=pdir, env=self.env(), quiet=True)
        (self.workdir / "logs" / f"{tag}.log").write_text(proc.stdout + proc.stderr)
        result = json.loads(result_path.read_text())
        result["export_commands"] = [" ".join(["uv", *c.split(" ")[1:]]) for c in result["uv_export_commands"]]
        return result

    # -- restore ------------------------------------------------------------------------------

    def restore(self, name: str, model_dir: Path, proc: Procedure) -> dict:
        """Run the procedure as MLflow's _create_virtualenv does, then load the model."""
        base = self.workdir / "envs" / f"{name}--{proc.name}"
        base.mkdir()
        env_dir = base / "mlflow-env"
        python = read_python_env(model_dir)
        steps: list[dict] = []

        def step(cmd: list, run_cwd: Path, run_env: dict[str, str], shown: str, **extra: object) -> bool:
            p = self.sh(cmd, run_cwd, run_env)
            output = (p.stdout + p.stderr).replace(str(env_dir), "<env>").replace(str(base), "<env>/..")
            (self.workdir / "logs" / f"restore-{name}-{proc.name}-{len(steps)}.log").write_text(output)
            error, causes = first_error(output) if p.returncode else (None, [])
            steps.append({"command": shown, **extra, "exit_code": p.returncode, "error": error, "causes": causes})
            return p.returncode == 0

        ok = step(
            ["uv", "venv", env_dir, f"--python={python}"],
            self.workdir / "empty",
            self.env(),
            f"uv venv <env> --python={python}",
        )
        if ok and proc.sync_args is not None:
            copied = [f for f in ("uv.lock", "pyproject.toml", ".python-version") if (model_dir / f).exists()]
            for f in copied:
                shutil.copy2(model_dir / f, env_dir / f)
            if "pyproject.toml" not in copied:
                raise SystemExit(f"{name}: no pyproject.toml (MLflow would write a minimal one)")
            ok = step(
                ["uv", *proc.sync_args],
                env_dir,
                self.env(UV_PROJECT_ENVIRONMENT=str(env_dir)),
                "uv " + " ".join(proc.sync_args),
                cwd="<env>",
                env={"UV_PROJECT_ENVIRONMENT": "<env>"},
                copied_into_env=copied,
            )
        elif ok:
            build_deps, deps = read_python_env_deps(model_dir)
            for group in (build_deps, deps):
                tmp = Path(tempfile.mkdtemp(dir=base))
                for item in os.listdir(model_dir):
                    os.symlink(model_dir / item, tmp / item)
                req = f"requirements.{uuid.uuid4().hex}.txt"
                (tmp / req).write_text("\n".join(group))
                activate = env_dir / "bin" / "activate"
                ok = step(
                    ["bash", "-c", f"source {activate} && uv pip install -r {req}"],
                    tmp,
                    self.env(),
                    "uv pip install -r requirements.<uuid>.txt",
                    cwd="<symlinks to the model files>",
                    requirements_file=group,
                )
                if not ok:
                    break
        outcome: dict = {
            "procedure": proc.name,
            "mlflow_versions": proc.mlflow,
            "steps": steps,
            "exit_code": steps[-1]["exit_code"],
            "error": steps[-1]["error"],
            "restored": ok,
        }
        outcome.update(self.inspect_env(model_dir, env_dir, base, ok, steps[-1]))
        outcome["load"] = self.load(env_dir, model_dir) if ok else None
        outcome["loaded"] = bool(ok and outcome["load"]["ok"])
        return outcome

    def inspect_env(self, model_dir: Path, env_dir: Path, base: Path, ok: bool, last: dict) -> dict:
        local = local_packages(model_dir / "uv.lock", env_dir)
        if not ok:
            text = " ".join([last["error"] or "", *last["causes"]])
            failed = set(re.findall(r"`([A-Za-z0-9_.-]+) @ ", text))
            for path in re.findall(r"Distribution not found at: file://(\S+)", text):
                path = path.replace("<env>/..", str(base)).replace("<env>", str(env_dir))
                failed |= {n for n, (kind, p) in local.items() if p == os.path.normpath(path)}
            return {"missing_packages": sorted(failed), "installed_local_packages": []}
        installed = installed_dists(env_dir)
        return {
            "missing_packages": sorted(n for n, (kind, _) in local.items() if kind != "virtual" and n not in installed),
            "installed_local_packages": sorted(n for n in local if n in installed),
            "runtime_installed": {n: n in installed for n in ("mlflow-skinny", "mlflow", "cloudpickle", "pandas")},
        }

    def load(self, env_dir: Path, model_dir: Path) -> dict:
        p = self.sh(
            [env_dir / "bin" / "python", "-I", self.tools / PROBE.name, "load", model_dir],
            self.workdir / "empty",
            gf.base_env(),
        )
        try:
            return json.loads(p.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            return {"ok": False, "error": (p.stderr.strip().splitlines() or ["no output"])[-1], "missing_module": None}

    def prepare_env(self, name: str, model_dir: Path, version: str) -> dict:
        """The real `mlflow models prepare-env --env-manager uv` of that MLflow version."""
        root = self.workdir / "prepare" / f"{name}--{version}"
        root.mkdir()
        cmd = [self.py, self.tools / PROBE.name, "prepare-env", model_dir]
        if (mp := self.mlflow_path(version)) is not None:
            cmd.append(mp)
        p = self.sh(cmd, self.workdir / "empty", self.env(MLFLOW_ENV_ROOT=str(root)))
        (self.workdir / "logs" / f"prepare-{name}-{version}.log").write_text(p.stdout + p.stderr)
        try:
            res = json.loads(p.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            raise SystemExit(f"prepare-env probe failed for {name} {version}:\n{p.stderr[-3000:]}") from None
        if res["mlflow_version"] != version:
            raise SystemExit(f"expected MLflow {version}, ran {res['mlflow_version']}")
        envs = sorted(root.glob("mlflow-*"))
        restored = res["exit_code"] == 0 and len(envs) == 1
        uv_error, _ = first_error(p.stdout + p.stderr)
        load = self.load(envs[0], model_dir) if restored else None
        return {
            "mlflow_version": version,
            "command": "mlflow models prepare-env -m MODEL_DIR --env-manager uv",
            "exit_code": res["exit_code"],
            "uv_sync_commands": [" ".join(["uv", *c.split(" ")[1:]]) for c in res["uv_sync_commands"]],
            "restored": restored,
            "uv_error": uv_error.replace(str(root), "<env-root>") if uv_error else None,
            "loaded": bool(load and load["ok"]),
            "load_error": load["error"] if load else None,
        }


def read_python_env(model_dir: Path) -> str:
    for line in (model_dir / "python_env.yaml").read_text().splitlines():
        if line.startswith("python:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"{model_dir}: python_env.yaml has no python")


def read_python_env_deps(model_dir: Path) -> tuple[list[str], list[str]]:
    import yaml

    data = yaml.safe_load((model_dir / "python_env.yaml").read_text())
    return list(data.get("build_dependencies") or []), list(data.get("dependencies") or [])


def local_packages(lock_path: Path, root: Path) -> dict[str, tuple[str, str]]:
    """Packages of uv.lock with a local source: name -> (kind, absolute path under `root`)."""
    if not lock_path.exists():
        return {}
    out = {}
    for pkg in tomllib.loads(lock_path.read_text()).get("package", []):
        src = pkg.get("source", {})
        for kind in ("virtual", "editable", "directory", "path"):
            if kind in src:
                out[pkg["name"]] = (kind, os.path.normpath(root / src[kind]))
    return out


def installed_dists(env_dir: Path) -> set[str]:
    names = set()
    for d in env_dir.glob("lib/python*/site-packages/*.dist-info"):
        names.add(re.sub(r"[-_.]+", "-", d.name.rsplit("-", 1)[0]).lower())
    return names


def copy_model(src: Path, dest: Path) -> None:
    gf.copy_artifacts(src, dest)


def main(argv: list[str] | None = None) -> int:
    parser = gf.base_parser(__doc__.split("\n\n")[0], Path("/tmp/uv-audit-restore-work"))
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the prepare-env cross-check (recorded as null) and keep mlflow_versions.json: ~2 minutes",
    )
    args = parser.parse_args(argv)
    start = time.monotonic()
    gen = Generator(args.venv, args.workdir)

    t = time.monotonic()
    cases: dict[str, dict] = {}
    projects: dict[str, Path] = {}
    OUT.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        pdir = projects[case.name] = gen.build_project(case)
        result = gen.log_model(case, pdir, None, case.name)
        dest = OUT / case.name
        copy_model(Path(result["artifact_dir"]), dest)
        log(f"wrote {dest.relative_to(REPO)}")
        pyproject = tomllib.loads((pdir / "pyproject.toml").read_text()) if case.project else {}
        cases[case.name] = {
            "path": dest.relative_to(REPO).as_posix(),
            "scenario": case.scenario,
            "project": None
            if case.project is None
            else {
                "name": case.pname,
                "import_name": case.import_name,
                "package_dir": case.package_dir,
                "build_backend": pyproject.get("build-system", {}).get("build-backend"),
                "source_logged": False,
                "path_dependency": "../fixture-helper" if case.path_helper else None,
                "workspace_members": ["packages/ws-member"] if case.workspace_member else [],
            },
            "model_class": "uv_audit_fixture_model.EchoModel"
            if case.model == "echo"
            else f"{case.import_name}.model.PackageModel",
            "pickled": "by value" if case.by_value else "by reference",
            "code_paths": ["uv_audit_fixture_model.py"] if case.model == "echo" else case.code_paths,
            "logged_with": f"mlflow.pyfunc.log_model, MLflow {result['mlflow_version']}",
            "uv_export_command": result["export_commands"][0] if result["export_commands"] else None,
        }
    gen.timings["build, lock and log the models"] = time.monotonic() - t

    t = time.monotonic()
    outcomes: dict[str, dict] = {}
    for case in CASES:
        model = gen.workdir / "models" / case.name
        copy_model(OUT / case.name, model)
        procs = ["uv-sync", "uv-sync-no-install-project"] if (model / "uv.lock").exists() else ["uv-pip-requirements"]
        outcomes[case.name] = {}
        for pname in procs:
            proc = PROCEDURES[pname]
            res = gen.restore(case.name, model, proc)
            log(
                f"{case.name:30s} {pname:28s} restored={res['restored']} loaded={res['loaded']} {res['error'] or (res['load'] or {}).get('error') or ''}"
            )
            outcomes[case.name][pname] = res
    gen.timings["restore with uv and load"] = time.monotonic() - t

    t = time.monotonic()
    for case in CASES:
        model = gen.workdir / "models" / case.name
        for pname, res in outcomes[case.name].items():
            if args.quick:
                res["mlflow_prepare_env"] = None
                continue
            checks = [gen.prepare_env(case.name, model, v) for v in PROCEDURES[pname].cross_check]
            for c in checks:
                c["agrees"] = c["restored"] == res["restored"] and c["loaded"] == res["loaded"]
                if not c["agrees"]:
                    log(f"DISAGREES: {case.name} {pname} vs MLflow {c['mlflow_version']}: {c}")
            res["mlflow_prepare_env"] = checks
    gen.timings["cross-check with mlflow models prepare-env"] = time.monotonic() - t

    t = time.monotonic()
    if not args.quick:
        versions = facts.observe_versions(gen, CASE_BY_NAME["virtual-project"], projects["virtual-project"], list(VERSIONS))
        (OUT / "mlflow_versions.json").write_text(json.dumps(versions, indent=2) + "\n")
    gen.timings["observe every MLflow version"] = time.monotonic() - t

    doc = {
        "generator": "scripts/gen_restore_fixtures.py",
        "regenerate": "python scripts/gen_restore_fixtures.py",
        "logging_mlflow_version": LOGGING_MLFLOW,
        "uv_version": gen.versions["uv"],
        "python_version": gen.versions["python"],
        "cloudpickle_version": gen.versions["cloudpickle"],
        "exclude_newer": gf.EXCLUDE_NEWER,
        "procedures": {
            k: {"mlflow_versions": p.mlflow, "uv_args": p.sync_args, "cross_checked_with": list(p.cross_check)}
            for k, p in PROCEDURES.items()
        },
        "fields": {
            "restored": "every command of the procedure exited 0",
            "exit_code": "exit code of the last command run",
            "error": "uv's `error:` line of the failing command, paths as <env>",
            "missing_packages": "failed restore: the packages uv's error names; restored: the "
            "locked packages with a local source (project, workspace member, path dependency) "
            "that are not installed in the environment",
            "load": "mlflow.pyfunc.load_model + predict in the restored environment "
            "(python -I, empty cwd): ok, the exception's first line, the missing module",
            "mlflow_prepare_env": "the same model through the real `mlflow models prepare-env "
            "--env-manager uv` of that MLflow version; agrees = same restored and loaded",
        },
        "fixtures": {name: {**cases[name], "outcomes": outcomes[name]} for name in cases},
    }
    (OUT / "outcomes.json").write_text(json.dumps(doc, indent=2) + "\n")
    log(f"wrote {(OUT / 'outcomes.json').relative_to(REPO)}" + ("" if args.quick else " and mlflow_versions.json"))
    total = sum(gf.dir_size(OUT / c.name) for c in CASES)
    log(f"fixture models: {total:,d} bytes")
    for k, v in gen.timings.items():
        log(f"{v:7.1f} s  {k}")
    log(f"{time.monotonic() - start:7.1f} s  total")
    if not args.keep_workdir:
        shutil.rmtree(args.workdir)
    return 0


CASE_BY_NAME = {c.name: c for c in CASES}

if __name__ == "__main__":
    sys.exit(main())
