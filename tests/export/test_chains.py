"""auditor.export.chains: the chains the lazy walk finds for some packages are the ones the full
walk gives those packages (the walk visits only what leads to them)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from auditor.export.api import export_all
from auditor.export.selection import Selection, SelectionError
from tests.projects import loaded, lock_projects


@pytest.mark.parametrize("project", lock_projects(), ids=lambda p: p.name)
def test_chains_of_some_packages_are_those_of_the_full_walk(project: Path) -> None:
    target, context = loaded(project)
    assert target.lock is not None
    selection = Selection(all_packages=True, no_emit_project=True)
    try:
        full = export_all(target.lock, context, selection, chains=True)
    except (KeyError, SelectionError) as exc:  # an export uv refuses (the fixture says why): nothing to walk
        pytest.skip(f"not exportable: {type(exc).__name__}")
    lazy = export_all(target.lock, context, selection, chains=False)
    names = sorted({e.name for e in full.entries})
    every = full.chains_by_name(names)
    assert lazy.chains_by_name(names) == every
    rng = random.Random(project.name)
    for size in (1, 2, 5):
        some = rng.sample(names, min(size, len(names)))
        assert lazy.chains_by_name(some) == {n: every[n] for n in some if n in every}
