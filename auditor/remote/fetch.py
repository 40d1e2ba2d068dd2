"""Download only the metadata files of remote models, in parallel, into private temporary
directories, and turn each into a discover-compatible `Candidate`.

Per model: one listing of its artifact directory, then one `mlflow.artifacts.download_artifacts`
per metadata file that the listing shows (uv.lock, pyproject.toml, requirements.txt,
.python-version, MLmodel, python_env.yaml, conda.yaml). Weights, pickles and every
subdirectory's contents are never requested. Every failure is one line per target on stderr;
the other targets go on.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import mlflow.artifacts

from auditor.artifacts import ARTIFACTS, PYLOCK
from auditor.discover import Candidate
from auditor.errors import UsageError
from auditor.options import Options
from auditor.remote.resolve import RemoteError, Resolver, Source, check_uri, has_markers
from auditor.secrets import redact, scan

DEFAULT_JOBS = 8
# Bounded defaults for a CLI gate (MLflow's own are 7 retries with exponential backoff and a
# 120 s timeout); a value the user set in the environment wins.
HTTP_DEFAULTS = {
    "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2",
    "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1",
    "MLFLOW_HTTP_REQUEST_TIMEOUT": "30",
    "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false",
}
_UNSAFE_NAME = re.compile(r"[/\\\x00]")
_AUTH_VARIABLES = ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_PASSWORD", "DATABRICKS_TOKEN")


def _known(tracking_uri: str) -> tuple[str, ...]:
    """Secrets an MLflow error may repeat: the tracking URI's userinfo, MLflow's auth variables."""
    variables = (os.environ.get(name, "") for name in _AUTH_VARIABLES)
    return (*(hit.value for hit in scan(tracking_uri)), *(v for v in variables if v))


def describe(exc: BaseException, tracking_uri: str) -> str:
    """One line saying why a target could not be fetched, without credentials."""
    known = _known(tracking_uri)
    return redact(_describe(exc, tracking_uri, known), known)


def _describe(exc: BaseException, tracking_uri: str, known: tuple[str, ...]) -> str:
    if isinstance(exc, RemoteError):
        return str(exc)
    text = redact(" ".join(str(exc).split()), known)  # before it is cut: a cut URL hides its password
    code = str(getattr(exc, "error_code", "") or "")
    text = re.sub(rf"^{re.escape(code)}: ", "", text) if code else text
    if "Max retries exceeded" in text or "Failed to establish a new connection" in text or "timed out" in text:
        reason = re.search(r"\[Errno -?\d+\] ([^\"')]+)", text)
        why = reason.group(1) if reason else ("timed out" if "timed out" in text else "connection failed")
        return f"cannot reach the MLflow tracking server {tracking_uri} ({why.strip()})"
    if code in ("UNAUTHENTICATED", "PERMISSION_DENIED") or re.search(r"\b(401|403) (Client Error|!= 200)", text):
        return (
            f"not authorized by {tracking_uri} ({text[:160]}); "
            "set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD"
        )
    if code == "RESOURCE_DOES_NOT_EXIST" or re.search(r"\b404 Client Error\b", text):
        return f"not found: {text[:240]}"
    if isinstance(exc, OSError):
        return f"cannot write the temporary copy: {exc.strerror or exc}"
    return f"{text[:300] or type(exc).__name__}"


@contextmanager
def _quiet_mlflow() -> Iterator[None]:
    """Bounded HTTP retries, no progress bars, no MLflow log lines; all restored afterwards."""
    saved = {key: os.environ.get(key) for key in HTTP_DEFAULTS}
    for key, value in HTTP_DEFAULTS.items():
        os.environ.setdefault(key, value)
    logger = logging.getLogger("mlflow")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


class _Progress:
    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled
        self.lock = threading.Lock()

    def advance(self) -> None:
        if not self.enabled:
            return
        with self.lock:
            self.done += 1
            sys.stderr.write(f"\rfetching model metadata from MLflow: {self.done}/{self.total}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


class Fetcher:
    def __init__(self, resolver: Resolver, root: Path, max_file_size: int) -> None:
        self.resolver = resolver
        self.root = root
        self.max_file_size = max_file_size

    def fetch(self, index: int, source: Source) -> list[Candidate]:
        """Resolve (when needed) and download one job's model directories."""
        sources = [source] if source.artifact_uri is not None else self.resolver.resolve(source.display)
        return [self._download(f"{index:05d}-{n:02d}", s) for n, s in enumerate(sources)]

    def _download(self, key: str, source: Source) -> Candidate:
        assert source.artifact_uri is not None
        listing = source.listing if source.listing is not None else self.resolver.listing(source.artifact_uri)
        if not has_markers(listing):
            raise RemoteError("no uv.lock, pyproject.toml or MLmodel there (not a model directory?)")
        directory = self.root / key
        directory.mkdir(mode=0o700)
        names: set[str] = set()
        for entry in listing:
            name = posixpath.basename(entry.path.rstrip("/"))
            if _UNSAFE_NAME.search(name) or name in ("", ".", ".."):
                continue
            if entry.is_dir:
                # Only the name: the target's listing shows the directory (e.g. code/, src/);
                # nothing inside it is fetched.
                (directory / name).mkdir(exist_ok=True)
            elif name in ARTIFACTS or name == PYLOCK or (name.startswith("pylock.") and name.endswith(".toml")):
                self._file(source.artifact_uri, name, entry.file_size, directory)
                names.add(name)
        return Candidate(directory, source.display, directory.resolve(), frozenset(names))

    def _file(self, artifact_uri: str, name: str, size: int | None, directory: Path) -> None:
        path = directory / name
        if size is not None and size > self.max_file_size:
            # Too large to read: a sparse stand-in of the listed size, so the loader reports it
            # (UVA004, over --max-file-size) exactly as for a local copy, without downloading it.
            with open(path, "wb") as handle:
                handle.truncate(size)
            return
        mlflow.artifacts.download_artifacts(
            artifact_uri=f"{artifact_uri.rstrip('/')}/{name}",
            dst_path=str(directory),
            tracking_uri=self.resolver.tracking_uri,
        )
        if not path.is_file():
            raise RemoteError(f"{name} was listed but not downloaded")


