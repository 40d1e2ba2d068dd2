"""What each MLflow version does with a uv project, observed by running its own code.

Used by scripts/gen_restore_fixtures.py (``observe_versions``) to write
tests/fixtures/restore/mlflow_versions.json. For every version in ``VERSIONS`` it:

* logs a model from the virtual-project fixture project with that version's
  ``mlflow.pyfunc.log_model`` (its modules imported over the tool venv's dependencies) and records
  the ``uv export`` command it logged and the files it wrote;
* runs that version's ``mlflow models prepare-env --env-manager uv`` on the model and records the
  ``uv sync`` command it logged and the files it copied into the environment directory;
* runs prepare-env once more with no ``uv`` on PATH (what happens when uv is missing);
* finds the source lines each fact rests on in that version's files (``ANCHORS``).

Versions whose facts are equal are merged into one range.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

ANCHORS: list[tuple[str, str, str]] = [
    ("detect_uv_project", "mlflow/utils/uv_utils.py", "if uv_lock_path.exists() and pyproject_path.exists():"),
    ("min_uv_version", "mlflow/utils/uv_utils.py", "_MIN_UV_VERSION = "),
    ("export_command", "mlflow/utils/uv_utils.py", 'cmd = [uv_bin, "export"]'),
    ("export_groups", "mlflow/utils/uv_utils.py", 'cmd.extend(["--group", group])'),
    ("export_extras", "mlflow/utils/uv_utils.py", 'cmd.extend(["--extra", extra])'),
    ("export_fixed_flags", "mlflow/utils/uv_utils.py", '"--no-emit-project"'),
    ("export_fallback", "mlflow/utils/uv_utils.py", "Falling back to pip-based inference."),
    ("copy_uv_files", "mlflow/utils/uv_utils.py", "shutil.copy2(uv_project.uv_lock, dest_dir / _UV_LOCK_FILE)"),
    (
        "copy_python_version",
        "mlflow/utils/uv_utils.py",
        "shutil.copy2(python_version_src, dest_dir / _PYTHON_VERSION_FILE)",
    ),
    ("index_url_regex", "mlflow/utils/uv_utils.py", "registry_pattern = "),
    ("index_urls_prepended", "mlflow/utils/environment.py", 'index_url_reqs = [f"--extra-index-url {url}"'),
    ("uv_groups_parameter", "mlflow/pyfunc/__init__.py", "uv_groups: list[str] | None = None"),
    ("union_sorted", "mlflow/pyfunc/model.py", "default_reqs = sorted(set(inferred_reqs).union(default_reqs))"),
    ("cloudpickle_added", "mlflow/pyfunc/model.py", 'return [_get_pinned_requirement("cloudpickle")]'),
    ("mlflow_pin_inserted", "mlflow/utils/environment.py", "pip_reqs.insert(0, _generate_mlflow_version_pinning())"),
    ("mlflow_names", "mlflow/utils/environment.py", '"mlflow-tracing",'),
    ("deduplicate", "mlflow/utils/environment.py", "def _deduplicate_requirements"),
    ("dedup_local_label", "mlflow/utils/environment.py", "_strip_local_version_label(existing_specs[0].version)"),
    (
        "write_requirements",
        "mlflow/pyfunc/model.py",
        'write_to(os.path.join(path, _REQUIREMENTS_FILE_NAME), "\\n".join(pip_requirements))',
    ),
    ("copy_call", "mlflow/pyfunc/model.py", "copy_uv_project_files(dest_dir=path, source_dir=uv_source_dir)"),
    ("env_manager_cli_default", "mlflow/utils/cli_args.py", "default=_EnvManager.VIRTUALENV,"),
    ("uv_venv", "mlflow/utils/virtualenv.py", 'return ["uv", "venv", str(env_dir), f"--python={python_version}"]'),
    (
        "restore_uses_uv_sync",
        "mlflow/utils/virtualenv.py",
        "if env_manager == em.UV and has_uv_lock_artifact(local_model_path):",
    ),
    ("uv_sync_failure_raises", "mlflow/utils/virtualenv.py", '"Failed to restore model environment using uv sync.'),
    ("pip_procedure", "mlflow/utils/virtualenv.py", 'install_deps_cmd_prefix = "uv pip install"'),
    (
        "pip_procedure_command",
        "mlflow/utils/virtualenv.py",
        'activate_cmd, f"{install_deps_cmd_prefix} -r {tmp_req_file}"',
    ),
    ("setup_copies_lock", "mlflow/utils/uv_utils.py", "shutil.copy2(uv_lock_artifact, env_dir / _UV_LOCK_FILE)"),
    (
        "setup_copies_pyproject",
        "mlflow/utils/uv_utils.py",
        "shutil.copy2(pyproject_artifact, env_dir / _PYPROJECT_FILE)",
    ),
    ("setup_minimal_pyproject", "mlflow/utils/uv_utils.py", "create_uv_sync_pyproject(env_dir, python_version)"),
    (
        "setup_copies_python_version",
        "mlflow/utils/uv_utils.py",
        "shutil.copy2(python_version_artifact, env_dir / _PYTHON_VERSION_FILE)",
    ),
    ("sync_command", "mlflow/utils/uv_utils.py", 'cmd = [uv_bin, "sync"'),
    ("sync_environment", "mlflow/utils/uv_utils.py", '"UV_PROJECT_ENVIRONMENT": str(project_dir)'),
    ("uv_auto_detect_variable", "mlflow/environment_variables.py", "MLFLOW_UV_AUTO_DETECT = "),
    ("log_uv_files_variable", "mlflow/environment_variables.py", "MLFLOW_LOG_UV_FILES = "),
]


def cite(root: Path, relpath: str, anchor: str) -> str | None:
    """`path:line` of the first line holding `anchor` in that version's file, None if absent."""
    f = root / relpath
    if not f.exists():
        return None
    for i, line in enumerate(f.read_text().splitlines(), 1):
        if anchor in line:
            return f"{relpath}:{i}"
    return None


