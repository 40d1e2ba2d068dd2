"""The packages MLflow itself puts into a model's requirements.txt (SPEC §1)."""

from __future__ import annotations

MLFLOW_NAMES = ("mlflow", "mlflow-skinny", "mlflow-tracing")
"""The distributions that provide MLflow: when the export names none of them, MLflow adds
`mlflow==<running version>` as the first line."""

RUNTIME = frozenset((*MLFLOW_NAMES, "cloudpickle"))
"""Everything MLflow adds by itself: an MLflow line and `cloudpickle==<installed>`."""

PYPI_URLS = frozenset(
    (
        "https://pypi.org/simple",
        "https://pypi.org/simple/",
        "https://pypi.python.org/simple",
        "https://pypi.python.org/simple/",
    )
)
"""Index URLs MLflow treats as PyPI (no `--extra-index-url` line is written for them)."""
