"""What each MLflow release does with a uv project, keyed by version (SPEC §1, §2).

One `Behaviour` per range of releases that behave alike: the `uv export` command MLflow runs when
it logs a model, how it writes requirements.txt, and the `uv sync` command it runs when it restores
one with `--env-manager uv` (in a fresh environment directory holding copies of uv.lock,
pyproject.toml and .python-version, with `UV_PROJECT_ENVIRONMENT` pointing at it). Every fact was
read from each release's `mlflow/utils/uv_utils.py`, `mlflow/utils/virtualenv.py` and
`mlflow/pyfunc/model.py`, and checked by really restoring models with it
(tests/fixtures/restore/mlflow_versions.json, outcomes.json); docs/mlflow-restore.md cites the
lines. Rules and commands ask this module; they never spell MLflow's commands themselves.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from auditor.frozen import frozen


@frozen
class Behaviour:
    """How one range of MLflow releases logs and restores a uv project."""

    first: str
    """The first release that behaves this way."""
    export_flags: tuple[str, ...]
    """The `uv export` flags MLflow passes when it logs a model (groups and extras aside)."""
    restore_flags: tuple[str, ...]
    """The `uv sync` flags of a `--env-manager uv` restore."""
    installs_project: bool
    """Whether that restore builds and installs the project itself."""
    extra_index_urls: bool
    """Whether requirements.txt gets a `--extra-index-url` line per non-PyPI index of uv.lock."""

    @property
    def restore_command(self) -> str:
        return " ".join(("uv", "sync", *self.restore_flags))


EXPORT_FLAGS = ("--no-dev", "--no-hashes", "--frozen", "--no-header", "--no-emit-project", "--no-annotate")

SYNC = ("--frozen", "--no-dev")
KNOWN: tuple[Behaviour, ...] = (
    Behaviour(
        first="3.11.0", export_flags=EXPORT_FLAGS, restore_flags=SYNC, installs_project=True, extra_index_urls=False
    ),
    Behaviour(
        first="3.12.0", export_flags=EXPORT_FLAGS, restore_flags=SYNC, installs_project=True, extra_index_urls=True
    ),
    Behaviour(
        first="3.18.0",
        export_flags=EXPORT_FLAGS,
        restore_flags=("--no-install-project", *SYNC),
        installs_project=False,
        extra_index_urls=True,
    ),
)
"""Oldest first. MLflow before 3.11 logs no uv files."""

WITHOUT_LOCK = "uv pip install -r requirements.txt"
"""How every known release restores a model that has no uv.lock with `--env-manager uv` (after
python_env.yaml's build dependencies); `--env-manager virtualenv` (the default) uses pip."""

NEWEST = KNOWN[-1]
NEWEST_READ = "3.18.0"
"""The newest MLflow release whose source these facts were read from; a newer one is assumed to
behave like it (and messages say so)."""


def is_unknown(version: str) -> bool:
    """Whether `version` is newer than every release whose behaviour was read (or unparsable)."""
    try:
        return Version(version) > Version(NEWEST_READ)
    except InvalidVersion:
        return True


def behaviour(version: str | None) -> Behaviour:
    """The behaviour of MLflow `version`: the newest known range that starts at or before it;
    an unknown newer release behaves like the newest known one, an unparsable or missing
    version too."""
    try:
        wanted = Version(version) if version else None
    except InvalidVersion:
        wanted = None
    if wanted is None:
        return NEWEST
    found = KNOWN[0]
    for candidate in KNOWN:
        if Version(candidate.first) <= wanted:
            found = candidate
    return found