def source_line(root: Path, cited: str | None) -> str | None:
    if cited is None:
        return None
    path, line = cited.rsplit(":", 1)
    return (root / path).read_text().splitlines()[int(line) - 1].strip()


def uv_variables(root: Path) -> list[str]:
    text = (root / "mlflow/environment_variables.py").read_text()
    return sorted(set(re.findall(r"^(MLFLOW_\w*UV\w*) = ", text, re.M)))


def observe_versions(gen: Any, case: Any, pdir: Path, versions: list[str]) -> dict[str, Any]:
    per_version: dict[str, dict[str, Any]] = {}
    for version in versions:
        mp = gen.mlflow_path(version)
        root = Path(mp) if mp else installed_root(gen.py)
        result = gen.log_model(case, pdir, mp, f"version-{version}")
        if result["mlflow_version"] != version:
            raise SystemExit(f"logged with {result['mlflow_version']}, wanted {version}")
        model = gen.workdir / "models" / f"version-{version}"
        shutil.copytree(result["artifact_dir"], model)
        reqs = (model / "requirements.txt").read_text().split("\n")
        pe = gen.prepare_env(f"version-{version}", model, version)
        env_root = gen.workdir / "prepare" / f"version-{version}--{version}"
        envs = sorted(env_root.glob("mlflow-*"))
        copied = sorted(f for f in ("uv.lock", "pyproject.toml", ".python-version") if envs and (envs[0] / f).exists())
        no_uv = no_uv_prepare_env(gen, model, version, mp)
        cites = {key: cite(root, path, anchor) for key, path, anchor in ANCHORS}
        sync = pe["uv_sync_commands"][0] if pe["uv_sync_commands"] else None
        per_version[version] = {
            "behaviour": {
                "export_argv": result["export_commands"][0].split(" ") if result["export_commands"] else None,
                "export_groups_extras": "`--group G` per uv_groups=, then `--extra E` per uv_extras= "
                "(log_model/save_model parameters), inserted before the fixed flags"
                if cites["export_groups"] and cites["uv_groups_parameter"]
                else None,
                "uv_environment_variables": uv_variables(root),
                "files_logged": sorted(p.name for p in model.iterdir()),
                "requirements_first_line": reqs[0],
                "requirements_sorted_as_strings": reqs[1:] == sorted(reqs[1:]) or reqs == sorted(reqs),
                "requirements_trailing_newline": (model / "requirements.txt").read_text().endswith("\n"),
                "added_packages": added_packages(cites),
                "duplicate_requirements": "lines naming the same package with the same marker are merged "
                "(_deduplicate_requirements: extras unioned, specifiers joined after a pip dry-run "
                "check); "
                + (
                    "a `==X+local` pin meeting `==X` keeps the pin without the local label"
                    if cites["dedup_local_label"]
                    else "a `==X+local` pin meeting `==X` goes to the pip dry-run check, which fails unless pip finds that local build"
                ),
                "requirement_rewriting": "each line through packaging's Requirement (str(Requirement(line)): "
                "markers double-quoted, specifiers normalised); lines that are not PEP 508 "
                "(`--extra-index-url URL`, `-e PATH`) kept verbatim",
                "index_urls": "every non-PyPI `source = { registry = URL }` of uv.lock (regex), "
                "sorted, becomes a `--extra-index-url URL` line, prepended to the exported lines "
                "(then sorted with them)"
                if cites["index_urls_prepended"]
                else "none: uv export omits index URLs and MLflow adds none",
                "restore_argv": sync.split(" ") if sync else None,
                "restore_installs_project": bool(sync) and "--no-install-project" not in sync,
                "restore_env": {"UV_PROJECT_ENVIRONMENT": "<env dir>"} if cites["sync_environment"] else {},
                "restore_cwd": "<env dir> (the venv that `uv venv <env dir> --python=<python_env.yaml python>` made)",
                "copied_into_env": copied,
                "minimal_pyproject_when_missing": cites["setup_minimal_pyproject"] is not None,
                "restore_without_uv_lock": "uv pip install -r requirements.<uuid>.txt (python_env.yaml "
                "build_dependencies, then `-r requirements.txt`), from a directory of symlinks to the "
                "model files"
                if cites["pip_procedure"]
                else None,
                "uv_sync_failure": "MlflowException, no pip fallback" if cites["uv_sync_failure_raises"] else None,
                "restore_without_uv_on_path": no_uv,
                "cli_env_manager_default": "virtualenv (uv.lock is used only with --env-manager uv)"
                if cites["env_manager_cli_default"]
                else None,
            },
            "sources": {k: v for k, v in cites.items() if v},
            "source_lines": {k: source_line(root, v) for k, v in cites.items() if v},
        }
        print(
            f"[gen_restore_fixtures] MLflow {version}: export {' '.join(per_version[version]['behaviour']['export_argv'] or [])!r}, restore {sync!r}",
            flush=True,
        )
    return merge_ranges(per_version)


