"""Click options built from `auditor.cli.spec` (declared there once, without click), and the
selection and `--serving-mlflow` options that several commands take."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from auditor.cli import spec as s
from auditor.cli.values import split

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["SELECTION_LISTS", "options", "selection", "serving_mlflow", "split"]

SELECTION_LISTS = s.SELECTION_LISTS


def option(item: s.Spec) -> Callable[[F], F]:
    """The click option `item` declares."""
    extra: dict[str, Any] = {"help": item.help}
    if item.metavar:
        extra["metavar"] = item.metavar
    if item.kind == s.SWITCH:
        return click.option(f"{item.flags[0]}/{item.flags[1]}", item.name, default=None, **extra)
    if item.kind == s.FLAG:
        extra["is_flag"] = True
    elif item.kind == s.MULTIPLE:
        extra["multiple"] = True
    elif item.kind == s.CHOICE:
        extra["type"] = click.Choice(list(item.choices))
    elif item.kind == s.DIRECTORY:
        extra["type"] = click.Path(file_okay=False)
    elif item.kind == s.COUNT:
        extra["type"] = click.IntRange(min=item.minimum)
        if item.default is not None:
            extra.update(default=item.default, show_default=True)
    return click.option(*item.flags, item.name, **extra)


def options(items: Iterable[s.Spec]) -> Callable[[F], F]:
    """A decorator adding `items`' options, in this order in the command's help."""
    built = [option(item) for item in items]

    def decorate(command: F) -> F:
        for add in reversed(built):
            command = add(command)
        return command

    return decorate


selection = options(s.SELECTION)
"""`command` with the selection options, in this order in its help."""
serving_mlflow = option(s.SERVING_MLFLOW)
