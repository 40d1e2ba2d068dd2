"""The options of an audit, one type for the command line and the Python API.

`Options` extends the configuration layer (`config.Overrides`: the keys `[tool.uv-audit]` also
accepts) with what only a run decides: limits for hostile input, parallelism, and the MLflow
tracking-server selectors. `None` means "not given" for every configuration key.
"""

from __future__ import annotations

from auditor.config import Overrides
from auditor.frozen import frozen

DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
"""8 times the largest real uv.lock seen (2 MB); a 20 MB requirements.txt already takes 38 s and 1.1 GB
to parse, so a bigger file is refused (UVA004) unless --max-file-size allows it."""
DEFAULT_MAX_DEPTH = 64
"""How deep discovery searches below each PATH."""
DEFAULT_MAX_RESULTS = 100
"""Models (and runs) per --experiment, and registered models, fetched from a tracking server."""


@frozen
class Options(Overrides):
    isolated: bool = False
    """Ignore every `[tool.uv-audit]` and inline ignore in the audited files: a gate that the
    audited files cannot switch off."""
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_depth: int = DEFAULT_MAX_DEPTH
    jobs: int | None = None
    """Worker processes for many targets (None: one per CPU, only for large stores)."""
    progress: bool | None = None
    """A progress bar on stderr (None: on a terminal, for many targets)."""
    tracking_uri: str | None = None
    """MLflow tracking server for runs:/ and models:/ (None: $MLFLOW_TRACKING_URI)."""
    experiments: tuple[str, ...] = ()
    max_results: int = DEFAULT_MAX_RESULTS
    registered_models: bool = False
    alias: str | None = None

    @property
    def selects_remote(self) -> bool:
        """Whether --experiment or --registered-models name models on a tracking server."""
        return bool(self.experiments) or self.registered_models
