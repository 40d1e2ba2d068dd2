"""Audit models where they live: MLflow `runs:/` and `models:/` URIs, experiments, registered models.

This package is the only place that talks to an MLflow tracking server, and only through MLflow's
own client (the optional `mlflow` extra). It turns each remote target into a discover-compatible
`Candidate`: the uv and MLflow metadata files (never the weights) are downloaded one by one into a
private temporary directory, and the candidate's `display` is the URI, so findings name the URI and
the file (`models:/fraud@champion/uv.lock`), never the temporary path. The directories are removed
when the `remote_targets` context exits.

This module imports nothing from MLflow: a run without MLflow arguments never loads it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from auditor.discover import Candidate
from auditor.errors import UsageError
from auditor.options import Options

SCHEMES = ("runs:/", "models:/")
INSTALL_HINT = 'pip install "uv-mlflow-audit[mlflow]"'


def is_remote_uri(path: str) -> bool:
    """True for a PATH argument that names an MLflow model rather than a directory."""
    return path.startswith(SCHEMES)


class RemoteTargets:
    """What the remote side contributes to a run (a plain class: `dataclasses` is not imported
    on an ordinary audit)."""

    def __init__(
        self, local_paths: tuple[str, ...], candidates: list[Candidate] | None = None, errors: list[str] | None = None
    ) -> None:
        self.local_paths = local_paths
        """The PATH arguments that are not MLflow URIs (left to `discover`)."""
        self.candidates: list[Candidate] = [] if candidates is None else candidates
        self.errors: list[str] = [] if errors is None else errors
        """One line per target that could not be fetched (already written to stderr)."""

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def mlflow_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("mlflow") is not None
    except (ImportError, ValueError):
        return False


@contextmanager
def remote_targets(paths: Sequence[str], options: Options) -> Iterator[RemoteTargets]:
    """Fetch every remote target named by `paths` (URIs) and by the options' MLflow selectors;
    the temporary directories live until the context exits. Without any, yields the paths
    unchanged and never imports MLflow."""
    uris = [p for p in paths if is_remote_uri(p)]
    local = tuple(p for p in paths if not is_remote_uri(p))
    if options.alias is not None and not options.registered_models:
        raise UsageError("--alias needs --registered-models")
    if not uris and not options.selects_remote:
        yield RemoteTargets(local)
        return
    what = uris[0] if uris else ("--experiment" if options.experiments else "--registered-models")
    if not mlflow_available():
        raise UsageError(f"{what} needs the MLflow client: {INSTALL_HINT}")
    try:
        from auditor.remote.fetch import fetch_all
    except ImportError as exc:
        raise UsageError(f"{what} needs the MLflow client, which cannot be imported ({exc}): {INSTALL_HINT}") from None

    with fetch_all(uris, options) as (candidates, errors):
        yield RemoteTargets(local, candidates, errors)
