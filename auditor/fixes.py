"""The exact commands findings suggest, written once."""

from __future__ import annotations

from collections.abc import Sequence

MLFLOW_EXPORT = "uv export --no-dev --no-hashes --frozen --no-header --no-emit-project --no-annotate"


def export_command(groups: Sequence[str] = (), extras: Sequence[str] = (), only_groups: Sequence[str] = ()) -> str:
    """MLflow's own `uv export` command for a selection, redirected to requirements.txt."""
    parts = [MLFLOW_EXPORT]
    parts += [f"--group {g}" for g in groups]
    parts += [f"--only-group {g}" for g in only_groups]
    parts += [f"--extra {e}" for e in extras]
    return " ".join(parts) + " > requirements.txt"


def relog(groups: Sequence[str] = (), extras: Sequence[str] = ()) -> str:
    """How to log the model again with the intended selection."""
    args = []
    if groups:
        args.append(f"uv_groups={list(groups)!r}")
    if extras:
        args.append(f"uv_extras={list(extras)!r}")
    detail = f" with {', '.join(args)}" if args else ""
    return f"log the model again from the project directory with uv on PATH{detail}"
