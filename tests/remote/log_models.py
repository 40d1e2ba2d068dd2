"""Log real pyfunc models into a running MLflow tracking server (used by tests/remote/conftest.py).

Usage: ``python log_models.py PLAN.json`` where PLAN is

    {"tracking_uri": "http://127.0.0.1:PORT", "result": "OUT.json", "code_path": ".../uv_audit_fixture_model.py",
     "models": [{"key": "clean", "project": "/tmp/.../clean", "experiment": "remote-a",
                 "action": "pyfunc_log_model" | "pyfunc_save_log_artifacts",
                 "weights": "/tmp/.../weights.bin" | null, "log_dicts": {"eval/metrics.json": {...}} | null,
                 "register": [{"name": "clean-model", "aliases": ["champion"]}, ...]}]}

It follows scripts/gen_fixtures.py and scripts/fixture_projects/log_model.py: the working directory
is set to each uv project before logging, so MLflow 3 auto-detects it, runs its real
``uv export --frozen`` and copies uv.lock, pyproject.toml and .python-version. ``weights`` is logged
through ``artifacts=`` (it lands in ``<model>/artifacts/``, where real weights live) so the tests can
prove the auditor never downloads it. Runs in its own process so MLflow's global state (tracking URI,
active run) never touches the test process.
"""

import json
import os
import sys
import tempfile


def main() -> None:
    with open(sys.argv[1]) as f:
        plan = json.load(f)

    import mlflow
    from mlflow import MlflowClient

    mlflow.set_tracking_uri(plan["tracking_uri"])
    client = MlflowClient(plan["tracking_uri"])
    sys.path.insert(0, os.path.dirname(os.path.abspath(plan["code_path"])))
    from uv_audit_fixture_model import EchoModel

    results = {}
    for spec in plan["models"]:
        os.chdir(spec["project"])
        mlflow.set_experiment(spec["experiment"])
        artifacts = {"weights": spec["weights"]} if spec.get("weights") else None
        with mlflow.start_run(run_name=spec["key"]) as run:
            out = {"run_id": run.info.run_id, "experiment_id": run.info.experiment_id}
            for artifact_file, obj in (spec.get("log_dicts") or {}).items():
                mlflow.log_dict(obj, artifact_file)
            if spec["action"] == "pyfunc_log_model":
                info = mlflow.pyfunc.log_model(
                    name="model", python_model=EchoModel(), code_paths=[plan["code_path"]], artifacts=artifacts
                )
                out["model_id"] = info.model_id
                source = f"models:/{info.model_id}"
            elif spec["action"] == "pyfunc_save_log_artifacts":
                with tempfile.TemporaryDirectory() as tmp:
                    local = os.path.join(tmp, "model")
                    mlflow.pyfunc.save_model(
                        path=local, python_model=EchoModel(), code_paths=[plan["code_path"]], artifacts=artifacts
                    )
                    mlflow.log_artifacts(local, artifact_path="model")
                out["model_id"] = None
                source = f"runs:/{run.info.run_id}/model"
            else:
                raise SystemExit(f"unknown action {spec['action']!r}")
        out["versions"] = {}
        for registration in spec.get("register", []):
            version = mlflow.register_model(source, registration["name"]).version
            for alias in registration.get("aliases", []):
                client.set_registered_model_alias(registration["name"], alias, version)
            out["versions"][registration["name"]] = str(version)
        results[spec["key"]] = out
    with open(plan["result"], "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
