"""Log one model with real MLflow; run by scripts/gen_fixtures.py inside its tool venv.

Usage: ``<tool-venv>/bin/python log_model.py CONFIG.json`` with the *project directory as the
current working directory* (MLflow 3.17.2 auto-detects the uv project from ``Path.cwd()``).
The config is a JSON object:

    tracking_uri   MLflow tracking URI (a local ``file://`` store)
    experiment     experiment name
    run_id         resume this run instead of starting a new one (optional)
    run_name       name of a new run (optional)
    action         "pyfunc_log_model"        mlflow.pyfunc.log_model(name=...)
                   "pyfunc_save_log_artifacts" mlflow.pyfunc.save_model() to a temp dir, then
                                             mlflow.log_artifacts(dir, artifact_path=name), i.e.
                                             the model lands in the run's own artifacts
                   "sklearn_log_model"       mlflow.sklearn.log_model() of a tiny LinearRegression
    name           model name / artifact path
    uv_groups, uv_extras   passed to the pyfunc API when not null
    code_path      path of uv_audit_fixture_model.py (logged with code_paths)
    log_dicts      {artifact_file: object} logged with mlflow.log_dict (optional)
    result         where to write the result JSON

Nothing here decides what MLflow writes: the script only calls the public API and reports
what happened (which uv was on PATH, the exact ``uv export`` command MLflow ran, warnings).
"""

import json
import logging
import os
import shutil
import sys
import tempfile
from urllib.parse import unquote, urlparse


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(
            {
                "logger": record.name,
                "level": record.levelname,
                "message": record.getMessage(),
            }
        )


def _uri_to_path(uri):
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file"):
        raise SystemExit(f"not a local artifact URI: {uri}")
    return unquote(parsed.path)


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)

    import mlflow

    capture = _Capture()
    for name in ("mlflow.utils.uv_utils", "mlflow.utils.environment", "mlflow.pyfunc"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG)
        logger.addHandler(capture)

    mlflow.set_tracking_uri(cfg["tracking_uri"])
    mlflow.set_experiment(cfg["experiment"])

    code_dir = os.path.dirname(os.path.abspath(cfg["code_path"]))
    sys.path.insert(0, code_dir)
    from uv_audit_fixture_model import EchoModel

    uv_kwargs = {}
    if cfg.get("uv_groups") is not None:
        uv_kwargs["uv_groups"] = cfg["uv_groups"]
    if cfg.get("uv_extras") is not None:
        uv_kwargs["uv_extras"] = cfg["uv_extras"]

    action = cfg["action"]
    name = cfg["name"]
    result = {
        "cwd": os.getcwd(),
        "python_executable": sys.executable,
        "python_version": ".".join(map(str, sys.version_info[:3])),
        "mlflow_version": mlflow.__version__,
        "uv_on_path": shutil.which("uv"),
        "action": action,
        "name": name,
        "uv_kwargs": uv_kwargs,
    }
    import cloudpickle

    result["cloudpickle_version"] = cloudpickle.__version__

    start_kwargs = {"run_id": cfg["run_id"]} if cfg.get("run_id") else {}
    if not start_kwargs and cfg.get("run_name"):
        start_kwargs["run_name"] = cfg["run_name"]

    with mlflow.start_run(**start_kwargs) as run:
        result["run_id"] = run.info.run_id
        result["experiment_id"] = run.info.experiment_id
        for artifact_file, obj in (cfg.get("log_dicts") or {}).items():
            mlflow.log_dict(obj, artifact_file)

        if action == "pyfunc_log_model":
            info = mlflow.pyfunc.log_model(
                name=name,
                python_model=EchoModel(),
                code_paths=[cfg["code_path"]],
                **uv_kwargs,
            )
            result["model_id"] = info.model_id
            result["model_uri"] = info.model_uri
            logged = mlflow.get_logged_model(info.model_id)
            result["artifact_dir"] = _uri_to_path(logged.artifact_location)
        elif action == "pyfunc_save_log_artifacts":
            with tempfile.TemporaryDirectory() as tmp:
                local = os.path.join(tmp, name)
                mlflow.pyfunc.save_model(
                    path=local,
                    python_model=EchoModel(),
                    code_paths=[cfg["code_path"]],
                    **uv_kwargs,
                )
                mlflow.log_artifacts(local, artifact_path=name)
            result["model_id"] = None
            result["model_uri"] = f"runs:/{run.info.run_id}/{name}"
            result["artifact_dir"] = _uri_to_path(mlflow.get_artifact_uri(name))
        elif action == "sklearn_log_model":
            import sklearn
            from sklearn.linear_model import LinearRegression

            result["sklearn_version"] = sklearn.__version__
            model = LinearRegression().fit([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0])
            info = mlflow.sklearn.log_model(sk_model=model, name=name)
            result["model_id"] = info.model_id
            result["model_uri"] = info.model_uri
            logged = mlflow.get_logged_model(info.model_id)
            result["artifact_dir"] = _uri_to_path(logged.artifact_location)
        else:
            raise SystemExit(f"unknown action {action!r}")

    result["log"] = capture.records
    commands = [
        r["message"].split(": ", 1)[1] for r in capture.records if r["message"].startswith("Running uv export: ")
    ]
    result["uv_export_commands"] = commands
    with open(cfg["result"], "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
