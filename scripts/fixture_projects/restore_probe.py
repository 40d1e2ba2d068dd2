"""Two probes used by scripts/gen_restore_fixtures.py; each prints one JSON object on its last line.

``python -I restore_probe.py load MODEL_DIR`` (run by a *restored* environment's interpreter):
    load the model with ``mlflow.pyfunc.load_model`` and call ``predict`` on a one-column frame,
    as serving would. Reports ok, or the exception as its last traceback line
    (``ModuleNotFoundError: No module named 'x'``) and the missing module's name.

``python restore_probe.py prepare-env MODEL_DIR [MLFLOW_PATH]`` (run by the tool venv):
    run ``mlflow models prepare-env -m MODEL_DIR --env-manager uv`` in-process with the MLflow
    found first on sys.path (MLFLOW_PATH, an unpacked wheel of another MLflow version, is put
    in front of the installed one), with MLflow's uv logger at DEBUG so the exact ``uv sync``
    command that version runs is recorded. MLFLOW_ENV_ROOT says where the environment goes.
"""

import json
import logging
import sys


def _missing_module(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ModuleNotFoundError):
            return exc.name
        exc = exc.__cause__ or exc.__context__
    return None


def load(model_dir):
    try:
        import mlflow.pyfunc
        import pandas as pd

        model = mlflow.pyfunc.load_model(model_dir)
        out = model.predict(pd.DataFrame({"x": [1, 2]}))
        ok = list(getattr(out, "x", out)) == [1, 2]
        return {"ok": ok, "error": None if ok else f"unexpected prediction {out!r}", "missing_module": None}
    except BaseException as exc:
        text = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return {"ok": False, "error": text, "missing_module": _missing_module(exc)}


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def prepare_env(model_dir, mlflow_path):
    if mlflow_path:
        sys.path.insert(0, mlflow_path)
    import warnings

    warnings.filterwarnings("ignore")
    import mlflow
    from mlflow.cli import cli

    capture = _Capture()
    for name in ("mlflow.utils.uv_utils", "mlflow.utils.virtualenv"):
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).addHandler(capture)
    try:
        cli.main(["models", "prepare-env", "-m", model_dir, "--env-manager", "uv"], standalone_mode=False)
        code, error = 0, None
    except SystemExit as exc:
        code, error = exc.code if isinstance(exc.code, int) else 1, None
    except BaseException as exc:
        code, error = 1, f"{type(exc).__name__}: {exc}".splitlines()[0]
    sync = [m.split(": ", 1)[1] for m in capture.messages if m.startswith("uv sync command: ")]
    return {
        "mlflow_version": mlflow.__version__,
        "exit_code": code,
        "error": error,
        "uv_sync_commands": sync,
        "used_uv_sync": any("restoring environment with uv sync" in m for m in capture.messages),
    }


def main():
    mode, model_dir = sys.argv[1], sys.argv[2]
    if mode == "load":
        result = load(model_dir)
    elif mode == "prepare-env":
        result = prepare_env(model_dir, sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    sys.stdout.flush()
    print("\n" + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
