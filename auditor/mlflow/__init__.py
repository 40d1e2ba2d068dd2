"""MLflow's behaviour with uv projects, in one place, keyed by MLflow version (STYLE.md 13).

- `versions`: per release range, the `uv export` MLflow runs when logging and the `uv sync` it
  runs when restoring (`behaviour(version)`).
- `export`: MLflow's export selection and command line.
- `rewrite`: how MLflow turns that export into requirements.txt.
- `packages`: the packages MLflow adds by itself.
- `serving`: which MLflow restores a target, and why (SPEC §2).

The export package (`auditor.export`) is a port of uv and knows nothing of MLflow.
"""

from __future__ import annotations

from auditor.mlflow.export import export_command, export_selection, exported_groups, with_export_flags
from auditor.mlflow.packages import MLFLOW_NAMES, PYPI_URLS, RUNTIME
from auditor.mlflow.rewrite import (
    index_urls,
    locked_mlflow,
    locked_version,
    mlflow_lines,
    render_mlflow,
    requirements_txt,
)
from auditor.mlflow.serving import Serving, serving
from auditor.mlflow.versions import KNOWN, NEWEST, WITHOUT_LOCK, Behaviour, behaviour

__all__ = [
    "KNOWN",
    "MLFLOW_NAMES",
    "NEWEST",
    "PYPI_URLS",
    "RUNTIME",
    "WITHOUT_LOCK",
    "Behaviour",
    "Serving",
    "behaviour",
    "export_command",
    "export_selection",
    "exported_groups",
    "index_urls",
    "locked_mlflow",
    "locked_version",
    "mlflow_lines",
    "render_mlflow",
    "requirements_txt",
    "serving",
    "with_export_flags",
]
