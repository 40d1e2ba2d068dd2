"""Resolve MLflow URIs, experiments and registered models to artifact locations, through MLflow's
own client (`MlflowClient`, `mlflow.artifacts`). Nothing is downloaded here, only listed.

A `Source` pairs what the user sees (`display`: a URI they can pass back to uv-audit) with the
concrete artifact location (`mlflow-artifacts:/...`, `s3://...`, `file:///...`) that MLflow's
client downloads from. Any failure is a `RemoteError` with a one-line reason.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

import mlflow.artifacts
from mlflow import MlflowClient

from auditor.artifacts import MARKERS
from auditor.errors import UsageError
from auditor.frozen import frozen

RUN_DIR_LIMIT = 20
"""At most this many top-level directories of one run are looked into for a model."""
PAGE_SIZE = 100
"""Search page size: within every MLflow server's limit (logged models, runs, registered models)."""


class RemoteError(Exception):
    """A target that cannot be fetched; the message is one line."""


@frozen
class Source:
    display: str
    """What findings show: a URI the user can pass back to uv-audit."""
    artifact_uri: str | None
    """Where MLflow's client downloads from; None until resolved."""
    listing: tuple[Any, ...] | None = None
    """The FileInfo entries directly under artifact_uri, when already listed."""


@frozen
class ModelsUri:
    name: str | None
    version: str | None
    alias: str | None
    model_id: str | None
    subpath: str


def split_runs_uri(uri: str) -> tuple[str, str]:
    """`runs:/<run_id>/<path>` -> (run_id, path); a malformed URI is a usage error."""
    rest = uri[len("runs:/") :].strip("/")
    run_id, _, path = rest.partition("/")
    if not run_id:
        raise UsageError(f"{uri}: expected runs:/<run_id>/<artifact_path>")
    return run_id, path.strip("/")


def split_models_uri(uri: str) -> ModelsUri:
    """`models:/<name>/<version|latest|stage>`, `models:/<name>@<alias>`, `models:/<model_id>`
    (each optionally followed by `/<path>`); a malformed URI is a usage error."""
    rest = uri[len("models:/") :].strip("/")
    first, _, tail = rest.partition("/")
    if not first:
        raise UsageError(f"{uri}: expected models:/<name>/<version>, models:/<name>@<alias> or models:/<model_id>")
    if "@" in first:
        name, _, alias = first.partition("@")
        if not name or not alias:
            raise UsageError(f"{uri}: expected models:/<name>@<alias>")
        return ModelsUri(name, None, alias, None, tail)
    if not tail:
        return ModelsUri(None, None, None, first, "")
    version, _, subpath = tail.partition("/")
    return ModelsUri(first, version, None, None, subpath)


def check_uri(uri: str) -> None:
    """Raise UsageError for a URI that cannot name a model."""
    if uri.startswith("runs:/"):
        split_runs_uri(uri)
    else:
        split_models_uri(uri)


def _join(base: str, path: str) -> str:
    return posixpath.join(base.rstrip("/"), path) if path else base.rstrip("/")


def _pages(call: Any, max_results: int, **kwargs: Any) -> tuple[list[Any], bool]:
    """Items of a paged MLflow search, at most `max_results` of them, and whether more exist."""
    items: list[Any] = []
    token = None
    while True:
        page = call(max_results=min(max_results - len(items) + 1, PAGE_SIZE), page_token=token, **kwargs)
        items.extend(page)
        token = page.token
        if len(items) > max_results:
            return items[:max_results], True
        if not token:
            return items, False


def has_markers(listing: Sequence[Any]) -> bool:
    return any(not e.is_dir and posixpath.basename(e.path) in MARKERS for e in listing)


