"""auditor.export.chains: the chains the lazy walk finds for some packages are the ones the full
walk gives those packages (the walk visits only what leads to them)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from auditor.export import project_context
from auditor.export.api import export_all
from auditor.export.selection import Selection
from auditor.load import load_directory
from tests.conftest import CORPUS, REPO


def _projects() -> list[Path]:
    found = sorted(p.parent for p in (REPO / "tests" / "fixtures").glob("*/uv.lock"))
    found += sorted(p.parent for p in (REPO / "examples").glob("*/uv.lock"))
    if CORPUS.is_dir():
        found += sorted(p.parent for p in CORPUS.glob("*/uv.lock"))
    return found


@pytest.mark.parametrize("project", _projects(), ids=lambda p: p.name)
def test_chains_of_some_packages_are_those_of_the_full_walk(project: Path) -> None:
    target = load_directory(project)
    if target.lock is None:
        pytest.skip("no lock model (an invalid fixture)")
    context = project_context(target.pyproject, target.lock, target.members)
    selection = Selection(all_packages=True, no_emit_project=True)
    try:
        full = export_all(target.lock, context, selection, chains=True)
    except Exception as exc:  # an export uv refuses (the fixture says why): nothing to walk
        pytest.skip(f"not exportable: {type(exc).__name__}")
    lazy = export_all(target.lock, context, selection, chains=False)
    names = sorted({e.name for e in full.entries})
    every = full.chains_by_name(names)
    assert lazy.chains_by_name(names) == every
    rng = random.Random(project.name)
    for size in (1, 2, 5):
        some = rng.sample(names, min(size, len(names)))
        assert lazy.chains_by_name(some) == {n: every[n] for n in some if n in every}
