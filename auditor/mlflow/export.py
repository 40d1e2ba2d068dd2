"""The `uv export` MLflow runs when it logs a model: its selection and its command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from auditor.export import Selection, selection_from_argv
from auditor.frozen import replace
from auditor.mlflow.versions import NEWEST, Behaviour


def export_selection(intended: Selection) -> Selection:
    """What MLflow's `uv export --no-dev --no-emit-project ...` selects for the groups and
    extras of `intended`: default groups other than `dev` still come in."""
    return Selection(
        groups=intended.groups,
        only_groups=intended.only_groups,
        no_dev=True,
        extras=intended.extras,
        all_extras=intended.all_extras,
        no_emit_project=True,
    )


def with_export_flags(selection: Selection) -> Selection:
    """`selection` (from `uv export` flags) as MLflow's command narrows it (`--no-dev`,
    `--no-emit-project`)."""
    return replace(selection, no_dev=True, no_emit_project=True)


def export_command(
    groups: Sequence[str] = (),
    extras: Sequence[str] = (),
    only_groups: Sequence[str] = (),
    behaviour: Behaviour = NEWEST,
) -> str:
    """MLflow's own `uv export` command for a selection, redirected to requirements.txt."""
    parts = ["uv export", *behaviour.export_flags]
    parts += [f"--group {g}" for g in groups]
    parts += [f"--only-group {g}" for g in only_groups]
    parts += [f"--extra {e}" for e in extras]
    return " ".join(parts) + " > requirements.txt"


def exported_groups(
    header_command: str | None,
    default_groups: tuple[str, ...] | Literal["all"],
    defined_groups: frozenset[str],
) -> frozenset[str]:
    """Groups MLflow's `uv export --no-dev` exports without being asked: the default groups but
    `dev` (or, when requirements.txt has uv's header, the groups its command names)."""
    if header_command and header_command.startswith("uv export"):
        try:
            selection, _ = selection_from_argv(header_command.split()[2:])
            return frozenset((*selection.groups, *selection.only_groups))
        except ValueError:
            pass
    if default_groups == "all":
        return defined_groups - {"dev"}
    return frozenset(default_groups) - {"dev"}
