"""How MLflow writes a model's `conda.yaml` and `python_env.yaml` (read from MLflow 3.17.2's
`mlflow/utils/environment.py`; 3.11 to 3.18 write them the same way).

- conda.yaml: `_mlflow_conda_env` builds `{"name": "mlflow-env", "channels": ["conda-forge"],
  "dependencies": ["python=<PYTHON_VERSION>", "pip<=<pip version>", {"pip": [<the
  requirements.txt lines>]}]}` and the pyfunc flavour writes it with
  `yaml.safe_dump(env, stream=f, default_flow_style=False)`: keys sorted, block style, PyYAML's
  default width of 80 (a long marker wraps onto a continuation line), sequences not indented
  below their key. The pip list holds the same lines as requirements.txt (`--extra-index-url`
  lines included), in the same order, without comments.
- python_env.yaml: `_PythonEnv.to_yaml` writes `{"python": ..., "build_dependencies": [...],
  "dependencies": ["-r requirements.txt"]}` (empty values left out) with
  `yaml.safe_dump(data, f, sort_keys=False, default_flow_style=False)`.
- `python` is `mlflow.utils.PYTHON_VERSION`, the logging interpreter's `major.minor.micro`.
"""

from __future__ import annotations

from typing import Any

PYFUNC_FLAVOR = "python_function"
"""The flavour whose models carry uv files (only `mlflow.pyfunc` copies them)."""
PYFUNC_PICKLER = "cloudpickle"
"""`mlflow.pyfunc.model.get_default_pip_requirements()`: `cloudpickle==<installed>`, also recorded
as the flavour's `cloudpickle_version` in MLmodel."""
CONDA_PYTHON_PREFIX = "python="
"""conda.yaml's interpreter entry: `python=3.11.7`."""
PIP_KEY = "pip"
"""The mapping in conda.yaml's `dependencies` that holds the pip list."""


def conda_python(version: str) -> str:
    """conda.yaml's dependency entry for the logging interpreter."""
    return f"{CONDA_PYTHON_PREFIX}{version}"


def dump_conda(env: Any) -> str:
    """conda.yaml as MLflow serialises it."""
    import yaml

    return str(yaml.safe_dump(env, default_flow_style=False))


def dump_python_env(data: Any) -> str:
    """python_env.yaml as MLflow serialises it."""
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, default_flow_style=False))
