"""auditor.context: selections that share an export key give the same export."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from auditor.context import _selection_key
from auditor.export import Selection, SelectionError, export, project_context
from auditor.load import load_directory
from tests.conftest import CORPUS, REPO

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


def _projects() -> list[Path]:
    found = sorted(p.parent for p in (REPO / "tests" / "fixtures").glob("*/uv.lock"))
    return found + (sorted(p.parent for p in CORPUS.glob("*/uv.lock")) if CORPUS.is_dir() else [])


def _outcome(target: object, context: object, selection: Selection) -> object:
    try:
        return export(target.lock, context, selection).entries  # type: ignore[attr-defined]
    except (KeyError, SelectionError) as exc:
        return (type(exc).__name__, str(exc))


@pytest.mark.parametrize("project", _projects(), ids=lambda p: p.name)
def test_selections_with_one_key_export_alike(project: Path) -> None:
    target = load_directory(project)
    if target.lock is None:
        pytest.skip("no lock model (an invalid fixture)")
    context = project_context(target.pyproject, target.lock, target.members)
    for a, b in itertools.combinations(_SELECTIONS, 2):
        if _selection_key(a, context) == _selection_key(b, context):
            assert _outcome(target, context, a) == _outcome(target, context, b), (a, b)


def test_the_intended_and_mlflows_selections_share_an_export_when_dev_is_the_only_default() -> None:
    target = load_directory(REPO / "tests" / "fixtures" / "clean")
    assert target.lock is not None
    context = project_context(target.pyproject, target.lock, target.members)
    assert context.default_groups == ("dev",)
    intended = Selection(no_default_groups=True, no_emit_project=True)
    mlflow = Selection(no_dev=True, no_emit_project=True)
    assert _selection_key(intended, context) == _selection_key(mlflow, context)
    assert _selection_key(intended, context) != _selection_key(Selection(no_emit_project=True), context)