def _tracking_uri(options: Options) -> str:
    uri = options.tracking_uri or os.environ.get("MLFLOW_TRACKING_URI", "").strip()
    if not uri:
        raise UsageError("no MLflow tracking server: pass --tracking-uri URI or set MLFLOW_TRACKING_URI")
    return uri


def _say(line: str) -> None:
    sys.stderr.write(f"uv-audit: {redact(line, _known(''))}\n")
    sys.stderr.flush()


def _expand(resolver: Resolver, options: Options, errors: list[str]) -> list[Source]:
    """Sources named by --experiment and --registered-models (errors and notes on stderr)."""
    sources: list[Source] = []
    for experiment in options.experiments:
        try:
            found, notes = resolver.experiment(experiment, options.max_results)
        except Exception as exc:
            errors.append(f"experiment {experiment}: {describe(exc, resolver.tracking_uri)}")
            _say(errors[-1])
            continue
        for note in notes if found else [*notes, "no logged models"]:
            _say(f"note: experiment {experiment}: {note}")
        sources.extend(found)
    if options.registered_models:
        try:
            found, notes = resolver.registered_models(options.alias, options.max_results)
        except Exception as exc:
            errors.append(f"registered models: {describe(exc, resolver.tracking_uri)}")
            _say(errors[-1])
        else:
            for note in notes:
                _say(f"note: {note}")
            sources.extend(found)
    return sources


@contextmanager
def fetch_all(
    uris: Sequence[str],
    options: Options,
) -> Iterator[tuple[list[Candidate], list[str]]]:
    """Candidates for every remote target, in order (URIs first, then experiments, then registered
    models), and one error line per target that failed. Temporary files live until exit."""
    for uri in uris:
        check_uri(uri)
    tracking_uri = _tracking_uri(options)
    root = Path(tempfile.mkdtemp(prefix="uv-audit-mlflow-"))
    try:
        with _quiet_mlflow():
            resolver = Resolver(tracking_uri)
            errors: list[str] = []
            unique: dict[str, Source] = {}
            for source in [Source(uri.rstrip("/"), None) for uri in uris] + _expand(resolver, options, errors):
                unique.setdefault(source.display, source)
            sources = list(unique.values())
            fetcher = Fetcher(resolver, root, options.max_file_size)
            show = options.progress if options.progress is not None else (sys.stderr.isatty() and len(sources) >= 5)
            bar = _Progress(len(sources), bool(show))

            def job(item: tuple[int, Source]) -> list[Candidate] | str:
                index, source = item
                try:
                    return fetcher.fetch(index, source)
                except Exception as exc:
                    return f"{source.display}: {describe(exc, tracking_uri)}"
                finally:
                    bar.advance()

            workers = max(1, min(options.jobs or DEFAULT_JOBS, len(sources) or 1))
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results: list[Any] = list(pool.map(job, enumerate(sources)))
        candidates: list[Candidate] = []
        shown: set[str] = set()
        for result in results:
            if isinstance(result, str):
                errors.append(result)
                _say(result)
                continue
            for candidate in result:  # `runs:/<id>` and `runs:/<id>/model` may name the same model
                if candidate.display not in shown:
                    shown.add(candidate.display)
                    candidates.append(candidate)
        yield candidates, errors
    finally:
        shutil.rmtree(root, ignore_errors=True)
