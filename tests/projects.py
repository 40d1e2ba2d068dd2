"""The uv projects the tests walk (fixtures, examples, the corpus when present), loaded with the
project context the export engine reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.export import ProjectContext, project_context
from auditor.load import load_directory
from auditor.target import Target
from tests.conftest import CORPUS, REPO


def lock_projects(examples: bool = True) -> list[Path]:
    """Every directory with a uv.lock among the fixtures (and examples), then the corpus."""
    found = sorted(p.parent for p in (REPO / "tests" / "fixtures").glob("*/uv.lock"))
    if examples:
        found += sorted(p.parent for p in (REPO / "examples").glob("*/uv.lock"))
    return found + (sorted(p.parent for p in CORPUS.glob("*/uv.lock")) if CORPUS.is_dir() else [])


def loaded(project: Path) -> tuple[Target, ProjectContext]:
    """The project's target and context; skips a fixture whose lock is invalid on purpose."""
    target = load_directory(project)
    if target.lock is None:
        pytest.skip("no lock model (an invalid fixture)")
    return target, project_context(target.pyproject, target.lock, target.members)