class Resolver:
    def __init__(self, tracking_uri: str) -> None:
        self.tracking_uri = tracking_uri
        self.client = MlflowClient(tracking_uri=tracking_uri)

    def listing(self, artifact_uri: str) -> tuple[Any, ...]:
        return tuple(mlflow.artifacts.list_artifacts(artifact_uri=artifact_uri, tracking_uri=self.tracking_uri))

    # ------------------------------------------------------------------ URIs

    def resolve(self, uri: str) -> list[Source]:
        """The model directories a `runs:/` or `models:/` URI names (a bare run may hold several)."""
        if uri.startswith("runs:/"):
            return self._resolve_run(uri)
        parts = split_models_uri(uri)
        if parts.model_id is not None:
            location = self.client.get_logged_model(parts.model_id).artifact_location
            return [Source(uri, _join(location, parts.subpath))]
        assert parts.name is not None
        if parts.alias is not None:
            version = str(self.client.get_model_version_by_alias(parts.name, parts.alias).version)
        elif parts.version is not None and parts.version.isdigit():
            version = parts.version
        elif parts.version is not None and parts.version.lower() == "latest":
            version = self._latest_version(parts.name)
        else:
            found = self.client.get_latest_versions(parts.name, [parts.version])
            if not found:
                raise RemoteError(f"registered model {parts.name!r} has no version in stage {parts.version!r}")
            version = str(found[0].version)
        location = self.client.get_model_version_download_uri(parts.name, version)
        return [Source(uri, _join(location, parts.subpath))]

    def _latest_version(self, name: str) -> str:
        found = self.client.search_model_versions(
            filter_string=f"name = '{_quote(name)}'", order_by=["version_number DESC"], max_results=1
        )
        if not found:
            raise RemoteError(f"registered model {name!r} has no versions")
        return str(found[0].version)

    def _resolve_run(self, uri: str) -> list[Source]:
        run_id, path = split_runs_uri(uri)
        run = self.client.get_run(run_id)
        display = uri.rstrip("/")
        base = _join(run.info.artifact_uri, path)
        listing = self.listing(base)
        if has_markers(listing):
            return [Source(display, base, listing)]
        # MLflow 3 `log_model` stores the model outside the run: runs:/<run_id>/<name> means the
        # LoggedModel of that name whose source run is this run (as MLflow's RunsArtifactRepository).
        name, _, rest = path.partition("/")
        found, _ = self._logged_models([run.info.experiment_id], f"source_run_id = '{_quote(run_id)}'", 1000)
        models = [m for m in found if not name or m.name == name]
        if path and models:
            return [Source(display, _join(models[0].artifact_location, rest))]
        # A bare run (or a run directory): every model directory one level below, and its LoggedModels.
        sources = self._run_dirs(display, base, listing) + [
            Source(f"models:/{m.model_id}", m.artifact_location) for m in models
        ]
        if not sources:
            raise RemoteError("no uv.lock, pyproject.toml or MLmodel there (not a model directory?)")
        return sources

    def _run_dirs(self, display: str, base: str, listing: Sequence[Any]) -> list[Source]:
        sources = []
        dirs = [posixpath.basename(e.path) for e in listing if e.is_dir][:RUN_DIR_LIMIT]
        for name in dirs:
            sub = self.listing(_join(base, name))
            if has_markers(sub):
                sources.append(Source(f"{display}/{name}", _join(base, name), sub))
        return sources

    # ------------------------------------------------------------------ selectors

    def _logged_models(
        self, experiment_ids: list[str], filter_string: str | None, limit: int
    ) -> tuple[list[Any], bool]:
        models, more = _pages(
            self.client.search_logged_models,
            limit,
            experiment_ids=experiment_ids,
            filter_string=filter_string,
            order_by=[{"field_name": "creation_timestamp", "ascending": False}],
        )
        return [m for m in models if str(getattr(m.status, "value", m.status)) != "FAILED"], more

    def experiment(self, name_or_id: str, max_results: int) -> tuple[list[Source], list[str]]:
        """Every LoggedModel of the experiment (newest first) and every model directory at the top
        of its runs' artifacts, at most `max_results` of each; plus a note when that cut any off."""
        experiment = self.client.get_experiment_by_name(name_or_id)
        if experiment is None and name_or_id.isdigit():
            experiment = self.client.get_experiment(name_or_id)
        if experiment is None:
            raise RemoteError("no such experiment (neither a name nor an id)")
        models, more_models = self._logged_models([experiment.experiment_id], None, max_results)
        sources = [Source(f"models:/{m.model_id}", m.artifact_location) for m in models]
        runs, more_runs = _pages(self.client.search_runs, max_results, experiment_ids=[experiment.experiment_id])
        notes = [f"only the newest {max_results} logged models; --max-results N for more"] if more_models else []
        notes += [f"only the newest {max_results} runs; --max-results N for more"] if more_runs else []
        for run in runs:
            display = f"runs:/{run.info.run_id}"
            base = run.info.artifact_uri
            listing = self.listing(base)
            if has_markers(listing):
                sources.append(Source(display, base, listing))
            sources.extend(self._run_dirs(display, base, listing))
        return sources, notes

    def registered_models(self, alias: str | None, max_results: int) -> tuple[list[Source], list[str]]:
        """`models:/<name>@<alias>` (or the latest `models:/<name>/<version>`) of every registered
        model, resolved later; plus a note for each model without that alias."""
        sources: list[Source] = []
        notes: list[str] = []
        models, more = _pages(self.client.search_registered_models, max_results, order_by=["name ASC"])
        if more:
            notes.append(f"only the first {max_results} registered models (by name); --max-results N for more")
        for model in models:
            name = model.name
            if alias is not None:
                if alias in (model.aliases or {}):
                    sources.append(Source(f"models:/{name}@{alias}", None))
                else:
                    notes.append(f"models:/{name}: no alias {alias!r}; not audited")
                continue
            versions = [int(v.version) for v in (model.latest_versions or []) if str(v.version).isdigit()]
            version = str(max(versions)) if versions else None
            if version is None:
                try:
                    version = self._latest_version(name)
                except RemoteError:
                    notes.append(f"models:/{name}: no versions; not audited")
                    continue
            sources.append(Source(f"models:/{name}/{version}", None))
        return sources, notes


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
