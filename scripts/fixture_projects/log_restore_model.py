"""Log one pyfunc model with real MLflow; run by scripts/gen_restore_fixtures.py in its tool venv.

Usage: ``<python> log_restore_model.py CONFIG.json`` with the *project directory as the current
working directory* (MLflow auto-detects the uv project from ``Path.cwd()``). CONFIG keys:

    tracking_uri      a local ``file://`` store
    experiment, run_name, name
    mlflow_path       prepend this directory to sys.path before importing mlflow (an unpacked
                      MLflow wheel, to run another version's code on the installed dependencies);
                      null = the installed MLflow
    sys_path          directories prepended to sys.path before the model class is imported (the
                      project's ``src/`` stands for the project installed in the logging venv)
    model_class       "module:Class" of the PythonModel to log (pickled by cloudpickle)
    by_value_modules  modules passed to cloudpickle.register_pickle_by_value first (optional)
    code_paths        passed to log_model (paths relative to the cwd), or null
    result            where to write the result JSON

The script only calls MLflow's public API and reports what happened: the artifact directory, the
exact ``uv export`` command MLflow logged, and MLflow's warnings.
"""

import importlib
import json
import logging
import os
import shutil
import sys
from urllib.parse import unquote, urlparse


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append({"logger": record.name, "level": record.levelname, "message": record.getMessage()})


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    if cfg.get("mlflow_path"):
        sys.path.insert(0, cfg["mlflow_path"])
    import warnings

    warnings.filterwarnings("ignore", message="Versions of mlflow")
    import cloudpickle
    import mlflow

    capture = _Capture()
    for name in ("mlflow.utils.uv_utils", "mlflow.utils.environment", "mlflow.pyfunc"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(capture)

    for d in reversed(cfg.get("sys_path") or []):
        sys.path.insert(0, d)
    module_name, class_name = cfg["model_class"].split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    for mod in cfg.get("by_value_modules") or []:
        cloudpickle.register_pickle_by_value(importlib.import_module(mod))

    mlflow.set_tracking_uri(cfg["tracking_uri"])
    mlflow.set_experiment(cfg["experiment"])
    kwargs = {}
    if cfg.get("code_paths") is not None:
        kwargs["code_paths"] = cfg["code_paths"]
    with mlflow.start_run(run_name=cfg.get("run_name")) as run:
        info = mlflow.pyfunc.log_model(name=cfg["name"], python_model=cls(), **kwargs)
        logged = mlflow.get_logged_model(info.model_id)
        parsed = urlparse(logged.artifact_location)
        if parsed.scheme not in ("", "file"):
            raise SystemExit(f"not a local artifact URI: {logged.artifact_location}")
    result = {
        "mlflow_version": mlflow.__version__,
        "mlflow_file": mlflow.__file__,
        "cloudpickle_version": cloudpickle.__version__,
        "python_version": ".".join(map(str, sys.version_info[:3])),
        "uv_on_path": shutil.which("uv"),
        "cwd": os.getcwd(),
        "run_id": run.info.run_id,
        "model_id": info.model_id,
        "artifact_dir": unquote(parsed.path),
        "log": capture.records,
        "uv_export_commands": [
            r["message"].split(": ", 1)[1] for r in capture.records if r["message"].startswith("Running uv export: ")
        ],
    }
    with open(cfg["result"], "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
