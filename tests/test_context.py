"""auditor.context: selections that share an export key give the same export."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from auditor.context import _selection_key
from auditor.export import Selection, SelectionError, export
from tests.conftest import REPO
from tests.projects import loaded, lock_projects

_SELECTIONS = [
    Selection(),
    Selection(no_dev=True),
    Selection(no_default_groups=True),
    Selection(no_dev=True, no_emit_project=True),
    Selection(no_default_groups=True, no_emit_project=True),
    Selection(dev=True),
    Selection(only_dev=True),
    Selection(groups=("dev",)),
    Selection(only_groups=("dev",)),
    Selection(no_groups=("dev",)),
    Selection(all_groups=True),
    Selection(all_groups=True, no_dev=True),
    Selection(no_default_groups=True, groups=("dev",)),
    Selection(no_dev=True, all_extras=True),
    Selection(no_default_groups=True, all_extras=True),
]


def _outcome(target: object, context: object, selection: Selection) -> object:
    try:
        return export(target.lock, context, selection).entries  # type: ignore[attr-defined]
    except (KeyError, SelectionError) as exc:
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("project", lock_projects(examples=False), ids=lambda p: p.name)
def test_selections_with_one_key_export_alike(project: Path) -> None:
    target, context = loaded(project)
    for a, b in itertools.combinations(_SELECTIONS, 2):
        if _selection_key(a, context) == _selection_key(b, context):
            assert _outcome(target, context, a) == _outcome(target, context, b), (a, b)


def test_the_intended_and_mlflows_selections_share_an_export_when_dev_is_the_only_default() -> None:
    _, context = loaded(REPO / "tests" / "fixtures" / "clean")
    assert context.default_groups == ("dev",)
    intended = Selection(no_default_groups=True, no_emit_project=True)
    mlflow = Selection(no_dev=True, no_emit_project=True)
    assert _selection_key(intended, context) == _selection_key(mlflow, context)
    assert _selection_key(intended, context) != _selection_key(Selection(no_emit_project=True), context)
