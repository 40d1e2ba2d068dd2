"""Options that several commands take, defined once: the inference selection (`--group`,
`--only-group`, `--extra`, `--all-extras`), `--serving-mlflow`, and the comma-splitting of the
repeatable ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

SELECTION_LISTS = ("groups", "only_groups", "extras")
"""The selection's repeatable options, which also take comma-separated values."""

_SELECTION = (
    click.option(
        "--group",
        "groups",
        multiple=True,
        help="A dependency group the inference environment should contain (repeatable).",
    ),
    click.option(
        "--only-group",
        "only_groups",
        multiple=True,
        help="Only this dependency group, no core dependencies (repeatable).",
    ),
    click.option(
        "--extra",
        "extras",
        multiple=True,
        help="An optional extra the inference environment should contain (repeatable).",
    ),
    click.option("--all-extras", is_flag=True, help="The inference environment should contain every extra."),
)

serving_mlflow = click.option(
    "--serving-mlflow",
    metavar="VERSION",
    help="The MLflow release that restores the model [default: MLmodel's mlflow_version, else the locked one].",
)


def selection(command: F) -> F:
    """`command` with the selection options, in this order in its help."""
    for option in reversed(_SELECTION):
        command = option(command)
    return command


def split(values: Sequence[str]) -> tuple[str, ...] | None:
    """Repeated and comma-separated values as one tuple; None when there are none."""
    items = tuple(v.strip() for value in values for v in value.split(",") if v.strip())
    return items or None
