"""Which MLflow restores a target (SPEC §2): `--serving-mlflow`, else `[tool.uv-audit]
serving-mlflow`, else MLmodel's `mlflow_version` (the MLflow that logged it), else the MLflow that
uv.lock locks, else the newest release whose behaviour is known. Messages say which and why."""

from __future__ import annotations

from auditor.config import Config
from auditor.frozen import frozen
from auditor.mlflow.rewrite import locked_mlflow
from auditor.mlflow.versions import NEWEST_READ, Behaviour, behaviour, is_unknown
from auditor.target import Target

_SOURCES = {"cli": "from --serving-mlflow", "pyproject": "from [tool.uv-audit] serving-mlflow"}


@frozen
class Serving:
    version: str
    """The MLflow release assumed to restore the model."""
    source: str
    """Why: `from MLmodel's mlflow_version`, `from --serving-mlflow`, ..."""
    behaviour: Behaviour

    def describe(self) -> str:
        """`restored as MLflow 3.17.2 does: uv sync --frozen --no-dev, from MLmodel's mlflow_version`."""
        newer = f", assumed to behave like {NEWEST_READ}, the newest known" if is_unknown(self.version) else ""
        return f"restored as MLflow {self.version} does: {self.behaviour.restore_command}, {self.source}{newer}"


def serving(target: Target, config: Config) -> Serving:
    if config.serving_mlflow:
        version, source = config.serving_mlflow, _SOURCES.get(config.serving_source, "from the configuration")
    elif target.mlmodel is not None and target.mlmodel.mlflow_version:
        version, source = target.mlmodel.mlflow_version, "from MLmodel's mlflow_version"
    elif target.lock is not None and locked_mlflow(target.lock):
        version, source = str(locked_mlflow(target.lock)), "from the MLflow uv.lock locks"
    else:
        version, source = NEWEST_READ, "the newest MLflow whose behaviour is known"
    return Serving(version, source, behaviour(version))
