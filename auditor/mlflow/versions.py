"""What each MLflow release does with a uv project, keyed by version (SPEC §1, §2).

One `Behaviour` per range of releases that behave alike: the `uv export` command MLflow runs when
it logs a model, and the `uv sync` command it runs when it restores one with `--env-manager uv`.
Every fact here rests on MLflow's source (`mlflow/utils/uv_utils.py`); docs/mlflow-restore.md
cites the lines. Rules and commands ask this module; they never spell MLflow's commands themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
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

    @property
    def restore_command(self) -> str:
        return " ".join(("uv", "sync", *self.restore_flags))


EXPORT_FLAGS = ("--no-dev", "--no-hashes", "--frozen", "--no-header", "--no-emit-project", "--no-annotate")

KNOWN: tuple[Behaviour, ...] = (
    Behaviour(
        first="3.11.0",
        export_flags=EXPORT_FLAGS,
        restore_flags=("--frozen", "--no-dev"),
        installs_project=True,
    ),
    Behaviour(
        first="3.18.0",
        export_flags=EXPORT_FLAGS,
        restore_flags=("--no-install-project", "--frozen", "--no-dev"),
        installs_project=False,
    ),
)
"""Oldest first. MLflow before 3.11 logs no uv files."""

NEWEST = KNOWN[-1]


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