def added_packages(cites: dict[str, str | None]) -> list[str]:
    out = []
    if cites["mlflow_pin_inserted"]:
        out.append(
            "mlflow==<logging version> as the first line, unless a line names mlflow, mlflow-skinny or mlflow-tracing"
        )
    if cites["cloudpickle_added"]:
        out.append("cloudpickle==<installed version> (pyfunc's default requirement, unioned before sorting)")
    return out


def installed_root(py: Path) -> Path:
    out = subprocess.run(
        [py, "-c", "import mlflow, os; print(os.path.dirname(os.path.dirname(mlflow.__file__)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


def no_uv_prepare_env(gen: Any, model: Path, version: str, mp: str | None) -> dict[str, Any]:
    root = gen.workdir / "prepare" / f"no-uv-{version}"
    root.mkdir()
    cmd = [gen.py, gen.tools / "restore_probe.py", "prepare-env", model] + ([mp] if mp else [])
    env = gen.env(MLFLOW_ENV_ROOT=str(root))
    env["PATH"] = env["PATH"].split(":", 1)[1]  # drop the directory holding only uv
    if shutil.which("uv", path=env["PATH"]):
        raise SystemExit("uv is still on PATH")
    p = subprocess.run([str(c) for c in cmd], cwd=gen.workdir / "empty", env=env, capture_output=True, text=True)
    res = json.loads(p.stdout.strip().splitlines()[-1])
    return {
        "exit_code": res["exit_code"],
        "error": res["error"],
        "falls_back_to_pip": False if res["exit_code"] else None,
    }


def merge_ranges(per_version: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ranges: list[dict[str, Any]] = []
    for version, data in per_version.items():
        if ranges and ranges[-1]["behaviour"] == data["behaviour"]:
            ranges[-1]["versions"].append(version)
            ranges[-1]["sources_by_version"][version] = data["sources"]
            continue
        ranges.append(
            {
                "versions": [version],
                "behaviour": data["behaviour"],
                "sources_by_version": {version: data["sources"]},
                "source_lines": data["source_lines"],
            }
        )
    for r in ranges:
        first, last = r["versions"][0], r["versions"][-1]
        r["range"] = f">={'.'.join(first.split('.')[:2])}" + ("" if r is ranges[-1] else f",<{next_minor(last)}")
    return {
        "generator": "scripts/gen_restore_fixtures.py (scripts/fixture_projects/restore_facts.py)",
        "observed_with": "each version's own mlflow.pyfunc.log_model and `mlflow models prepare-env "
        "--env-manager uv`, its modules imported over mlflow 3.17.2's dependencies, uv 0.13.9",
        "newer_versions": "an MLflow newer than the last range behaves like the last range",
        "ranges": [{"range": r.pop("range"), **r} for r in ranges],
    }


def next_minor(version: str) -> str:
    major, minor = version.split(".")[:2]
    return f"{major}.{int(minor) + 1}"
